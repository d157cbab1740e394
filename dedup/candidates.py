"""Shingle sets -> candidate pairs, with MinHash LSH, then exact verification.

The only module that imports datasketch. Signatures are built with
``MinHash.bulk`` (permutations made once, seeded, so the values are the same
on every run and every machine) and indexed in one ``MinHashLSH`` whose band
and row counts datasketch chooses for the Jaccard threshold. LSH only
proposes: every candidate is re-checked on the exact shingle sets
(:func:`verify`) before anything downstream sees it. For the audit, a
containment index (``MinHashLSHEnsemble``) finds the passages a short
quotation sits in (:func:`containment_index`, :func:`containing`).

Always holds: pairs are ``(i, j)`` with ``i < j``, sorted, without repeats;
work grows with the number of sets and of candidates, never with all pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
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
    """Pairs of sets that MinHash LSH expects to have Jaccard >= ``threshold``."""
    minhashes = signatures(shingle_sets, num_perm=num_perm, seed=seed)
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=LSH_WEIGHTS)
    with lsh.insertion_session() as session:
        for key, minhash in enumerate(minhashes):
            session.insert(key, minhash, check_duplication=False)
    pairs: set[tuple[int, int]] = set()
    total = len(minhashes)
    for key, minhash in enumerate(minhashes):
        for other in lsh.query(minhash):
            if other > key:
                pairs.add((key, other))
        if progress is not None and (key % 5000 == 0 or key == total - 1):
            progress("candidates", key + 1, total)
    return sorted(pairs)


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
