r"""Text -> the lines of a printed page's layout that are no one's words.

In: a document's text as a PDF converter, a copy from a viewer or OCR gives
it, or a passage of it. Out: the ``(start, end)`` spans (each a whole line,
trimmed) of its page furniture, sorted: page numbers (``Page 3 of 12``,
``- 4 -``) and the running headers and footers between two pages.

A page ends at a form feed (``\f``, which ``pdftotext`` writes after each
page). Its furniture is at its top and its bottom: a stretch of up to
``MAX_BLOCKS`` blocks (lines between blank lines), of up to
``MAX_BLOCK_LINES`` lines of up to ``MAX_LINE_CHARS`` characters, none
ending as a sentence (``.`` ``!`` ``?`` ``…``) or a speaker label (``:``)
does, on the page's side of its body text. In a whole document
(``repeated``) such a line is furniture only when it is a page number or
stands at the top or bottom of another page too, digits aside (``NATO
UNCLASSIFIED``, ``Page 2 of 3``): a sentence that starts a page in a
paragraph of its own is no header. In a passage (``repeated=False``, one
page break and no other page to compare with), the lines next to its form
feeds are furniture on their shape alone. A line holding only ``Page 3``,
``Page 3 of 12``, ``Page 3/12`` or ``- 3 -`` is a page number anywhere (a
copy that lost its form feeds); a bare number (``3``, ``[3]``, ``3/12``)
only at a page's top or bottom.

Always holds: spans are sorted, do not overlap, and each is a non-empty
line of ``text`` without the spaces around it; a text with no form feed
and no line after the first that starts with ``page`` and a number or a
dash and a number has none (found with one search, so most text costs
nothing more).
"""

from __future__ import annotations

import re
from collections import Counter

MAX_BLOCKS = 2
"""Most blocks of furniture at the top or the bottom of a page."""
MAX_BLOCK_LINES = 2
"""Most lines in one block of furniture."""
MAX_LINE_CHARS = 100
"""Longest line of furniture, in characters."""

# What page furniture needs somewhere in the text, besides a form feed: a
# line that starts as a page number does. (Each pattern starts with one
# character, which the engine looks for first: a sixth of the time of a
# pattern that starts with a class; the fidelity stage asks of every passage.)
_PAGE_START = r"[ \t]*(?:[Pp][Aa][Gg][Ee][ \t]*\d|[-–—][ \t]*\d)"
_HINT = re.compile(r"\n" + _PAGE_START)
_HINT_CR = re.compile(r"\r" + _PAGE_START)
# A page number anywhere: "Page 3", "PAGE 3 of 12", "Page 3/12", "- 3 -", "– 3 –".
_PAGE_LINE = re.compile(
    r"(?i:page)[ \t]*\d{1,4}(?:[ \t]*(?:(?i:of)|/)[ \t]*\d{1,4})?|[-–—][ \t]*\d{1,4}[ \t]*[-–—]"
)
# A bare page number, at a page's top or bottom only: "3", "[3]", "3/12", "p. 3".
_PAGE_NUMBER = re.compile(r"(?:(?i:p\.|pg\.?)[ \t]*)?\[?\d{1,4}\]?(?:[ \t]*/[ \t]*\d{1,4})?")
# A line that ends a sentence or a speaker's label: no header or footer.
_ENDS = re.compile(r"[.!?…:][\"'”’»)\]]*$")
# A line's contents between line breaks (those of ``str.splitlines`` but the
# form feed, which parts pages).
_LINE = re.compile(r"[^\n\r\f\v\x1c\x1d\x1e\x85\u2028\u2029]+")
_DIGITS = re.compile(r"\d+")

Line = tuple[int, int]


