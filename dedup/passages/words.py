"""The corpus's words as arrays, and the hits between two documents' words.

``words_of`` numbers each document's normalised words (the same number
for the same word across the corpus) and keeps their spans, in flat
arrays with an offset per document (``Words``): no object per word.
``Hits`` is the shape the seeds give and the runs read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from dedup.candidates import Hashes
from dedup.shingle import Normalised, token_columns

Hits = npt.NDArray[np.signedinteger[Any]]
"""One row per hit: first's word start, word end, char start, char end, then second's."""


@dataclass(frozen=True)
class Words:
    """The words of all documents, one after the other.

    ``ids`` are 64-bit hashes of the normalised words (equal words, equal
    ids, in any process), ``starts`` and ``ends`` their character spans in
    their document, ``offsets[d]`` where document ``d``'s words begin.
    """

    ids: npt.NDArray[np.uint64]
    offsets: npt.NDArray[np.int64]
    starts: npt.NDArray[np.signedinteger]
    ends: npt.NDArray[np.signedinteger]

    @classmethod
    def join(
        cls,
        ids: list[npt.NDArray[np.uint64]],
        starts: list[npt.NDArray[np.signedinteger]],
        ends: list[npt.NDArray[np.signedinteger]],
        counts: list[npt.NDArray[np.int64]],
    ) -> Words:
        """The words of runs of documents, in order (``counts``: words per document).

        Each list is emptied once joined, so its parts go before the next
        list is joined (at a million sentences each list is 80 to 160 MB).
        """
        joined = []
        for parts, dtype in ((counts, np.int64), (ids, np.uint64), (starts, np.int32),
                             (ends, np.int32)):
            joined.append(np.concatenate([np.empty(0, dtype=dtype), *parts]))
            parts.clear()
        sizes, *columns = joined
        offsets = np.zeros(len(sizes) + 1, dtype=np.int64)
        np.cumsum(sizes, out=offsets[1:])
        return cls(columns[0], offsets, columns[1], columns[2])

    def then(self, other: Words) -> Words:
        """These documents' words, then those of ``other``'s: as ``words_of`` gives them all."""
        return Words.join([self.ids, other.ids], [self.starts, other.starts],
                          [self.ends, other.ends],
                          [np.diff(self.offsets), np.diff(other.offsets)])


def span_type(texts: Sequence[str]) -> type[np.signedinteger]:
    """32-bit character offsets where every text allows: half the memory."""
    return np.int32 if max(map(len, texts), default=0) < 2**31 else np.int64


def words_of(texts: Sequence[str]) -> Words:
    """Every document's words with their spans (the scan gets them from its workers).

    Kept compact (32-bit spans where the values fit): at a million
    sentences the corpus has tens of millions of words.
    """
    known = Normalised()
    ids = Hashes()
    spans = span_type(texts)
    # One document's columns at a time, made compact before the next is read.
    hashed, starts, ends, counts = [], [], [], []
    for text in texts:
        first, last, norms = token_columns(text, known)
        hashed.append(np.fromiter(map(ids.__getitem__, norms), dtype=np.uint64,
                                  count=len(norms)))
        starts.append(first.astype(spans))
        ends.append(last.astype(spans))
        counts.append(len(norms))
    return Words.join(hashed, starts, ends, [np.array(counts, dtype=np.int64)])
