"""Text -> normalised word tokens with spans, and word shingles.

Pure functions, no state. Normalisation makes the differences that the
fidelity stage calls cosmetic invisible to matching: case (``casefold``),
Unicode compatibility forms (NFKC), accents and other marks a copy may
leave out (``fold_marks``: ``Erdogan`` for ``Erdoğan``), curly versus
straight apostrophes,
hyphenation (``land-bridge`` gives the words ``land`` and ``bridge``, as
``land bridge`` does, and ``nego-`` at the end of a line and ``tiations`` on
the next, a word a PDF's line end breaks, the one word ``negotiations``)
and digit grouping (``10,000`` and ``10000`` are one number). Punctuation
and line breaks are not tokens at all.

Always holds: ``text[token.start:token.end]`` is the surface form of every
token, tokens are in text order, and ``normalise`` is idempotent.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import regex

from dedup.jit import njit
from dedup.models import Token

# A number with optional digit grouping or decimals ("10,000", "3.5"), or a
# word of letters, digits and combining marks with optional inner apostrophes
# ("NATO's", "don't"). The underscore is not part of a word: press-agency
# copy writes "_" for a dash. Combining marks are (the accent of a decomposed
# "é", the vowel signs of Devanagari): ``re`` has no class for them, so the
# Unicode classes are those of ``regex`` (what NLTK matches with too).
#
# Chinese and Japanese put no space between words: each of their characters
# (Han, hiragana, katakana) is a word of its own, the usual unit of CJK text
# retrieval, so a copied sentence has words and shingles (character bigrams
# with the default shingle size) instead of being one word per clause.
_CJK = r"\p{Han}\p{Hiragana}\p{Katakana}"
_LETTERS = rf"[[\p{{L}}\p{{N}}\p{{M}}]--[{_CJK}]]"
# A mark only goes on a word: one after no letter is no word. An emoji's
# variation selector (``❤️``, ``‼️``, ``🗣️`` end with U+FE0F) or a
# keycap's (``1️⃣``) made a word nobody can see inside a post's sentence.
_WORD_START = rf"[[\p{{L}}\p{{N}}]--[{_CJK}]]"
#
# Besides apostrophes, a word holds the invisible marks that layout and
# scripts put inside words: a soft hyphen (``Ukra\u00adine``), the
# zero-width non-joiner and joiner (Persian ``می‌خواهم``) and the word
# joiner. Its matching form leaves them out.
# A grave or acute accent typed for the apostrophe (``qu`il``, ``d´Ivoire``)
# is one too, and so is the prime a PDF's or OCR's text may give for it
# (``NATO′s``).
_JOINERS = "'’ʼ`´′\u00ad\u200c\u200d\u2060"
# A word hyphenated across a line break, as typeset text extracted from a
# PDF or OCR has it (``nego-\ntiations``), is one word: a hyphen (or a
# soft hyphen, or U+2010) right after its letters, one line break (maybe
# with spaces or tabs around it), and a lower-case letter going on. Its
# matching form leaves the break out (``negotiations``). A capital after the
# break keeps two words (``Indo-\nPacific``); so does a hyphen after a space
# (a dash) or a blank line. A compound whose hyphen happens to end a line
# (``long-\nterm``) reads as one word too (``longterm``): the fidelity
# stage counts a compound written together or apart as cosmetic.
_LINE_HYPHEN = r"[-\u2010\u00ad][ \t]*(?:\r\n?|\n)[ \t]*"
_LINE_HYPHENS = re.compile(_LINE_HYPHEN)
_TOKEN = regex.compile(
    rf"\p{{Nd}}+(?:[.,]\p{{Nd}}+)*|[{_CJK}]"
    rf"|{_WORD_START}{_LETTERS}*(?:(?:[{_JOINERS}]|{_LINE_HYPHEN}(?=\p{{Ll}})){_LETTERS}+)*",
    regex.V1,
)
# The same pattern as one group: ``split`` then gives the text between tokens
# and the tokens, alternately, with no Python call per token.
_TOKEN_SPLIT = regex.compile(f"({_TOKEN.pattern})", regex.V1)
# The same tokens in text with no hyphen before a line break (most text, as
# ``_broken_words`` tells with one search): a pattern that never looks for
# one, a sixth less time.
_PLAIN_TOKEN = regex.compile(
    rf"\p{{Nd}}+(?:[.,]\p{{Nd}}+)*|[{_CJK}]|{_WORD_START}{_LETTERS}*(?:[{_JOINERS}]{_LETTERS}+)*",
    regex.V1,
)
_PLAIN_TOKEN_SPLIT = regex.compile(f"({_PLAIN_TOKEN.pattern})", regex.V1)
# A hyphen after a word's character, before a line break and a letter: the
# pattern opens with the hyphen, which the engine looks for first. The two
# rarer hyphens are looked for as characters.
_BREAK_AFTER_HYPHEN = re.compile(r"-(?<=[^\s-]-)[ \t]*(?:\r\n?|\n)[ \t]*(?=[^\W\d_])")
_BREAK_AFTER_RARE_HYPHEN = re.compile(
    r"[\u2010\u00ad](?<=[^\s\u2010\u00ad-][\u2010\u00ad])[ \t]*(?:\r\n?|\n)[ \t]*(?=[^\W\d_])")


def _broken_words(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether ``text[start:end]`` may hold a word hyphenated across a line break.

    True wherever ``_TOKEN`` joins one (a hyphen after a word's character,
    one line break, a lower-case letter), and seldom elsewhere.
    """
    stop = len(text) if end is None else end
    # A sentence or passage (what the fidelity stage reads) seldom holds a line break.
    if text.find("\n", start, stop) < 0 and text.find("\r", start, stop) < 0:
        return False
    if _BREAK_AFTER_HYPHEN.search(text, start, stop) is not None:
        return True
    return (text.find("\u00ad", start, stop) >= 0 or text.find("\u2010", start, stop) >= 0) and (
        _BREAK_AFTER_RARE_HYPHEN.search(text, start, stop) is not None)