def page_furniture(text: str, *, repeated: bool = True) -> list[Line]:
    r"""The spans of the lines of ``text`` that are page furniture, in order.

    Args:
        text: a document, or a passage of one.
        repeated: whether a header or footer must stand on two pages (a
            whole document), or may stand at one page break alone (a passage).

    Example:
        >>> text = "NATO\n\nWe will\n\nPage 1 of 2\n\fNATO\n\nact now.\n\nPage 2 of 2\n"
        >>> [text[start:end] for start, end in page_furniture(text)]
        ['NATO', 'Page 1 of 2', 'NATO', 'Page 2 of 2']

    """
    if not _hinted(text):
        return []
    pages = _pages(text)
    found: set[Line] = {line for page in pages for block in page for line in block
                        if _PAGE_LINE.fullmatch(text, *line)}
    if len(pages) > 1:
        edges = [_edges(text, page, top=index > 0 or repeated,
                        bottom=index < len(pages) - 1 or repeated, lines=repeated)
                 for index, page in enumerate(pages)]
        counts: Counter[str] = Counter()
        if repeated:
            for top, bottom in edges:
                counts.update({_key(text, line) for block in top + bottom for line in block})
        for top, bottom in edges:
            for side in (top, bottom):
                for index, block in enumerate(side):
                    # In a passage, only the block next to the page break may be
                    # any furniture; past it, page numbers.
                    if not all(_furniture(text, line, counts, repeated or index == 0)
                               for line in block):
                        break
                    found.update(block)
    return sorted(found)


# A footnote's marker: up to three digits, or superscript digits, glued to
# the mark that ends a word's clause or quotation.
_SUPERSCRIPTS = "\u00b9\u00b2\u00b3\u2070\u2074-\u2079"
_MARKS = "[.,;:!?)\"'”’]"
_GLUED_MARKER = re.compile(
    rf"(?:(?<=[^\W\d_]{_MARKS})|(?<=[^\W\d_]{_MARKS}{_MARKS}))"
    rf"(?:[0-9]{{1,3}}|[{_SUPERSCRIPTS}]{{1,3}})(?![\w.,])")
_MARKER = re.compile(rf"[0-9]{{1,3}}|[{_SUPERSCRIPTS}]{{1,3}}")
_MARKED = frozenset(".,;:!?)\"'”’")
# Abbreviations a number is glued to as a reference, not a footnote ("Art.5", "para.12").
_REFERENCES = frozenset({"art", "vol", "para", "sec", "fig", "chap", "tab", "nos", "page"})
MIN_NOTED_LETTERS = 3
"""Fewest letters of the word a footnote's marker is glued to (``km²`` keeps its square)."""


