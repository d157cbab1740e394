"""Spelling keys: the form of a word its spelling variants share, and a number for each.

In: normalised words. Out: ``spelling_key`` (British/American pairs,
``defence``/``defense``), ``name_key`` for names, and the process-wide
tables ``key_ids`` (a small number per key, what the aligner compares)
and ``compound_keys`` (a word without its hyphens and contractions, for
compounds written as one word or two). The tables are filled as words are
met and emptied by ``dedup.fidelity.scoring`` when they grow too large.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dedup.fidelity.vocabulary import NUMBER_VALUES

# British spelling -> American key. Each rule keeps the words it touches long
# enough that short common words ("four"/"for", "more") are never merged.
_SPELLING_RULES: tuple[tuple[re.Pattern[str], str, int], ...] = (
    (re.compile(r"our(s|ed|ing|ite|ites|able|ful|er|ers|less)?$"), r"or\1", 5),
    (re.compile(r"is(e|es|ed|ing|er|ers|ation|ations|ational)$"), r"iz\1", 5),
    (re.compile(r"ys(e|es|ed|ing|er|ers)$"), r"yz\1", 5),
    (re.compile(r"ence(s)?$"), r"ense\1", 5),
    (re.compile(r"([^aeiou])re(s)?$"), r"\1er\2", 5),
    (re.compile(r"([^aeiou][ae])ll(ed|ing|er|ers|or|ors)$"), r"\1l\2", 7),
    (re.compile(r"ogue(s)?$"), r"og\1", 5),
    (re.compile(r"dgement(s)?$"), r"dgment\1", 8),
    (re.compile(r"^ageing$"), "aging", 6),
)

# British spellings no rule above covers, with the American key.
_SPELLING_WORDS = {
    "programme": "program", "programmes": "programs", "grey": "gray", "aluminium": "aluminum",
    "cheque": "check", "cheques": "checks", "tyre": "tire", "tyres": "tires", "kerb": "curb",
    "plough": "plow", "mould": "mold", "sceptic": "skeptic", "sceptics": "skeptics",
    "sceptical": "skeptical", "scepticism": "skepticism", "manoeuvre": "maneuver",
    "manoeuvres": "maneuvers", "practise": "practice", "practised": "practiced",
    "practising": "practicing", "fulfil": "fulfill", "fulfils": "fulfills",
    "fulfilment": "fulfillment", "enrol": "enroll", "enrolment": "enrollment",
    "instalment": "installment", "skilful": "skillful", "wilful": "willful",
    "pyjamas": "pajamas", "okay": "ok",
    # "per cent" in one word in other languages: "1,5 Prozent" is "1,5 %".
    "prozent": "percent", "procent": "percent", "percento": "percent", "процент": "percent",
    "процента": "percent", "процентов": "percent",
}
# Any of the rules above: most words match none and keep their spelling.
_ANY_SPELLING_RULE = re.compile("|".join(f"(?:{rule.pattern})" for rule, _, _ in _SPELLING_RULES))


def spelling_key(word: str) -> str:
    """Return the form of a normalised word shared by its spelling variants.

    Covers the common British/American pairs: our/or, ise/ize, isation/
    ization, yse/yze, ence/ense, re/er, doubled l, ogue/og, dgement/dgment
    and ageing/aging, and the words no rule covers (``_SPELLING_WORDS``:
    programme/program, grey/gray, practise/practice, fulfilment, OK/okay ...).

    Example:
        >>> spelling_key("defence") == spelling_key("defense")
        True
        >>> spelling_key("four") == spelling_key("for")
        False

    """
    if word in _SPELLING_WORDS:
        return _SPELLING_WORDS[word]
    if _ANY_SPELLING_RULE.search(word) is None:
        return word  # no rule applies, so none can apply after another
    for pattern, replacement, min_length in _SPELLING_RULES:
        if len(word) >= min_length:
            word = pattern.sub(replacement, word, count=1)
    return word


_known_spelling_key = lru_cache(maxsize=1 << 16)(spelling_key)
"""``spelling_key`` remembered for the most recent words: news repeats its vocabulary."""


# Words written two ways that no spelling rule covers: one key each.
_SAME_WORDS = {"half": "1\u20442", "can't": "cannot"}


class _KeyIds(dict[str, int]):
    """``ids[norm]``: a small number per spelling key, the same for every pair a process scores.

    The aligner compares numbers, never strings (rapidfuzz would hash
    strings with the salted built-in ``hash()``), and any numbering gives
    the same alignment, so one numbering serves every pair and each word's
    key is worked out once per process rather than once per pair.
    """

    def __init__(self) -> None:
        super().__init__()
        self.numbers: dict[str, int] = {}

    def __missing__(self, norm: str) -> int:
        # "sixty" is "60" written out, "half" is "½" ("1⁄2"), "can't" is "cannot"
        key = spelling_key(NUMBER_VALUES.get(norm, _SAME_WORDS.get(norm, norm)))
        self[norm] = number = self.numbers.setdefault(key, len(self.numbers))
        return number


class _CompoundKeys(dict[str, str]):
    """``keys[norm]`` is ``_compound_key(norm)``, remembered."""

    def __missing__(self, norm: str) -> str:
        self[norm] = key = _compound_key(norm)
        return key


key_ids = _KeyIds()
compound_keys = _CompoundKeys()


def _compound_key(norm: str) -> str:
    """Return the spelling key, with a contraction spelt out ("we'll": "wewill").

    A number word is its digits ("fifty": "50"), so "fifty per cent" joins
    to the "50percent" of "50%".

    "'s" is spelt out after the words where it is "is" ("it's"), never after
    a name, where it is a possessive ("NATO's"); "'d" (would or had) stays,
    to be spelt out as the other side of a gap has it (``_spell_out_d``).
    """
    if "'" in norm:
        stem, _, ending = norm.rpartition("'")
        if ending == "t" and stem.endswith("n"):
            norm = {"won't": "willnot", "can't": "cannot", "shan't": "shallnot"}.get(
                norm, stem[:-1] + "not")
        elif ending in _CONTRACTED:
            norm = stem + _CONTRACTED[ending]
        elif ending == "s" and stem in _IS_CONTRACTED:
            norm = stem + ("us" if stem == "let" else "is")
    return spelling_key(NUMBER_VALUES.get(norm, norm))


_CONTRACTED = {"ll": "will", "re": "are", "ve": "have", "m": "am"}
_IS_CONTRACTED = frozenset(
    {"it", "that", "what", "there", "here", "he", "she", "who", "where", "how", "let"})


def name_key(norm: str) -> str:
    """The spelling key of a word without a possessive "'s": "NATO's" names NATO."""
    key = _known_spelling_key(norm)
    return key[:-2] if key.endswith("'s") else key