# The same tokens in ASCII text, for which the classes are ASCII ranges
# (cheaper to test than Unicode ``\d`` and ``\w``) and the quantifiers
# possessive (the greedy match never backtracks: nothing follows it). A
# third less time than ``_TOKEN`` on news text.
_ASCII_TOKEN = re.compile(
    r"[0-9]++(?:[.,][0-9]++)*+"
    r"|[A-Za-z0-9]++(?:(?:['`]|-[ \t]*+(?:\r\n?+|\n)[ \t]*+(?=[a-z]))[A-Za-z0-9]++)*+"
)
_ASCII_TOKEN_SPLIT = re.compile(f"({_ASCII_TOKEN.pattern})")
_PLAIN_ASCII_TOKEN = re.compile(r"[0-9]++(?:[.,][0-9]++)*+|[A-Za-z0-9]++(?:['`][A-Za-z0-9]++)*+")
_PLAIN_ASCII_TOKEN_SPLIT = re.compile(f"({_PLAIN_ASCII_TOKEN.pattern})")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "´": "'", "′": "'",
                              "\u00ad": None,
                              "\u200c": None, "\u200d": None, "\u2060": None})
_GROUPED_NUMBER = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")

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
        word = _LINE_HYPHENS.sub("", word)
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
            _APOSTROPHES)).casefold()
        if not word.isascii():
            word = fold_marks(word)
    if "," in word and _GROUPED_NUMBER.match(word):
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
    return _normalise_all(words, joined)


