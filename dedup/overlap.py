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

Always holds: the figures depend only on the documents' words and roles
(words and pairs are keyed by the passages stage's 64-bit hash of a run of
words, so two are taken for one only if 64 bits collide); the work is two
passes over the corpus's words with a hash set (numba), nothing when the
scan has no reference document.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from dedup.jit import njit
from dedup.models import Document, Overlap
from dedup.passages import Words, run_key


def reference_overlap(words: Words, documents: Sequence[Document]) -> dict[str, Overlap]:
    """The ``Overlap`` of each media document (by id) with all reference documents.

    ``words`` are the documents' words, in order. Empty when no document is
    a reference. A document without words (or with one word, for
    ``word_pairs``) has the figure 0.0.

    Example:
        >>> from dedup.passages import words_of
        >>> docs = [Document("d1", "pa.txt", "The jury was told he had no licence.", "reference"),
        ...         Document("d2", "news.txt", "He told the jury he had a licence.")]
        >>> found = reference_overlap(words_of([doc.text for doc in docs]), docs)
        >>> found["d2"].words, found["d2"].word_pairs
        (0.875, 0.2857)

    """
    is_reference = np.array([doc.role == "reference" for doc in documents], dtype=np.bool_)
    if not is_reference.any():
        return {}
    word_hits, pair_hits = (hits.tolist() for hits in _hits(words.ids, words.offsets,
                                                             is_reference))
    sizes: list[int] = np.diff(words.offsets).tolist()
    return {
        doc.id: Overlap(_share(word_hits[index], size), _share(pair_hits[index], size - 1))
        for index, (doc, size) in enumerate(zip(documents, sizes, strict=True))
        if not is_reference[index]
    }


@njit()
def _hits(ids, offsets, is_reference):  # type: ignore[no-untyped-def]
    """Per document: its words, and its pairs of consecutive words, found in the references.

    One pass over the references fills a hash set (open addressing) of
    their words, then one of their pairs; one pass over the other documents
    looks their words and pairs up. Linear in the corpus's words (NumPy's
    ``isin`` sorts: 10 s for 20 million words).
    """
    documents = len(offsets) - 1
    word_hits = np.zeros(documents, dtype=np.int64)
    pair_hits = np.zeros(documents, dtype=np.int64)
    held = 0
    for doc in range(documents):
        if is_reference[doc]:
            held += offsets[doc + 1] - offsets[doc]
    bits = 1
    while (1 << bits) < 2 * held:  # at most half full
        bits += 1
    for size in (1, 2):  # words, then pairs
        keys = np.zeros(1 << bits, dtype=np.uint64)
        filled = np.zeros(1 << bits, dtype=np.bool_)
        for doc in range(documents):
            if is_reference[doc]:
                for start in range(offsets[doc], offsets[doc + 1] - size + 1):
                    key = run_key(ids, start, size)
                    slot = _slot(keys, filled, key)
                    keys[slot], filled[slot] = key, True
        hits = word_hits if size == 1 else pair_hits
        for doc in range(documents):
            if not is_reference[doc]:
                for start in range(offsets[doc], offsets[doc + 1] - size + 1):
                    hits[doc] += filled[_slot(keys, filled, run_key(ids, start, size))]
    return word_hits, pair_hits


@njit()
def _slot(keys, filled, key):  # type: ignore[no-untyped-def]
    """Where ``key`` is in the set, or the empty slot it would take (linear probing)."""
    mask = np.uint64(len(keys) - 1)
    slot = key & mask
    while filled[slot] and keys[slot] != key:
        slot = (slot + np.uint64(1)) & mask
    return slot


def _share(hits: int, total: int) -> float:
    """``hits / total`` rounded as the report's other figures are; 0.0 when there is none."""
    return round(hits / total, 4) if total > 0 else 0.0
