"""What speech and its transcripts add to the words: disfluencies, notes, time codes, marks.

In: the words of a gap between two aligned words. Out: whether they are
no words of what was said, so leaving them out or adding them is
cosmetic: fillers (``um``), repeats and false starts (``we, we will``;
``we are, we have been``), a transcriber's note (``[inaudible]``,
``(Applause.)``), a time code, a footnote's marker or a paragraph's number.
"""

from __future__ import annotations

import re

from dedup.fidelity.special import is_special
from dedup.fidelity.vocabulary import (
    CAPTION_TIME_CODES,
    DOUBLED,
    FALSE_START_SUBJECTS,
    FILLERS,
    MARKERS,
    MAX_DISFLUENCY,
    MAX_FALSE_START,
    PAUSE,
)
from dedup.fidelity.words import Words, bracketed, sentence_start
from dedup.layout import footnote_marker


def fillers(words: Words, first: int, last: int) -> int:
    """Count the fillers (``um``, ``uh`` ...) among words ``[first, last)``: they cost nothing."""
    return sum(norm in FILLERS for norm in words.norms[first:last])


def disfluent(words: Words, first: int, last: int) -> bool:
    """Whether words ``[first, last)``, which the other side leaves out, are only disfluencies.

    Fillers (``um``, ``uh``), a phrase set off by pauses (``, you know,``),
    a word or words said twice (``we, we will``; ``in in the``, but not
    ``had had``) and a false start begun again with its first word, the
    speaker's subject (``we are, we have been``; up to
    ``MAX_FALSE_START`` words, and none a negation, number or modal):
    what a newsroom cleans from speech it quotes. A run of repeated words
    may stand at several places (``we`` of ``we, we`` is either): each is
    tried.
    """
    if last - first > MAX_DISFLUENCY:
        return False  # a clause left out: no stutter or false start is this long
    norms = words.norms
    kept = _spoken(words, first, last)
    if not kept:
        return True
    if (kept[-1] - kept[0] + 1 == len(kept) and tuple(norms[kept[0] : kept[-1] + 1]) in MARKERS
            and _paused(words, kept[0]) and _paused(words, kept[-1] + 1)):
        return True
    keys, size = words.keys, last - first
    for shift in range(-size, size + 1):
        lo, hi = first + shift, last + shift
        if lo < 0 or hi > words.size:
            continue
        if shift < 0 and keys[lo:first] != keys[hi:last]:
            continue
        if shift > 0 and keys[first:lo] != keys[last:hi]:
            continue
        if _repeated(words, lo, hi) or _false_start(words, lo, hi):
            return True
    return False


def _spoken(words: Words, first: int, last: int) -> list[int]:
    """The words of ``[first, last)`` that are no fillers."""
    return [at for at in range(first, last) if words.norms[at] not in FILLERS]


def _repeated(words: Words, first: int, last: int) -> bool:
    """Whether the words ``[first, last)`` are said again right before or after them."""
    said = _spoken(words, first, last)
    keys = [words.keys[at] for at in said]
    after = _spoken(words, last, min(words.size, last + 2 * len(said)))[: len(said)]
    before = _spoken(words, max(0, first - 2 * len(said)), first)[-len(said) :]
    for again in (after, before):
        if [words.keys[at] for at in again] != keys:
            continue
        lo, hi = min(said[0], again[0]), max(said[-1], again[-1])
        if (len(said) < hi - lo + 1 - len(said)  # a filler between
                or PAUSE.search(words.text, words.ends[lo], words.starts[hi])
                or not all(words.norms[at] in DOUBLED for at in said)):
            return True
    return False


def _false_start(words: Words, first: int, last: int) -> bool:
    """Whether ``[first, last)`` is a false start: a pause, then the same first word again."""
    said = _spoken(words, first, last)
    again = _spoken(words, last, min(words.size, last + 3))
    return (bool(again) and len(said) <= MAX_FALSE_START
            and words.norms[said[0]] in FALSE_START_SUBJECTS
            and words.keys[said[0]] == words.keys[again[0]]
            and not any(is_special[words.norms[at]] for at in said)
            and PAUSE.search(words.text, words.ends[said[-1]], words.starts[again[0]])
            is not None)


