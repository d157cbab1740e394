"""Text -> tokens with spans, word counts, and word shingles.

``tokenize`` (``Token`` objects, for small texts and tests), the column
forms the pipeline uses (``token_parts``, ``token_columns``), word counts
and ``shingles``/``shingles_at`` with ``jaccard``. Always holds:
``text[token.start:token.end]`` is each token's surface form, in text order.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from dedup.models import Token
from dedup.shingle.compiled import part_offsets
from dedup.shingle.patterns import (
    ASCII_TOKEN,
    ASCII_TOKEN_SPLIT,
    PLAIN_ASCII_TOKEN,
    PLAIN_ASCII_TOKEN_SPLIT,
    PLAIN_TOKEN,
    PLAIN_TOKEN_SPLIT,
    TOKEN,
    TOKEN_SPLIT,
    broken_words,
)
from dedup.shingle.text import Normalised, normalise_all, normalise_unbroken


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Split ``text[start:end]`` into tokens whose spans index into ``text``.

    Example:
        >>> [t.norm for t in tokenize("A land-bridge, they said.")]
        ['a', 'land', 'bridge', 'they', 'said']

    """
    stop = len(text) if end is None else end
    piece = text if start == 0 and stop >= len(text) else text[start:stop]
    broken = broken_words(piece)
    parts = (TOKEN_SPLIT if broken else PLAIN_TOKEN_SPLIT).split(piece)
    words = parts[1::2]
    # Where each part starts: the tokens are the odd parts.
    offsets = list(itertools.accumulate(map(len, parts), initial=start))
    norms = normalise_all(words) if broken else normalise_unbroken(words)
    return list(map(Token, norms, offsets[1::2][: len(words)], offsets[2::2]))


def word_count(text: str, start: int = 0, end: int | None = None) -> int:
    """The number of tokens :func:`tokenize` finds in ``text[start:end]``, without making them.

    Example:
        >>> word_count("A land-bridge, they said.")
        5

    """
    stop = len(text) if end is None else end
    pattern = TOKEN if broken_words(text, start, stop) else PLAIN_TOKEN
    return len(pattern.findall(text, start, stop))


def normalised_words(text: str, start: int = 0, end: int | None = None) -> list[str]:
    """The normalised forms of the tokens of ``text[start:end]``, without their spans.

    Example:
        >>> normalised_words("A land-bridge, they said.")
        ['a', 'land', 'bridge', 'they', 'said']

    """
    piece = text[start : len(text) if end is None else end]
    # ASCII's own pattern: the same tokens in a third less time (``ASCII_TOKEN``).
    if broken_words(piece):
        return normalise_all((ASCII_TOKEN if piece.isascii() else TOKEN).findall(piece))
    plain = PLAIN_ASCII_TOKEN if piece.isascii() else PLAIN_TOKEN
    return normalise_unbroken(plain.findall(piece))


def has_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a token (without splitting all of it)."""
    return TOKEN.search(text, start, end) is not None


def count_words(text: str, spans: Iterable[tuple[int, int]], *, most: int) -> int:
    """The number of tokens in the ``(start, end)`` spans of ``text``, counted up to ``most``.

    Stops at ``most``, so a quotation that runs on for megabytes costs no
    more than a short one.
    """
    count = 0
    for start, end in spans:
        broken = broken_words(text, start, end)
        if text.isascii():
            pattern = ASCII_TOKEN if broken else PLAIN_ASCII_TOKEN
        else:
            pattern = TOKEN if broken else PLAIN_TOKEN
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
    if broken_words(text):
        return (ASCII_TOKEN_SPLIT if text.isascii() else TOKEN_SPLIT).split(text)
    return (PLAIN_ASCII_TOKEN_SPLIT if text.isascii() else PLAIN_TOKEN_SPLIT).split(text)


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
    starts, ends = part_offsets(parts)
    norms = list(map(cache.__getitem__, parts[1::2]))
    return starts, ends, norms


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
