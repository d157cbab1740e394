"""Hash values -> distinct counts and first occurrences, with small compiled tables.

In: 64-bit hash values (a set's shingles, or any run of them). Out: the
number of distinct values in each range (:func:`set_sizes`) and where each
distinct value first stands (:func:`first_seen`), counted in an
open-addressing table (:func:`table`, :func:`put`) that stays in the cache
and is never cleared.

Its own module because the verification (:mod:`~dedup.candidates.verification`)
counts shared values with the same table, and the preparation and the
clustering (``dedup.prepare``, ``dedup.cluster``) use these counts on their
own.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from dedup.candidates.hashing import folded
from dedup.jit import njit


def set_sizes(
    values: npt.NDArray[np.uint64], ranges: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """The number of distinct values in each range of ``values``: ``len(set(values[lo:hi]))``."""
    sizes: npt.NDArray[np.int64] = _distinct_counts(
        np.ascontiguousarray(values, dtype=np.uint64), np.ascontiguousarray(ranges, dtype=np.int64))
    return sizes


@njit()
def _distinct_counts(values, ranges):  # type: ignore[no-untyped-def]
    """``set_sizes``: each range's values put in a small table (:func:`put`), as in ``_jaccard``.

    The table is sized for the longest range, so it stays in the cache, and
    owned by each range in turn, so it is never cleared. (Sorting all the
    values to find each one's previous equal took a tenth of a worker's
    batch.)
    """
    sizes = np.zeros(len(ranges), dtype=np.int64)
    longest = 1
    for r in range(len(ranges)):
        longest = max(longest, ranges[r, 1] - ranges[r, 0])
    keys, owner = table(longest)
    for r in range(len(ranges)):
        distinct = 0
        for k in range(ranges[r, 0], ranges[r, 1]):
            if put(keys, owner, values[k], r)[1]:
                distinct += 1
        sizes[r] = distinct
    return sizes


@njit()
def table(longest):  # type: ignore[no-untyped-def]
    """An empty open-addressing table (keys, owners) for sets of up to ``longest`` hashes."""
    size = 16
    while size < 2 * longest:
        size *= 2
    return np.zeros(size, dtype=np.uint64), np.full(size, -1, dtype=np.int64)


@njit(inline="always")
def put(keys, owner, value, mark):  # type: ignore[no-untyped-def]
    """Put hash ``value`` in the table for ``mark``: its slot, and whether it was new there.

    The value's low bits pick the slot; a slot whose owner is not ``mark``
    is free, so a table is used again without clearing it.
    """
    last = np.int64(len(keys) - 1)
    slot = np.int64(value & np.uint64(last))
    while owner[slot] == mark and keys[slot] != value:
        slot = (slot + np.int64(1)) & last
    new = owner[slot] != mark
    keys[slot] = value
    owner[slot] = mark
    return slot, new


def first_seen(
    values: npt.NDArray[np.uint64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Where each distinct value first stands, in that order, and each value's number among them.

    ``np.unique(values, return_index=True, return_inverse=True)`` without
    the sort: the distinct values are numbered in the order they first
    appear, so ``values[first][inverse]`` is ``values``.

    Example:
        >>> first, inverse = first_seen(np.array([7, 3, 7, 9, 3], dtype=np.uint64))
        >>> first.tolist(), inverse.tolist()
        ([0, 1, 3], [0, 1, 0, 2, 1])

    """
    first, inverse = _first_seen(np.ascontiguousarray(values, dtype=np.uint64))
    return first, inverse


@njit()
def _first_seen(values):  # type: ignore[no-untyped-def]
    """``first_seen``: each value put in one table (:func:`put`), mixed so its low bits vary.

    The MurmurHash3 finaliser is a bijection, so mixed values are equal
    exactly when the values are.
    """
    keys, owner = table(len(values))
    number = np.empty(len(keys), dtype=np.int64)  # the distinct value in each slot
    first = np.empty(len(values), dtype=np.int64)
    inverse = np.empty(len(values), dtype=np.int64)
    count = 0
    for at in range(len(values)):
        slot, new = put(keys, owner, folded(np.uint64(0), values[at]), 0)
        if new:
            number[slot] = count
            first[count] = at
            count += 1
        inverse[at] = number[slot]
    return first[:count], inverse
