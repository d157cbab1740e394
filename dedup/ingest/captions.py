r"""Caption file -> the text of its cues, at the cues' places in the file.

In: a decoded SubRip (``.srt``) or WebVTT (``.vtt``) file. Out: a text as
long as the file in which every character that is not a cue's words is a
space: cue numbers and identifiers, timing lines and their cue settings
(``align:start position:0%``), the ``WEBVTT`` header, ``NOTE``, ``STYLE``
and ``REGION`` blocks, markup (``<i>``, ``<b>``, ``<c.yellow>``,
``<font color=...>``, ``{\an8}``) and karaoke time stamps
(``<00:00:01.000>``), and the descriptions of sounds and music captions
for the deaf give (``[APPLAUSE]``, ``(audience cheering)``, ``♪ ... ♪``),
which no one said. Or :class:`~dedup.ingest.decode.Unreadable`
naming what makes the file no caption file.

Always holds: the text has the file's length and every cue word is at its
offset in the file, so a passage's ``start``/``end`` index the caption file
itself and ``text[start:end]`` shows its words where the file has them.
Only three things are written over rather than blanked: a WebVTT entity
(``&amp;``) is its character followed by spaces; a voice tag that starts a
new speaker's cue (``<v Jens Stoltenberg>``) becomes a speaker label
(``Jens Stoltenberg:`` and spaces) that opens a line, so the attribution
stage splits the captions into turns; and the line break kept before such
a label, before a caption line that plainly opens with a label of its own
(broadcast captions' ``>> JENS STOLTENBERG:``; not ``Ukraine: it ...``
going on from a line that ends no sentence), a dialogue dash (``-
Thank you.``) or chevrons (``>>``), is the file's own.
All other line breaks of a caption file are spaces: a caption's lines and
cues are cut by screen width and time, not by sentence, so a sentence that
runs over several cues is one sentence, and the sentence ends are those of
its punctuation. Captions with no sentence punctuation at all (automatic
captions) keep the file's line breaks instead, so each cue is a sentence
of its own rather than the whole file one. Rolling captions, in which each
cue repeats the line of the cue before it (YouTube's automatic captions),
have the repeated line blanked, so no word is read twice.
"""

from __future__ import annotations

import re

from dedup.ingest.decode import Unreadable

__all__ = ["CAPTION_SUFFIXES", "caption_kind", "caption_text"]

CAPTION_SUFFIXES = frozenset({".srt", ".vtt"})
"""File name endings read as caption files."""

_TIME = r"(?:\d{1,3}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_TIMING = re.compile(rf"[ \t]*{_TIME}[ \t]*-->[ \t]*{_TIME}")
_SNIFF_CHARS = 200
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|\Z)")
_VTT_HEADER = re.compile(r"WEBVTT(?![^ \t\r\n])")
_VTT_BLOCKS = re.compile(r"(?:NOTE|STYLE|REGION)(?:[ \t]|$)")
# Markup inside a cue: WebVTT's tags and time stamps, the HTML tags SubRip
# files borrow, and the override codes of SSA/ASS converted to SubRip.
_MARKUP = re.compile(r"<[^<>\r\n]*>|\{\\[^{}\r\n]*\}")
# What a caption for the deaf and hard of hearing says of the sound, not
# the speech: ``[APPLAUSE]``, ``(audience cheering)``, ``♪ music ♪``.
_SOUND = re.compile(r"\[[^\[\]\r\n]*\]|\([^()\r\n]*\)|[♪♫][^♪♫\r\n]*[♪♫]?")
_VOICE = re.compile(r"<v(?:\.[^\s>]+)*[ \t]+(?P<name>[^<>\r\n]+)>")
_ENTITY = re.compile(r"&(?:amp|lt|gt|nbsp|lrm|rlm|quot|apos|#\d{1,7}|#x[0-9A-Fa-f]{1,6});")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&nbsp;": " ", "&lrm;": " ",
             "&rlm;": " ", "&quot;": '"', "&apos;": "'"}
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
# A dialogue dash opening a caption line, or the chevrons of broadcast
# captions: another speaker's words.
_DASH = re.compile(r"[ \t]*(?:[-‐–](?![-‐–])|>>)")


