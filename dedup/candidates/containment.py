"""Shingle sets -> a containment index; short quotations -> the sets they sit in (the audit).

In: the shingle sets of the reference passages, read once
(:func:`containment_index`), then the quotations' sets (:func:`containing`).
Out: for each quotation, the indexed sets that datasketch's
``MinHashLSHEnsemble`` proposes and that hold enough of it, found without
building the ensemble's tables: the ensemble's partitions and bands come
from datasketch, the sets that hold enough are found exactly from postings
of numbered shingles (:class:`ShingleNumbers`), and only those are banded.

Its own module because it answers a different question from the scan's
banding: Jaccard similarity cannot see a 12-word quotation inside a
60-word passage; containment can.
"""

from __future__ import annotations

import array
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from datasketch import MinHashLSHEnsemble
from datasketch.lshensemble_partition import optimal_partitions

from dedup.candidates.hashing import (
    hash64_many,
    min_hashes_of_mixed,
    mix,
    permutations,
    signature_matrix,
)
from dedup.candidates.shapes import LSH_WEIGHTS, Signatures


class ShingleNumbers:
    """Each indexed shingle's number, looked up exactly, with no Python object per shingle.

    A dict of the shingles (a string, an int and a slot each) was 40 to 50
    bytes a reference word of an audit. Kept instead: the shingles in one
    string, in number order, where each ends, and their 64-bit hashes
    (:func:`hash64`) sorted with each one's number; a shingle asked for is
    compared with the ones whose hash is its own.

    Example:
        >>> numbers = ShingleNumbers(["a b", "b c"], hash64_many(["a b", "b c"]))
        >>> numbers.numbers(["b c", "x y", "a b"])
        [1, -1, 0]

    """

    def __init__(self, shingles: Sequence[str], hashes: npt.NDArray[np.uint64]) -> None:
        order = np.argsort(hashes, kind="stable")
        self._hashes = hashes[order]
        self._numbers: npt.NDArray[np.signedinteger] = order.astype(
            np.int32 if len(shingles) < 2**31 else np.int64)
        self._text = "".join(shingles)
        self._ends = np.cumsum(np.fromiter(map(len, shingles), dtype=np.int64,
                                           count=len(shingles)))

    def __len__(self) -> int:
        return len(self._hashes)

    def numbers(self, shingles: Sequence[str]) -> list[int]:
        """The number of each of ``shingles``, -1 for one not indexed."""
        if not shingles or not len(self._hashes):
            return [-1] * len(shingles)
        hashes = hash64_many(shingles)
        places = np.minimum(np.searchsorted(self._hashes, hashes), len(self._hashes) - 1)
        numbers = self._numbers[places]
        ends = self._ends[numbers]
        starts = np.where(numbers > 0, self._ends[np.maximum(numbers - 1, 0)], 0)
        found = [-1] * len(shingles)
        for at in np.flatnonzero(self._hashes[places] == hashes).tolist():
            start, end = int(starts[at]), int(ends[at])
            found[at] = (int(numbers[at]) if self._text[start:end] == shingles[at]
                         else self._colliding(shingles[at], int(places[at])))
        return found

    def _colliding(self, shingle: str, place: int) -> int:
        """The number of ``shingle`` among the others of its hash after ``place`` (-1: none)."""
        for other in range(place + 1, len(self._hashes)):
            if self._hashes[other] != self._hashes[place]:
                break
            number = int(self._numbers[other])
            start = int(self._ends[number - 1]) if number else 0
            if self._text[start : int(self._ends[number])] == shingle:
                return number
        return -1


