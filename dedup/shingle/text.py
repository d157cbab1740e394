"""Normalised forms of words, and questions asked of a whole text.

``normalise`` (case, NFKC, marks a copy may leave out, apostrophes, digit
grouping; idempotent), ``fold_marks``, ``without_footnote_mark``; a
transcript's time codes (``time_notes``), whether a text has sentence
punctuation (``punctuated``), the text outside links (``outside_links``),
and ``Normalised``, a table of forms remembered per process.
"""

from __future__ import annotations

import re
import unicodedata

import regex

from dedup.shingle.patterns import APOSTROPHES, GROUPED_NUMBER, LINE_HYPHENS

TIME_CODE = r"\d{1,2}(?::\d{2}){1,2}(?:[.,]\d{1,3})?"
"""A pattern: a transcript's or a caption's time code (``00:01:23``, ``1:05``,
``00:01:23,450``), whose digits are no number anyone said."""
TIME_CODES = rf"{TIME_CODE}(?:[ \t]*(?:-->|[-–—])[ \t]*{TIME_CODE})?"
"""A pattern: one time code, or a caption cue's start and end
(``00:01:23,450 --> 00:01:25,100``)."""
# A time code that is a note, not speech: alone on its line (after the
# caption's number on the line before, in an SRT file), or in brackets.
_TIME_NOTE = re.compile(
    rf"^[ \t]*(?:\d{{1,6}}[ \t\r]*\n[ \t]*)?[\[(]?{TIME_CODES}[\])]?[ \t\r]*$"
    rf"|[\[(]{TIME_CODES}[\])]",
    re.MULTILINE,
)


def time_notes(text: str) -> list[tuple[int, int]]:
    r"""The spans of ``text`` that are a transcript's or caption file's time codes, in order.

    Example:
        >>> time_notes("we will\n0:05\nsee [00:01:23] it")
        [(8, 12), (17, 27)]

    """
    if "\r" in text:  # a lone carriage return ends a line too: one character for one
        text = _LONE_CR.sub("\n", text)
    return [match.span() for match in _TIME_NOTE.finditer(text)]


_LONE_CR = re.compile(r"\r(?!\n)")

_SENTENCE_MARK = re.compile(r"[.!?…。？！]")
WORDS_PER_SENTENCE_MARK = 60
"""A text with fewer sentence marks than one per this many words is unpunctuated."""


def punctuated(text: str, words: int) -> bool:
    """Whether a text of ``words`` words has sentence punctuation (automatic captions have none).

    Example:
        >>> punctuated("we now see a significant movement of troops", 8)
        False

    """
    return len(_SENTENCE_MARK.findall(text)) * WORDS_PER_SENTENCE_MARK >= words


# Marks a copy may leave out without changing the word: the accents of Latin
# and Greek letters (``Erdogan`` for ``Erdoğan``; capitals drop the Greek
# tonos), the dot Turkish ``İ`` leaves after casefolding, the diaeresis of
# Russian ``ё``, Hebrew points and Arabic short vowels; and the Arabic
# stretching stroke (tatweel). Cyrillic ``й`` keeps its breve (another
# letter), and the vowel signs of Indic scripts stay.
_OPTIONAL_MARKS = re.compile(
    "(?<=[\x00-\u03ff\u1e00-\u1fff])[\u0300-\u036f]+|(?<=[еЕ])\u0308"
    "|[\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u0610-\u061a\u0640"
    "\u064b-\u065f\u0670]"
)


# A footnote's marker a PDF's text glues to the word it notes: superscript
# digits after three letters or more ("atrocities³", "Allies¹²"); a unit's
# power keeps its digit ("km²", "m³").
_FOOTNOTE_MARK = regex.compile(r"(?<=\p{L}{3})[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+$")


def without_footnote_mark(word: str) -> str:
    """Return a word without the footnote's marker glued to its end (``atrocities³``).

    Example:
        >>> without_footnote_mark("Allies¹²"), without_footnote_mark("km²")
        ('Allies', 'km²')

    """
    return _FOOTNOTE_MARK.sub("", word) if not word.isascii() else word


def fold_marks(word: str) -> str:
    """Return a word without the marks a copy may leave out (``_OPTIONAL_MARKS``).

    Turkish dotless ``ı`` counts as ``i``: a copy in capitals (``YAPTIĞI``
    casefolds to ``yaptiği``) or in ASCII (``Istanbul``) writes it so.

    Example:
        >>> fold_marks("erdoğan"), fold_marks("μητσοτάκησ"), fold_marks("мой")
        ('erdogan', 'μητσοτακησ', 'мой')

    """
    decomposed = unicodedata.normalize("NFD", word.replace("ı", "i"))
    return unicodedata.normalize("NFC", _OPTIONAL_MARKS.sub("", decomposed))