def caption_kind(text: str) -> str | None:
    r"""``.vtt`` or ``.srt`` when a text is plainly a caption file, else None.

    A caption file saved as ``.txt`` opens with ``WEBVTT``, or with an SRT
    cue's number and timing line.

    Example:
        >>> caption_kind("1\n00:00:01,000 --> 00:00:02,500\nWe will\n")
        '.srt'
        >>> caption_kind("1\nWe will\n") is None
        True

    """
    head = text[:_SNIFF_CHARS].lstrip("\ufeff \t\r\n")
    if _VTT_HEADER.match(head):
        return ".vtt"
    lines = head.splitlines()
    if len(lines) > 1 and lines[0].strip().isdigit() and _TIMING.fullmatch(lines[1].rstrip()):
        return ".srt"
    return None


def caption_text(text: str, suffix: str) -> str:
    r"""Blank everything of a caption file but its cues' words (see the module docstring).

    Args:
        text: The decoded file.
        suffix: ``.srt`` or ``.vtt`` (in lower case); a file that opens with
            ``WEBVTT`` is read as WebVTT whatever its suffix.

    Returns:
        A text of ``len(text)`` characters.

    Raises:
        Unreadable: The file is no caption file (a WebVTT file without its
            ``WEBVTT`` line, text before an SRT file's first cue, no cue at
            all) or its cues hold no words.

    Example:
        >>> caption_text("1\n00:00:01,000 --> 00:00:02,500\nWe will\n\n"
        ...              "2\n00:00:02,500 --> 00:00:04,000\nsee it.\n", ".srt").split()
        ['We', 'will', 'see', 'it.']

    """
    if caption_kind(text) == ".vtt":
        suffix = ".vtt"  # a WebVTT file named .srt, as some tools save them
    lines = [match.span() for match in _LINE.finditer(text)]
    if lines and lines[-1][0] == len(text):
        lines.pop()  # the empty match at the end
    cues = _cues(text, lines, vtt=suffix == ".vtt")
    if not cues:
        raise Unreadable(
            "no caption cues (no timing line such as 00:00:01,000 --> 00:00:04,000)"
        )
    return _Writer(text, cues).write()


def _cues(text: str, lines: list[tuple[int, int]], *, vtt: bool) -> list[list[tuple[int, int]]]:
    """The text lines of each cue, as spans without their line ends."""
    blocks: list[list[tuple[int, int]]] = [[]]
    for start, end in lines:
        content = text[start:end].rstrip("\r\n")
        if content.strip():
            blocks[-1].append((start, start + len(content)))
        elif blocks[-1] and not (vtt and content):
            # Only an empty line ends a WebVTT cue: one of spaces is a line
            # of its text (YouTube's automatic captions open their cues so).
            blocks.append([])
    if vtt:
        first = text[blocks[0][0][0]:blocks[0][0][1]] if blocks[0] else ""
        if not _VTT_HEADER.match(first):
            shown = first if len(first) <= 40 else first[:40] + "..."
            raise Unreadable(f"not a WebVTT file: its first line is {shown!r}, not WEBVTT")
        blocks = blocks[1:]  # the header and its metadata lines
    cues: list[list[tuple[int, int]]] = []
    for block in blocks:
        if not block:
            continue
        timing = next((index for index, (start, end) in enumerate(block[:2])
                       if _TIMING.match(text, start, end)), None)
        if vtt and _VTT_BLOCKS.match(text, *block[0]):
            continue
        if timing is not None:
            cues.append(block[timing + 1:])
        elif vtt:
            continue  # a NOTE, STYLE or REGION block, or one WebVTT tells players to skip
        elif arrow := next(((start, end) for start, end in block[:2]
                            if "-->" in text[start:end]), None):
            raise Unreadable(
                f"line {_line_number(text, arrow[0])}: {text[arrow[0]:arrow[1]][:60]!r} is not "
                "a cue timing such as 00:00:01,000 --> 00:00:04,000"
            )
        elif cues:
            cues[-1].extend(block)  # a blank line inside a cue's text: it goes on
        else:
            start, end = block[0]
            raise Unreadable(
                f"line {_line_number(text, start)}: {text[start:end][:40]!r} comes before the "
                "first cue; an SRT file opens with a cue number and a timing line"
            )
    if not any(_words(text, span) for cue in cues for span in cue):
        if cues:
            raise Unreadable(f"no text in its {len(cues)} caption cues")
        return []
    return cues


def _line_number(text: str, at: int) -> int:
    """The 1-based line of offset ``at`` (any of the three line ends ends a line)."""
    return len(_LINE_END.findall(text, 0, at)) + 1


_LINE_END = re.compile(r"\r\n|\r|\n")


def _words(text: str, span: tuple[int, int]) -> str:
    """A cue line's words: no markup, spaces collapsed."""
    return " ".join(_SOUND.sub(" ", _MARKUP.sub(" ", text[span[0]:span[1]])).split())