@dataclass(frozen=True)
class ContainmentIndex:
    """Shingle sets indexed for containment queries (a query inside a larger set).

    Jaccard similarity cannot see a 12-word quotation inside a 60-word
    passage; containment ``|query & indexed| / |query|`` can. Built once
    with :func:`containment_index`, queried with :func:`containing`. The sets
    themselves are not kept: their shingles, numbered, are the postings.
    """

    num_perm: int
    seed: int
    threshold: float
    vocabulary: ShingleNumbers
    """Each shingle of the indexed sets, numbered."""
    posting_starts: npt.NDArray[np.int64]
    """Shingle ``k`` is in the sets ``posting_sets[posting_starts[k]:posting_starts[k + 1]]``."""
    posting_sets: npt.NDArray[np.signedinteger]
    mixed: Signatures
    """Each set's shingles' hashes (datasketch's, mixed), set after set: a
    set's MinHash values are made from them when a query asks (a row of
    ``num_perm`` values for every set was 43 bytes a reference word)."""
    set_starts: npt.NDArray[np.int64]
    """Set ``k``'s hashes are ``mixed[set_starts[k]:set_starts[k + 1]]``."""
    partition: npt.NDArray[np.int64]
    """Each set's partition of ``MinHashLSHEnsemble`` by size (-1: empty, not indexed)."""
    uppers: tuple[int, ...]
    """Each partition's largest set size."""
    xqs: npt.NDArray[np.float64]
    """The ensemble's ratios of partition bound to query size, and for each its
    ``(bands, rows)`` (``params``)."""
    params: npt.NDArray[np.int64]


ENSEMBLE_PARTITIONS = 16
"""``MinHashLSHEnsemble``'s default number of partitions by set size."""


