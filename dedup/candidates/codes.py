"""Pairs as int64 codes ``i * count + j``: sorted, grown and decoded in place.

In: the codes the banding writes. Out: the same codes sorted on ``jobs``
threads (:func:`sort_codes`), an array of them grown in place
(:func:`grown`), and the ``Pairs`` they stand for (:func:`decode`),
written over the codes.

Its own module because both ways of banding (:mod:`~dedup.candidates.banding`
and :mod:`~dedup.candidates.class_pairs`) hold their pairs as codes, a
million-sentence corpus's tens of millions of them, and these steps keep
that to one array.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import numpy.typing as npt

from dedup.candidates.shapes import Pairs
from dedup.jit import njit

# Work done a block at a time, to bound the memory of the temporaries: pairs
# decoded at once.
_PAIRS_AT_ONCE = 1 << 19


def grown(array: npt.NDArray[Any], size: int) -> npt.NDArray[Any]:
    """``array`` (which owns its data, with no views of it) grown to ``size`` in place.

    A large block grows by remapping its pages (glibc ``realloc``), so the
    old and the new array are never held side by side as with a concatenation.
    """
    array.resize(size, refcheck=False)
    return array


def decode(codes: npt.NDArray[np.int64], count: int) -> Pairs:
    """Pairs ``(code // count, code % count)``, one row each; ``codes`` is used up.

    While row numbers fit in int32, a pair takes the eight bytes of its
    code, so the pairs are written over the codes a block at a time.
    """
    divisor = max(count, 1)
    if count > np.iinfo(np.int32).max:
        wide: Pairs = np.empty((len(codes), 2), dtype=np.int64)
        np.floor_divide(codes, divisor, out=wide[:, 0])
        np.remainder(codes, divisor, out=wide[:, 1])
        return wide
    pairs: Pairs = codes.view(np.int32).reshape(-1, 2)
    for start in range(0, len(codes), _PAIRS_AT_ONCE):
        part = codes[start : start + _PAIRS_AT_ONCE].copy()  # read before it is overwritten
        pairs[start : start + len(part), 0] = part // divisor
        pairs[start : start + len(part), 1] = part % divisor
    return pairs


_SORT_BUCKET_BITS = 12
"""Codes are sorted in up to ``2 ** _SORT_BUCKET_BITS`` buckets of their top bits."""

_SORT_IN_BUCKETS_FROM = 1 << 16
"""Fewer codes than this are sorted by one ``ndarray.sort``, with no buckets and no threads."""


def sort_codes(codes: npt.NDArray[np.int64], jobs: int) -> None:
    """Sort non-negative ``codes`` in place, on ``jobs`` threads.

    One pass moves each code into the bucket of its top bits (in place, no
    second array); NumPy then sorts the buckets, small enough for the
    cache, on ``jobs`` threads. At 1M sentences (37M codes) this takes
    1.6 s, against 2.8 s for one ``ndarray.sort``. Fewer than
    ``_SORT_IN_BUCKETS_FROM`` codes are sorted at once: a sort per bucket
    costs a Python call each, up to 4,096 of them, and a thread pool is
    started, about 2 ms whatever the size, where ``ndarray.sort`` takes
    0.6 ms for 20,000 codes and as long as the buckets from about 80,000
    (each band of LSH at 10,000 sentences sorts 28,000 keys: 26 bands, 0.06 s).
    """
    if len(codes) < 2:
        return
    if len(codes) < _SORT_IN_BUCKETS_FROM:
        codes.sort()  # integers: one order, however sorted
        return
    top = int(codes.max())
    shift = max(0, top.bit_length() - _SORT_BUCKET_BITS)
    bounds = _into_buckets(codes, shift, (top >> shift) + 1)
    # Cut the buckets into ``jobs`` runs of about equal numbers of codes.
    cuts = np.searchsorted(bounds, np.linspace(0, len(codes), jobs + 1)[1:-1]).tolist()

    def sort_buckets(first: int, last: int) -> None:
        for bucket in range(first, last):
            codes[bounds[bucket] : bounds[bucket + 1]].sort()

    if jobs <= 1:
        sort_buckets(0, len(bounds) - 1)
        return
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(sort_buckets, [0, *cuts], [*cuts, len(bounds) - 1]))


@njit()
def _into_buckets(codes, shift, buckets):  # type: ignore[no-untyped-def]
    """Move each code into its bucket ``code >> shift``, in place; the buckets' bounds.

    One "American flag" pass: a code out of its bucket is swapped into the
    next free slot of its own, until the slot being filled gets one that
    belongs there.
    """
    bounds = np.zeros(buckets + 1, dtype=np.int64)
    for code in codes:
        bounds[(code >> shift) + 1] += 1
    for bucket in range(buckets):  # running sum (``np.cumsum`` would compile once more)
        bounds[bucket + 1] += bounds[bucket]
    free = bounds[:-1].copy()
    for bucket in range(buckets):
        while free[bucket] < bounds[bucket + 1]:
            code = codes[free[bucket]]
            home = code >> shift
            while home != bucket:
                codes[free[home]], code = code, codes[free[home]]
                free[home] += 1
                home = code >> shift
            codes[free[bucket]] = code
            free[bucket] += 1
    return bounds
