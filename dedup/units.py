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

from dedup.models import Fragment, Sentence, Token, Unit
from dedup.quotes import extract

# A unit ends after its last word and the full stops attached to it.
_FINAL_STOPS = frozenset(".!?…")


@dataclass(frozen=True)
class UnitTokens:
    """A unit with the slice of its document's tokens.

    Also where it sits in its sentences, to tell whether two units are adjacent.
    """

    unit: Unit
    token_start: int
    token_end: int
    starts_sentence: bool
    ends_sentence: bool


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
    starts = [token.start for token in tokens]
    ranges = [
        (bisect.bisect_left(starts, s.start), bisect.bisect_left(starts, s.end))
        for s in sentences
    ]
    found: list[UnitTokens] = []
    seen: set[tuple[int, int]] = set()

    def add(kind: str, first: int, last: int, lo: int, hi: int, head: bool, tail: bool) -> None:
        if hi - lo < min_words or (lo, hi) in seen:
            return
        seen.add((lo, hi))
        if kind == "fragment":
            start, end = tokens[lo].start, tokens[hi - 1].end
            while end < len(text) and text[end] in _FINAL_STOPS:
                end += 1
        else:
            start, end = sentences[first].start, sentences[last].end
        unit = Unit(
            id=first_id + len(found),
            doc=doc,
            kind=kind,  # type: ignore[arg-type]
            first=first,
            last=last,
            start=start,
            end=end,
        )
        found.append(UnitTokens(unit, lo, hi, head, tail))

    for index, (lo, hi) in enumerate(ranges):
        add("sentence", index, index, lo, hi, True, True)
    for size in range(2, max_window + 1):
        for index in range(len(ranges) - size + 1):
            add("window", index, index + size - 1, ranges[index][0], ranges[index + size - 1][1],
                True, True)
    fragments = [f for q in extract(text) for f in q.fragments]
    for index, sentence in enumerate(sentences):
        lo, hi = ranges[index]
        for quote_start, quote_end in _clipped(fragments, sentence.start, sentence.end):
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
