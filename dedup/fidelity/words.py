"""The words of one text as columns, the unit every fidelity rule reads.

In: a text. Out: ``Words``: surface forms, normalised forms, spans and
spelling-key ids in lists (no object per word), with page furniture left
out and the forms of ``dedup.fidelity.forms`` joined; and two questions
on a position of it: ``bracketed`` (words an editor put in brackets) and
``sentence_start``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import regex

from dedup.fidelity.forms import (
    DECADE_OR_FRACTION_WORDS,
    DECADE_WORDS,
    FRACTION_WORDS,
    MONTHS,
    NUMBER_AND_DATE_WORDS,
    ORDINAL_ENDINGS,
    ORDINAL_WORDS,
    VULGAR_CHAR,
    count_one,
    join_dates,
    join_decades,
    join_fractions,
    join_ordinals,
    mark_percentages,
    spell_out_magnitudes,
)
from dedup.fidelity.spelling import key_ids
from dedup.fidelity.vocabulary import (
    GERMAN_WORDS,
    LARGE_NUMBERS,
    OPENING_QUOTES,
    SENTENCE_END,
    SKIP_BACK,
    SYMBOL_OR_CONTROL,
)
from dedup.layout import page_furniture
from dedup.shingle import Normalised, token_parts

normalised = Normalised()


class Words:
    """The words of one text as columns: surface and normalised forms, spans, spelling-key ids.

    Columns rather than an object per word: a scan scores millions of
    words, and most of them only need their key compared.
    """

    __slots__ = ("_german", "_shouted", "ends", "keys", "norms", "size", "starts", "text",
                 "tokens")

    def __init__(self, text: str) -> None:
        # ``token_columns`` with lists for offsets: NumPy's fixed cost per call
        # is more than a short passage's words cost.
        parts = token_parts(text)
        offsets = list(itertools.accumulate(map(len, parts)))
        tokens = parts[1::2]
        starts, ends = offsets[0:-1:2], offsets[1::2]
        furniture = page_furniture(text, repeated=False)
        if furniture:  # a page number or running header at a page break: no one's words
            tokens, starts, ends = _without(furniture, tokens, starts, ends)
        norms = list(map(normalised.__getitem__, tokens))
        self.text = text
        self.tokens: list[str] = tokens
        """The words as written: ``text[starts[i] : ends[i]]`` is ``tokens[i]``."""
        self.starts: list[int] = starts
        self.ends: list[int] = ends
        self.norms = norms
        self.size = len(norms)
        # Nine texts in ten have none of these words: one pass over the
        # words tells, rather than one for each way of writing a number.
        joined = not NUMBER_AND_DATE_WORDS.isdisjoint(norms)
        if joined:
            spell_out_magnitudes(text, self.starts, self.ends, norms)
            if not LARGE_NUMBERS.isdisjoint(norms):
                count_one(norms)
        if "%" in text:
            mark_percentages(text, self.starts, self.ends, tokens, norms)
        if joined and not MONTHS.keys().isdisjoint(norms):
            self.tokens, self.starts, self.ends, self.norms = join_dates(
                text, tokens, self.starts, self.ends, norms)
            self.size = len(self.norms)
        if joined and not (ORDINAL_ENDINGS.isdisjoint(self.norms)
                           and ORDINAL_WORDS.isdisjoint(self.norms)):
            self.tokens, self.starts, self.ends, self.norms = join_ordinals(
                text, self.tokens, self.starts, self.ends, self.norms)
            self.size = len(self.norms)
        # Most texts have no decade or fraction: one pass over the words
        # (and one over the text for "1/2" and "½") tells.
        joining = not DECADE_OR_FRACTION_WORDS.isdisjoint(self.norms)
        if joining and ("s" in self.norms or not DECADE_WORDS.keys().isdisjoint(self.norms)):
            self.tokens, self.starts, self.ends, self.norms = join_decades(
                text, self.tokens, self.starts, self.ends, self.norms)
            self.size = len(self.norms)
        if (joining and not FRACTION_WORDS.isdisjoint(self.norms) or "/" in text
                or not text.isascii() and VULGAR_CHAR.search(text)):
            self.tokens, self.starts, self.ends, self.norms = join_fractions(
                text, self.tokens, self.starts, self.ends, self.norms)
            self.size = len(self.norms)
        self.keys = list(map(key_ids.__getitem__, self.norms))
        self._shouted: bool | None = None
        self._german: bool | None = None

    @property
    def shouted(self) -> bool:
        """Whether the text is written in capitals throughout, as broadcast captions are.

        Then a capital tells no name. Worked out at the first name looked for.
        """
        if self._shouted is None:
            self._shouted = self.text.isupper()
        return self._shouted

    @property
    def german(self) -> bool:
        """Whether the text is German, which gives every noun a capital, not names only.

        Told by its words that no English text holds (``und``, ``nicht``,
        ``ist`` ...). Worked out at the first name looked for.
        """
        if self._german is None:
            self._german = not GERMAN_WORDS.isdisjoint(self.norms)
        return self._german

    def surfaces(self, first: int, last: int) -> str:
        """The surface forms of words ``[first, last)``, joined by spaces.

        Chinese and Japanese characters (each a word) that touch in the text
        are joined as written: ``主持``, not ``主 持``.
        """
        if last - first == 1:  # most edits change a word
            return self.tokens[first]
        joined = " ".join(self.tokens[first:last])
        if joined.isascii() or not _CJK_CHAR.search(joined):
            return joined
        tokens, starts, ends = self.tokens, self.starts, self.ends
        pieces = [tokens[first]]
        for index in range(first + 1, last):
            touching = ends[index - 1] == starts[index] and (
                _CJK_CHAR.fullmatch(tokens[index - 1]) or _CJK_CHAR.fullmatch(tokens[index]))
            pieces.append(tokens[index] if touching else " " + tokens[index])
        return "".join(pieces)


def _without(
    spans: Sequence[tuple[int, int]], tokens: list[str], starts: list[int], ends: list[int]
) -> tuple[list[str], list[int], list[int]]:
    """The words (surface forms, starts and ends) that lie outside the sorted ``spans``."""
    kept = []
    at = 0
    for index, start in enumerate(starts):
        while at < len(spans) and spans[at][1] <= start:
            at += 1
        if at == len(spans) or start < spans[at][0]:
            kept.append(index)
    return ([tokens[i] for i in kept], [starts[i] for i in kept], [ends[i] for i in kept])


# One Chinese or Japanese character, a word of its own (``dedup.shingle``).
_CJK_CHAR = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")


def bracketed(words: Words, first: int, last: int, brackets: str = "[]") -> bool:
    """Whether words ``[first, last)`` are all that stands in one pair of ``brackets``.

    Square brackets hold an editor's words ("[NATO] will", "[inaudible]").
    """
    if first == last:
        return False
    text, opening, closing = words.text, brackets[0], brackets[1]
    before = text.rfind(opening, words.ends[first - 1] if first else 0, words.starts[first])
    end = words.ends[last - 1]
    after = text.find(closing, end, words.starts[last] if last < words.size else len(text))
    return before >= 0 and after >= 0 and not any(
        char in brackets for char in text[words.starts[first] : end])


def sentence_start(text: str, position: int) -> bool:
    r"""Tell whether the word at ``position`` opens the text or a sentence.

    Quotation marks, brackets, symbols and control characters between the
    word and the end of the sentence before are no words: a paragraph mark
    (``"... months. ■ When"``) or the control byte and line-end marker a
    wire service puts between paragraphs (``"... months.<\n\x19When"``)
    leave "When" opening its sentence. So does a quotation opened after a
    colon or comma (``said: "Our plan``, ``said, "Our plan``): its first
    word opens the sentence quoted.
    """
    index = position - 1
    quoted = False
    while index >= 0 and (text[index].isspace() or text[index] in SKIP_BACK
                          or SYMBOL_OR_CONTROL.match(text[index])):
        quoted = quoted or text[index] in OPENING_QUOTES or text[index] == "`"
        index -= 1
    return index < 0 or text[index] in SENTENCE_END or quoted and text[index] in ":,"