def _normalise_all(words: list[str], joined: str | None = None) -> list[str]:
    """``normalise_all`` of words none of which holds a line break."""
    if joined is None:
        joined = "\n".join(words)
    if not words or not joined.isascii():
        return list(map(_normalise, words))
    forms = (joined.lower() if "`" not in joined else joined.lower().replace("`", "'")).split("\n")
    if "," in joined:
        for index, form in enumerate(forms):
            if "," in form and _GROUPED_NUMBER.match(form):
                forms[index] = form.replace(",", "")
    return forms


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Split ``text[start:end]`` into tokens whose spans index into ``text``.

    Example:
        >>> [t.norm for t in tokenize("A land-bridge, they said.")]
        ['a', 'land', 'bridge', 'they', 'said']

    """
    stop = len(text) if end is None else end
    piece = text if start == 0 and stop >= len(text) else text[start:stop]
    broken = _broken_words(piece)
    parts = (_TOKEN_SPLIT if broken else _PLAIN_TOKEN_SPLIT).split(piece)
    words = parts[1::2]
    # Where each part starts: the tokens are the odd parts.
    offsets = list(itertools.accumulate(map(len, parts), initial=start))
    norms = normalise_all(words) if broken else _normalise_all(words)
    return list(map(Token, norms, offsets[1::2][: len(words)], offsets[2::2]))


def word_count(text: str, start: int = 0, end: int | None = None) -> int:
    """The number of tokens :func:`tokenize` finds in ``text[start:end]``, without making them.

    Example:
        >>> word_count("A land-bridge, they said.")
        5

    """
    stop = len(text) if end is None else end
    pattern = _TOKEN if _broken_words(text, start, stop) else _PLAIN_TOKEN
    return len(pattern.findall(text, start, stop))


def normalised_words(text: str, start: int = 0, end: int | None = None) -> list[str]:
    """The normalised forms of the tokens of ``text[start:end]``, without their spans.

    Example:
        >>> normalised_words("A land-bridge, they said.")
        ['a', 'land', 'bridge', 'they', 'said']

    """
    piece = text[start : len(text) if end is None else end]
    # ASCII's own pattern: the same tokens in a third less time (``_ASCII_TOKEN``).
    if _broken_words(piece):
        return normalise_all((_ASCII_TOKEN if piece.isascii() else _TOKEN).findall(piece))
    return _normalise_all((_PLAIN_ASCII_TOKEN if piece.isascii() else _PLAIN_TOKEN).findall(piece))


def has_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a token (without splitting all of it)."""
    return _TOKEN.search(text, start, end) is not None


# A web address and the rest of the run of non-space characters it is in
# (``https://t.co/x``, ``www.nato.int``, ``nato.int/cps/en``).
_LINK = re.compile(r"\S*?(?:[a-z][a-z0-9+.\-]*://|\bwww\.|(?:[\w\-]+\.)+[a-z]{2,}/)\S*",
                   re.IGNORECASE)


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
    for link in _LINK.finditer(text, start, end):
        spans.append((at, link.start()))
        at = link.end()
    spans.append((at, end))
    return spans


def count_words(text: str, spans: Iterable[tuple[int, int]], *, most: int) -> int:
    """The number of tokens in the ``(start, end)`` spans of ``text``, counted up to ``most``.

    Stops at ``most``, so a quotation that runs on for megabytes costs no
    more than a short one.
    """
    count = 0
    for start, end in spans:
        broken = _broken_words(text, start, end)
        if text.isascii():
            pattern = _ASCII_TOKEN if broken else _PLAIN_ASCII_TOKEN
        else:
            pattern = _TOKEN if broken else _PLAIN_TOKEN
        for _ in pattern.finditer(text, start, end):
            count += 1
            if count >= most:
                return count
    return count


def token_parts(text: str) -> list[str]:
    """The text between tokens and the tokens, alternately (tokens at odd places).

    One ``re.split``: no Python call per token, and each token's offsets are
    the running sum of the parts' lengths.
    """
    if _broken_words(text):
        return (_ASCII_TOKEN_SPLIT if text.isascii() else _TOKEN_SPLIT).split(text)
    return (_PLAIN_ASCII_TOKEN_SPLIT if text.isascii() else _PLAIN_TOKEN_SPLIT).split(text)


