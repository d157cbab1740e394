"""The tokenizer and word table compiled with numba, for whole documents at once.

``token_spans`` scans a document's code points (flagged once per
character: letter, digit, joiner, CJK ...) for the same tokens the
patterns give; ``Vocabulary`` and ``SeenWords`` number the distinct
normalised words with a compiled hash table (``token_ids``), so no Python
object is made per token. Equal to ``dedup.shingle.tokens`` word for
word (the tests compare them).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt
import regex

from dedup.jit import njit
from dedup.shingle.patterns import CJK, JOINERS, LETTERS, WORD_START
from dedup.shingle.text import normalise


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
# ``_token_spans`` follows ``TOKEN`` with these in place of its classes.
_DIGIT, _WORD, _NUMBER_JOIN, _WORD_JOIN, _ALONE, _START, _LOWER = 1, 2, 4, 8, 16, 32, 64
_DIGIT_CHAR = regex.compile(r"\p{Nd}")
_LOWER_CHAR = regex.compile(r"\p{Ll}")
_WORD_CHAR = regex.compile(LETTERS, regex.V1)
_START_CHAR = regex.compile(WORD_START, regex.V1)
_ALONE_CHAR = regex.compile(f"[{CJK}]")


def _char_flags(chars: Iterable[str]) -> npt.NDArray[np.uint8]:
    """The bits of each character, asked of the regex classes themselves."""
    return np.array([(_DIGIT if _DIGIT_CHAR.match(c) else 0) | (_WORD if _WORD_CHAR.match(c) else 0)
                     | (_NUMBER_JOIN if c in ".," else 0) | (_WORD_JOIN if c in JOINERS else 0)
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
    """``TOKEN``'s matches, leftmost first, counted then stored.

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


def part_offsets(parts: list[str]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Starts and ends of the tokens of ``token_parts``.

    Text between tokens, token, text between, token ...: the ends of the
    parts are the running sum of their lengths.
    """
    lengths = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
    ends = np.cumsum(lengths)[1::2]
    return ends - lengths[1::2], ends
