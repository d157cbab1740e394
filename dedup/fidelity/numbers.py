"""Numbers read by their value, so a number written another way is no changed number.

In: the normalised words of one side of an edit. Out: the values they
hold (``numbers_in``: "ten thousand", "10,000" and "10k" are all 10000;
fractions, decimals with either mark), and whether two runs of words say
the same number (``same_number``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dedup.fidelity.vocabulary import LARGE_NUMBERS, NUMBER_VALUES, NUMBER_WORDS

_VULGAR = re.compile(r"(\d{1,3})⁄(\d{1,3})")


def fraction_value(norm: str) -> float | None:
    """The value of a fraction's word (``1⁄2``, ``half``), or None."""
    if norm == "half":
        return 0.5
    match = _VULGAR.fullmatch(norm) if "⁄" in norm else None
    if match is None or not int(match[2]):
        return None
    return int(match[1]) / int(match[2])


def other_numbers(key: str) -> tuple[str, ...]:
    """The singular or plural forms of a lower-case word's key ("meetings": "meeting")."""
    if key.endswith("ies"):
        return (key[:-3] + "y",)
    if key.endswith("es"):
        return (key[:-1], key[:-2])
    if key.endswith("s"):
        return (key[:-1],)
    if key.endswith("y"):
        return (key + "s", key[:-1] + "ies")
    return (key + "s", key + "es")


def numbers_in(norms: Sequence[str]) -> list[str]:
    """The numbers among the words by value, sorted (a count compares).

    A run of digits, number words and hundred ... trillion is one number
    ("10 thousand", "ten thousand", "10k" and "10,000" are 10000); other
    number words (ordinals, "dozen", "millions") and digits with letters
    ("50percent", a date) stand for themselves.
    """
    numbers: list[str] = []
    run: list[str] = []
    for norm in norms:
        plain = (_decimal(NUMBER_VALUES.get(norm, norm)) is not None
                 or fraction_value(norm) is not None)
        if run and (norm in LARGE_NUMBERS or (plain and _continues(run[-1], norm))):
            run.append(norm)
            continue
        if run:
            numbers.append(_value(run))
            run = []
        if plain:
            run.append(norm)
        elif norm[:1].isdigit() or norm in NUMBER_WORDS:
            numbers.append(norm)
    if run:
        numbers.append(_value(run))
    numbers.sort()
    return numbers


def one_as_1(norms: Sequence[str], others: Sequence[str]) -> Sequence[str]:
    """The words, "one" read as the number 1 where the other side writes "1".

    "one" is no number word (it is far more often "one of them"), but
    "One" put for "1" writes the same number.
    """
    if "one" in norms and "1" in others:
        return ["1" if norm == "one" else norm for norm in norms]
    return norms


def same_number(source_norms: Sequence[str], variant_norms: Sequence[str]) -> bool:
    """Whether both sides are one number written two ways ("5,000": "five thousand")."""
    source_norms, variant_norms = (one_as_1(source_norms, variant_norms),
                                   one_as_1(variant_norms, source_norms))
    if not (source_norms and variant_norms and all(map(is_number_word, source_norms))
            and all(map(is_number_word, variant_norms))):
        return False
    numbers = numbers_in(source_norms)
    return len(numbers) == 1 and numbers == numbers_in(variant_norms)


def is_number_word(norm: str) -> bool:
    """Whether the word is digits, a number word (not an ordinal), a fraction or a magnitude."""
    return (norm in LARGE_NUMBERS or _decimal(NUMBER_VALUES.get(norm, norm)) is not None
            or fraction_value(norm) is not None)


# Digits with marks between them: "10,000", "3.5", "1.000.000", "1,5", "1.234,5".
_MARKED_DIGITS = re.compile(r"\d+(?:[.,]\d+)+")


def _decimal(word: str) -> str | None:
    """The value of a word of digits as plain digits and a decimal point, or None.

    Digit grouping and the decimal mark are read as any language writes
    them where only one reading is possible: a mark that comes twice
    groups (``1.000.000``, ``1,000,000``), and of two marks the last is the
    decimal one (``1.234,5``, ``1,234.5``); a mark followed by other than
    three digits is a decimal one (``1,5`` is 1.5, as ``1.5`` is). One mark
    before three digits is read as English writes it (``1,500`` is 1500,
    ``1.500`` is 1.5; but see ``_value``). Digits that no such reading fits
    (a date, ``5.4.2022``) are None, words that stand for themselves.

    Example:
        >>> _decimal("1.000.000"), _decimal("1,5"), _decimal("1,500"), _decimal("5.4.2022")
        ('1000000', '1.5', '1500', None)

    """
    if word.isdecimal():
        return word
    if not _MARKED_DIGITS.fullmatch(word):
        return None
    groups = re.split("[.,]", word)
    marks = [char for char in word if char in ".,"]
    if marks[-1] not in marks[:-1] and (len(marks) > 1 or len(groups[-1]) != 3
                                        or marks[-1] == "."):
        whole, fraction = groups[:-1], groups[-1]  # the last mark is the decimal one
    else:
        whole, fraction = groups, ""
    if len(set(marks[: len(whole) - 1])) > 1 or any(len(group) != 3 for group in whole[1:]):
        return None
    return "".join(whole) + ("." + fraction if fraction else "")


def _continues(previous: str, norm: str) -> bool:
    """Whether ``norm`` goes on the number ending in ``previous`` ("twenty five", "million two").

    A fraction goes on a whole number ("3½", "three and a half") or a
    magnitude ("a million and a half").
    """
    if previous in _MAGNITUDE_VALUES:
        return True
    if fraction_value(norm) is not None:
        return (fraction_value(previous) is None and previous.isdecimal()
                or previous in NUMBER_VALUES)
    if len(norm) == 3 and norm.isdecimal() and len(previous) <= 3 and previous.isdecimal():
        return True  # digits grouped by a space ("1 000 000", French and SI style)
    tens, units = NUMBER_VALUES.get(previous, ""), NUMBER_VALUES.get(norm, "")
    return previous.isalpha() and len(tens) == 2 and tens.endswith("0") and len(units) == 1


_MAGNITUDE_VALUES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9,
                     "trillion": 10**12}


# One point before three digits: 1.5 in English, 1500 in most of Europe.
_POINT_OR_GROUP = re.compile(r"[1-9]\d{0,2}\.\d{3}")


def _value(run: Sequence[str]) -> str:
    """The value of a written number: digits or number words, then hundred ... trillion.

    A number with a point before three digits (``1.500``) has two values, so
    it stands for itself: the same only as the same writing, never as
    ``1,5`` or ``1500`` (one reading would call a thousandfold change
    cosmetic).
    """
    if any(map(_POINT_OR_GROUP.fullmatch, run)):
        return " ".join(run)
    total = current = 0.0
    previous = ""
    for word in run:
        if word in _MAGNITUDE_VALUES:
            if word == "hundred":
                current = (current or 1) * 100
            else:
                total += (current or 1) * _MAGNITUDE_VALUES[word]
                current = 0
        elif previous.isdecimal() and len(word) == 3 and word.isdecimal():
            current = current * 1000 + int(word)  # a group of digits after a space
        elif previous in _MAGNITUDE_VALUES and fraction_value(word) is not None:
            # "a million and a half"
            total += (fraction_value(word) or 0) * _MAGNITUDE_VALUES[previous]
        elif fraction_value(word) is not None:
            current += fraction_value(word) or 0
        else:
            current += float(_decimal(NUMBER_VALUES.get(word, word)) or 0)
        previous = word
    value = total + current
    return str(int(value)) if value == int(value) else repr(value)
