"""The stage's entry points (``find_passages``, ``passages_of``), its parameters, ``Passage``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from dedup.passages.runs import by_diagonal, join_runs, passage_table
from dedup.passages.seeds import seed_hits
from dedup.passages.words import Hits, Words, words_of

SEED_WORDS = 4
"""Words per seed: shorter seeds find more rewrites, and more chance hits."""
GAP_WORDS = 8
"""Most words between two hits of one passage, on either side."""
MIN_WORDS = 8
"""Fewest words a passage's seeds cover."""
MIN_DENSITY = 0.7
"""Least share of the passage's longer side that its seeds cover."""
MAX_COPIES = 16
"""Most documents a seed may occur in and still count as evidence."""


@dataclass(frozen=True)
class Passage:
    """Words document ``first`` shares with document ``second``, as the seed hits found them.

    ``hits`` rows are ordered by their position in ``first``; columns: in
    ``first``, the seed's first word, the word after its last, its character
    start and end; then the same four in ``second``.
    """

    first: int
    second: int
    hits: Hits
    words: int
    """Words of ``first`` the seeds cover."""


def find_passages(
    texts: Sequence[str],
    *,
    seed_words: int = SEED_WORDS,
    gap_words: int = GAP_WORDS,
    min_words: int = MIN_WORDS,
    min_density: float = MIN_DENSITY,
    max_copies: int = MAX_COPIES,
) -> list[Passage]:
    """The passages that pairs of ``texts`` share (see the module docstring).

    Example:
        >>> a = "The court heard the lorry was stopped on the M6 for a check."
        >>> b = "Yesterday the lorry was stopped on the M6 near Birmingham."
        >>> [(p.first, p.second, p.words) for p in find_passages([a, b], min_words=6)]
        [(0, 1, 7)]

    """
    return passages_of(words_of(texts), seed_words=seed_words, gap_words=gap_words,
                       min_words=min_words, min_density=min_density, max_copies=max_copies)


def passages_of(
    words: Words,
    *,
    seed_words: int = SEED_WORDS,
    gap_words: int = GAP_WORDS,
    min_words: int = MIN_WORDS,
    min_density: float = MIN_DENSITY,
    max_copies: int = MAX_COPIES,
    jobs: int = 1,
) -> list[Passage]:
    """:func:`find_passages` over words already found (as the scan's workers find them).

    ``jobs`` threads find the repeated seeds; the passages are the same for any number.
    """
    hits = seed_hits(words, seed_words, max_copies, jobs)
    if not len(hits[0]):
        return []
    columns = list(hits)
    del hits  # the columns are let go as they are used (``by_diagonal`` empties the list)
    doc_a, doc_b, a, b = by_diagonal(words, columns)
    # Hit and run numbers as int32 where they fit, like the word numbers: half the memory.
    index = np.empty(0, dtype=np.int32 if len(a) < 2**31 else np.int64)
    passage, kept = join_runs(doc_a, doc_b, a, b, seed_words, gap_words, min_words,
                              min_density, index)
    table, bounds, firsts, seconds, covered = passage_table(
        passage, kept, doc_a, doc_b, a, b, words.offsets, words.starts, words.ends, seed_words)
    del passage, doc_a, doc_b, a, b
    return [Passage(first, second, table[lo:hi], words_covered)
            for first, second, lo, hi, words_covered in zip(
                firsts.tolist(), seconds.tolist(), bounds[:-1].tolist(), bounds[1:].tolist(),
                covered.tolist(), strict=True)]


def covered_words(lo: npt.NDArray[np.int64], hi: npt.NDArray[np.int64]) -> int:
    """Words inside the union of the word ranges ``[lo, hi)`` (sorted by ``lo``)."""
    if not len(lo):
        return 0
    reach = np.maximum.accumulate(hi)
    previous = np.concatenate([[lo[0]], reach[:-1]])
    return int(np.sum(np.maximum(0, hi - np.maximum(lo, previous))))
