r"""Step 1 of segmenting: hard boundaries from the layout, text -> blocks for Punkt.

In: one text. Out: the trimmed stretches of it between hard boundaries
(``blocks``), each cut further where it is too long for one call to Punkt
(``chunks``); and the line helpers they use (``trim``). Its own module: the
layout rules read only the text's lines, never Punkt (no nltk here).

A blank line ends a sentence, except
in a double-spaced text (one blank line after every line, as in METER's
newspaper copy) before a line that starts with a lower-case letter. A
single line break ends one too (transcripts are often written one sentence
per line, and headings, page chrome and user names carry no full stop),
unless it is plainly inside a sentence: the line before ends with ``,``
``;`` ``:``, a dash or a title such as ``Mr.``, or the next line starts
with a lower-case letter. A next line that starts with a bullet (also
the private-use characters a PDF gives for Symbol and Wingdings
bullets, ``\uf0b7``), and a
paragraph mark of press-agency copy (``<`` ending a line, the control
character ``\x19`` starting one), always make a new sentence; a line
holding only paragraph marks is no sentence of its own but goes with the
sentence before it (or after it). Hard-wrapped documents (press copy,
e-mail) are the exception: when most lines of ordinary length
(``WRAP_MIN_LINE`` characters or more) followed by a single line break do
not end a sentence (``.`` ``!`` ``?`` or ``…``, then maybe closing quotes
or brackets), and the rule above already keeps at least a quarter of those
breaks inside a sentence (a list of headlines without full stops has
none), a single line break after such a line is only a space and Punkt
decides; there only a bullet, a paragraph mark or a line with no letter or
digit (a rule such as ``-----``) ends a sentence at a line break. After a
shorter line (a heading, a signature) the rule above still applies.
A line holding only a time code (``0:05`` above each line of a
transcript copied from a video page; a caption file's ``00:01:23,450
--> 00:01:25,100``, with the cue's number on the line before) is no
sentence and ends none: it stays inside the sentence that runs on
across it (or opens the next), the lines around it are judged by the
rule above as if next to each other, and after the first such line a
blank line before one parts caption cues, not sentences.
The furniture of a PDF's pages (``dedup.layout``: page numbers, running
headers and footers at form feeds) is no sentence and ends none
either: the lines of words on either side are judged as if next to
each other (the blank lines around it are the page's), so a sentence
runs on across a page break; where the page ends a sentence (its last
line does, by the rule above) or the rule ends it, each furniture line
is a piece of its own.
In a transcript (a text where one speaker label, ``NATO Secretary
General:``, opens two lines or more), each label that opens a line is a
sentence of its own, and the words after it start the next, even on the
label's line: the label is not part of what the speaker said.

A block longer than ``MAX_PUNKT_CHARS`` is first cut at clear sentence ends
(once needed to stay within NLTK's regex time limit, which Punkt's own
patterns here no longer run under: ``dedup.segment.punkt_rules._untimed``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from dedup.attribution import SPEAKER_LABEL, interview_labels
from dedup.layout import page_furniture
from dedup.segment.abbreviations import ABBREVIATIONS, TITLES
from dedup.shingle import TIME_CODES

# The line breaks of ``str.splitlines``, so "\r\n" and "\u2028" count as one.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_OTHER_LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# A line ending in one of these continues on the next line.
_SOFT_LINE_ENDS = (",", ";", ":", "-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015")
# Opening punctuation skipped to find the first letter of a line.
_OPENERS = frozenset("\"'`“‘„‚«‹([{¿¡")
# A line starting with one of these is a list item: always a new sentence.
# Besides Unicode's bullets, the private-use code points a PDF's text gives
# for the Symbol and Wingdings fonts' bullets (a word processor's lists):
# U+F0B7 (Symbol's bullet), U+F0A7, U+F06E (squares), U+F0D8 and U+F0E8
# (arrowheads), U+F076 (a diamond of four), U+F0FC (a tick).
_BULLETS = ("•", "‣", "◦", "▪", "▫", "●", "○", "■", "□", "∙", "·", "⁃", "* ", "- ",
            "➢", "➤", "►", "❖", "◆", "✓", "✔",
            "\uf0b7", "\uf0a7", "\uf06e", "\uf0d8", "\uf0e8", "\uf076", "\uf0fc")
# Paragraph marks of press-agency copy: "<" ends a paragraph's last line, the
# control character \x19 starts its first.
_PARAGRAPH_END = "<"
_PARAGRAPH_START = "\x19"
# A line that ends a sentence: . ! ? or …, then maybe closing quotes or brackets.
_FINAL_LINE = re.compile(r"[.!?\u2026][\"'”’»)\]]*$")
# The last word of a line, to spot a title such as "Mr." before a line break.
_LAST_WORD = re.compile(r"(\w+)\.$")
# A letter or a digit: what a sentence has and a run of punctuation lacks.
WORD = re.compile(r"[^\W_]")
# A full stop, question or exclamation mark, closing quotes, then a space:
# where a block too long for Punkt may be cut.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+[\"'“‘(\[]?")
_SPACE = re.compile(r"\s+")
# Anything but a paragraph mark or a space: a line without one is only marks.
_NOT_MARK = re.compile(f"[^{re.escape(_PARAGRAPH_END + _PARAGRAPH_START)}\\s]")

WRAP_MIN_LINE = 30
"""Shortest line, in characters, counted to decide whether a text is hard-wrapped."""

SPLIT_LINES_CHARS = 1 << 20
"""Longest text whose lines are copied to find them (see ``_trimmed_lines``)."""

MAX_PUNKT_CHARS = 20_000
"""Longest stretch of text handed to Punkt in one call (see ``chunks``)."""


def blocks(text: str) -> Iterator[tuple[int, int]]:
    """Yield the trimmed stretches of ``text`` between hard boundaries.

    Lines are spans of ``text``; only a text of up to ``SPLIT_LINES_CHARS``
    has them copied to find them, so a 50 MB line costs no memory.
    """
    lines = _trimmed_lines(text)
    wrapped = _is_hard_wrapped(text, lines)
    double = _is_double_spaced(lines)
    labels = _speaker_labels(text, lines)
    times = _time_code_lines(text, lines)
    furniture = {start for start, _ in page_furniture(text)}
    block: tuple[int, int] | None = None
    previous: tuple[int, int] | None = None
    timed: tuple[int, int] | None = None  # time-code lines since the last line of words
    cues = False  # a time-code line was seen
    blanks = 0  # blank lines since the last non-blank one
    seam: list[tuple[int, int]] = []  # page furniture since the last line of words
    for line in lines:
        if line is None:
            blanks += 0 if seam else 1
            continue
        if (furniture and line[0] in furniture and line[0] not in labels
                or seam and times and line[0] in times):
            # Page furniture is no sentence and ends none: the blank lines
            # around it are the page's, and the lines of words on either
            # side are judged as if next to each other. (After time codes,
            # it goes with them; a time code after it, with it.)
            if timed is not None:
                timed = (timed[0], line[1])
            else:
                seam.append(line)
            blanks = 0
            continue
        if seam and (_only_marks(text, *line) or labels.get(line[0]) is not None):
            if block is not None:
                yield block
            yield from seam
            block, seam = None, []
        if times and line[0] in times:
            # A time code is no sentence, and ends none: the words run on
            # across it into the next line as the layout rule says, and after
            # the first one a blank line before it parts captions, not paragraphs.
            timed = line if timed is None else (timed[0], line[1])
            blanks = 0 if cues else blanks
            cues = True
            continue
        if timed is not None and (block is None or _only_marks(text, *line)
                                  or labels.get(line[0]) is not None):
            block, timed = timed if block is None else (block[0], timed[1]), None
        if _only_marks(text, *line):
            # Not a sentence: it goes with the block before it, or after it.
            block = line if block is None else (block[0], line[1])
            continue
        label_end = labels.get(line[0]) if labels else None
        if label_end is not None:
            if block is not None:
                yield block
            yield line[0], label_end
            # The turn's words start a block of their own, even on the next line.
            block = previous = trim(text, label_end, line[1])
            blanks = 0
            continue
        # In a double-spaced text a blank line is only a line break when a
        # sentence plainly goes on into the next line.
        hard_blank = blanks > 1 or (blanks == 1 and not (
            double and not text[line[0]].isupper() and _starts_lower(text, line)
        ))
        if block is not None and previous is not None and (
            hard_blank or _is_hard_break(text, previous, line, wrapped=wrapped)
            # A page that ends a sentence ends it before its furniture.
            or seam and _FINAL_LINE.search(text, *previous) is not None
            and not _runs_on(text, previous, line)
        ):
            yield block
            block = None
        if seam:  # inside a sentence it stays in it; between two, each line is one
            if block is None:
                yield from seam
            else:
                block = (block[0], seam[-1][1])
            seam = []
        if timed is not None:  # time codes before a sentence start it, inside one stay in it
            block, timed = timed if block is None else (block[0], timed[1]), None
        block = line if block is None else (block[0], line[1])
        previous = line
        blanks = 0
    if timed is not None:
        block = timed if block is None else (block[0], timed[1])
    if block is not None:
        yield block
    yield from seam


# A line holding a time code only, maybe bracketed (``0:05``, ``[00:01:23]``),
# or a caption cue's timing (``00:01:23,450 --> 00:01:25,100``); and the
# number an SRT caption file puts on a line of its own before the timing.
_TIME_LINE = re.compile(rf"[\[(]?{TIME_CODES}[\])]?")
_CUE_NUMBER = re.compile(r"\d{1,6}")
_MAX_TIME_LINE = 40


def _time_code_lines(text: str, lines: list[tuple[int, int] | None]) -> set[int]:
    """The starts of the lines that hold only a time code (or a caption's number before one).

    Transcripts copied from a video page (``0:05`` on a line, the words on
    the next) and caption files (SRT, WebVTT) put them between the words of
    a sentence.
    """
    found: set[int] = set()
    for index, line in enumerate(lines):
        if line is None or line[1] - line[0] > _MAX_TIME_LINE or text[line[0]] not in _TIME_OPENERS:
            continue
        if _TIME_LINE.fullmatch(text, *line):
            found.add(line[0])
            number = lines[index - 1] if index else None
            if number is not None and _CUE_NUMBER.fullmatch(text, *number):
                found.add(number[0])
    return found


_TIME_OPENERS = frozenset("0123456789[(")


MAX_LABEL_CHARS = 120
"""Where a speaker label's colon can be, at most, from the start of its line."""


def _speaker_labels(text: str, lines: list[tuple[int, int] | None]) -> dict[int, int]:
    """Map the start of each line that opens with a speaker label to the label's end.

    Only in a transcript: a text where one label opens two lines or more (a
    speaker who takes the floor twice). A line of news that opens ``Ukraine
    war:`` is a headline, and a web page's ``Posts:`` and ``Price:`` differ.
    """
    labels: dict[int, int] = {}
    speakers: set[str] = set()
    repeated = False
    for start, end, speaker in interview_labels(text):
        labels[start] = end
        repeated = repeated or speaker in speakers
        speakers.add(speaker)
    if text.count(":") < 2:  # most news: no need to look at each line
        return labels if repeated else {}
    for line in lines:
        if line is None:
            continue
        start, end = line
        if text.find(":", start, min(end, start + MAX_LABEL_CHARS)) < 0:
            continue
        match = SPEAKER_LABEL.match(text, start)
        if match is not None and match.end() <= end and start not in labels:
            labels[start] = match.end()
            speaker = match.group("label")
            repeated = repeated or speaker in speakers
            speakers.add(speaker)
    return labels if repeated else {}


def _is_hard_wrapped(text: str, lines: list[tuple[int, int] | None]) -> bool:
    """Whether the (trimmed) lines of a text are hard-wrapped prose, None for blank.

    Counted: each line of ``WRAP_MIN_LINE`` characters or more, with a letter
    or digit, followed by a single line break and a line with a letter or
    digit, with no paragraph mark between them. Hard-wrapped when fewer than
    half of those end a sentence and at least a quarter of the others are
    breaks the one-sentence-per-line rule already keeps inside a sentence.
    """
    counted = final = inside = 0
    for previous, current in pairwise(lines):
        if previous is None or current is None or previous[1] - previous[0] < WRAP_MIN_LINE:
            continue
        if WORD.search(text, *previous) is None or WORD.search(text, *current) is None:
            continue
        if (text.endswith(_PARAGRAPH_END, *previous)
                or text.startswith(_PARAGRAPH_START, *current)):
            continue
        counted += 1
        if _FINAL_LINE.search(text, *previous):
            final += 1
        elif not text.startswith(_BULLETS, *current) and _runs_on(text, previous, current):
            inside += 1
    return counted > 0 and 2 * final < counted and 4 * inside >= counted - final


DOUBLE_SPACED_MIN_GAPS = 3
"""Fewest blank lines between lines that make a text double-spaced (see ``_is_double_spaced``)."""


def _is_double_spaced(lines: list[tuple[int, int] | None]) -> bool:
    """Whether no two non-blank lines are next to each other, and often one blank (None) parts them.

    So are METER's newspaper files (each line ends with CR LF LF), where a
    sentence broken across lines is cut by a blank line, and BBC News (one
    paragraph a line): there a single blank line says no more than a line
    break. At least ``DOUBLE_SPACED_MIN_GAPS`` single blank lines are needed.
    """
    single = 0
    blanks = -1  # before the first non-blank line
    for line in lines:
        if line is None:
            if blanks >= 0:
                blanks += 1
            continue
        if blanks == 0:
            return False
        single += blanks == 1
        blanks = 0
    return single >= DOUBLE_SPACED_MIN_GAPS


def _only_marks(text: str, start: int, end: int) -> bool:
    """Whether a (trimmed, non-blank) line holds nothing but paragraph marks and spaces."""
    return _NOT_MARK.search(text, start, end) is None


def chunks(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut a block longer than ``MAX_PUNKT_CHARS`` where a sentence surely ends.

    NLTK runs Punkt's candidate search under a wall-clock limit (``nltk.redos``,
    5 s for the whole scan), so one huge block with tens of thousands of full
    stops failed. dedup now matches Punkt's patterns without that limit
    (``punkt_rules._untimed``) and keeps these cuts, so that the sentences stay the
    same. Normal blocks pass through untouched.
    """
    while end - start > MAX_PUNKT_CHARS:
        cut = _safe_cut(text, start + MAX_PUNKT_CHARS // 2, start + MAX_PUNKT_CHARS)
        span = trim(text, start, cut)
        if span is not None:
            yield span
        start = cut
    span = trim(text, start, end)
    if span is not None:
        yield span


def _safe_cut(text: str, low: int, high: int) -> int:
    """Return the last offset in ``[low, high)`` after a clear sentence end, else a space."""
    best = None
    for match in _SENTENCE_END.finditer(text, low, high):
        before = _LAST_WORD.search(text, max(low, match.start() - 12), match.start() + 1)
        abbreviated = before is not None and before.group(1).lower() in ABBREVIATIONS
        if not abbreviated and match.end() < high and text[match.end()].isupper():
            best = match.end()
    if best is not None:
        return best
    for match in _SPACE.finditer(text, low, high):
        best = match.end()
    return best if best is not None else high


def _trimmed_lines(text: str) -> list[tuple[int, int] | None]:
    r"""Each line's ``(start, end)`` without surrounding whitespace; None for a blank line.

    A text of up to ``SPLIT_LINES_CHARS`` characters whose only line break is
    ``\n`` is cut with ``str.split`` and its lines trimmed with ``str.strip``
    (six times faster than walking the breaks with a pattern); the lines
    of any other text are spans of it, never copied.
    """
    if len(text) > SPLIT_LINES_CHARS or any(mark in text for mark in _OTHER_LINE_BREAKS):
        return [trim(text, start, end) for start, end in _lines(text)]
    lines: list[tuple[int, int] | None] = []
    position = 0
    for line in text.split("\n"):
        kept = line.lstrip()
        if kept:
            start = position + len(line) - len(kept)
            lines.append((start, start + len(kept.rstrip())))
        else:
            lines.append(None)
        position += len(line) + 1
    return lines


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each line, without its line break."""
    position = 0
    for match in _LINE_BREAK.finditer(text):
        yield position, match.start()
        position = match.end()
    yield position, len(text)


def _is_hard_break(
    text: str, previous: tuple[int, int], current: tuple[int, int], *, wrapped: bool
) -> bool:
    """Whether the break between two non-blank (trimmed) lines ends a sentence.

    The lines are ``(start, end)`` spans of ``text``. In a hard-wrapped text
    (``wrapped``), after a line of ``WRAP_MIN_LINE`` characters or more,
    only a bullet, a paragraph mark or a line with no letter or digit ends
    one; otherwise the layout rule applies.
    """
    if text.startswith(_BULLETS, *current):
        return True
    if text.endswith(_PARAGRAPH_END, *previous) or text.startswith(_PARAGRAPH_START, *current):
        return True
    if wrapped and previous[1] - previous[0] >= WRAP_MIN_LINE:
        return WORD.search(text, *previous) is None or WORD.search(text, *current) is None
    return not _runs_on(text, previous, current)


def _runs_on(text: str, previous: tuple[int, int], current: tuple[int, int]) -> bool:
    """Whether the layout rule keeps a sentence going from line ``previous`` into ``current``.

    It does after a line that ends with ``,`` ``;`` ``:``, a dash or a
    title, and into a line that starts with a lower-case letter.
    """
    if text.endswith(_SOFT_LINE_ENDS, *previous):
        return True
    if text.endswith(".", *previous):
        title = _LAST_WORD.search(text, max(previous[0], previous[1] - 12), previous[1])
        if title is not None and title.group(1).lower() in TITLES:
            return True
    return _starts_lower(text, current)


def _starts_lower(text: str, line: tuple[int, int]) -> bool:
    """Whether a (trimmed) line starts with a lower-case letter, after opening punctuation."""
    for index in range(*line):
        if text[index] not in _OPENERS:
            return text[index].islower()
    return False


def trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``(start, end)`` without surrounding whitespace, or None if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
