"""Words of every document -> how much of each media document's wording the references hold.

Passages and clusters show reuse that runs on for several words. A rewrite
that keeps the source's words but not their order (``Maurice Travis, 19, was
jailed for life ... for stabbing Alan Averall`` from ``Maurice Travis, who was
18 at the time, was today jailed for life after he admitted murdering Alan
Averall``) leaves no such run, yet most of its words, and many of its pairs
of consecutive words, are the source's. Word n-gram containment is the
measure the text-reuse literature uses for this (Broder 1997; Clough et al.,
*Measuring Text Reuse*, ACL 2002); this stage gives, for each media document
of a scan that has reference documents:

- ``words``: the share of its words (normalised, every occurrence counted)
  found anywhere in the reference documents;
- ``word_pairs``: the share of its pairs of consecutive words found as
  consecutive words in some reference document.

A pair never spans two documents. Every English text shares some words with
any other, so the figures are to be read against each other, not as a
verdict: an article that repeats a press release word for word has both near
1, one on the same story written independently shares many of its words and
few of its pairs.

Always holds: the figures depend only on the documents' words and roles;
work is sorting the corpus's words and pairs once (NumPy), nothing when the
scan has no reference document.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from dedup.models import Overlap, Role
from dedup.passages import Words

_PAIR_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
"""Odd 64-bit constant (the golden ratio's): ``first * it + second`` keys a pair of word ids."""


def reference_overlap(words: Words, roles: Sequence[Role]) -> dict[int, Overlap]:
    """The ``Overlap`` of each media document (by number) with all reference documents.

    Empty when no document is a reference. A document without words (or
    with one word, for ``word_pairs``) has the figure 0.0.

    Example:
        >>> from dedup.passages import words_of
        >>> texts = ["The jury was told he had no licence.", "He told the jury he had a licence."]
        >>> found = reference_overlap(words_of(texts), ["reference", "media"])
        >>> found[1].words, found[1].word_pairs
        (0.875, 0.2857)

    """
    is_reference = np.array([role == "reference" for role in roles], dtype=bool)
    if not is_reference.any():
        return {}
    offsets = words.offsets
    counts = np.diff(offsets)
    doc = np.repeat(np.arange(len(counts)), counts)
    from_reference = is_reference[doc]
    found_words = np.isin(words.ids, np.unique(words.ids[from_reference]))
    # Pair i is words i and i + 1, when both are in one document.
    with np.errstate(over="ignore"):
        pairs = words.ids[:-1] * _PAIR_MULTIPLIER + words.ids[1:]
    inside = doc[:-1] == doc[1:]
    found_pairs = np.isin(pairs, np.unique(pairs[inside & from_reference[:-1]])) & inside
    word_hits = _per_document(found_words, offsets)
    pair_hits = _per_document(np.append(found_pairs, False), offsets)
    sizes: list[int] = counts.tolist()
    return {
        index: Overlap(_share(word_hits[index], size), _share(pair_hits[index], size - 1))
        for index, size in enumerate(sizes) if not is_reference[index]
    }


def _per_document(flags: npt.NDArray[np.bool_], offsets: npt.NDArray[np.int64]) -> list[int]:
    """How many of each document's ``flags`` are set (``offsets`` as in ``Words``)."""
    running = np.zeros(len(flags) + 1, dtype=np.int64)
    np.cumsum(flags, out=running[1:])
    hits: list[int] = (running[offsets[1:]] - running[offsets[:-1]]).tolist()
    return hits


def _share(hits: int, total: int) -> float:
    """``hits / total`` rounded as the report's other figures are; 0.0 when there is none."""
    return round(hits / total, 4) if total > 0 else 0.0