class Normalised(dict[str, str]):
    """A cache of ``normalise``: ``cache[word]`` is its matching form."""

    def __missing__(self, word: str) -> str:
        self[word] = form = normalise(word)
        return form


def token_columns(
    text: str, known: Normalised | None = None
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], list[str]]:
    """The tokens of ``text`` as three columns: starts, ends and normalised forms.

    The same tokens as :func:`tokenize`, without an object per word: the
    offsets are arrays, and each form is the one string ``known`` keeps for
    that word (``known`` caches the forms of words already seen, across calls).

    Example:
        >>> starts, ends, norms = token_columns("Nato’s 10,000 troops")
        >>> starts.tolist(), ends.tolist(), norms
        ([0, 7, 14], [6, 13, 20], ["nato's", '10000', 'troops'])

    """
    cache = Normalised() if known is None else known
    parts = token_parts(text)
    starts, ends = _offsets(parts)
    norms = list(map(cache.__getitem__, parts[1::2]))
    return starts, ends, norms


class Vocabulary(dict[str, int]):
    """Numbers the matching forms of words: ``vocabulary[word]`` is the number of its form.

    ``forms[number]`` is the form (``normalise(word)``); words with one form
    share its number. Numbers let shingles be told apart as integers, so
    each distinct shingle's string is made and hashed once. ``seen`` keeps
    the token texts :func:`token_ids` has met, so that each becomes a
    string and is looked up here once.
    """

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[str] = []
        self._numbers: dict[str, int] = {}
        self.seen = SeenWords()

    def __missing__(self, word: str) -> int:
        form = normalise(word)
        number = self._numbers.get(form)
        if number is None:
            number = self._numbers[form] = len(self.forms)
            self.forms.append(form)
        self[word] = number
        return number


