"""Sentences and tokens -> the units that are indexed for matching.

Jaccard similarity cannot see a short passage inside a longer one, so besides
each sentence dedup indexes the stretches that make containment visible:

* ``window``: two to ``max_window`` adjacent sentences, so that a news
  sentence that joins three transcript lines meets them as one unit;
* ``fragment``: the pieces of a sentence inside a quotation
  (:func:`dedup.quotes.extract`), so that a quotation inside a sentence of
  reporting meets its source sentence.

Always holds: every unit lies inside one document and covers whole tokens;
a sentence or window spans its sentences exactly as segmented, a fragment
runs from its first word to its last (and the ``.!?…`` attached to it);
a unit has at least ``min_words`` tokens; no two units of a document cover
the same words.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np
import numpy.typing as npt

from dedup.models import Fragment, Sentence, Token, Unit
from dedup.quotes import extract

# A unit ends after its last word and the full stops attached to it.
_FINAL_STOPS = frozenset(".!?…")


@dataclass(frozen=True, slots=True)
class UnitTokens:
    """A unit with the slice of its document's tokens.

    Also where it sits in its sentences, to tell whether two units are adjacent.
    """

    unit: Unit
    token_start: int
    token_end: int
    starts_sentence: bool
    ends_sentence: bool


KINDS = ("sentence", "window", "fragment")
"""Unit kinds, numbered in ``UnitTable`` columns by their place here."""


class UnitTable(Sequence[UnitTokens]):
    """Units kept as one row of integers each, made into ``UnitTokens`` when read.

    Columns: doc, kind (index in ``KINDS``), first, last, start, end, token
    start, token end, starts sentence, ends sentence; row ``i`` is unit
    ``i``. A unit read once is kept, so reading it again gives the same object.
    """

    def __init__(self, rows: npt.NDArray[np.int32]) -> None:
        self.rows = rows
        self._made: dict[int, UnitTokens] = {}

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> UnitTokens: ...

    @overload
    def __getitem__(self, index: slice) -> list[UnitTokens]: ...

    def __getitem__(self, index: int | slice) -> UnitTokens | list[UnitTokens]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        made = self._made.get(index)
        if made is None:
            made = self._made[index] = unit_of_row(index, self.rows[index].tolist())
        return made


def unit_of_row(unit_id: int, row: Sequence[int]) -> UnitTokens:
    """The ``UnitTokens`` of one ``UnitTable`` row (a list of its ten integers)."""
    doc, kind, first, last, start, end, lo, hi, head, tail = row
    return unit_tokens(doc, unit_id,
                       (KINDS[kind], first, last, start, end, lo, hi, bool(head), bool(tail)))


UnitRow = tuple[str, int, int, int, int, int, int, bool, bool]
"""A unit as plain values: kind, first and last sentence, start, end, token
start and end, whether it starts and ends its sentences (see ``UnitTokens``)."""


def build_units(
    doc: int,
    text: str,
    sentences: Sequence[Sentence],
    tokens: Sequence[Token],
    *,
    min_words: int,
    max_window: int,
    first_id: int = 0,
) -> list[UnitTokens]:
    """Return the units of one document, numbered from ``first_id``.

    Example:
        >>> from dedup.shingle import tokenize
        >>> text = "We now see troops leave Kyiv. To regroup, rearm and resupply."
        >>> sentences = [Sentence(0, 0, 0, 29), Sentence(0, 1, 30, 62)]
        >>> units = build_units(0, text, sentences, tokenize(text), min_words=4, max_window=2)
        >>> [u.unit.kind for u in units]
        ['sentence', 'sentence', 'window']

    """
    rows = unit_rows(text, [(s.start, s.end) for s in sentences],
                     [t.start for t in tokens], [t.end for t in tokens],
                     min_words=min_words, max_window=max_window)
    return [unit_tokens(doc, first_id + number, row) for number, row in enumerate(rows)]


def unit_tokens(doc: int, unit_id: int, row: UnitRow) -> UnitTokens:
    """The ``UnitTokens`` of one row of ``unit_rows``."""
    kind, first, last, start, end, lo, hi, head, tail = row
    unit = Unit(id=unit_id, doc=doc, kind=kind, first=first, last=last,  # type: ignore[arg-type]
                start=start, end=end)
    return UnitTokens(unit, lo, hi, head, tail)


def unit_rows(
    text: str,
    sentences: Sequence[tuple[int, int]],
    starts: Sequence[int],
    ends: Sequence[int],
    *,
    min_words: int,
    max_window: int,
) -> list[UnitRow]:
    """The units of one document as plain rows, in the order ``build_units`` numbers them.

    ``sentences`` are ``(start, end)`` spans; ``starts`` and ``ends`` are the
    offsets of the document's tokens.
    """
    ranges = [
        (bisect.bisect_left(starts, start), bisect.bisect_left(starts, end))
        for start, end in sentences
    ]
    found: list[UnitRow] = []
    seen: set[tuple[int, int]] = set()

    def add(kind: str, first: int, last: int, lo: int, hi: int, head: bool, tail: bool) -> None:
        if hi - lo < min_words or (lo, hi) in seen:
            return
        seen.add((lo, hi))
        if kind == "fragment":
            start, end = starts[lo], ends[hi - 1]
            while end < len(text) and text[end] in _FINAL_STOPS:
                end += 1
        else:
            start, end = sentences[first][0], sentences[last][1]
        found.append((kind, first, last, start, end, lo, hi, head, tail))

    for index, (lo, hi) in enumerate(ranges):
        add("sentence", index, index, lo, hi, True, True)
    for size in range(2, max_window + 1):
        for index in range(len(ranges) - size + 1):
            add("window", index, index + size - 1, ranges[index][0], ranges[index + size - 1][1],
                True, True)
    fragments = [f for q in extract(text) for f in q.fragments]
    for index, (sentence_start, sentence_end) in enumerate(sentences):
        lo, hi = ranges[index]
        for quote_start, quote_end in _clipped(fragments, sentence_start, sentence_end):
            piece_lo = bisect.bisect_left(starts, quote_start, lo, hi)
            piece_hi = bisect.bisect_left(starts, quote_end, lo, hi)
            if piece_hi - piece_lo < hi - lo:
                add("fragment", index, index, piece_lo, piece_hi, piece_lo == lo, piece_hi == hi)
    return found


def _clipped(fragments: Sequence[Fragment], start: int, end: int) -> list[tuple[int, int]]:
    """The parts of the quotation fragments that lie inside ``[start, end)``."""
    at = bisect.bisect_right([f.end for f in fragments], start)
    spans = []
    for fragment in fragments[at:]:
        if fragment.start >= end:
            break
        spans.append((max(start, fragment.start), min(end, fragment.end)))
    return spans
