"""The values the candidate modules hand each other, and the settings they share.

In: nothing (no other module of the package is imported here). Out: the
types of signature rows (``Signatures``) and of row pairs (``Pairs``), a
verified pair (``Match``) and many of them as three arrays (``Matches``),
the weighting of datasketch's choice of bands (``LSH_WEIGHTS``), and the
limits of the scan's banding (``FULL_CLASS``, ``HUBS``, ``FULL_BUCKET``).

Its own module because signing, banding, verifying and the containment
index all use them, and so do the pipeline and the spark engine: the other
modules import these and each other one way only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

import numpy as np
import numpy.typing as npt

# datasketch weighs false positives against false negatives when it picks the
# number of bands and rows. LSH only proposes and the exact check below
# removes every false positive, so misses weigh 19 times more: with 128
# permutations and threshold 0.5 this gives 26 bands of 3 rows, which
# proposes 97% of pairs at Jaccard 0.5 (the even weighting, 25 bands of 5
# rows, proposes 55%).
LSH_WEIGHTS = (0.05, 0.95)

Progress = Callable[[str, int, int], None]

Signatures = npt.NDArray[np.uint32]
"""One row of ``num_perm`` MinHash values per set."""
Pairs = npt.NDArray[np.signedinteger[Any]]
"""Pairs of row numbers, one pair per row: int32 while the numbers fit, to halve the memory."""


@dataclass(frozen=True, slots=True)
class Match:
    """Two units whose exact shingle sets are at least ``threshold`` similar."""

    first: int
    second: int
    similarity: float


@dataclass(frozen=True, eq=False)
class Matches(Sequence[Match]):
    """Matches kept as three arrays, a ``Match`` made only when one is read.

    Millions of matches in one huge document would otherwise be millions of
    Python objects.
    """

    first: npt.NDArray[np.int64]
    second: npt.NDArray[np.int64]
    similarity: npt.NDArray[np.float64]

    @classmethod
    def of(cls, matches: Sequence[Match]) -> Matches:
        """The arrays of a sequence of ``Match`` values."""
        if isinstance(matches, Matches):
            return matches
        return cls(np.array([m.first for m in matches], dtype=np.int64),
                   np.array([m.second for m in matches], dtype=np.int64),
                   np.array([m.similarity for m in matches], dtype=np.float64))

    def __len__(self) -> int:
        return len(self.first)

    @overload
    def __getitem__(self, index: int) -> Match: ...

    @overload
    def __getitem__(self, index: slice) -> Matches: ...

    def __getitem__(self, index: int | slice) -> Match | Matches:
        if isinstance(index, slice):
            return Matches(self.first[index], self.second[index], self.similarity[index])
        return Match(int(self.first[index]), int(self.second[index]),
                     float(self.similarity[index]))

    def __iter__(self) -> Iterator[Match]:
        for first, second, similarity in zip(self.first.tolist(), self.second.tolist(),
                                             self.similarity.tolist(), strict=True):
            yield Match(first, second, similarity)


FULL_CLASS = 16
"""Largest class of identical signatures whose members are all paired with each other."""

HUBS = 2
"""Members of a larger class that stand for it in pairs."""

FULL_BUCKET = 64
"""Largest bucket (distinct rows with one key on a band) whose rows are all paired.

A larger bucket pairs each of its rows with its ``HUBS`` first rows only: a
sentence a wire story carries into hundreds of papers, each with an edit or
two, would otherwise give every pair of its copies on every band.
"""