def token_ids(
    text: str, vocabulary: Vocabulary
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """``token_columns`` with each form as its number in ``vocabulary``.

    Example:
        >>> vocabulary = Vocabulary()
        >>> starts, ends, ids = token_ids("The cat saw the dog", vocabulary)
        >>> ids.tolist(), vocabulary.forms
        ([0, 1, 2, 0, 3], ['the', 'cat', 'saw', 'dog'])

    """
    codes, starts, ends = _coded_spans(text)
    # Only the words not seen before in ``vocabulary`` are made into strings and looked up.
    seen = vocabulary.seen
    surface, firsts = seen.number(codes, starts, ends)
    words = map(text.__getitem__, map(slice, starts[firsts].tolist(), ends[firsts].tolist()))
    seen.forms[seen.count - len(firsts) : seen.count] = np.fromiter(
        map(vocabulary.__getitem__, words), dtype=np.int64, count=len(firsts))
    return starts, ends, seen.forms[surface]


class SeenWords:
    """The distinct token texts met so far, numbered in order, with their form numbers.

    Kept as code points end to end and an open-addressing table of their
    FNV-1a hashes (the code points compared on a hash match, so two tokens
    get one number only when their texts are equal): a token costs no Python
    object unless its text is new.
    """

    def __init__(self) -> None:
        self.count = 0
        self.table = np.full(1024, -1, dtype=np.int64)
        self.store = np.empty(4096, dtype=np.uint32)
        self.bounds = np.zeros(513, dtype=np.int64)
        self.forms = np.empty(512, dtype=np.int64)
        """The number of the form of each seen text (in ``Vocabulary.forms``)."""

    def number(
        self, codes: npt.NDArray[np.unsignedinteger], starts: npt.NDArray[np.int64],
        ends: npt.NDArray[np.int64],
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Each token's number, adding the new texts; and the first token of each new text."""
        most = self.count + len(starts)
        if len(self.bounds) <= most:
            self.bounds = _grown(self.bounds, most + 1)
        if len(self.forms) < most:
            self.forms = _grown(self.forms, most)
        if len(self.store) < self.bounds[self.count] + len(codes):
            self.store = _grown(self.store, int(self.bounds[self.count]) + len(codes))
        if len(self.table) < 2 * most:
            size = len(self.table)
            while size < 2 * most:
                size *= 2
            self.table = _rehashed(self.store, self.bounds, self.count, size)
        surface, firsts, self.count = _number_words(codes, starts, ends, self.table, self.store,
                                                    self.bounds, self.count)
        self._fit()
        return surface, firsts

    def _fit(self) -> None:
        """Give back the room a long document made and its new texts did not fill.

        Room is made for every token being new; held for the rest of the
        batch, that would cost a huge document's repetitive text some 60
        bytes a word.
        """
        used = int(self.bounds[self.count])
        if len(self.store) > 4 * max(used, 1024):
            self.store = self.store[: 2 * max(used, 1024)].copy()
        if len(self.bounds) > 4 * max(self.count, 512):
            self.bounds = self.bounds[: 2 * max(self.count, 512) + 1].copy()
            self.forms = self.forms[: 2 * max(self.count, 512)].copy()
        size = 1024
        while size < 2 * self.count:
            size *= 2
        if len(self.table) > 4 * size:
            self.table = _rehashed(self.store, self.bounds, self.count, 2 * size)


def _grown(array: npt.NDArray[Any], least: int) -> npt.NDArray[Any]:
    """``array`` in a buffer of at least ``least`` items, at least twice as long."""
    grown = np.empty(max(least, 2 * len(array)), dtype=array.dtype)
    grown[: len(array)] = array
    return grown


@njit()
def _fnv(codes, start, end):  # type: ignore[no-untyped-def]
    """FNV-1a of the code points ``codes[start:end]``."""
    hashed = np.uint64(14695981039346656037)
    for k in range(start, end):
        hashed = (hashed ^ np.uint64(codes[k])) * np.uint64(1099511628211)
    return hashed


@njit()
def _rehashed(store, bounds, count, size):  # type: ignore[no-untyped-def]
    """A table of ``size`` slots holding the ``count`` texts of ``store``."""
    table = np.full(size, -1, dtype=np.int64)
    for number in range(count):
        slot = np.int64(_fnv(store, bounds[number], bounds[number + 1]) & np.uint64(size - 1))
        while table[slot] >= 0:
            slot = (slot + 1) & (size - 1)
        table[slot] = number
    return table


@njit()
def _number_words(codes, starts, ends, table, store, bounds, count):  # type: ignore[no-untyped-def]
    """Number each token's text, adding new texts to ``store`` (room made by the caller)."""
    size = len(table)
    surface = np.empty(len(starts), dtype=np.int64)
    firsts = np.empty(len(starts), dtype=np.int64)
    added = 0
    for token in range(len(starts)):
        start, end = starts[token], ends[token]
        slot = np.int64(_fnv(codes, start, end) & np.uint64(size - 1))
        while True:
            number = table[slot]
            if number < 0:
                table[slot] = number = count
                at = bounds[count]
                for k in range(end - start):
                    store[at + k] = codes[start + k]
                bounds[count + 1] = at + end - start
                count += 1
                firsts[added] = token
                added += 1
                break
            first = bounds[number]
            if bounds[number + 1] - first == end - start:
                same = True
                for k in range(end - start):
                    if store[first + k] != codes[start + k]:
                        same = False
                        break
                if same:
                    break
            slot = (slot + 1) & (size - 1)
        surface[token] = number
    return surface, firsts[:added].copy(), count


# What the token pattern asks of one character, as bits: the scan in
# ``_token_spans`` follows ``_TOKEN`` with these in place of its classes.
_DIGIT, _WORD, _NUMBER_JOIN, _WORD_JOIN, _ALONE, _START, _LOWER = 1, 2, 4, 8, 16, 32, 64
_DIGIT_CHAR = regex.compile(r"\p{Nd}")
_LOWER_CHAR = regex.compile(r"\p{Ll}")
_WORD_CHAR = regex.compile(_LETTERS, regex.V1)
_START_CHAR = regex.compile(_WORD_START, regex.V1)
_ALONE_CHAR = regex.compile(f"[{_CJK}]")


def _char_flags(chars: Iterable[str]) -> npt.NDArray[np.uint8]:
    """The bits of each character, asked of the regex classes themselves."""
    return np.array([(_DIGIT if _DIGIT_CHAR.match(c) else 0) | (_WORD if _WORD_CHAR.match(c) else 0)
                     | (_NUMBER_JOIN if c in ".," else 0) | (_WORD_JOIN if c in _JOINERS else 0)
                     | (_ALONE if _ALONE_CHAR.match(c) else 0)
                     | (_START if _START_CHAR.match(c) else 0)
                     | (_LOWER if _LOWER_CHAR.match(c) else 0)
                     for c in chars], dtype=np.uint8).reshape(-1)


_ASCII_FLAGS = _char_flags(map(chr, range(128)))


def token_spans(text: str) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The starts and ends of the tokens of ``text`` (those of :func:`token_columns`).

    One compiled scan over the text's code points instead of a string per
    token and per gap between tokens (``token_parts``): the characters
    above ASCII are looked up in the regex classes once per document.

    Example:
        >>> starts, ends = token_spans("Nato’s 10,000 troops")
        >>> starts.tolist(), ends.tolist()
        ([0, 7, 14], [6, 13, 20])

    """
    _, starts, ends = _coded_spans(text)
    return starts, ends


def _coded_spans(
    text: str,
) -> tuple[npt.NDArray[np.unsignedinteger], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The code points of ``text`` and the starts and ends of its tokens."""
    codes, wide, flags = _code_points(text)
    starts, ends = _token_spans(codes, _ASCII_FLAGS, wide, flags)
    return codes, starts, ends


def _code_points(
    text: str,
) -> tuple[npt.NDArray[np.unsignedinteger], npt.NDArray[np.int64], npt.NDArray[np.uint8]]:
    """The code points of ``text``, and its distinct ones above ASCII with their bits.

    The distinct ones (a few) are int64: searched in the compiled scan, they
    share the one compiled form of ``np.searchsorted`` with the other modules.
    """
    if text.isascii():
        codes: npt.NDArray[np.unsignedinteger] = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
        wide = np.empty(0, dtype=np.int64)
    else:
        # A lone surrogate is one code point of the text too.
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        wide = np.unique(codes[codes >= 128]).astype(np.int64)
    return codes, wide, _char_flags(map(chr, wide.tolist()))


@njit()
def _token_spans(codes, ascii_flags, wide, wide_flags):  # type: ignore[no-untyped-def]
    """``_TOKEN``'s matches, leftmost first, counted then stored.

    A token is a run of digits joined by single ``.,`` before a digit, or
    else a run of word characters (from a letter or digit, not a mark)
    joined by single apostrophes before a word character. Tokens may
    touch (``10abc`` is ``10`` and ``abc``).
    """
    n = len(codes)
    flags = np.empty(n + 1, dtype=np.uint8)  # one past the end: no class
    for i in range(n):
        code = codes[i]
        # (``np.int64``: one compiled search for ASCII and wide texts, and for other modules)
        flags[i] = ascii_flags[code] if code < 128 else \
            wide_flags[np.searchsorted(wide, np.int64(code))]
    flags[n] = 0
    count = _scan(codes, flags, np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))
    starts = np.empty(count, dtype=np.int64)
    ends = np.empty(count, dtype=np.int64)
    _scan(codes, flags, starts, ends)
    return starts, ends


@njit()
def _line_hyphen(codes, flags, i):  # type: ignore[no-untyped-def]
    """Where the letters after a line-end hyphen at ``i`` go on (``_LINE_HYPHEN``), or -1.

    The hyphen, spaces or tabs, one line break, spaces or tabs, then a
    lower-case letter.
    """
    code = codes[i]
    if code != 45 and code != 0x2010 and code != 0xAD:  # "-", U+2010 hyphen, soft hyphen
        return -1
    n = len(codes)
    j = i + 1
    while j < n and (codes[j] == 32 or codes[j] == 9):
        j += 1
    if j < n and codes[j] == 13:
        j += 1
        if j < n and codes[j] == 10:
            j += 1
    elif j < n and codes[j] == 10:
        j += 1
    else:
        return -1
    while j < n and (codes[j] == 32 or codes[j] == 9):
        j += 1
    return j if flags[j] & _LOWER else -1


@njit()
def _scan(codes, flags, starts, ends):  # type: ignore[no-untyped-def]
    """The number of tokens in ``flags`` (their classes), storing their spans if there is room.

    Empty ``starts`` and ``ends`` only count (a flag, not a literal
    ``True`` or ``False``, which would compile the function twice).
    ``codes`` are the code points, for the line-end hyphens inside a word.
    """
    n = len(flags) - 1
    store = len(starts) > 0
    count = 0
    i = 0
    while i < n:
        if flags[i] & _ALONE:  # a Chinese or Japanese character: a word of its own
            if store:
                starts[count] = i
                ends[count] = i + 1
            count += 1
            i += 1
            continue
        if not flags[i] & _START:  # not a word's first character (a mark goes on one)
            i += 1
            continue
        start = i
        if flags[i] & _DIGIT:
            run, join = _DIGIT, _NUMBER_JOIN
        else:
            run, join = _WORD, _WORD_JOIN
        i += 1
        while True:
            while flags[i] & run:
                i += 1
            if flags[i] & join and flags[i + 1] & run:
                i += 2
                continue
            # (the hyphen looked for here, not in a call, at each word's end)
            code = codes[i] if i < n else 0
            if run != _WORD or (code != 45 and code != 0x2010 and code != 0xAD):
                break
            on = _line_hyphen(codes, flags, i)
            if on < 0:
                break
            i = on
        if store:
            starts[count] = start
            ends[count] = i
        count += 1
    return count


def _offsets(parts: list[str]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Starts and ends of the tokens of ``token_parts``.

    Text between tokens, token, text between, token ...: the ends of the
    parts are the running sum of their lengths.
    """
    lengths = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
    ends = np.cumsum(lengths)[1::2]
    return ends - lengths[1::2], ends


def shingles(words: Sequence[str], size: int) -> set[str]:
    """Return the set of word ``size``-grams of ``words``, joined by spaces.

    A sequence shorter than ``size`` gives one shingle of all its words, so
    short passages still have something to match on.

    Example:
        >>> sorted(shingles(["we", "would", "respond"], 2))
        ['we would', 'would respond']

    """
    if size < 1:
        raise ValueError(f"shingle size must be at least 1, got {size}")
    if not words:
        return set()
    if len(words) <= size:
        return {" ".join(words)}
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def shingles_at(words: Sequence[str], size: int) -> list[str]:
    """The shingle starting at each word that has ``size - 1`` words after it.

    The shingles of ``words[lo:hi]`` (longer than ``size``) are then the set
    of ``shingles_at(words, size)[lo : hi - size + 1]``.

    Example:
        >>> shingles_at(["we", "would", "respond"], 2)
        ['we would', 'would respond']

    """
    if size == 1:
        return list(words)
    if size == 2:
        return [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    return [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]


def jaccard(first: set[str], second: set[str]) -> float:
    """Jaccard similarity of two shingle sets (0.0 when both are empty)."""
    union = len(first | second)
    return len(first & second) / union if union else 0.0