def _paused(words: Words, index: int) -> bool:
    """Whether a pause (or the text's edge) stands before word ``index``."""
    if index <= 0 or index >= words.size:
        return True
    return PAUSE.search(words.text, words.ends[index - 1], words.starts[index]) is not None


def transcribers_note(source: Words, first: int, last: int) -> bool:
    """Whether source words ``[first, last)`` are a note in a transcript, not spoken words.

    That is words in square brackets ("[inaudible]", "[Laughter]"), or in
    parentheses that stand as a sentence of their own ("... Ukraine.
    (Applause.) And ..."), not an aside within one ("Accelerator (DIANA)");
    or the words of a stage note in parentheses anywhere, as broadcast
    transcripts print them mid-sentence ("go into (LAUGHTER) the details",
    "(CROSSTALK)", "Kuleba (ph)").
    """
    if bracketed(source, first, last):
        return True
    if not bracketed(source, first, last, "()"):
        return False
    if _STAGE_WORDS.issuperset(source.norms[first:last]):
        return True
    text, start = source.text, source.starts[first]
    return first == 0 or "\n" in text[source.ends[first - 1] : start] or sentence_start(
        text, start)


# The words of a transcriber's stage notes: what happened, not what was said.
_STAGE_WORDS = frozenset(
    {"laughter", "laughs", "laughing", "applause", "crosstalk", "cross", "talk", "inaudible"}
    | {"unintelligible", "indiscernible", "ph", "sic", "cheers", "cheering", "booing", "boos"}
    | {"groans", "pause", "pauses", "silence", "music", "coughs", "coughing", "sighs", "off"}
    | {"mic", "microphone", "speaking", "foreign", "language", "through", "translator"}
    | {"interpreter", "translated", "as", "audio", "video", "gap", "begin", "end", "clip"}
    | {"commercial", "break", "technical", "difficulties", "background", "noise", "phonetic"}
)


def note(words: Words, first: int, last: int) -> bool:
    """Whether words ``[first, last)`` are a time code or a transcriber's note, no speech."""
    return time_code(words, first, last) or transcribers_note(words, first, last)


def time_code(words: Words, first: int, last: int) -> bool:
    """Whether words ``[first, last)`` are a transcript's time code, not speech.

    A time code (``00:01:23``, ``1:05``, ``00:01:23.450``, or a caption's
    ``00:01:23,450 --> 00:01:25,100``) in brackets or parentheses, or on a
    line of its own: ``[00:02:33]`` as much a transcriber's note as
    ``[inaudible]``, whose digits are no number anyone said. A time said
    in a sentence (``at 10:30``) is none.
    """
    text = words.text
    start, end = words.starts[first], words.ends[last - 1]
    if CAPTION_TIME_CODES.fullmatch(text, start, end) is None:
        return False
    if bracketed(words, first, last) or bracketed(words, first, last, "()"):
        return True
    while start and text[start - 1] in " \t":
        start -= 1
    while end < len(text) and text[end] in " \t":
        end += 1
    return (start == 0 or text[start - 1] in "\r\n") and (end == len(text) or text[end] in "\r\n")


# A paragraph's number opening a text or a line ("12. The Allies ...", "3) We").
_PARAGRAPH_NUMBER = re.compile(r"[0-9]{1,3}[.)]\s")


def mark(words: Words, first: int, last: int) -> bool:
    """Whether words ``[first, last)`` are a footnote's markers, or a paragraph's number, no words.

    A PDF's text glues a footnote's marker to the word it notes, after the
    mark that ends it (``justice.12 NATO``: ``dedup.layout.footnote_marker``);
    numbered paragraphs (``12. The Allies``) open with their number, at the
    passage's start or a line's.
    """
    text = words.text
    return all(footnote_marker(text, words.starts[index], words.ends[index])
               or _paragraph_number(words, index) for index in range(first, last))


def _paragraph_number(words: Words, index: int) -> bool:
    """Whether word ``index`` numbers a paragraph: digits and ``.`` or ``)`` opening a line."""
    start = words.starts[index]
    if _PARAGRAPH_NUMBER.match(words.text, start) is None:
        return False
    before = words.text[words.ends[index - 1] if index else 0 : start]
    line_start = max(before.rfind("\n"), before.rfind("\r"))
    if line_start < 0:
        return not index and not before.strip()
    return not before[line_start + 1 :].strip()
