"""One band's sorted keys -> the pairs first paired on that band: the compiled walk.

In: a band's keys packed with their row numbers (:func:`packed_keys`),
sorted, the blocks of keys of every band, and the large buckets
(:mod:`~dedup.candidates.buckets`). Out: the codes of the pairs equal on
this band and on no earlier one (:func:`first_band_pairs`), so that no band
repeats a pair and the bands can be walked on separate threads.

Its own module because it is the loop NumPy cannot vectorise (walking each
band's runs of equal keys): compiled with numba, holding the keys of up to
``_HELD_ROWS`` rows at a time, and checked against its Python form in the tests.
"""

from __future__ import annotations

import numpy as np
from numba.typed import List

from dedup.candidates.buckets import hub_at, marked
from dedup.jit import njit


@njit(inline="always")
def _block_at(offsets, row):  # type: ignore[no-untyped-def]
    """The last block starting at or before ``row``.

    ``side="right"`` written as a search for ``row + 1``: the one compiled
    form of ``np.searchsorted`` (int64 array, int64 value, left) that the
    other compiled searches use too.
    """
    return np.searchsorted(offsets, np.int64(row) + 1) - 1


@njit()
def packed_keys(blocks, offsets, row_of, band, bits):  # type: ignore[no-untyped-def]
    """Band ``band``'s key of each row ``row_of[x]``, its low ``bits`` replaced by ``x``.

    The top bit is cleared too, so the packed keys sort as non-negative
    codes (:func:`sort_codes`); the walk compares whole keys, so keys that
    differ only there make no pair. ``row_of`` is sorted, so the rows of
    each block come together and each block is taken from the typed list
    once (each taking counts a reference; once per row, it took half the time).
    """
    kept = np.uint64(0x7FFF_FFFF_FFFF_FFFF) & ~np.uint64((1 << bits) - 1)
    packed = np.empty(len(row_of), dtype=np.uint64)
    x = 0
    for block in range(len(offsets) - 1):
        keys = blocks[block]
        while x < len(row_of) and row_of[x] < offsets[block + 1]:
            packed[x] = (keys[row_of[x] - offsets[block], band] & kept) | np.uint64(x)
            x += 1
    return packed


_FOUND_PART = 1 << 20
"""Codes a band's walk writes to one array before it starts the next."""

_HELD_ROWS = 1 << 14
"""Rows of runs a band's walk copies at once (a longer run is copied alone)."""


