"""Signature rows -> band keys -> candidate pairs, as datasketch's ``MinHashLSH`` bands.

In: MinHash rows (:mod:`~dedup.candidates.hashing`). Out: the pairs of
rows equal on at least one band, as codes or as ``Pairs``. Banding uses the
band and row counts datasketch's ``MinHashLSH`` chooses for the Jaccard
threshold (:func:`bands`), reduces each band to a 64-bit key
(:func:`band_keys`, as ``MinHashLSH(hashfunc=...)`` does to save memory),
and buckets the keys by sorting (:func:`band_pairs`): two sets are
candidates when some band of their signatures is equal, which is what
``MinHashLSH.query`` returns (unequal bands share a key with odds of
2**-64). The keys are kept as the blocks they were made in
(:class:`KeyBlocks`); :func:`band_codes` walks them band by band on
``jobs`` threads (the compiled walk is :mod:`~dedup.candidates.band_walk`,
the large buckets :mod:`~dedup.candidates.buckets`).

Its own module because it is the banding every other way of pairing goes
through: the scan's classes of identical rows
(:mod:`~dedup.candidates.class_pairs`) band one row per class with it.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import numpy.typing as npt
from datasketch import MinHashLSH

from dedup.candidates.band_walk import first_band_pairs, packed_keys
from dedup.candidates.buckets import large_buckets, no_large_buckets
from dedup.candidates.codes import decode, grown, sort_codes
from dedup.candidates.hashing import folded, signature_matrix
from dedup.candidates.shapes import LSH_WEIGHTS, Pairs, Progress, Signatures
from dedup.candidates.typed_lists import listed, typed_list
from dedup.errors import ConfigError
from dedup.jit import njit
from dedup.memory import give_back_freed_memory


@functools.lru_cache(maxsize=8)
def bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """The (bands, rows) datasketch's ``MinHashLSH`` picks, with ``LSH_WEIGHTS``.

    Kept once worked out: datasketch integrates the odds of a false
    positive and a false negative for every choice (about 700 with 128
    permutations), 12 to 16 ms each time, and a scan asks twice (to check
    its settings before any work, then to band).

    Raises:
        ConfigError: datasketch's best choice is a single band, which it
            refuses (a threshold within a few hundredths of 1).

    """
    try:
        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=LSH_WEIGHTS)
    except ValueError as error:
        raise ConfigError(
            f"threshold {threshold} with num_perm {num_perm} leaves datasketch's LSH fewer than "
            f"two bands ({error}); use a lower threshold or more permutations"
        ) from None
    return int(lsh.b), int(lsh.r)


BandKeys = npt.NDArray[np.uint64]
"""One row per set: a 64-bit key for each LSH band of its signature."""


def band_keys(rows: Signatures, width: int) -> BandKeys:
    """Each band of ``width`` values of each row reduced to one 64-bit key.

    As datasketch's ``MinHashLSH(hashfunc=...)`` does to keep its index
    small: a band of 3 values is 12 bytes, its key 8, and one key compares
    at once. Equal bands give equal keys; unequal bands share a key with
    odds of 2**-64, which can only propose one more candidate, and every
    candidate is verified on its exact shingle sets.

    Example:
        >>> rows = signature_matrix([{"a b"}, {"a b"}, {"c d"}], num_perm=6, seed=1)
        >>> keys = band_keys(rows, 3)
        >>> keys.shape, bool((keys[0] == keys[1]).all()), bool((keys[0] == keys[2]).any())
        ((3, 2), True, False)

    """
    keys: BandKeys = _band_keys(np.ascontiguousarray(rows, dtype=np.uint32), width)
    return keys


@njit()
def _band_keys(rows, width):  # type: ignore[no-untyped-def]
    """``band_keys``: each value folded in with the 64-bit MurmurHash3 finaliser."""
    number = rows.shape[1] // width
    keys = np.empty((len(rows), number), dtype=np.uint64)
    for row in range(len(rows)):
        for band in range(number):
            key = np.uint64(band)
            for column in range(band * width, (band + 1) * width):
                key = folded(key, rows[row, column])
            keys[row, band] = key
    return keys


class KeyBlocks:
    """Rows of band keys kept as the blocks they were made in, never joined into one array.

    Joining the blocks of a million-sentence corpus would hold every key
    twice for a while; banding reads one column at a time.
    """

    def __init__(self, blocks: Sequence[BandKeys]) -> None:
        self.blocks = [block for block in blocks if len(block)]
        self.width = blocks[0].shape[1] if blocks else 0
        self.offsets = np.cumsum([0] + [len(block) for block in self.blocks])

    def __len__(self) -> int:
        return int(self.offsets[-1])

    def column(self, column: int) -> BandKeys:
        """One column of every row."""
        return self.take(None, slice(column, column + 1))[:, 0]

    def take(self, rows: npt.NDArray[np.signedinteger[Any]] | None, columns: slice) -> BandKeys:
        """``columns`` of ``rows`` (sorted row numbers; None for all rows)."""
        if not self.blocks:
            return np.empty((0, len(range(self.width)[columns])), dtype=np.uint64)
        if rows is None:
            return np.concatenate([block[:, columns] for block in self.blocks])
        cuts = np.searchsorted(rows, self.offsets)
        return np.concatenate([
            block[rows[cuts[at] : cuts[at + 1]] - self.offsets[at], columns]
            for at, block in enumerate(self.blocks)
        ])

    def rows(self, rows: npt.NDArray[np.signedinteger[Any]]) -> BandKeys:
        """Whole rows, in the order asked for."""
        order = np.argsort(rows, kind="stable")
        result = np.empty((len(rows), self.width), dtype=np.uint64)
        result[order] = self.take(rows[order], slice(None))
        return result

    @classmethod
    def of(cls, rows: Signatures, *, threshold: float, num_perm: int | None = None) -> KeyBlocks:
        """The band keys of signature ``rows``, banded as ``MinHashLSH`` would for ``threshold``."""
        number, width = bands(threshold, num_perm or rows.shape[1])
        return cls([band_keys(rows[:, : number * width], width)])


def band_pairs(
    rows: Signatures,
    *,
    threshold: float,
    num_perm: int | None = None,
    subset: npt.NDArray[np.int64] | None = None,
    jobs: int = 1,
) -> Pairs:
    """Pairs ``(i, j)``, ``i < j``, of rows equal on at least one LSH band, sorted.

    The same pairs ``MinHashLSH.query`` gives for these signatures. Each
    band is reduced to a 64-bit key (:func:`band_keys`), the keys of a band
    are sorted with the row number in their low bits, and rows whose keys
    agree above those bits, and then in full, form pairs. ``rows`` may hold
    only the first ``bands * rows`` values of signatures of ``num_perm``
    values (the rest are in no band). With ``subset`` (sorted row numbers),
    only those rows are banded, and pairs number them by their place in
    ``subset``: the same as banding ``rows[subset]``.

    Example:
        >>> rows = signature_matrix([{"a b"}, {"c d"}, {"a b"}], num_perm=32, seed=1)
        >>> band_pairs(rows, threshold=0.5).tolist()
        [[0, 2]]

    """
    keys = KeyBlocks.of(rows, threshold=threshold, num_perm=num_perm)
    count = len(rows) if subset is None else len(subset)
    return decode(band_codes(keys, subset=subset, jobs=jobs), count)


def band_codes(
    keys: KeyBlocks,
    *,
    subset: npt.NDArray[np.signedinteger[Any]] | None,
    jobs: int = 1,
    ordered: bool = True,
    release: bool = False,
    full_bucket: int | None = None,
) -> npt.NDArray[np.int64]:
    """:func:`band_pairs` of band ``keys`` as codes ``i * count + j`` (sorted if ``ordered``).

    With ``full_bucket``, a bucket of more rows pairs its rows with its
    ``HUBS`` first ones only (:func:`large_buckets`); without, every two
    rows equal on a band are paired there.

    A pair is kept in the first band its rows are paired on, and only there
    (:func:`first_band_pairs`), so each band's pairs are new and no set of
    the pairs found so far is kept or merged. So the bands are independent:
    ``jobs`` threads take one band each.

    With ``release``, ``keys`` are used up: the upper half of the bands is
    banded first, then each block is cut to its lower half (a band looks
    back at earlier bands, never ahead), which is banded with half the keys
    held while most of the codes are made (at 1M sentences, 0.28 GB less).
    """
    count = len(keys) if subset is None else len(subset)
    if count < 2:
        return np.empty(0, dtype=np.int64)
    bits = max(1, (count - 1).bit_length())
    row_of = np.arange(count, dtype=np.int64) if subset is None else subset
    kept = typed_list([np.ascontiguousarray(block) for block in keys.blocks])
    buckets = (large_buckets(kept, keys.offsets, row_of, keys.width, full_bucket, jobs=jobs)
               if full_bucket is not None else no_large_buckets(keys.width))

    def pairs_of_band(band: int) -> list[npt.NDArray[np.int64]]:
        column = packed_keys(kept, keys.offsets, row_of, band, bits)
        sort_codes(column.view(np.int64), 1)  # by buckets: 0.085 s, not 0.15, at 1M
        parts, filled = first_band_pairs(column.view(np.int64), bits, row_of, kept,
                                         keys.offsets, band, count, buckets)
        found = listed(parts)
        found[-1] = found[-1][:filled]
        return found

    split = keys.width // 2
    halves = [range(keys.width - 1, split - 1, -1), range(split - 1, -1, -1)]
    codes = np.empty(0, dtype=np.int64)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for bands_now in halves if release else [range(keys.width)]:
            for found in pool.map(pairs_of_band, bands_now):
                while found:  # each part let go once copied
                    part = found.pop(0)
                    codes = grown(codes, len(codes) + len(part))
                    codes[len(codes) - len(part) :] = part
                    del part
            if release and bands_now is halves[0]:
                del kept  # it holds the blocks about to be cut
                _cut_blocks(keys, split)
                kept = typed_list(keys.blocks)  # (a typed List's clear compiles on first use)
    if ordered:
        sort_codes(codes, jobs)
    return codes


def _cut_blocks(keys: KeyBlocks, width: int) -> None:
    """Cut each block of ``keys`` to its first ``width`` columns, a block at a time, in place.

    Each row's keys stay together: reading a row's keys from two arrays
    made the band walk a third slower. The heap is trimmed after each
    block: glibc left the old blocks' pages in place while the cut ones
    took new pages (0.13 GB more at 1M sentences, at the stage's peak).
    """
    for at, block in enumerate(keys.blocks):
        keys.blocks[at] = np.ascontiguousarray(block[:, :width])
        del block
        give_back_freed_memory()
    keys.width = width


def candidate_pairs(
    shingle_sets: Sequence[set[str]],
    *,
    num_perm: int,
    threshold: float,
    seed: int,
    progress: Progress | None = None,
) -> list[tuple[int, int]]:
    """Pairs of sets that MinHash LSH expects to have Jaccard >= ``threshold``."""
    total = len(shingle_sets)
    if progress is not None:
        progress("candidates", 0, total)
    rows = signature_matrix(shingle_sets, num_perm=num_perm, seed=seed)
    pairs = band_pairs(rows, threshold=threshold)
    if progress is not None:
        progress("candidates", total, total)
    return [(int(i), int(j)) for i, j in pairs.tolist()]
