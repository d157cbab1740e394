"""Media text -> the quotations in it, with exact character spans.

In: a document's text. Out: a tuple of :class:`Quotation`, each one or more
fragments (the quoted words between the marks, whitespace-trimmed), in text
order. Read over the whole text, mark by mark:

* Marks: straight and curly double quotes, ``„ “``, guillemets ``« »`` (either
  way round), ``‟`` and ``″`` (a double prime typed for a closing mark),
  press-agency ````...''``, and single marks ``‘ ’`` and ``'`` used as
  quotation marks (British style). A single mark between letters
  (``NATO’s``, ``don't``) is an apostrophe, and so is a straight one that
  opens an elision (``rock 'n' roll``, ``the '60s``) or ends a plural's
  possessive (``the nurses' union``) inside a quotation the next straight
  mark of the paragraph closes; a ``’`` or a straight mark that closes
  closes only a single quotation, and a straight one that neither opens
  nor closes by its surroundings is no mark. Inside a double quotation,
  single marks are a quotation within it (and the other way round, but
  for a double mark that closes with none opened inside: it closes a
  mismatched pair, ``'A," he said``). A quotation within of more than
  ``SHORT_WORDS`` words is someone else's words that the speaker repeats
  (``“Putin told me ‘we have no plans to invade’ and I believed him”``):
  it is a quotation of its own, and the words around it, without its
  marks, are the outer quotation's. A shorter one (``“they called it
  ‘honoured’”``) stays in the outer quotation's words.
* A mark opens or closes by its surroundings first (space before and a word
  after opens), since writers and OCR mix up the glyphs (``justice,“ he
  said`` closes); by its glyph when the surroundings say nothing; a straight
  ``"`` that says nothing either way toggles.
* A PDF's page break (the page's number, a form feed, the next page's
  running header: :func:`dedup.layout.page_furniture`) and the blank lines
  around it end no paragraph, unless the page's last line does (a sentence
  end) or the next page opens with a mark: a quotation runs on across it.
* A quotation still open at the end of a paragraph stops there; when the
  next paragraph opens with a mark, it is the news convention for a
  quotation running over several paragraphs and both are fragments of one
  quotation. Otherwise the unclosed mark was stray.
* An opening mark while a quotation is open in the same paragraph: the
  earlier mark was never closed; its quotation ends at the last sentence
  end before the new mark.
* A closing mark with nothing open closes a quotation whose opening mark is
  missing (a snippet cut mid-quote): it runs from the start of its sentence.
* ``“A”, he said, “B.”``: two quotations separated only by a short
  attribution that does not end a sentence, the first broken off by a
  comma or dash, are two fragments of one (``called it “A” and said:
  “B”`` is two quotations).

Always holds: fragments never overlap, lie inside one paragraph and are in
text order; every fragment has a word; a stray or odd mark never makes a
quotation run past its paragraph. A quotation of one or two words (a scare
quote, ``“honoured”``) is ``short``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from dedup import saying
from dedup.layout import page_furniture
from dedup.models import Fragment
from dedup.shingle import count_words, has_word

# Every mark a literal branch (not a ``[...]`` class): then the regex engine
# skips to the next mark's first character itself (about three times faster).
# ‹ › are French and Swiss single marks, ‚ ‘ German ones, 「 」 and 『 』
# (within them) the Chinese and Japanese ones.
_MARK = re.compile("|".join(["``", "''", *map(re.escape, "\"“”„‟«»″‘’'‹›‚「」『』")]))
_OPENING_GLYPHS = frozenset({"“", "„", "«", "‘", "``", "‹", "‚", "「", "『"})
_CLOSING_GLYPHS = frozenset({"”", "»", "’", "''", "″", "›", "」", "』"})
_SINGLE = frozenset({"‘", "’", "'", "‹", "›", "‚", "『", "』"})
_CURLY_DOUBLE = frozenset({"“", "„", "«"})
_SPACE_BEFORE_OPENING = frozenset(" \t\n\r([{—–-/:")
_SENTENCE_END = frozenset(".!?…")
_PUNCTUATION_AFTER_CLOSING = frozenset(",.;:!?)]}…")
# A paragraph ends at a blank line, or at a line break after a sentence end
# or closing mark, or before a line that opens with a quotation mark. A line
# break inside a sentence (hard-wrapped text) does not end one.
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
# (The end is matched with the line break, not looked behind for: the same
# breaks, found three times faster.)
_LINE_AFTER_END = re.compile(r"[.!?…:”\"’»″›」』。！？][ \t\r]*\n")
_LINE_BEFORE_MARK = re.compile(r"\n(?=[ \t]*[\"“„«‘‹「『])")
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


@dataclass
class _Open:
    """The quotation being read: where its words start and how it opened."""

    mark: int
    words: int
    single: bool
    continues: bool


@dataclass(frozen=True)
class _Piece:
    """One fragment as found, before fragments are joined into quotations.

    ``within``: the quotations closed inside it, each ``(opening mark,
    words start, words end, end of closing mark)``.
    """

    start: int
    end: int
    opens: int
    closes: int
    opened: bool
    closed: bool
    continues: bool
    within: tuple[tuple[int, int, int, int], ...] = ()


def extract(text: str) -> tuple[Quotation, ...]:
    """Return the quotations of ``text`` in text order.

    Example:
        >>> s = "“We would respond if he uses it”, he said, “The nature of the use.”"
        >>> [[s[f.start : f.end] for f in q.fragments] for q in extract(s)]
        [['We would respond if he uses it', 'The nature of the use.']]

    """
    text = lf_line_breaks(text)
    return tuple(_join(text, _pieces(text)))


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


def _paragraph_breaks(text: str) -> list[int]:
    """Offsets of the line breaks that end a paragraph, sorted."""
    breaks = {m.start() for m in _BLANK_LINE.finditer(text)}
    breaks.update(m.end() - 1 for m in _LINE_AFTER_END.finditer(text))
    breaks.update(m.start() for m in _LINE_BEFORE_MARK.finditer(text))
    for low, high in _page_seams(text):
        # A page break is a line break: the blank lines around its furniture
        # end no paragraph, but the page's last line may.
        breaks.difference_update(range(low, high))
        first = text.find("\n", low, high)
        if first >= 0 and (text[low - 1] in _SEAM_ENDS or text[high] in _SEAM_OPENINGS):
            breaks.add(first)
    return sorted(breaks)


# What ends a paragraph's last line, and opens the next paragraph's first,
# as ``_LINE_AFTER_END`` and ``_LINE_BEFORE_MARK`` have them.
_SEAM_ENDS = frozenset(".!?…:”\"’»″›」』。！？")
_SEAM_OPENINGS = frozenset("\"“„«‘‹「『")


def _page_seams(text: str) -> list[tuple[int, int]]:
    """The stretches between two lines of words that hold only page furniture and spaces.

    Each runs from the end of the words before the furniture to the start
    of the words after it (:func:`dedup.layout.page_furniture`); furniture
    that opens or ends the text makes none.
    """
    seams = []
    furniture = page_furniture(text)
    index = 0
    while index < len(furniture):
        low, high = furniture[index]
        while low > 0 and text[low - 1].isspace():
            low -= 1
        while True:
            while high < len(text) and text[high].isspace():
                high += 1
            if index + 1 < len(furniture) and furniture[index + 1][0] == high:
                index += 1
                high = furniture[index][1]
                continue
            break
        if low > 0 and high < len(text):
            seams.append((low, high))
        index += 1
    return seams


def _break_between(breaks: Sequence[int], low: int, high: int) -> int | None:
    """The first paragraph break in ``[low, high)``, or None."""
    at = bisect.bisect_left(breaks, low)
    return breaks[at] if at < len(breaks) and breaks[at] < high else None


def _is_opening(text: str, at: int, mark: str) -> bool | None:
    """Whether the mark at ``at`` opens (True) or closes (False); None when unclear."""
    before = text[at - 1] if at > 0 else " "
    after = text[at + len(mark)] if at + len(mark) < len(text) else " "
    # An opening mark is followed by the words it quotes, never by a comma or a
    # full stop: French puts a space before the closing mark too ("agir », a dit").
    opens = (before in _SPACE_BEFORE_OPENING and not after.isspace()
             and after not in _PUNCTUATION_AFTER_CLOSING)
    closes = not before.isspace() and (after.isspace() or not after.isalnum())
    if opens != closes:
        return opens
    if mark in _OPENING_GLYPHS:
        return True
    if mark in _CLOSING_GLYPHS:
        return False
    return None


def _is_apostrophe(text: str, at: int) -> bool:
    """A ``’`` or ``‘`` between two letters or digits (``NATO’s``, ``rock’n’roll``)."""
    return 0 < at < len(text) - 1 and text[at - 1].isalnum() and text[at + 1].isalnum()


# Words that open with an apostrophe ("rock 'n' roll", "rock 'n roll", "'em",
# "the '60s").
_ELISION = re.compile(r"'(?:n'|n\b|em\b|til\b|cause\b|tis\b|\d\ds\b)", re.IGNORECASE)


def _is_straight_apostrophe(text: str, at: int, breaks: Sequence[int]) -> bool:
    """Whether the straight mark at ``at`` is an apostrophe that is not between two letters.

    An elision (``'n'``, ``'em``, ``'60s``), or a plural's possessive
    (``the nurses' union``) when the next straight mark of the paragraph
    closes too: ``'The nurses' union is right,' she said`` closes at the
    second mark; ``called them 'idiots' and said: 'go'`` at the first.
    """
    if _ELISION.match(text, at) or (at and _ELISION.match(text, at - 2)
                                     and text[at - 2] == "'"):
        return True
    if text[max(0, at - 3) : at].casefold() == "'n " and text[at + 1 : at + 2].isalpha():
        return True  # "rock 'n 'roll", as a paper may spell it
    if not (text[at - 1 : at] in ("s", "S") and text[at + 1 : at + 2] == " "
            and text[at + 2 : at + 3].isalpha()):
        return False
    paragraph_end = _break_between(breaks, at, len(text))
    end = len(text) if paragraph_end is None else paragraph_end
    for match in re.finditer("'", text[at + 1 : end]):
        later = at + 1 + match.start()
        if not _is_apostrophe(text, later):
            return _is_opening(text, later, "'") is False
    return False


def _pieces(text: str) -> list[_Piece]:
    """Read the marks of ``text`` and return the fragments they enclose."""
    breaks = _paragraph_breaks(text)
    pieces: list[_Piece] = []
    current: _Open | None = None
    inner_open = False  # a straight quotation open inside a curly one, a double in a single
    last_mark_end = 0
    # The quotations inside the open one: where the one open now opened
    # (its mark and its words), and each closed one.
    inner_at: tuple[int, int] | None = None
    within: list[tuple[int, int, int, int]] = []

    def close(end: int, closes: int, closed: bool) -> None:
        nonlocal current, inner_at
        assert current is not None
        _add(text, pieces, current.words, end, current.mark, closes, True, closed,
             current.continues, tuple(w for w in within if w[3] <= end))
        current, inner_at = None, None
        within.clear()

    def inner_mark(opening: bool, at: int, after: int) -> None:
        """Note a mark of a quotation inside the open one, opening or closing."""
        nonlocal inner_at
        if opening:
            inner_at = (at, after)
        elif inner_at is not None:
            within.append((inner_at[0], inner_at[1], at, after))
            inner_at = None

    for match in _MARK.finditer(text):
        mark, at = match.group(), match.start()
        single = mark in _SINGLE
        if single and _is_apostrophe(text, at):
            continue
        continues = False
        if current is not None:
            paragraph_end = _break_between(breaks, current.words, at)
            if paragraph_end is not None:
                close(paragraph_end, paragraph_end, False)
                # A quotation left open at a paragraph end goes on when the
                # next paragraph opens with a mark (and nothing before it).
                continues = (
                    not text[paragraph_end:at].strip()
                    and not _cut(text, paragraph_end)
                )
        if current is not None and single != current.single:
            # A quotation inside the quotation; but a double mark that closes
            # in a single quotation, with none opened inside, closes a
            # mismatched pair ('I think it was down to nationality," he said).
            inner = _is_opening(text, at, mark)
            if not current.single or inner is True or inner_open or inner is None:
                if current.single:
                    inner_open = inner is True or (inner is None and not inner_open)
                    inner_mark(inner_open, at, match.end())
                elif inner is not None and not (
                        mark == "'" and _is_straight_apostrophe(text, at, breaks)):
                    inner_mark(inner, at, match.end())
                continue
        opening = _is_opening(text, at, mark)
        # Straight marks inside a curly quotation quote within it (“... in "Bucha" ...”);
        # one that closes, with none opened inside, closes a mismatched pair.
        if (current is not None and mark == '"' and text[current.mark] in _CURLY_DOUBLE
                and (inner_open or opening is True)):
            inner_open = not inner_open
            inner_mark(inner_open, at, match.end())
            continue
        inner_open = False
        if mark == "’" and (current is None or opening is True):
            continue  # a closing single mark only closes a single quotation
        if mark == "‘" and opening is not True and not (
                current is not None and text[current.mark] == "‚"):
            continue  # (but it closes a German ‚...‘)
        if mark == "'" and (opening is None or (opening is False and current is None)
                            or _is_straight_apostrophe(text, at, breaks)):
            continue  # a stray straight mark, or an apostrophe: an elision or a plural's
        if opening is None:
            opening = current is None
        if opening:
            if current is not None:
                close(_last_sentence_end(text, current.words, at), at, False)
            current = _Open(at, match.end(), single, continues)
        elif current is not None:
            close(at, match.end(), True)
        else:
            start = _sentence_start(text, max(last_mark_end, _paragraph_start(breaks, at)), at)
            _add(text, pieces, start, at, start, match.end(), False, True, False)
        last_mark_end = match.end()
    if current is not None:
        paragraph_end = _break_between(breaks, current.words, len(text))
        end = len(text) if paragraph_end is None else paragraph_end
        close(end, end, False)
    return pieces


def _add(
    text: str,
    pieces: list[_Piece],
    start: int,
    end: int,
    opens: int,
    closes: int,
    opened: bool,
    closed: bool,
    continues: bool,
    within: tuple[tuple[int, int, int, int], ...] = (),
) -> None:
    """Append the fragment ``text[start:end]``, trimmed, if it holds a word."""
    start, end = _trimmed(text, start, end)
    if has_word(text, start, end):
        pieces.append(_Piece(start, end, opens, closes, opened, closed, continues, within))


def _cut(text: str, end: int) -> bool:
    """Whether the paragraph ending at ``end`` ends with an ellipsis (a cut snippet).

    Also when the link a platform puts after a post it cuts short follows
    it (``... until a few... See more``, ``mili…more``).
    """
    while end > 0 and text[end - 1].isspace():
        end -= 1
    more = _SEE_MORE.search(text, max(0, end - 24), end)
    if more is not None:
        end = more.start()
    return text.endswith(("...", "…", "[…]", "[...]"), 0, end)


# The link after the ellipsis of a post a platform shows cut short.
_SEE_MORE = re.compile(r"(?:(?<=…)|(?<=\.\.\.))[ \t]*(?:(?:see|show|read|view)[ \t]+)?more\Z",
                       re.IGNORECASE)


def _paragraph_start(breaks: Sequence[int], at: int) -> int:
    """Start of the paragraph that holds offset ``at``."""
    index = bisect.bisect_left(breaks, at)
    return breaks[index - 1] + 1 if index else 0


def _last_sentence_end(text: str, start: int, end: int) -> int:
    """End of the last sentence that ends in ``text[start:end]``, else ``end``."""
    for index in range(end - 1, start, -1):
        if text[index - 1] in _SENTENCE_END and text[index].isspace():
            return index
    return end


def _sentence_start(text: str, low: int, at: int) -> int:
    """Start of the sentence that ends at ``at``, not before ``low``.

    An ellipsis is not taken for a sentence end here: it marks a cut inside
    the quotation far more often.
    """
    for index in range(at - 2, low - 1, -1):
        if text[index] in ".!?" and text[index + 1].isspace() and text[index - 1 : index] != ".":
            return index + 1
    return low


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


def _join(text: str, pieces: Sequence[_Piece]) -> list[Quotation]:
    """Join continued paragraphs and attribution-split fragments into quotations."""
    quotations: list[list[_Piece]] = []
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


def _around_quoted(text: str, piece: _Piece, quoted: list[Quotation]) -> list[tuple[int, int]]:
    """The spans of ``piece`` outside the quotations within it of more than ``SHORT_WORDS`` words.

    Each of those is appended to ``quoted``, a quotation of its own.
    """
    spans = []
    start = piece.start
    for opens, words_start, words_end, closes in piece.within:
        low, high = _trimmed(text, words_start, words_end)
        if count_words(text, [(low, high)], most=SHORT_WORDS + 1) <= SHORT_WORDS:
            continue
        quoted.append(Quotation((Fragment(low, high),), opens, closes, False))
        spans.append(_trimmed(text, start, opens))
        start = closes
    spans.append(_trimmed(text, start, piece.end))
    return [(low, high) for low, high in spans if has_word(text, low, high)]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` without the spaces at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