@njit()
def first_band_pairs(packed, bits, row_of, blocks, offsets, band, count, buckets):  # type: ignore[no-untyped-def]
    """Codes ``x * count + y`` of pairs paired on ``band`` and on no earlier band.

    Two rows are paired on a band when their keys there are equal, unless
    their bucket is large (one of ``buckets``, see :func:`large_buckets`)
    and neither is one of its hubs. A hub is one of the smallest rows of
    its bucket, so a row of a large bucket that is no hub is paired with no
    row after it.

    ``packed`` are the sorted band keys with the row's number in the low
    ``bits``; the rows of a run are compared on their whole keys, so keys
    that agree only above the low bits never make a pair. Row ``x`` is row
    ``row_of[x]`` of the joined ``blocks`` (which start at ``offsets``).
    The rows of the runs of about ``_HELD_ROWS`` members are copied at once
    (:func:`_copy_rows`), then their pairs compared. The codes come in full
    parts of ``_FOUND_PART`` and a last one of ``filled`` (a growing array
    would hold its old and new copies at once).
    """
    low = (1 << bits) - 1
    starts, marks = buckets[1], buckets[3]
    capped = starts[band + 1] > starts[band]  # some bucket of this band is large
    any_large = starts[-1] > 0
    parts = List()
    out = np.empty(_FOUND_PART, dtype=np.int64)
    filled = 0
    room = _HELD_ROWS
    held_at = np.empty(room, dtype=np.int64)  # positions in ``packed``, run after run
    run_starts = np.empty(room + 1, dtype=np.int64)  # where each run starts in ``held_at``
    local = np.empty((room, band + 1), dtype=np.uint64)
    start, hi = 0, len(packed)
    while start < hi:
        held = runs = 0
        while start < hi:
            stop = start + 1
            while stop < hi and packed[stop] >> bits == packed[start] >> bits:
                stop += 1
            if stop - start >= 2:
                if held + stop - start > room:
                    if held:
                        break  # the run starts the next rows held
                    room = stop - start
                    held_at = np.empty(room, dtype=np.int64)
                    run_starts = np.empty(room + 1, dtype=np.int64)
                    local = np.empty((room, band + 1), dtype=np.uint64)
                run_starts[runs] = held
                runs += 1
                for p in range(start, stop):
                    held_at[held] = p
                    held += 1
            start = stop
        run_starts[runs] = held
        _copy_rows(packed, low, row_of, blocks, offsets, held_at, held, local)
        for run in range(runs):
            for a in range(run_starts[run], run_starts[run + 1] - 1):
                x = packed[held_at[a]] & low
                if capped and marked(marks, band, local[a, band]) and hub_at(
                        buckets, band, local[a, band], x) == 0:
                    continue  # a large bucket's row that is no hub: paired with no later row
                for b in range(a + 1, run_starts[run + 1]):
                    # New when equal on this band (a whole key, not its top
                    # bits alone) and paired on no earlier one.
                    same = local[a, band] == local[b, band]
                    new = same
                    earlier = 0
                    while new and earlier < band:
                        new = local[a, earlier] != local[b, earlier]
                        earlier += 1
                    if same and not new and any_large and marked(marks, earlier - 1,
                                                                 local[a, earlier - 1]):
                        # Equal on an earlier band, in a bucket that may be large there.
                        new = _paired_on_none(local, a, b, earlier - 1, band, buckets, x,
                                              packed[held_at[b]] & low)
                    if new:
                        if filled == len(out):
                            parts.append(out)
                            out = np.empty(_FOUND_PART, dtype=np.int64)
                            filled = 0
                        out[filled] = x * count + (packed[held_at[b]] & low)
                        filled += 1
    parts.append(out)
    return parts, filled


@njit()
def _paired_on_none(local, a, b, first, band, buckets, x, y):  # type: ignore[no-untyped-def]
    """Whether rows ``x`` and ``y`` (held at ``a`` and ``b``) are paired on no band before ``band``.

    They are equal on band ``first``, the first they are equal on; apart
    from the rest of the walk, which takes this path only for such pairs.
    """
    for earlier in range(first, band):
        key = local[a, earlier]
        if key == local[b, earlier]:
            found = hub_at(buckets, earlier, key, x)
            if found != 0 or hub_at(buckets, earlier, key, y) == 1:
                return False
    return True


@njit()
def _copy_rows(packed, low, row_of, blocks, offsets, held_at, held, local):  # type: ignore[no-untyped-def]
    """The first ``local.shape[1]`` keys of the rows of the ``held`` members, into ``local``.

    Copied a block at a time: each taking of a block from the typed list
    counts a reference, so taking it once per row cost a fifth of the walk.
    """
    rows = np.empty(held, dtype=np.int64)
    block_of = np.empty(held, dtype=np.int64)
    ends = np.zeros(len(offsets), dtype=np.int64)  # per block: count, then start, then end
    for k in range(held):
        row = row_of[packed[held_at[k]] & low]
        block = _block_at(offsets, row)
        rows[k] = row - offsets[block]
        block_of[k] = block
        ends[block + 1] += 1
    for block in range(len(offsets) - 1):
        ends[block + 1] += ends[block]
    by_block = np.empty(held, dtype=np.int64)
    for k in range(held):
        by_block[ends[block_of[k]]] = k
        ends[block_of[k]] += 1
    first = 0
    for block in range(len(offsets) - 1):
        if ends[block] > first:
            keys = blocks[block]
            for at in range(first, ends[block]):
                k = by_block[at]
                for column in range(local.shape[1]):
                    local[k, column] = keys[rows[k], column]
        first = ends[block]
