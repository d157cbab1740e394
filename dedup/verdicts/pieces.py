"""A quotation cut into pieces at its ellipses, and each piece located in the record.

In: a quotation's fragments and a ``Matcher`` over the references. Out:
``Piece``s (the words between ellipses, with their keys) and the parts of
the record each is found in (``locate_pieces``), among the turns a
speaker may have said them in; words two places hold equally well are
taken from the place that continues the quotation's other pieces, and a
record holding no more than a few of the words, where another holds
more, holds them by chance (``without_chance``). Also the shapes the
other modules pass on: ``Passage`` and ``Documents``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dedup.fidelity import spelling_key
from dedup.matching import MIN_PART, WINDOW, Allowed, Matcher, Part
from dedup.models import (
    Document,
    Edit,
    Token,
)
from dedup.quotes import Quotation
from dedup.shingle import tokenize

ELLIPSIS = re.compile(r"\[\s*(?:\.\s*){3}\]|\[\s*…\s*\]|(?:\.\s?){2}\.|…")
FOUND = ("verbatim", "cosmetic", "altered")
# What a platform writes after the ellipsis of a post it shows cut short.
_SEE_MORE = frozenset(
    {("more",), ("see", "more"), ("show", "more"), ("read", "more"), ("view", "more")}
    | {("continue", "reading"), ("show", "this", "thread")}
)
MIN_WORDS = 4
Documents = Sequence[Document] | Mapping[int, Document]
"""The documents, or the reference documents alone, by index: a verdict names its record's id."""


@dataclass(frozen=True)
class Piece:
    """Quoted words between marks and ellipses: ``text[start:end]``."""

    start: int
    end: int
    keys: tuple[str, ...]
    after_ellipsis: bool


def inserted(edits: Sequence[Edit]) -> int:
    """How many quoted words the record does not have (costly insertions)."""
    return sum(len(tokenize(edit.variant)) for edit in edits
               if edit.op == "insert" and not edit.cosmetic)


def on_record(
    text: str, quotation: Quotation, matcher: Matcher, furniture: Sequence[tuple[int, int]]
) -> bool:
    """Whether some of a quotation's own words are in a reference, whoever said them.

    As many as a quotation must have found not to be ``unsourced``:
    ``min(MIN_WORDS, its words)``.
    """
    pieces = cut_into_pieces(text, quotation, furniture)
    found = locate_pieces(quotation, pieces, matcher, lambda turn: True)
    words = sum(len(piece.keys) for piece in pieces)
    return sum(part.matched for _, part in found) >= min(MIN_WORDS, words)


def cut_into_pieces(
    text: str, quotation: Quotation, furniture: Sequence[tuple[int, int]] = ()
) -> list[Piece]:
    """The fragments of a quotation cut at their ellipses, with their words' keys.

    Hashtags and handles that end the quotation (``“... must be established
    #Bucha #NATO”``) are the post's tags, not quoted words; nor is the link
    a platform puts after the ellipsis where it cuts a long post (``“... until
    a few... See more``, ``mili…more``); nor are the page number and running
    header of a PDF's page break inside it (``furniture``, the document's).
    """
    pieces = []
    last = quotation.fragments[-1]
    for fragment in quotation.fragments:
        cuts = list(ELLIPSIS.finditer(text, fragment.start, fragment.end))
        starts = [(fragment.start, False)] + [(cut.end(), True) for cut in cuts]
        ends = [cut.start() for cut in cuts] + [fragment.end]
        through = [cut.end() for cut in cuts] + [fragment.end]  # with the ellipsis after
        pending = False
        for (low, cut_before), high, past in zip(starts, ends, through, strict=True):
            pending = pending or cut_before
            tokens = tokenize(text, low, high)
            if furniture and tokens:
                tokens = _outside(tokens, furniture)
            if fragment is last and high == fragment.end:
                while len(tokens) > 1 and text[tokens[-1].start - 1] in "#@":
                    tokens.pop()
                if cut_before and tokens and _see_more(text, quotation, tokens):
                    tokens = []  # the platform's link after the cut, not quoted
            if tokens:
                keys = tuple(spelling_key(t.norm) for t in tokens)
                # An ellipsis touching the last word stays with it: it may
                # cut that word ("... by the Russian mili…"), a trim.
                end = past if tokens[-1].end == high < past else tokens[-1].end
                pieces.append(Piece(tokens[0].start, end, keys, pending))
                pending = False
    return pieces


def _outside(tokens: list[Token], spans: Sequence[tuple[int, int]]) -> list[Token]:
    """The tokens that lie in none of the sorted ``spans``."""
    starts = [start for start, _ in spans]
    kept = []
    for token in tokens:
        at = bisect.bisect_right(starts, token.start) - 1
        if at < 0 or token.start >= spans[at][1]:
            kept.append(token)
    return kept


