"""Band keys -> the large buckets of each band and their hubs.

In: the blocks of band keys of the rows being banded and ``full_bucket``.
Out: ``LargeBuckets``: per band, the keys shared by more than
``full_bucket`` rows and the ``HUBS`` first rows of each
(:func:`large_buckets`), and the compiled questions the band walk asks of
them (:func:`marked`, :func:`hub_at`). A bucket larger than
``FULL_BUCKET`` (the copies of a sentence a wire story carries into
hundreds of papers) pairs its rows with its hubs only, so that candidates
grow linearly with the copies.

Its own module because finding these buckets is a pass of its own over all
the keys, before any band is walked, with its own compact shape (sorted
keys, hubs and a bitmap of the keys' top bits).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import numpy.typing as npt

from dedup.candidates.shapes import HUBS
from dedup.jit import njit

LargeBuckets = tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64], npt.NDArray[np.int64],
                     npt.NDArray[np.uint64]]
"""``(keys, starts, hubs, marks)``: per band, the sorted keys of its large buckets, their hubs,
and a bit per value of a key's top ``_MARK_BITS`` bits, set for those of the large buckets."""

_MARK_BITS = 12


@njit(inline="always")
def marked(marks, band, key):  # type: ignore[no-untyped-def]
    """Whether ``key`` may be a large bucket's on ``band`` (its top bits are marked)."""
    top = key >> np.uint64(64 - _MARK_BITS)
    return (marks[band, top >> np.uint64(6)] >> (top & np.uint64(63))) & np.uint64(1) != 0


@njit()
def hub_at(buckets, band, key, x):  # type: ignore[no-untyped-def]
    """-1 if ``key`` is no large bucket's on ``band``; else 1 if row ``x`` is a hub of it, else 0.

    ``buckets`` are ``large_buckets``: most keys are told apart by the
    band's marks of top bits, the others by a binary search.
    """
    large, starts, hubs, marks = buckets
    if not marked(marks, band, key):
        return -1
    lo, hi = starts[band], starts[band + 1]
    while lo < hi:
        middle = (lo + hi) // 2
        if large[middle] < key:
            lo = middle + 1
        else:
            hi = middle
    if lo == starts[band + 1] or large[lo] != key:
        return -1
    for hub in range(hubs.shape[1]):
        if hubs[lo, hub] == x:
            return 1
    return 0


def no_large_buckets(width: int) -> LargeBuckets:
    """``large_buckets`` when no bucket is large."""
    return (np.empty(0, dtype=np.uint64), np.zeros(width + 1, dtype=np.int64),
            np.empty((0, HUBS), dtype=np.int64),
            np.zeros((width, (1 << _MARK_BITS) // 64), dtype=np.uint64))


def large_buckets(
    blocks: Any, offsets: npt.NDArray[np.int64], row_of: npt.NDArray[np.int64], width: int,
    full_bucket: int, *, jobs: int = 1,
) -> LargeBuckets:
    """The buckets of more than ``full_bucket`` rows ``row_of[x]``, band by band, and their hubs.

    A bucket is the rows with one whole key on a band; its hubs are its
    ``HUBS`` smallest ``x``. The keys are first counted in a small table
    per band (:func:`_rows_of_full_counters`, ``jobs`` threads each taking
    a run of the bands): a counter is never below the size of a bucket it
    counts, so only the rows whose counter passes ``full_bucket`` are
    sorted to find the buckets exactly: about 83k of the 66M keys of the
    1M-sentence benchmark corpus.
    """
    if len(row_of) <= full_bucket:
        return no_large_buckets(width)
    if not HUBS <= full_bucket < 255:
        raise ValueError(f"full_bucket must be from {HUBS} (the hubs) to 254 (a counter's top), "
                         f"got {full_bucket}")
    slot_bits = max(10, (len(row_of) // 16).bit_length())  # 16 rows a counter at most
    cuts = [width * part // max(1, jobs) for part in range(max(1, jobs) + 1)]
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        found = list(pool.map(lambda first, last: _rows_of_full_counters(
            blocks, offsets, row_of, first, last, slot_bits, full_bucket), cuts[:-1], cuts[1:]))
    band, key, x = (np.concatenate([part[column] for part in found]) for column in range(3))
    order = np.lexsort((key, band))  # stable: each bucket's rows stay in ``x`` order
    band, key, x = band[order], key[order], x[order]
    first = np.flatnonzero(np.r_[True, (band[1:] != band[:-1]) | (key[1:] != key[:-1])])
    sizes = np.diff(np.r_[first, len(key)])
    large = first[sizes > full_bucket]
    starts = np.searchsorted(band[large], np.arange(width + 1)).astype(np.int64)
    hubs = x[large[:, None] + np.arange(HUBS)].astype(np.int64)
    marks = no_large_buckets(width)[3]
    top = (key[large] >> np.uint64(64 - _MARK_BITS)).astype(np.int64)
    np.bitwise_or.at(marks, (band[large].astype(np.int64), top >> 6),
                     np.left_shift(np.uint64(1), (top & 63).astype(np.uint64)))
    return key[large].copy(), starts, hubs, marks


@njit()
def _rows_of_full_counters(blocks, offsets, row_of, first, last, slot_bits, full):  # type: ignore[no-untyped-def]
    """``(band, key, x)`` of each row ``row_of[x]`` whose key's counter on a band passes ``full``.

    Bands ``first`` to ``last`` (excluded). A first sweep counts the keys
    by their top ``slot_bits`` bits, a byte a counter (up to 255), row
    after row with all these bands at once: the tables stay in the cache
    (band after band, reading a column of the rows, was slower).
    The second takes the rows, in ``x`` order.
    """
    counts = np.zeros((last - first, 1 << slot_bits), dtype=np.uint8)
    shift = np.uint64(64 - slot_bits)
    bands = np.empty(1024, dtype=np.int32)
    keys_at = np.empty(1024, dtype=np.uint64)
    x_at = np.empty(1024, dtype=np.int64)
    taken = 0
    for sweep in range(2):
        x = 0
        for block in range(len(offsets) - 1):
            keys = blocks[block]
            while x < len(row_of) and row_of[x] < offsets[block + 1]:
                row = row_of[x] - offsets[block]
                for band in range(first, last):
                    key = keys[row, band]
                    slot = np.int64(key >> shift)
                    if sweep == 0:
                        if counts[band - first, slot] < 255:
                            counts[band - first, slot] += 1
                    elif counts[band - first, slot] > full:
                        if taken == len(keys_at):
                            bands = np.concatenate((bands, np.empty(taken, dtype=np.int32)))
                            keys_at = np.concatenate((keys_at, np.empty(taken, dtype=np.uint64)))
                            x_at = np.concatenate((x_at, np.empty(taken, dtype=np.int64)))
                        bands[taken] = band
                        keys_at[taken] = key
                        x_at[taken] = x
                        taken += 1
                x += 1
    return bands[:taken], keys_at[:taken], x_at[:taken]
