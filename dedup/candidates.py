"""Shingle sets -> candidate pairs, with MinHash LSH, then exact verification.

The only module that imports datasketch. Signatures are built with
``MinHash.bulk`` (permutations made once, seeded, so the values are the same
on every run and every machine) and indexed in one ``MinHashLSH`` whose band
and row counts datasketch chooses for the Jaccard threshold. LSH only
proposes: every candidate is re-checked on the exact shingle sets
(:func:`verify`) before anything downstream sees it. For the audit, a
containment index (``MinHashLSHEnsemble``) finds the passages a short
quotation sits in (:func:`containment_index`, :func:`containing`).

Identical sets (a sentence repeated in thousands of documents, or thousands
of times in one) are hashed and indexed once. A class of up to
``FULL_CLASS`` identical sets yields every pair of its members, as LSH would;
a larger class yields only the pairs through its first ``HUBS`` members,
which still joins every member into one group, so one huge repeated document
costs time linear in its size instead of quadratic.

Always holds: pairs are ``(i, j)`` with ``i < j``, sorted, without repeats;
work grows with the number of sets and of candidates, never with all pairs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations, product
from typing import Any

from datasketch import MinHash, MinHashLSH, MinHashLSHEnsemble

from dedup.shingle import jaccard

# datasketch weighs false positives against false negatives when it picks the
# number of bands and rows. LSH only proposes and the exact check below
# removes every false positive, so misses weigh 19 times more: with 128
# permutations and threshold 0.5 this gives 26 bands of 3 rows, which
# proposes 97% of pairs at Jaccard 0.5 (the even weighting, 25 bands of 5
# rows, proposes 55%).
LSH_WEIGHTS = (0.05, 0.95)

Progress = Callable[[str, int, int], None]

FULL_CLASS = 16
"""Largest class of identical sets whose members are all paired with each other."""

HUBS = 2
"""Members of a larger class that are paired with all the others."""


@dataclass(frozen=True)
class Match:
    """Two units whose exact shingle sets are at least ``threshold`` similar."""

    first: int
    second: int
    similarity: float


def signatures(shingle_sets: Sequence[set[str]], *, num_perm: int, seed: int) -> list[MinHash]:
    """MinHash signatures of the sets, all built with one set of permutations.

    Example:
        >>> a, b = signatures([{"x y", "y z"}, {"x y", "y z"}], num_perm=64, seed=1)
        >>> a.jaccard(b)
        1.0

    """
    encoded = [[s.encode("utf-8") for s in shingle_set] for shingle_set in shingle_sets]
    result: list[MinHash] = MinHash.bulk(encoded, num_perm=num_perm, seed=seed)
    return result


def candidate_pairs(
    shingle_sets: Sequence[set[str]],
    *,
    num_perm: int,
    threshold: float,
    seed: int,
    progress: Progress | None = None,
) -> list[tuple[int, int]]:
    """Pairs of sets that MinHash LSH expects to have Jaccard >= ``threshold``.

    Example:
        >>> sets = [{"a b", "b c"}, {"x y"}, {"a b", "b c"}]
        >>> candidate_pairs(sets, num_perm=64, threshold=0.5, seed=1)
        [(0, 2)]

    """
    classes = identical_classes(shingle_sets)
    minhashes = signatures([shingle_sets[c[0]] for c in classes], num_perm=num_perm, seed=seed)
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=LSH_WEIGHTS)
    with lsh.insertion_session() as session:
        for key, minhash in enumerate(minhashes):
            session.insert(key, minhash, check_duplication=False)
    pairs: set[tuple[int, int]] = set()
    total = len(minhashes)
    for key, minhash in enumerate(minhashes):
        pairs.update(_class_pairs(classes[key], classes[key]))
        for other in lsh.query(minhash):
            if other > key:
                pairs.update(_class_pairs(classes[key], classes[other]))
        if progress is not None and (key % 5000 == 0 or key == total - 1):
            progress("candidates", key + 1, total)
    return sorted(pairs)


def identical_classes(shingle_sets: Sequence[set[str]]) -> list[list[int]]:
    """Indices of identical sets, grouped, in order of first appearance.

    Example:
        >>> identical_classes([{"a b"}, {"c d"}, {"a b"}])
        [[0, 2], [1]]

    """
    classes: dict[bytes, list[int]] = {}
    for index, shingle_set in enumerate(shingle_sets):
        digest = hashlib.blake2b("\n".join(sorted(shingle_set)).encode("utf-8"), digest_size=16)
        classes.setdefault(digest.digest(), []).append(index)
    return list(classes.values())


def _class_pairs(first: list[int], second: list[int]) -> Iterator[tuple[int, int]]:
    """Pairs of members of two classes (or of one class with itself), hubs only when large."""
    if first is second:
        if len(first) <= FULL_CLASS:
            yield from combinations(first, 2)
        else:
            for at, hub in enumerate(first[:HUBS]):
                yield from ((hub, other) for other in first[at + 1 :])
        return
    left = first if len(first) <= FULL_CLASS else first[:HUBS]
    right = second if len(second) <= FULL_CLASS else second[:HUBS]
    yield from ((min(a, b), max(a, b)) for a, b in product(left, right))


def verify(
    pairs: Sequence[tuple[int, int]],
    shingle_sets: Sequence[set[str]],
    *,
    threshold: float,
) -> list[Match]:
    """Keep the pairs whose exact Jaccard similarity reaches ``threshold``."""
    matches = []
    for first, second in pairs:
        similarity = jaccard(shingle_sets[first], shingle_sets[second])
        if similarity >= threshold:
            matches.append(Match(first, second, similarity))
    return matches


@dataclass(frozen=True)
class ContainmentIndex:
    """Shingle sets indexed for containment queries (a query inside a larger set).

    Jaccard similarity cannot see a 12-word quotation inside a 60-word
    passage; containment ``|query & indexed| / |query|`` can. Built once
    with :func:`containment_index`, queried with :func:`containing`.
    """

    ensemble: Any
    sets: tuple[frozenset[str], ...]
    num_perm: int
    seed: int
    threshold: float


def containment_index(
    shingle_sets: Sequence[set[str]], *, num_perm: int, threshold: float, seed: int
) -> ContainmentIndex:
    """Index ``shingle_sets`` in a ``MinHashLSHEnsemble`` for containment >= ``threshold``.

    Example:
        >>> index = containment_index([{"a b", "b c", "c d", "d e"}], num_perm=64,
        ...                           threshold=0.5, seed=1)
        >>> containing(index, [{"b c", "c d"}])
        [[0]]

    """
    minhashes = signatures(shingle_sets, num_perm=num_perm, seed=seed)
    ensemble = MinHashLSHEnsemble(threshold=threshold, num_perm=num_perm,
                                  weights=LSH_WEIGHTS)
    entries = [(key, m, len(s)) for key, (m, s) in enumerate(zip(minhashes, shingle_sets,
                                                                strict=True)) if s]
    if entries:
        ensemble.index(entries)
    sets = tuple(frozenset(s) for s in shingle_sets)
    return ContainmentIndex(ensemble if entries else None, sets, num_perm, seed, threshold)


def containing(index: ContainmentIndex, queries: Sequence[set[str]]) -> list[list[int]]:
    """For each query set, the indexed sets that contain at least ``threshold`` of it.

    LSH proposes; the exact containment on the shingle sets decides. Keys
    are sorted.
    """
    if index.ensemble is None:
        return [[] for _ in queries]
    minhashes = signatures(queries, num_perm=index.num_perm, seed=index.seed)
    found = []
    for query, minhash in zip(queries, minhashes, strict=True):
        keys = []
        if query:
            for key in index.ensemble.query(minhash, len(query)):
                if len(query & index.sets[key]) >= index.threshold * len(query):
                    keys.append(key)
        found.append(sorted(keys))
    return found