def _see_more(text: str, quotation: Quotation, tokens: Sequence[Token]) -> bool:
    """Whether the words after a quotation's last ellipsis are a platform's ``See more``.

    Only where no mark closes the quotation and nothing follows the words,
    as a platform prints it: ``… See more``, ``…more``; not the speaker's
    ``“We need to do… more.”``.
    """
    closing_mark = text[quotation.end : quotation.closes].strip()
    if closing_mark or text[tokens[-1].end : quotation.end].strip():
        return False
    return tuple(t.norm for t in tokens) in _SEE_MORE


@dataclass(frozen=True)
class Passage:
    """Consecutive parts that continue each other in one reference."""

    ref: int
    src_lo: int
    src_hi: int
    pieces: tuple[int, ...]


_CHANCE_WORDS = MIN_PART + 1
"""Most words of a quotation one record may hold by chance when another holds more."""


def without_chance(found: list[tuple[int, Part]]) -> list[tuple[int, Part]]:
    """The parts found, without the few words another record holds by chance.

    A leftover of a reworded quotation is looked up on its own, and three or
    four common words (``it was not``, ``for the jury``, ``there was a case
    where``) stand somewhere in a large record by chance: a record that holds
    no more than ``_CHANCE_WORDS`` of the quotation's words, where another
    holds more, is no source of them. Those words are the quotation's own
    (an insertion), not a passage spliced in from another story.
    """
    held: dict[int, int] = {}
    for _, part in found:
        held[part.ref] = held.get(part.ref, 0) + part.matched
    if len(held) < 2:
        return found
    most = max(held.values())
    return [(index, part) for index, part in found
            if not held[part.ref] <= _CHANCE_WORDS < most]


def locate_pieces(
    quotation: Quotation,
    pieces: Sequence[Piece],
    matcher: Matcher,
    allowed: Allowed,
    near: tuple[int, int] | None = None,
) -> list[tuple[int, Part]]:
    """Each piece's parts, by piece, found in the allowed turns (ties nearest ``near``).

    A piece an ellipsis cuts off that is not found on its own, too short to
    look up (``“I will … be specific”``) or with no chain that holds enough
    of it, is looked for word for word
    just after the words before the ellipsis were found, or just before
    the words after it.
    """
    by_piece: list[list[Part]] = []
    for piece in pieces:
        if quotation.short:
            parts = matcher.exact(piece.keys, allowed)
        else:
            parts = matcher.locate(piece.keys, allowed, near)
        previous = next((found[-1] for found in reversed(by_piece) if found), None)
        if (_by_chance(piece, parts) and previous is not None and piece.after_ellipsis
                and not _continues(previous, parts)):
            # Words after an ellipsis: the words it skips are few.
            parts = (matcher.exact_after(piece.keys, previous.ref, previous.src_hi, allowed)
                     or parts)
        by_piece.append(parts)
    for index in range(len(pieces) - 2, -1, -1):
        after, parts = by_piece[index + 1], by_piece[index]
        before = next((found[-1] for found in reversed(by_piece[:index]) if found), None)
        if (_by_chance(pieces[index], parts) and after and pieces[index + 1].after_ellipsis
                and not (parts and _precedes(parts[-1], after[0]))
                and not (before is not None and _continues(before, parts))):
            by_piece[index] = matcher.exact_before(pieces[index].keys, after[0].ref,
                                                   after[0].src_lo, allowed) or parts
    return [(index, part) for index, parts in enumerate(by_piece) for part in parts]


def _by_chance(piece: Piece, parts: Sequence[Part]) -> bool:
    """Whether a piece is not found, or found only as a few words that may stand anywhere.

    A piece of up to ``_CHANCE_WORDS`` words an ellipsis cuts off (``“When
    it comes … the different partners are able to provide”``) is located
    on its own at the first place its words stand in the record, which
    may be pages away from the rest of the quotation: the same words just
    before or after the piece beside it, across the ellipsis, are where
    they come from.
    """
    return not parts or len(piece.keys) <= _CHANCE_WORDS


def _precedes(part: Part, following: Part) -> bool:
    """Whether ``part`` ends within ``WINDOW`` words before ``following`` in its record."""
    return part.ref == following.ref and (
        following.src_lo - WINDOW <= part.src_hi <= following.src_lo)


def _continues(previous: Part, parts: Sequence[Part]) -> bool:
    """Whether ``parts`` start within ``WINDOW`` words after ``previous`` in its record."""
    return bool(parts) and parts[0].ref == previous.ref and (
        previous.src_hi <= parts[0].src_lo <= previous.src_hi + WINDOW)
