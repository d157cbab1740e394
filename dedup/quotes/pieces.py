"""The text read mark by mark into quoted pieces, paragraph by paragraph.

``quoted_pieces`` walks the marks keeping the quotation open now and
the one inside it (the rules are the package's docstring): a
quotation still open at a paragraph's end stops there, an opening mark
while one is open ends the earlier one at its last sentence end, a
closing mark with none open runs from its sentence's start, and a PDF's
page break ends no paragraph unless the page's last line does. Each piece
is its quoted words between the marks, trimmed of whitespace.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from dedup.layout import page_furniture
from dedup.quotes.marks import (
    CURLY_DOUBLE,
    MARK,
    SINGLE,
    break_between,
    is_apostrophe,
    is_opening,
    is_straight_apostrophe,
)
from dedup.shingle import has_word

_SENTENCE_END = frozenset(".!?…")
# A paragraph ends at a blank line, or at a line break after a sentence end
# or closing mark, or before a line that opens with a quotation mark. A line
# break inside a sentence (hard-wrapped text) does not end one.
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
# (The end is matched with the line break, not looked behind for: the same
# breaks, found three times faster.)
_LINE_AFTER_END = re.compile(r"[.!?…:”\"’»″›」』。！？][ \t\r]*\n")
_LINE_BEFORE_MARK = re.compile(r"\n(?=[ \t]*[\"“„«‘‹「『])")


@dataclass
class _Open:
    """The quotation being read: where its words start and how it opened."""

    mark: int
    words: int
    single: bool
    continues: bool


@dataclass(frozen=True)
class Piece:
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


def quoted_pieces(text: str) -> list[Piece]:
    """Read the marks of ``text`` and return the fragments they enclose."""
    breaks = _paragraph_breaks(text)
    pieces: list[Piece] = []
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

    for match in MARK.finditer(text):
        mark, at = match.group(), match.start()
        single = mark in SINGLE
        if single and is_apostrophe(text, at):
            continue
        continues = False
        if current is not None:
            paragraph_end = break_between(breaks, current.words, at)
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
            inner = is_opening(text, at, mark)
            if not current.single or inner is True or inner_open or inner is None:
                if current.single:
                    inner_open = inner is True or (inner is None and not inner_open)
                    inner_mark(inner_open, at, match.end())
                elif inner is not None and not (
                        mark == "'" and is_straight_apostrophe(text, at, breaks)):
                    inner_mark(inner, at, match.end())
                continue
        opening = is_opening(text, at, mark)
        # Straight marks inside a curly quotation quote within it (“... in "Bucha" ...”);
        # one that closes, with none opened inside, closes a mismatched pair.
        if (current is not None and mark == '"' and text[current.mark] in CURLY_DOUBLE
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
                            or is_straight_apostrophe(text, at, breaks)):
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
        paragraph_end = break_between(breaks, current.words, len(text))
        end = len(text) if paragraph_end is None else paragraph_end
        close(end, end, False)
    return pieces


def _add(
    text: str,
    pieces: list[Piece],
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
    start, end = trimmed(text, start, end)
    if has_word(text, start, end):
        pieces.append(Piece(start, end, opens, closes, opened, closed, continues, within))


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


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` without the spaces at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