class _Writer:
    """Writes the cues' words into a blank copy of the file.

    What is written is kept as pieces at their offsets, and the copy is
    made once at the end: the memory of the text, not a list of characters.
    """

    def __init__(self, text: str, cues: list[list[tuple[int, int]]]) -> None:
        self.text = text
        self.cues = cues
        self.pieces: list[tuple[int, str]] = []  # cue lines, in file order
        self.breaks: dict[int, str] = {}  # the line breaks put back
        self.floor = 0  # the end of the last line written
        # The attribution stage's label pattern and the punctuation rule the
        # audit shares import the pipeline's heavy modules (numba): only once
        # a caption file is read, so that ``dedup --help`` does not.
        from dedup.attribution import SPEAKER_LABEL
        from dedup.shingle import punctuated

        self.label = SPEAKER_LABEL
        words = " ".join(_words(text, span) for cue in cues for span in cue)
        self.punctuated = punctuated(words, len(words.split()))

    def write(self) -> str:
        previous_line: str | None = None
        speaker: str | None = None
        for cue in self.cues:
            kept = 0
            for number, span in enumerate(cue):
                words = _words(self.text, span)
                if not words or (number == 0 and words == previous_line):
                    continue  # a rolling caption's repeat of the line before
                voice = _VOICE.search(self.text, *span)
                name = voice.group("name").strip() if voice else None
                label = name is not None and name != speaker and self._is_label(name)
                if (label or _DASH.match(self.text, *span) or not self.punctuated
                        or self._opens_a_turn(span, previous_line)):
                    self._keep_line_break(span[0])
                if not self.punctuated and kept == 0:
                    self._keep_line_break(span[0], blank=True)
                self._copy(span, voice if label else None)
                speaker = name if label else speaker
                previous_line = words
                kept += 1
        out: list[str] = []
        at = 0
        for start, piece in sorted([*self.pieces, *self.breaks.items()]):
            out += (" " * (start - at), piece)
            at = start + len(piece)
        out.append(" " * (len(self.text) - at))
        return "".join(out)

    def _is_label(self, name: str) -> bool:
        """Whether a voice's name reads as a speaker label to the attribution stage."""
        match = self.label.match(f"{name}: ")
        return match is not None and match.end() == len(name) + 1

    def _opens_a_turn(self, span: tuple[int, int], previous: str | None) -> bool:
        """Whether a caption line opens with a speaker label (``>> JENS STOLTENBERG:``).

        Plainly a label: after chevrons, in capitals, or after a line that
        ends its sentence; not ``Ukraine: it needs ...`` going on from ``the
        support we give to``, which a line break would make a label.
        """
        match = self.label.match(self.text, *span)
        if match is None:
            return False
        return (self.text.startswith(">>", span[0], match.start("label"))
                or match.group("label").isupper() or previous is None
                or _SENTENCE_END.search(previous) is not None)

    def _copy(self, span: tuple[int, int], voice: re.Match[str] | None) -> None:
        start, end = span
        line = list(self.text[start:end])
        label_at = self.label.match(self.text, start, end)
        sounds = _SOUND.finditer(self.text, label_at.end() if label_at else start, end)
        for markup in [*_MARKUP.finditer(self.text, start, end), *sounds]:
            line[markup.start() - start:markup.end() - start] = " " * (
                markup.end() - markup.start())
        for entity in _ENTITY.finditer(self.text, start, end):
            line[entity.start() - start:entity.end() - start] = _entity(entity.group()).ljust(
                entity.end() - entity.start())
        if voice is not None:
            label = f"{voice.group('name').strip()}:"
            line[voice.start() - start:voice.start() - start + len(label)] = label
        self.pieces.append((start, "".join(line)))
        self.floor = end

    def _keep_line_break(self, at: int, *, blank: bool = False) -> None:
        """Put back the file's line breaks before ``at`` (one, or two for a blank line)."""
        wanted = 2 if blank else 1
        position = at - 1
        while position >= self.floor and wanted:  # not past the words of the line before
            if self.text[position] in "\r\n":
                self.breaks[position] = self.text[position]
                if (self.text[position] == "\n" and position > self.floor
                        and self.text[position - 1] == "\r"):
                    position -= 1
                    self.breaks[position] = "\r"
                wanted -= 1
            position -= 1


def _entity(entity: str) -> str:
    if entity.startswith("&#"):
        code = int(entity[3:-1], 16) if entity[2] in "xX" else int(entity[2:-1])
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else " "
    return _ENTITIES[entity]
