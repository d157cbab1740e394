"""Shingle sets -> candidate pairs, with MinHash LSH, then exact verification.

The only module that imports datasketch. Signatures are built with
``MinHash.bulk`` (permutations made once, seeded, so the values are the same
on every run and every machine) and indexed in one ``MinHashLSH`` whose band
and row counts datasketch chooses for the Jaccard threshold. LSH only
proposes: every candidate is re-checked on the exact shingle sets
(:func:`verify`) before anything downstream sees it.

Always holds: pairs are ``(i, j)`` with ``i < j``, sorted, without repeats;
work grows with the number of sets and of candidates, never with all pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

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
