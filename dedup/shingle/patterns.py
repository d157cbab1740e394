"""What a word is: the character classes and token patterns every tokenizer here uses.

Plain compiled patterns (``regex`` for Unicode's classes, ``re`` for the
faster ASCII forms) and ``broken_words``, which tells where a PDF's line
end broke a word with a hyphen. No state.
"""

from __future__ import annotations

import re

import regex

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
CJK = r"\p{Han}\p{Hiragana}\p{Katakana}"
LETTERS = rf"[[\p{{L}}\p{{N}}\p{{M}}]--[{CJK}]]"
# A mark only goes on a word: one after no letter is no word. An emoji's
# variation selector (``❤️``, ``‼️``, ``🗣️`` end with U+FE0F) or a
# keycap's (``1️⃣``) made a word nobody can see inside a post's sentence.
WORD_START = rf"[[\p{{L}}\p{{N}}]--[{CJK}]]"
#
# Besides apostrophes, a word holds the invisible marks that layout and
# scripts put inside words: a soft hyphen (``Ukra\u00adine``), the
# zero-width non-joiner and joiner (Persian ``می‌خواهم``) and the word
# joiner. Its matching form leaves them out.
# A grave or acute accent typed for the apostrophe (``qu`il``, ``d´Ivoire``)
# is one too, and so is the prime a PDF's or OCR's text may give for it
# (``NATO′s``).
JOINERS = "'’ʼ`´′\u00ad\u200c\u200d\u2060"
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
LINE_HYPHENS = re.compile(_LINE_HYPHEN)
TOKEN = regex.compile(
    rf"\p{{Nd}}+(?:[.,]\p{{Nd}}+)*|[{CJK}]"
    rf"|{WORD_START}{LETTERS}*(?:(?:[{JOINERS}]|{_LINE_HYPHEN}(?=\p{{Ll}})){LETTERS}+)*",
    regex.V1,
)
# The same pattern as one group: ``split`` then gives the text between tokens
# and the tokens, alternately, with no Python call per token.
TOKEN_SPLIT = regex.compile(f"({TOKEN.pattern})", regex.V1)
# The same tokens in text with no hyphen before a line break (most text, as
# ``broken_words`` tells with one search): a pattern that never looks for
# one, a sixth less time.
PLAIN_TOKEN = regex.compile(
    rf"\p{{Nd}}+(?:[.,]\p{{Nd}}+)*|[{CJK}]|{WORD_START}{LETTERS}*(?:[{JOINERS}]{LETTERS}+)*",
    regex.V1,
)
PLAIN_TOKEN_SPLIT = regex.compile(f"({PLAIN_TOKEN.pattern})", regex.V1)
# A hyphen after a word's character, before a line break and a letter: the
# pattern opens with the hyphen, which the engine looks for first. The two
# rarer hyphens are looked for as characters.
_BREAK_AFTER_HYPHEN = re.compile(r"-(?<=[^\s-]-)[ \t]*(?:\r\n?|\n)[ \t]*(?=[^\W\d_])")
_BREAK_AFTER_RARE_HYPHEN = re.compile(
    r"[\u2010\u00ad](?<=[^\s\u2010\u00ad-][\u2010\u00ad])[ \t]*(?:\r\n?|\n)[ \t]*(?=[^\W\d_])")


def broken_words(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether ``text[start:end]`` may hold a word hyphenated across a line break.

    True wherever ``TOKEN`` joins one (a hyphen after a word's character,
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
# third less time than ``TOKEN`` on news text.
ASCII_TOKEN = re.compile(
    r"[0-9]++(?:[.,][0-9]++)*+"
    r"|[A-Za-z0-9]++(?:(?:['`]|-[ \t]*+(?:\r\n?+|\n)[ \t]*+(?=[a-z]))[A-Za-z0-9]++)*+"
)
ASCII_TOKEN_SPLIT = re.compile(f"({ASCII_TOKEN.pattern})")
PLAIN_ASCII_TOKEN = re.compile(r"[0-9]++(?:[.,][0-9]++)*+|[A-Za-z0-9]++(?:['`][A-Za-z0-9]++)*+")
PLAIN_ASCII_TOKEN_SPLIT = re.compile(f"({PLAIN_ASCII_TOKEN.pattern})")
APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "´": "'", "′": "'",
                             "\u00ad": None,
                             "\u200c": None, "\u200d": None, "\u2060": None})
GROUPED_NUMBER = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
