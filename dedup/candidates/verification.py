"""Candidate pairs -> matches: the exact Jaccard check of every pair LSH proposes.

In: candidate pairs and the sets, as Python sets (:func:`verify`) or as
ranges of one array of hashes (:func:`verify_ranges`). Out: the pairs
whose exact Jaccard similarity reaches the threshold, as ``Match`` values
or as ``Matches`` arrays, in pair order. LSH only proposes: nothing
downstream sees a candidate that this check has not kept.

Its own module because it is the one place that decides, on exact sets,
whatever the candidates came from; the shared values are counted by
compiled code (:func:`_jaccard`) on ``jobs`` threads.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import numpy.typing as npt

from dedup.candidates.shapes import Match, Matches, Pairs
from dedup.candidates.tables import put, set_sizes, table
from dedup.jit import njit

# Work done a block at a time, to bound the memory of the temporaries: pairs
# verified at once.
_VERIFIED_AT_ONCE = 1 << 22


def verify(
    pairs: Sequence[tuple[int, int]],
    shingle_sets: Sequence[set[str]],
    *,
    threshold: float,
) -> list[Match]:
    """Keep the pairs whose exact Jaccard similarity reaches ``threshold``."""
    matches = []
    for first, second in pairs:
        a, b = shingle_sets[first], shingle_sets[second]
        shared = len(a & b)
        union = len(a) + len(b) - shared
        # The same division as ``jaccard``, without building the union.
        similarity = shared / union if union else 0.0
        if similarity >= threshold:
            matches.append(Match(first, second, similarity))
    return matches


def verify_ranges(
    pairs: Pairs,
    values: npt.NDArray[np.uint64],
    ranges: npt.NDArray[np.int64],
    *,
    threshold: float,
    sizes: npt.NDArray[np.int64] | None = None,
    apart: npt.NDArray[np.bool_] | None = None,
    jobs: int = 1,
) -> tuple[Matches, int]:
    """``verify`` for sets stored as ranges of one array, all pairs at once.

    Set ``i`` is ``set(values[ranges[i, 0]:ranges[i, 1]])``; ``sizes`` are
    the sizes of the sets, if known. The shared part of two sets is counted
    by compiled code (:func:`_jaccard`), on ``jobs`` threads. When
    ``apart`` is given, only the pairs it marks True are matches (the others
    are counted). Returns the matches, in pair order, and how many pairs
    reach ``threshold``.
    """
    if sizes is None:
        sizes = set_sizes(values, ranges)
    values = np.ascontiguousarray(values, dtype=np.uint64)
    kept: list[npt.NDArray[np.intp]] = [np.empty(0, dtype=np.intp)]
    similarities: list[npt.NDArray[np.float64]] = [np.empty(0)]
    reached = 0
    # A few million pairs at a time, to bound the memory of the temporaries.
    for start in range(0, len(pairs), _VERIFIED_AT_ONCE):
        part = pairs[start : start + _VERIFIED_AT_ONCE]
        similarity = _similarities(part, ranges, sizes, values, threshold, jobs)
        passed = similarity >= threshold
        reached += int(passed.sum())
        if apart is not None:
            passed &= apart[start : start + _VERIFIED_AT_ONCE]
        at = np.flatnonzero(passed)
        kept.append(at + start)
        similarities.append(similarity[at])
    # Each side's column gathered once, straight into its own array.
    at = np.concatenate(kept)
    return Matches(pairs[at, 0].astype(np.int64, copy=False),
                   pairs[at, 1].astype(np.int64, copy=False),
                   np.concatenate(similarities)), reached


def _similarities(
    pairs: Pairs,
    ranges: npt.NDArray[np.int64],
    sizes: npt.NDArray[np.int64],
    values: npt.NDArray[np.uint64],
    threshold: float,
    jobs: int,
) -> npt.NDArray[np.float64]:
    """Jaccard similarity of each pair of ranges (see ``verify_ranges``), on ``jobs`` threads.

    Exact for every pair that can reach ``threshold``; a pair whose smaller
    set is too small for that (the similarity is at most the ratio of the
    sizes) gets that ratio, an upper bound below ``threshold``, uncounted.
    """
    similarity = np.empty(len(pairs), dtype=np.float64)
    # Each thread has its own table, so the pairs can be cut anywhere.
    cuts = [len(pairs) * part // jobs for part in range(jobs + 1)]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(lambda lo, hi: _jaccard(
            pairs[lo:hi], ranges, sizes, values, threshold, similarity[lo:hi]),
            cuts[:-1], cuts[1:]))
    return similarity


@njit()
def _jaccard(pairs, ranges, sizes, values, threshold, similarity):  # type: ignore[no-untyped-def]
    """Fill ``similarity[p]`` for each pair (see ``_similarities``).

    The first set's values go into a small open-addressing table (the
    values are hashes already: their low bits pick the slot), built once
    for each run of pairs with one first set and small enough to stay in
    the cache; each of the second set's values found there is counted once
    (its slot remembers the pair that counted it). The similarity is the
    same division of two exact integers as ``jaccard``.
    """
    longest = 1
    for p in range(len(pairs)):
        longest = max(longest, ranges[pairs[p, 0], 1] - ranges[pairs[p, 0], 0])
    keys, owner = table(longest)  # owner: the run (of pairs) that filled the slot
    counted = np.full(len(keys), -1, dtype=np.int64)  # the pair that counted the slot
    current = -1
    run = -1
    mask = np.uint64(len(keys) - 1)
    last = np.int64(len(keys) - 1)
    for p in range(len(pairs)):
        a, b = pairs[p, 0], pairs[p, 1]
        size_a, size_b = sizes[a], sizes[b]
        larger, smaller = max(size_a, size_b), min(size_a, size_b)
        bound = smaller / larger if larger > 0 else 0.0
        if bound < threshold:  # hopeless: the bound is its similarity
            similarity[p] = bound
            continue
        if a != current:
            current = a
            run += 1
            for k in range(ranges[a, 0], ranges[a, 1]):
                counted[put(keys, owner, values[k], run)[0]] = -1
        shared = 0
        for k in range(ranges[b, 0], ranges[b, 1]):
            value = values[k]
            slot = np.int64(value & mask)
            while owner[slot] == run:
                if keys[slot] == value:
                    if counted[slot] != p:
                        counted[slot] = p
                        shared += 1
                    break
                slot = (slot + np.int64(1)) & last
        union = size_a + size_b - shared
        similarity[p] = shared / union if union > 0 else 0.0