def containment_index(
    shingle_sets: Iterable[set[str]], *, num_perm: int, threshold: float, seed: int
) -> ContainmentIndex:
    """Index ``shingle_sets`` for containment >= ``threshold`` as ``MinHashLSHEnsemble`` does.

    The ensemble's partitions by set size and its bands and rows for each
    query size come from datasketch. Its tables are not built: a set the
    ensemble proposes counts only if it holds ``threshold`` of the query,
    so :func:`containing` finds those sets exactly and keeps the ones the
    ensemble's bands pair with the query. One Python object per window
    cost an audit about 1 GB and 20 s per MB of reference text.

    The sets are read once, one at a time, and only their shingles'
    numbers are kept (and each distinct shingle's hash): an audit passes a
    generator, so that the sets of all its windows (a third of its memory
    at its peak) never exist at once.

    Example:
        >>> index = containment_index([{"a b", "b c", "c d", "d e"}], num_perm=64,
        ...                           threshold=0.5, seed=1)
        >>> containing(index, [{"b c", "c d"}])
        [[0]]

    """
    ensemble = MinHashLSHEnsemble(threshold=threshold, num_perm=num_perm, weights=LSH_WEIGHTS,
                                  num_part=ENSEMBLE_PARTITIONS)
    vocabulary: dict[str, int] = {}
    number = vocabulary.setdefault
    numbered = array.array("q")  # each set's shingles' numbers, one set after the other
    set_sizes = array.array("q")
    for members in shingle_sets:
        numbered.extend([number(shingle, len(vocabulary)) for shingle in members])
        set_sizes.append(len(members))
    shingles = list(vocabulary)  # in number order
    del vocabulary, number
    long_hashes = hash64_many(shingles)
    numbers = ShingleNumbers(shingles, long_hashes)
    distinct = len(shingles)
    del shingles
    ids = np.frombuffer(numbered, dtype=np.int64) if numbered else np.zeros(0, dtype=np.int64)
    sizes = (np.frombuffer(set_sizes, dtype=np.int64) if set_sizes
             else np.zeros(0, dtype=np.int64))
    count = len(sizes)
    offsets = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    # ``hash32`` of each shingle: the low 32 bits of its ``hash64``.
    hashes = (long_hashes & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    del long_hashes
    mixed = mix(hashes)[ids]
    # Set numbers in 32 bits where they fit: half the postings' memory.
    owners: npt.NDArray[np.signedinteger] = np.repeat(
        np.arange(count, dtype=np.int32 if count < 2**31 else np.int64), sizes)
    order = np.argsort(ids, kind="stable")  # each shingle's sets in ascending order
    postings = owners[order]
    del owners, order
    posting_starts = np.zeros(distinct + 1, dtype=np.int64)
    np.cumsum(np.bincount(ids, minlength=distinct), out=posting_starts[1:])
    partition = np.full(count, -1, dtype=np.int64)
    uppers: list[int] = []
    indexed = np.flatnonzero(sizes)
    if len(indexed):
        # As ``MinHashLSHEnsemble.index`` places the sets, smallest first.
        found, counts = np.array(sorted(Counter(sizes[indexed].tolist()).most_common())).T
        uppers = [int(upper) for _, upper in optimal_partitions(found, counts,
                                                                ENSEMBLE_PARTITIONS)]
        current = 0
        for key in indexed[np.argsort(sizes[indexed], kind="stable")].tolist():
            if sizes[key] > uppers[current]:
                current += 1
            partition[key] = current
    return ContainmentIndex(num_perm, seed, threshold, numbers, posting_starts,
                            postings, mixed, offsets, partition, tuple(uppers),
                            np.asarray(ensemble.xqs), np.asarray(ensemble.params, dtype=np.int64))


def containing(
    index: ContainmentIndex, queries: Sequence[AbstractSet[str]]
) -> list[list[int]]:
    """For each query set, the indexed sets that contain at least ``threshold`` of it.

    The sets ``MinHashLSHEnsemble.query`` proposes that hold ``threshold``
    of the query. Those holding that much are found exactly: at least one
    of the query's rarest shingles (all but as many as it may lack) is in
    each, so only their sets are counted. Of them, a set is proposed when
    one of the first ``b`` bands of ``r`` MinHash values equals the
    query's, ``(b, r)`` being the ensemble's for the set's partition and
    the query's size. Keys are sorted.
    """
    # The shingles of all the queries are looked up at once.
    listed = [list(query) for query in queries]
    numbers = index.vocabulary.numbers([shingle for query in listed for shingle in query])
    holding = []
    at = 0
    for query in listed:
        holding.append(_holding(index, len(query),
                                [k for k in numbers[at : at + len(query)] if k >= 0]))
        at += len(query)
    # Only the queries some set holds enough of are signed and banded.
    asked = [at for at, keys in enumerate(holding) if len(keys)]
    rows = signature_matrix([queries[at] for at in asked], num_perm=index.num_perm,
                            seed=index.seed)
    found: list[list[int]] = [[] for _ in queries]
    for at, row in zip(asked, rows, strict=True):
        found[at] = sorted(_banded_with(index, holding[at], row, len(queries[at])).tolist())
    return found


def _holding(index: ContainmentIndex, size: int, known: list[int]
             ) -> npt.NDArray[np.signedinteger]:
    """The indexed sets that hold at least ``threshold`` of a query, exactly, sorted.

    The query has ``size`` shingles, of which those indexed are numbered ``known``.
    """
    least = index.threshold * size
    starts, postings = index.posting_starts, index.posting_sets
    known.sort(key=lambda k: (starts[k + 1] - starts[k], k))
    rarest = len(known) - math.ceil(least) + 1  # the rest hold too few
    if not size or rarest <= 0:
        return np.zeros(0, dtype=postings.dtype)
    keys = np.unique(np.concatenate([postings[starts[k] : starts[k + 1]]
                                     for k in known[:rarest]]))
    shared = np.zeros(len(keys), dtype=np.int64)
    for k in known:
        sets = postings[starts[k] : starts[k + 1]]
        at = np.minimum(np.searchsorted(sets, keys), len(sets) - 1)
        shared += sets[at] == keys
    kept: npt.NDArray[np.signedinteger] = keys[shared >= least]
    return kept


def _banded_with(
    index: ContainmentIndex, keys: npt.NDArray[np.signedinteger], row: Signatures, size: int
) -> npt.NDArray[np.signedinteger]:
    """The sets of ``keys`` that share a band with the query, as the ensemble bands them.

    Their MinHash values are made here, the first ``bands * rows`` of them:
    the same as datasketch's (each permutation's minimum on its own).
    """
    kept = []
    partitions = index.partition[keys]
    a, b = permutations(index.num_perm, index.seed)
    for part in np.unique(partitions).tolist():
        in_part = keys[partitions == part]
        # ``MinHashLSHEnsemble._get_optimal_param``.
        at = int(np.searchsorted(index.xqs, float(index.uppers[part]) / float(size),
                                 side="left"))
        bands, width = index.params[min(at, len(index.params) - 1)].tolist()
        span = bands * width
        ranges = np.stack([index.set_starts[in_part], index.set_starts[in_part + 1]], axis=1)
        rows = min_hashes_of_mixed(index.mixed, ranges, np.ascontiguousarray(a[:span]),
                                   np.ascontiguousarray(b[:span]))
        equal = rows == row[:span]
        kept.append(in_part[equal.reshape(len(in_part), bands, width).all(axis=2).any(axis=1)])
    return np.concatenate(kept) if kept else keys
