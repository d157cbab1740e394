"""``extract``: the pieces joined into ``Quotation`` s, and a short attribution's halves into one.

``“A”, he said, “B.”``: two pieces separated only by a short attribution
that does not end a sentence, the first broken off by a comma or dash,
are two fragments of one quotation; a quotation within of more than
``SHORT_WORDS`` words is a quotation of its own, and the words around it
the outer one's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from dedup import saying
from dedup.models import Fragment
from dedup.quotes.pieces import Piece, quoted_pieces, trimmed
from dedup.shingle import count_words, has_word

# An attribution between two fragments: few words, a verb of saying, and no
# sentence end or line break ("”, he said, “", "” Mr Smith added: “").
_ATTRIBUTION = re.compile(
    r"^[^\S\n]*[,;:–—-]?[^\S\n]*[^.!?\n“”\"«»„]{0,60}?\b"
    r"(?:said|says|say|told|tells|added|adds|continued|insisted|warned|stressed|noted|"
    rf"explained|argued|replied|went on|{saying.ACCORDING_TO}|{saying.VERBS})\b"
    r"[^.!?\n“”\"«»„]{0,40}?[,:;–—-][^\S\n]*$"
)
SHORT_WORDS = 2
"""A quotation of at most this many words is ``short``: matched exactly only."""


@dataclass(frozen=True)
class Quotation:
    """A quotation: its fragments and where its marks are.

    ``opens`` is the offset of the first opening mark (of the first fragment
    when the mark is missing); ``closes`` the offset just after the last
    closing mark (the end of the last fragment when it is missing).
    ``within``: the words of the quotations inside this one that are
    quotations of their own (``“Putin told me ‘we have no plans to
    invade’ and I believed him”``); the fragments leave them out, and
    ``marked`` are the fragments as the marks enclose them, those
    quotations and their marks included (empty when ``within`` is).
    """

    fragments: tuple[Fragment, ...]
    opens: int
    closes: int
    short: bool
    within: tuple[Fragment, ...] = ()
    marked: tuple[Fragment, ...] = ()

    def whole(self) -> Quotation:
        """The whole quotation: the quotations within it as its words again.

        Where the speaker's own words are on record, so are the words they
        quote: the record holds the whole quotation.
        """
        if not self.within:
            return self
        return Quotation(self.marked, self.opens, self.closes, False)

    @property
    def start(self) -> int:
        """Start of the first fragment."""
        return self.fragments[0].start

    @property
    def end(self) -> int:
        """End of the last fragment."""
        return self.fragments[-1].end


def extract(text: str) -> tuple[Quotation, ...]:
    """Return the quotations of ``text`` in text order.

    Example:
        >>> s = "“We would respond if he uses it”, he said, “The nature of the use.”"
        >>> [[s[f.start : f.end] for f in q.fragments] for q in extract(s)]
        [['We would respond if he uses it', 'The nature of the use.']]

    """
    text = lf_line_breaks(text)
    return tuple(_join(text, quoted_pieces(text)))


_LONE_CR = re.compile("\r(?!\n)")


_BLANKS = re.compile(r"[^\S\n]{2,}")


def closed_blanks(text: str) -> str:
    """``text`` with each run of spaces and tabs as one space.

    What is looked for within a few characters (an attribution between two
    fragments, a speaker after a quotation) is counted in characters; the
    blanks a caption file's cue numbers and timing lines leave between its
    words (:mod:`dedup.ingest.captions`) are no distance in the text.
    """
    return _BLANKS.sub(" ", text) if "  " in text or "\t" in text else text


def lf_line_breaks(text: str) -> str:
    r"""``text`` with each lone carriage return (old Mac line ends) made a line feed.

    The patterns that find paragraphs, and speaker labels, look for "\n" (a
    CRLF has one too); one character for another, so every offset into the
    result is the same offset into ``text``.
    """
    return _LONE_CR.sub("\n", text) if "\r" in text else text


def _ends_sentence(text: str, end: int) -> bool:
    """Whether a fragment ending at ``end`` ends its sentence (``.``, ``!``, ``?``; no ellipsis).

    ``“We will act now.” Scholz told reporters: “...”`` is two quotations,
    however the next one is attributed; an attribution splits one sentence.
    """
    return text[end - 1 : end] in ("!", "?") or (
        text[end - 1 : end] == "." and text[end - 3 : end] != "..."
    )


def _breaks_off(text: str, end: int, between: str) -> bool:
    """Whether a fragment ending at ``end`` breaks off for an attribution: a comma or dash.

    ``“A,” he said, “B”`` and ``“A”, he said, “B”`` are one quotation;
    ``called them “cowards” and said: “B”`` is a word quoted, then a quotation.
    """
    return text[end - 1 : end] in _BREAK_OFF or between.lstrip()[:1] in _BREAK_OFF


_BREAK_OFF = frozenset(",;:–—-")


def _join(text: str, pieces: Sequence[Piece]) -> list[Quotation]:
    """Join continued paragraphs and attribution-split fragments into quotations."""
    quotations: list[list[Piece]] = []
    for piece in pieces:
        if quotations:
            previous = quotations[-1][-1]
            between = text[previous.closes : piece.opens]
            split = (
                previous.closed
                and piece.opened
                and previous.closes <= piece.opens
                and not _ends_sentence(text, previous.end)
                and _breaks_off(text, previous.end, between)
                and _ATTRIBUTION.match(closed_blanks(between)) is not None
            )
            if piece.continues or split:
                quotations[-1].append(piece)
                continue
        quotations.append([piece])
    result = []
    for group in quotations:
        spans: list[tuple[int, int]] = []
        within: list[Quotation] = []
        for piece in group:
            spans += _around_quoted(text, piece, within)
        if spans:
            words = count_words(text, spans, most=SHORT_WORDS + 1)
            marked = tuple(Fragment(p.start, p.end) for p in group) if within else ()
            result.append(Quotation(
                tuple(Fragment(s, e) for s, e in spans), group[0].opens, group[-1].closes,
                words <= SHORT_WORDS, tuple(q.fragments[0] for q in within), marked))
        result += within
    result.sort(key=lambda quotation: quotation.start)
    return result


def _around_quoted(text: str, piece: Piece, quoted: list[Quotation]) -> list[tuple[int, int]]:
    """The spans of ``piece`` outside the quotations within it of more than ``SHORT_WORDS`` words.

    Each of those is appended to ``quoted``, a quotation of its own.
    """
    spans = []
    start = piece.start
    for opens, words_start, words_end, closes in piece.within:
        low, high = trimmed(text, words_start, words_end)
        if count_words(text, [(low, high)], most=SHORT_WORDS + 1) <= SHORT_WORDS:
            continue
        quoted.append(Quotation((Fragment(low, high),), opens, closes, False))
        spans.append(trimmed(text, start, opens))
        start = closes
    spans.append(trimmed(text, start, piece.end))
    return [(low, high) for low, high in spans if has_word(text, low, high)]
