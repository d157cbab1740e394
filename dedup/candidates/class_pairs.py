"""Band keys -> candidate pairs, banding each class of identical rows once: the scan's banding.

In: the band keys of every unit (:class:`~dedup.candidates.banding.KeyBlocks`).
Out: the sorted ``Pairs`` of rows equal on some band (:func:`class_key_pairs`,
:func:`class_band_pairs` from signatures). Identical rows form a class,
banded once through one representative; a class of up to ``FULL_CLASS``
members gives every pair plain banding would, a larger one pairs through
its first ``HUBS`` members, and a bucket of more than ``FULL_BUCKET``
classes on a band pairs them with its first ``HUBS`` only, so that
candidates grow linearly with the copies of a sentence.

Its own module because it is the stage's entry point for the scan (the
pipeline and the spark engine follow its rules), built on the plain
banding of :mod:`~dedup.candidates.banding`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt

from dedup.candidates.banding import KeyBlocks, band_codes
from dedup.candidates.codes import decode, grown, sort_codes
from dedup.candidates.hashing import folded
from dedup.candidates.shapes import FULL_BUCKET, FULL_CLASS, HUBS, Pairs, Signatures
from dedup.candidates.typed_lists import typed_list
from dedup.jit import njit
from dedup.memory import give_back_freed_memory

# Work done a block at a time, to bound the memory of the temporaries: values
# gathered or sorted at once.
_UNION_VALUES = 1 << 21


def class_band_pairs(
    rows: Signatures,
    *,
    threshold: float,
    num_perm: int | None = None,
    jobs: int = 1,
) -> Pairs:
    """:func:`band_pairs`, banding each class of identical signatures once.

    A sentence repeated thousands of times (in thousands of documents, or in
    one huge one) would otherwise give every pair of its copies: quadratic.
    See :func:`class_key_pairs`, which does the work on the band keys.

    Example:
        >>> from dedup.candidates.hashing import signature_matrix
        >>> rows = signature_matrix([{"a b"}, {"c d"}, {"a b"}], num_perm=32, seed=1)
        >>> class_band_pairs(rows, threshold=0.5).tolist()
        [[0, 2]]

    """
    return class_key_pairs(KeyBlocks.of(rows, threshold=threshold, num_perm=num_perm),
                           jobs=jobs)


def class_key_pairs(rows: KeyBlocks, *, jobs: int = 1, release: bool = False) -> Pairs:
    """Pairs of rows equal on some band key, banding each class of identical rows once.

    Rows with identical keys form a class; one row of each class is banded.
    A class of up to ``FULL_CLASS`` members yields every pair that plain
    banding would, so ordinary corpora get exactly the same pairs; a larger
    class is represented by its first ``HUBS`` members, which still joins
    every member into one group, in pairs linear in its size. Likewise a
    bucket of more than ``FULL_BUCKET`` classes on a band pairs them with
    its ``HUBS`` first only (a pair equal on several bands is kept if it is
    paired on one): a story printed by 300 papers, each with a few words
    edited, gave 156M candidates for 265k units, and now gives 15M.

    With ``release``, the blocks of ``rows`` are let go as soon as the bands
    are done: at 1M sentences they are 0.56 GB, and the pairs still have
    to be expanded and sorted.
    """
    count = len(rows)
    if count < 2:
        return np.empty((0, 2), dtype=np.int64)
    order, class_of, starts, sizes = _identical_rows(rows)
    if release:
        give_back_freed_memory()  # the hashes that found the classes
    if len(sizes) == count:  # no two rows alike: plain banding
        codes = band_codes(rows, subset=None, jobs=jobs, ordered=False, release=release,
                           full_bucket=FULL_BUCKET)
        if release:
            rows.blocks.clear()
            give_back_freed_memory()
        sort_codes(codes, jobs)
        return decode(codes, count)
    kept = np.minimum(sizes, np.where(sizes <= FULL_CLASS, sizes, HUBS))
    reps = np.sort(order[starts])
    # Pairs between classes, from the banding of one row per class: each
    # pair of classes gives the pairs of their first ``kept`` members.
    rep_codes = band_codes(rows, subset=reps, jobs=jobs, release=release,
                           ordered=False, full_bucket=FULL_BUCKET)  # sorted at the end
    if release:
        rows.blocks.clear()
        give_back_freed_memory()
    rep_class = class_of[reps]
    # What each representative stands for: its own row when its class has
    # no other member (nearly all), else -1 - its class.
    stands = np.where(sizes[rep_class] == 1, reps, -1 - rep_class)
    within = kept * sizes - kept * (kept + 1) // 2
    between = _pairs_between(rep_codes, len(reps), stands, kept)
    represented = len(rep_codes)
    codes = grown(rep_codes, between + int(within.sum()))
    del rep_codes
    _expand_classes(codes, represented, len(reps), stands, kept, order, starts, sizes, count,
                    between)
    # Pairs of different classes, or inside one, are all distinct: sorting suffices.
    sort_codes(codes, jobs)
    return decode(codes, count)


@njit()
def _pairs_between(codes, reps, stands, kept):  # type: ignore[no-untyped-def]
    """How many pairs the representatives' ``codes`` stand for (see ``_expand_classes``)."""
    total = 0
    for code in codes:
        left, right = stands[code // reps], stands[code % reps]
        total += (1 if left >= 0 else kept[-1 - left]) * (1 if right >= 0 else kept[-1 - right])
    return total


@njit()
def _expand_classes(codes, represented, reps, stands, kept, order, starts, sizes, count,  # type: ignore[no-untyped-def]
                    between):
    """Replace the first ``represented`` codes (of representatives) by their classes' pairs.

    In place. Each pair of classes gives the pairs of their first ``kept``
    members, written to ``codes[:between]`` from the last code back: each
    code gives at least one pair, so the pairs written never reach a code
    not yet read. Then, from ``between`` on, the pairs inside each class:
    each of its first ``kept`` members with every later member (``order``
    holds each class's rows in row order, from ``starts``). ``stands`` is
    a representative's row when it is alone in its class, else -1 - class.
    """
    filled = between
    for at in range(represented - 1, -1, -1):
        code = codes[at]
        left, right = stands[code // reps], stands[code % reps]
        if left >= 0 and right >= 0:  # two rows, each alone in its class
            filled -= 1
            codes[filled] = min(left, right) * count + max(left, right)
            continue
        lefts = 1 if left >= 0 else kept[-1 - left]
        rights = 1 if right >= 0 else kept[-1 - right]
        filled -= lefts * rights
        written = filled
        for i in range(lefts):
            first = left if left >= 0 else order[starts[-1 - left] + i]
            for j in range(rights):
                second = right if right >= 0 else order[starts[-1 - right] + j]
                codes[written] = min(first, second) * count + max(first, second)
                written += 1
    written = between
    for group in range(len(sizes)):
        for hub in range(kept[group]):
            for partner in range(hub + 1, sizes[group]):
                codes[written] = order[starts[group] + hub] * count + order[starts[group] + partner]
                written += 1


def _identical_rows(
    rows: KeyBlocks,
) -> tuple[npt.NDArray[np.signedinteger[Any]], npt.NDArray[np.signedinteger[Any]],
           npt.NDArray[np.signedinteger[Any]], npt.NDArray[np.signedinteger[Any]]]:
    """Classes of identical rows: ``(order, class_of, starts, sizes)``.

    ``order[starts[k] : starts[k] + sizes[k]]`` are the rows of class ``k``
    in row order, and ``class_of[i]`` is the class of row ``i``. Rows are
    grouped by a 64-bit hash of all their keys (a few arrays of one value
    per row, not a sorted copy of the rows), then neighbours with equal
    hashes are compared key by key; should two different rows share a
    hash, the exact ``np.unique`` of the rows decides instead.
    """
    count = len(rows)
    digest = _row_keys(typed_list([np.ascontiguousarray(b) for b in rows.blocks]),
                       rows.offsets, np.arange(count, dtype=np.int64), 0, rows.width)
    # Row numbers as int32 while they fit: these arrays are held through banding.
    index: type[np.signedinteger[Any]] = (np.int32 if count <= np.iinfo(np.int32).max
                                          else np.int64)
    order = np.argsort(digest, kind="stable").astype(index)  # equal hashes in row order
    ordered = digest[order]
    del digest
    same_hash = np.flatnonzero(ordered[1:] == ordered[:-1])
    del ordered
    # Compared a block at a time: a huge document has a neighbour for nearly every row.
    equal = all(
        (rows.rows(order[same_hash[start:stop]])
         == rows.rows(order[same_hash[start:stop] + 1])).all()
        for start, stop in _blocks(np.full(len(same_hash), rows.width), _UNION_VALUES)
    )
    if not equal:  # two different rows with one hash
        joined = rows.take(None, slice(None))
        row_bytes = np.dtype((np.void, joined.dtype.itemsize * joined.shape[1]))
        packed = np.ascontiguousarray(joined).view(row_bytes).ravel()
        _, class_of = np.unique(packed, return_inverse=True)
        class_of = class_of.astype(index).ravel()
        order = np.argsort(class_of, kind="stable").astype(index)
        sizes = np.bincount(class_of).astype(index)
        return order, class_of, np.cumsum(sizes, dtype=index) - sizes, sizes
    starts_new = np.ones(count, dtype=bool)
    starts_new[same_hash + 1] = False
    starts = np.flatnonzero(starts_new).astype(index)
    sizes = np.diff(starts, append=index(count))
    class_of = np.empty(count, dtype=index)
    class_of[order] = np.cumsum(starts_new, dtype=index) - 1
    return order, class_of, starts, sizes


def _row_keys(
    blocks: Any, offsets: npt.NDArray[np.int64], row_of: npt.NDArray[np.int64], first: int,
    width: int
) -> npt.NDArray[np.uint64]:
    """A 64-bit hash of columns ``first : first + width`` of each sorted row ``row_of[x]``.

    Equal values give equal keys; unequal values may (rarely) too, so keys
    only sort, and values decide. A seam for tests that make keys clash.
    """
    keys: npt.NDArray[np.uint64] = _hash_rows(blocks, offsets, row_of, first, width)
    return keys


@njit()
def _hash_rows(blocks, offsets, row_of, first, width):  # type: ignore[no-untyped-def]
    """``_row_keys``: each value folded in with the 64-bit MurmurHash3 finaliser.

    ``row_of`` is sorted: each block is taken from the typed list once (see
    :func:`packed_keys`).
    """
    keys = np.empty(len(row_of), dtype=np.uint64)
    x = 0
    for block in range(len(offsets) - 1):
        values = blocks[block]
        while x < len(row_of) and row_of[x] < offsets[block + 1]:
            row = row_of[x] - offsets[block]
            key = np.uint64(0)
            for column in range(first, first + width):
                key = folded(key, values[row, column])
            keys[x] = key
            x += 1
    return keys


def _blocks(
    lengths: npt.NDArray[np.int64], most: int, items: int | None = None
) -> Iterator[tuple[int, int]]:
    """Cut items into consecutive runs whose ``lengths`` add up to ``most`` or less.

    A run holds at least one item, however long, and at most ``items``.
    """
    ends = np.cumsum(lengths)
    start = 0
    while start < len(lengths):
        done = int(ends[start - 1]) if start else 0
        stop = max(start + 1, int(np.searchsorted(ends, done + most, side="right")))
        if items is not None:
            stop = min(stop, start + items)
        yield start, stop
        start = stop