def footnote_marker(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a footnote's marker glued to the word it notes.

    Up to three digits or superscript digits, right after the mark (or two)
    that ends a word of at least ``MIN_NOTED_LETTERS`` letters (``justice.12``,
    ``established,3``, ``sovereignty.”¹``), and then a space or the end:
    a PDF's text has no space before a marker. A number glued to an
    abbreviation is a reference (``Art.5``), and one after a space or glued
    to the word itself (``sovereignty12``) no marker.

    Example:
        >>> text = "brought to justice.12 NATO Allies, Art.5 of the treaty"
        >>> footnote_marker(text, 19, 21), footnote_marker(text, 39, 40)
        (True, False)

    """
    if (_MARKER.fullmatch(text, start, end) is None
            or end < len(text) and not text[end].isspace()):
        return False
    word_end = start
    while word_end > max(0, start - 2) and text[word_end - 1] in _MARKED:  # ``.”`` at most
        word_end -= 1
    word_start = word_end
    while word_start > 0 and text[word_start - 1].isalpha():
        word_start -= 1
    word = text[word_start:word_end]
    return (word_end < start and len(word) >= MIN_NOTED_LETTERS
            and word.lower() not in _REFERENCES)


def footnote_markers(text: str) -> list[Line]:
    """The spans of the footnote markers of ``text`` (``footnote_marker``), in order.

    Example:
        >>> text = "brought to justice.12 NATO Allies³ are"
        >>> [text[start:end] for start, end in footnote_markers(text)]
        ['12']

    """
    return [match.span() for match in _GLUED_MARKER.finditer(text)
            if footnote_marker(text, *match.span())]


def _hinted(text: str) -> bool:
    """Whether ``text`` holds a form feed or a line after the first that starts as a page number."""
    if "\f" in text:
        return True
    if "\n" in text:
        return _HINT.search(text) is not None
    return "\r" in text and _HINT_CR.search(text) is not None


def _pages(text: str) -> list[list[list[Line]]]:
    """The pages of ``text`` (parted by form feeds), each a list of blocks of (trimmed) lines."""
    pages: list[list[list[Line]]] = []
    start = 0
    while True:
        feed = text.find("\f", start)
        end = len(text) if feed < 0 else feed
        blocks: list[list[Line]] = []
        block: list[Line] = []
        position = start
        for match in _LINE.finditer(text, start, end):
            line = _trim(text, *match.span())
            gap = text[position : match.start()]
            if block and (line is None or gap.count("\n") + gap.count("\r") - gap.count(
                    "\r\n") > 1):
                blocks.append(block)
                block = []
            if line is not None:
                block.append(line)
                position = match.end()
        if block:
            blocks.append(block)
        pages.append(blocks)
        if feed < 0:
            return pages
        start = feed + 1


def _edges(
    text: str, page: list[list[Line]], *, top: bool, bottom: bool, lines: bool = False
) -> tuple[list[list[Line]], list[list[Line]]]:
    """The blocks at the top and at the bottom of a page shaped as furniture, edge first.

    With ``lines``, where the block at an edge is too long, its lines next
    to the edge, each a block of its own: a header with no blank line
    under it.
    """
    def shaped(block: list[Line]) -> bool:
        return len(block) <= MAX_BLOCK_LINES and all(
            end - start <= MAX_LINE_CHARS and (
                _PAGE_NUMBER.fullmatch(text, start, end) is not None
                or _ENDS.search(text, start, end) is None)
            for start, end in block)

    def run(blocks: list[list[Line]], bottom: bool = False) -> list[list[Line]]:
        kept = []
        # The page's last block inwards is its body, however it is shaped.
        for block in blocks[: min(MAX_BLOCKS, len(blocks) - 1)]:
            if not shaped(block):
                break
            kept.append(block)
        if not lines or not blocks or len(blocks[0]) < 2:
            return kept
        # No blank line need set the edge off (a PDF library's text): the
        # edge block's lines one by one, then the blocks after it if all of
        # it may be furniture.
        edge = []
        outwards = blocks[0][::-1] if bottom else blocks[0]
        for line in outwards[: MAX_BLOCK_LINES if len(blocks) > 1 else
                             min(MAX_BLOCK_LINES, len(blocks[0]) - 1)]:
            if not shaped([line]):
                break
            edge.append([line])
        return edge + kept[1:] if kept and len(edge) == len(blocks[0]) else edge

    # Each side from the page's edge inwards; a short page's blocks may be both.
    heads = run(page) if top else []
    feet = run(page[::-1], bottom=True) if bottom else []
    return heads, [block for block in feet if block not in heads]


def _furniture(text: str, line: Line, counts: Counter[str], shaped: bool) -> bool:
    """Whether a line at a page's edge, shaped as furniture, is furniture.

    A page number is; another line when ``counts`` has it at two pages'
    edges, or, without ``counts``, when its shape is enough (``shaped``).
    """
    if _PAGE_LINE.fullmatch(text, *line) or _PAGE_NUMBER.fullmatch(text, *line):
        return True
    return counts[_key(text, line)] > 1 if counts else shaped


def _key(text: str, line: Line) -> str:
    """A line as running headers repeat it: spaces closed up, digits alike."""
    return _DIGITS.sub("0", " ".join(text[line[0] : line[1]].split()))


def _trim(text: str, start: int, end: int) -> Line | None:
    """``(start, end)`` without surrounding whitespace, or None if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
