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
the same words; no sentence or window ends with a speaker label (a sentence
that is only ``NATO Spokesperson:``, which belongs to the turn after it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np
import numpy.typing as npt

from dedup.attribution import SPEAKER_LABEL
from dedup.jit import njit
from dedup.models import Sentence, Token, Unit
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
SENTENCE, WINDOW, FRAGMENT = range(len(KINDS))


ROW_COLUMNS = ("kind", "first", "last", "start", "end", "lo", "hi", "head", "tail")
"""The columns of ``unit_rows``: a ``UnitRow`` with the kind as its index in ``KINDS``."""

TABLE_COLUMNS = ("doc", *ROW_COLUMNS)
"""The columns of a ``UnitTable``: the document, then those of ``unit_rows``."""


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
    return [unit_tokens(doc, first_id + number, row) for number, row in enumerate(row_values(rows))]


def unit_tokens(doc: int, unit_id: int, row: UnitRow) -> UnitTokens:
    """The ``UnitTokens`` of one row of ``row_values``."""
    kind, first, last, start, end, lo, hi, head, tail = row
    unit = Unit(id=unit_id, doc=doc, kind=kind, first=first, last=last,  # type: ignore[arg-type]
                start=start, end=end)
    return UnitTokens(unit, lo, hi, head, tail)


def row_values(rows: npt.NDArray[np.int64]) -> list[UnitRow]:
    """The rows of ``unit_rows`` as plain values, the kind by name."""
    return [(KINDS[kind], first, last, start, end, lo, hi, bool(head), bool(tail))
            for kind, first, last, start, end, lo, hi, head, tail in rows.tolist()]


def unit_rows(
    text: str,
    sentences: Sequence[tuple[int, int]],
    starts: Sequence[int] | npt.NDArray[np.int64],
    ends: Sequence[int] | npt.NDArray[np.int64],
    *,
    min_words: int,
    max_window: int,
) -> npt.NDArray[np.int64]:
    """The units of one document, one row of ``ROW_COLUMNS`` each, in the order they are numbered.

    ``sentences`` are sorted ``(start, end)`` spans; ``starts`` and ``ends``
    are the offsets of the document's tokens. The order is: sentences, then
    windows of two sentences, of three ..., then fragments by sentence; a
    unit with the same words as an earlier one is left out. Built in one
    compiled pass (a document has a few hundred units, and a NumPy call
    per step cost more than the steps), in work and memory linear in the
    number of sentences and tokens.
    """
    spans = np.ascontiguousarray(np.asarray(sentences, dtype=np.int64).reshape(-1, 2))
    # Sorted: a quotation within another lies between the outer one's fragments.
    fragments = np.array(sorted((f.start, f.end) for q in extract(text) for f in q.fragments),
                         dtype=np.int64).reshape(-1, 2)
    labels = np.array([text.endswith(":", start, end) and _is_label(text, start, end)
                       for start, end in sentences], dtype=np.bool_)
    rows: npt.NDArray[np.int64] = _unit_rows(
        spans, labels, np.ascontiguousarray(starts, dtype=np.int64),
        np.ascontiguousarray(ends, dtype=np.int64), fragments, min_words, max_window)
    fragment_rows = np.flatnonzero(rows[:, 0] == FRAGMENT)
    for index in fragment_rows.tolist():  # a fragment takes the full stops after its last word
        end = int(rows[index, 4])
        while end < len(text) and text[end] in _FINAL_STOPS:
            end += 1
        rows[index, 4] = end
    return rows


def _is_label(text: str, start: int, end: int) -> bool:
    """Whether the sentence ``text[start:end]`` is a speaker label and nothing else."""
    match = SPEAKER_LABEL.match(text, start)
    return match is not None and match.end() == end


@njit()
def _unit_rows(spans, labels, starts, ends, fragments, min_words, max_window):  # type: ignore[no-untyped-def]
    """The rows of ``unit_rows`` before fragments take their full stops.

    Sentences, then windows of each size, then the part of each quotation
    fragment inside each sentence it overlaps, when shorter than that
    sentence (fragment by fragment, each by sentence: fragments and
    sentences are both sorted and never overlap among themselves). Rows of
    fewer than ``min_words`` tokens, or with the tokens of an earlier row,
    are left out, and so are those that end with a speaker label
    (``labels``): a label belongs to the turn after it, and a transcript
    repeats its labels after the same courtesies ("Thank you.").
    """
    count = len(spans)
    # Searches for one value at a time, and no tuple written into a row: each
    # other form of a NumPy call is compiled once more on the first scan.
    lo = np.empty(count, dtype=np.int64)
    hi = np.empty(count, dtype=np.int64)
    for sentence in range(count):
        lo[sentence] = np.searchsorted(starts, spans[sentence, 0])
        hi[sentence] = np.searchsorted(starts, spans[sentence, 1])
    sizes = range(1, max(1, max_window) + 1)
    # The sentences each fragment overlaps: [first, past).
    span_starts = spans[:, 0].copy()
    span_ends = spans[:, 1].copy()
    first_of = np.empty(len(fragments), dtype=np.int64)
    past_of = np.empty(len(fragments), dtype=np.int64)
    most = 0
    for fragment in range(len(fragments)):
        # The first sentence ending after the fragment's start (integers: ``side="right"``).
        first_of[fragment] = np.searchsorted(span_ends, fragments[fragment, 0] + 1)
        past_of[fragment] = np.searchsorted(span_starts, fragments[fragment, 1])
        most += max(0, past_of[fragment] - first_of[fragment])
    for size in sizes:
        most += max(0, count - size + 1)
    found = np.empty((most, 9), dtype=np.int64)
    made = 0
    for size in sizes:
        kind = WINDOW if size > 1 else SENTENCE
        for first in range(count - size + 1):
            last = first + size - 1
            if labels[last]:
                continue
            _set_row(found, made, kind, first, last, spans[first, 0], spans[last, 1], lo[first],
                     hi[last], 1, 1)
            made += 1
    for fragment in range(len(fragments)):
        for sentence in range(first_of[fragment], past_of[fragment]):
            s_lo, s_hi = lo[sentence], hi[sentence]
            quote_start = max(spans[sentence, 0], fragments[fragment, 0])
            quote_end = min(spans[sentence, 1], fragments[fragment, 1])
            piece_lo = min(max(np.searchsorted(starts, quote_start), s_lo), s_hi)
            piece_hi = min(max(np.searchsorted(starts, quote_end), s_lo), s_hi)
            if piece_hi - piece_lo >= s_hi - s_lo:
                continue
            # A fragment runs from its first word to its last.
            start = starts[min(piece_lo, len(starts) - 1)] if len(starts) else piece_lo
            end = ends[max(piece_hi - 1, 0)] if len(ends) else piece_hi
            _set_row(found, made, FRAGMENT, sentence, sentence, start, end, piece_lo, piece_hi,
                     int(piece_lo == s_lo), int(piece_hi == s_hi))
            made += 1
    found = found[:made]
    # Keep the first unit of each stretch of tokens: the first of each key in a stable sort.
    keys = np.empty(made, dtype=np.int64)
    for row in range(made):  # a loop, not an array expression (which compiles a kernel)
        keys[row] = found[row, 5] * (len(starts) + 1) + found[row, 6]
    keep = np.zeros(made, dtype=np.bool_)
    previous = -1
    for index in np.argsort(keys, kind="mergesort"):
        if keys[index] != previous and found[index, 6] - found[index, 5] >= min_words:
            keep[index] = True
        previous = keys[index]
    return found[keep]


@njit(inline="always")
def _set_row(found, row, kind, first, last, start, end, lo, hi, head, tail):  # type: ignore[no-untyped-def]
    """Write one row of ``_unit_rows``."""
    found[row, 0], found[row, 1], found[row, 2], found[row, 3] = kind, first, last, start
    found[row, 4], found[row, 5], found[row, 6] = end, lo, hi
    found[row, 7], found[row, 8] = head, tail