def normalise(word: str) -> str:
    """Return the matching form of one word.

    Example:
        >>> normalise("NATO’s")
        "nato's"
        >>> normalise("10,000")
        '10000'
        >>> normalise("ΚΥΒΕΡΝΗΣΗ") == normalise("κυβέρνηση")
        True

    """
    if "\n" in word or "\r" in word:  # a word hyphenated across a line break
        word = LINE_HYPHENS.sub("", word)
    return _normalise(word)


def _normalise(word: str) -> str:
    """``normalise`` of a word that holds no line break."""
    if word.isascii():
        # NFKC and the apostrophe table change no ASCII character, and
        # ``casefold`` is ``lower`` on ASCII.
        word = word.lower()
        if "`" in word:
            word = word.replace("`", "'")
    else:
        # The table first: NFKC makes ``´`` a space and a combining accent
        # (and a footnote's superscript marker a digit of the word).
        word = unicodedata.normalize("NFKC", without_footnote_mark(word).translate(
            APOSTROPHES)).casefold()
        if not word.isascii():
            word = fold_marks(word)
    if "," in word and GROUPED_NUMBER.match(word):
        word = word.replace(",", "")
    return word


def normalise_all(words: list[str]) -> list[str]:
    """``[normalise(word) for word in words]``; words of ASCII only are lowered at once.

    Example:
        >>> normalise_all(["The", "10,000", "NATO’s"])
        ['the', '10000', "nato's"]

    """
    joined = "\n".join(words)
    # Only a word hyphenated across a line break holds one (and more breaks than joins).
    if joined.count("\n") >= len(words) or "\r" in joined:
        return list(map(normalise, words))
    return normalise_unbroken(words, joined)


def normalise_unbroken(words: list[str], joined: str | None = None) -> list[str]:
    """``normalise_all`` of words none of which holds a line break."""
    if joined is None:
        joined = "\n".join(words)
    if not words or not joined.isascii():
        return list(map(_normalise, words))
    forms = (joined.lower() if "`" not in joined else joined.lower().replace("`", "'")).split("\n")
    if "," in joined:
        for index, form in enumerate(forms):
            if "," in form and GROUPED_NUMBER.match(form):
                forms[index] = form.replace(",", "")
    return forms


# A web address is a run of non-space characters that holds a scheme
# (``https://t.co/x``), ``www.`` (``www.nato.int``) or a domain before a slash
# (``nato.int/cps/en``): the whole run is the link. Each run is read once and
# each mark's pattern anchored at the mark, read backwards for the scheme's and
# the domain's: one pattern tried at every character, as before
# (``\S*?(?:[a-z][a-z0-9+.\-]*://|\bwww\.|(?:[\w\-]+\.)+[a-z]{2,}/)\S*``),
# took time cubic in a run's length (3,000 characters of Chinese, with a slash
# among them, took 37 s).
_RUN = re.compile(r"\S+")
_WWW = re.compile(r"\bwww\.", re.IGNORECASE)
# Backwards from the slash: a top-level domain, its point, a character of a name.
_DOMAIN_BACKWARDS = re.compile(r"/[a-z]{2,}\.[\w\-]", re.IGNORECASE)
# Backwards from ``://``: characters of a scheme, one of them a letter.
_SCHEME_BACKWARDS = re.compile(r"//:[a-z0-9+.\-]*?[a-z]", re.IGNORECASE)


def outside_links(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of ``text[start:end]`` outside its web addresses.

    A link's parts are tokens like any (``https``, ``nato``, ``int`` ...),
    but no words anybody quotes: two posts that share only a link share no
    passage.

    Example:
        >>> text = "Read it here: https://www.nato.int/cps/en/ today"
        >>> [text[a:b] for a, b in outside_links(text, 0, len(text))]
        ['Read it here: ', ' today']

    """
    if text.find("/", start, end) < 0 and text.find("www.", start, end) < 0:
        return [(start, end)]  # most text: no link
    spans = []
    at = start
    for run in _RUN.finditer(text, start, end):
        if _is_link(text, *run.span()):
            spans.append((at, run.start()))
            at = run.end()
    spans.append((at, end))
    return spans


def _is_link(text: str, start: int, end: int) -> bool:
    """Whether the run of non-space characters ``text[start:end]`` holds a web address.

    Each mark is looked at once, and what the pattern reads before it
    lies between it and the mark before, so the time is linear in the run.
    """
    if _WWW.search(text, start, end) is not None:
        return True
    slash = text.find("/", start, end)
    if slash < 0:
        return False
    backwards = text[start:end][::-1]  # position ``i`` of the run is ``end - 1 - i`` here
    while slash >= 0:
        at = end - 1 - slash
        if _DOMAIN_BACKWARDS.match(backwards, at) or (
            slash > start and text.startswith("://", slash - 1, end)
            and _SCHEME_BACKWARDS.match(backwards, at - 1)
        ):
            return True
        slash = text.find("/", slash + 1, end)
    return False


class Normalised(dict[str, str]):
    """A cache of ``normalise``: ``cache[word]`` is its matching form."""

    def __missing__(self, word: str) -> str:
        self[word] = form = normalise(word)
        return form
