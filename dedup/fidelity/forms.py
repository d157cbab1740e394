"""One word for what news writes several ways: dates, ordinals, percentages, decades, fractions.

In: a text's words as columns (surface forms, starts, ends, norms). Out:
the same columns with each date (``5 April``/``April 5th``), ordinal
(``21st``/``twenty-first``), decade (``1980s``/``the Eighties``) and
fraction (``half a million``/``£½ million``) joined into one word with a
norm both writings share, short magnitudes after digits spelt out
(``£5m`` -> ``million``) and percentages marked. The joined word's span
runs from its first to its last word, so offsets stay exact.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dedup.fidelity.numbers import fraction_value, is_number_word
from dedup.fidelity.vocabulary import LARGE_NUMBERS, MAGNITUDES, NUMBER_VALUES


def spell_out_magnitudes(text: str, starts: list[int], ends: list[int], norms: list[str]) -> None:
    """Give short magnitudes after digits the long word as ``norm``, in place.

    ``£5m`` gives the words ``5`` and ``m`` (norm ``million``); the ``m``
    must follow the digits directly or after spaces on the same line.
    """
    if MAGNITUDES.keys().isdisjoint(norms):
        return
    for index in range(1, len(norms)):
        between = text[ends[index - 1] : starts[index]]
        if (
            norms[index] in MAGNITUDES
            and norms[index - 1][:1].isdigit()
            and all(char.isspace() and char != "\n" for char in between)
        ):
            norms[index] = MAGNITUDES[norms[index]]


def count_one(norms: list[str]) -> None:
    """Give "a", "an" and "one" before hundred ... trillion the norm "1", in place.

    So "a billion euro", "one billion euro" and "€1bn" have the same number.
    """
    for index in range(len(norms) - 1):
        if norms[index] in ("a", "an", "one") and norms[index + 1] in LARGE_NUMBERS:
            norms[index] = "1"


def join_dates(
    text: str, tokens: list[str], starts: list[int], ends: list[int], norms: list[str]
) -> tuple[list[str], list[int], list[int], list[str]]:
    """Make each date of a day and a month one word, normalised the same in either order.

    ``5 April``, ``5th April``, ``April 5`` and ``April 5th`` are all the
    word ``5april``; the month must be capitalised (or a full name other
    than ``may`` and ``march`` in lower case) and the day (1 to 31)
    be separated from it by spaces and at most one line break (hard-wrapped
    copy breaks its lines anywhere, ``December`` ending one and ``28``
    opening the next). So are two days of one
    month: ``6-7 April``, ``6 to 7 April`` and ``April 6-7`` are
    ``6-7april``, ``6 and 7 April`` and ``April 6th and 7th``
    ``6+7april``. Returns new columns.
    """
    # A date starts at its month, or up to five words before it (a day, an
    # ordinal, a second day: "6th and 7th April"): ``_date_at`` is asked
    # about those words alone.
    candidates = sorted({at for month, norm in enumerate(norms) if norm in MONTHS
                         for at in range(month - 5, month + 1) if at >= 0})
    joins: list[tuple[int, int, str]] = []
    free = 0  # the first word no date holds yet
    for index in candidates:
        if index < free:
            continue
        date = _date_at(text, tokens, starts, ends, norms, index)
        if date is None:
            continue
        last, norm = date
        joins.append((index, last, norm))
        free = last + 1
    return _rejoined(text, tokens, starts, ends, norms, joins)


def _rejoined(
    text: str, tokens: list[str], starts: list[int], ends: list[int], norms: list[str],
    joins: Sequence[tuple[int, int, str]],
) -> tuple[list[str], list[int], list[int], list[str]]:
    """The columns with the words of each ``(first, last, norm)`` of ``joins`` made one word.

    ``joins`` are in order and do not overlap; the words between them are
    copied a slice at a time. The columns themselves when there are none.
    """
    if not joins:
        return tokens, starts, ends, norms
    new_tokens: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    new_norms: list[str] = []
    copied = 0  # the words before this one are in the new columns
    for first, last, norm in joins:
        new_tokens += tokens[copied:first]
        new_starts += starts[copied:first]
        new_ends += ends[copied:first]
        new_norms += norms[copied:first]
        new_tokens.append(text[starts[first] : ends[last]] if last > first else tokens[first])
        new_starts.append(starts[first])
        new_ends.append(ends[last])
        new_norms.append(norm)
        copied = last + 1
    return (new_tokens + tokens[copied:], new_starts + starts[copied:],
            new_ends + ends[copied:], new_norms + norms[copied:])


def _date_at(
    text: str, tokens: list[str], starts: list[int], ends: list[int], norms: list[str], index: int
) -> tuple[int, str] | None:
    """The last word and the norm of a date starting at word ``index``, or None."""

    def day(at: int) -> tuple[int, str] | None:  # the day at word ``at`` and its last word
        if at >= len(norms) or not norms[at].isdigit() or not 1 <= int(norms[at]) <= 31:
            return None
        if at + 1 < len(norms) and norms[at + 1] in ORDINAL_ENDINGS and starts[at + 1] == ends[at]:
            return at + 1, str(int(norms[at]))
        return at, str(int(norms[at]))

    def month(at: int) -> str | None:
        # Written in lower case, a full name is a month still ("on january
        # 12", as a post or a copy typed in lower case has it), but not the
        # verbs "may" and "march".
        if at < len(norms) and norms[at] in MONTHS and (
                tokens[at][:1].isupper() or norms[at] in _LOWER_CASE_MONTHS):
            return MONTHS[norms[at]]
        return None

    def spaced(left: int) -> bool:  # only spaces after word ``left`` ("Sept. 11"), one line break
        between = text[ends[left] : starts[left + 1]] if left + 1 < len(starts) else "\n\n"
        if MONTHS.get(norms[left], norms[left]) != norms[left]:  # an abbreviated month
            between = between.removeprefix(".")
        # Hard-wrapped copy breaks a line anywhere ("on December\n28"); a
        # blank line ends the paragraph.
        breaks = between.replace("\r\n", "\n").replace("\r", "\n").count("\n")
        return breaks <= 1 and not between.strip()

    def second_day(left: int) -> tuple[int, str] | None:  # "-7", " and 7th" after word ``left``
        after = left + 1
        if after >= len(norms):
            return None
        between = text[ends[left] : starts[after]]
        if between in _RANGE_DASHES and (found := day(after)) is not None:
            return found[0], "-" + found[1]
        if (between == " " and norms[after] in _RANGE_WORDS and spaced(after)
                and (found := day(after + 1)) is not None):
            return found[0], _RANGE_WORDS[norms[after]] + found[1]
        return None

    found = day(index)
    if found is not None:
        last, days = found
        if (more := second_day(last)) is not None:
            last, days = more[0], days + more[1]
        if spaced(last) and (name := month(last + 1)) is not None:
            return last + 1, days + name
    def counts(left: int) -> bool:  # "7 more ships": a lower-case word runs on after word ``left``
        after = left + 1
        return (after < len(norms) and text[ends[left] : starts[after]] == " "
                and tokens[after].islower() and norms[after] not in _AFTER_DATE)

    name = month(index)
    if name is not None and spaced(index) and (found := day(index + 1)) is not None:
        last, days = found
        # "By April 6 and 7 more ships" is a date and a count, not two days.
        if (more := second_day(last)) is not None and not (
                more[1][0] == "+" and counts(more[0])):
            last, days = more[0], days + more[1]
        return last, days + name
    return None


# What joins the two days of a range ("6-7 April", "6 to 7 April") or a pair
# ("6 and 7 April"), written either way round the month.
_RANGE_DASHES = frozenset({"-", "–", "‐", "‑"})
_RANGE_WORDS = {"to": "-", "and": "+"}
# Lower-case words that follow a date in running text ("on April 6 and 7
# in Brussels"); another after "April 6 and 7" makes the 7 a count ("and 7
# more ships"). A range ("April 6 to 7") is not read as a count.
_AFTER_DATE = frozenset({
    "in", "at", "on", "to", "for", "of", "and", "or", "but", "when", "while", "as", "with",
    "by", "from", "during", "before", "after", "until", "where", "that", "which", "respectively",
    "this", "next", "last", "will", "would", "was", "were", "is", "are", "has", "have", "had"})


MONTHS = {
    name: full
    for full in ("january", "february", "march", "april", "may", "june", "july", "august",
                 "september", "october", "november", "december")
    for name in (full, full[:3], "sept" if full == "september" else full)
}
_LOWER_CASE_MONTHS = frozenset(("january", "february", "april", "june", "july", "august",
                                "september", "october", "november", "december"))
ORDINAL_ENDINGS = frozenset({"st", "nd", "rd", "th"})
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth", "tenth")


# Ordinals past the tenth in words, by value ("eleventh" is "11th"), and
# the tens that start one ("twenty-first", "twenty first").
_TENS_VALUES = {word: int(value) for word, value in NUMBER_VALUES.items()
                if len(value) == 2 and value.endswith("0") and value != "10"}
_ORDINAL_WORD_VALUES = {word: value for value, word in enumerate(
    ("eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
     "seventeenth", "eighteenth", "nineteenth", "twentieth"), start=11)} | {
    word: 10 * tens for tens, word in enumerate(
        ("thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth",
         "ninetieth"), start=3)}
ORDINAL_WORDS = frozenset(_ORDINAL_WORD_VALUES) | frozenset(_TENS_VALUES)


# The words one of the passes above joins or renames: a text without any
# is left as split.
NUMBER_AND_DATE_WORDS = (frozenset(MAGNITUDES) | LARGE_NUMBERS | frozenset(MONTHS)
                         | ORDINAL_ENDINGS | ORDINAL_WORDS)


def _ordinal(value: int) -> str:
    """``value`` as an ordinal in digits: ``21st``, ``12th``."""
    ending = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{ending}"


def join_ordinals(
    text: str, tokens: list[str], starts: list[int], ends: list[int], norms: list[str]
) -> tuple[list[str], list[int], list[int], list[str]]:
    """Make each ordinal one word, normalised the same in digits or words.

    Tokens split ``1st`` into ``1`` and ``st``, and ``twenty-first`` into
    ``twenty`` and ``first``. Joined, "the 1st time" and "the first time"
    have the same words (to the tenth, the word is the norm), and so have
    "the 21st summit", "the twenty-first summit" and "the twenty first
    summit" (past it, the digits: ``21st``; ``eleventh`` is ``11th``).
    Returns new columns.
    """
    # Only the words an ordinal starts at are looked at; the words between
    # them are copied a slice at a time.
    candidates = [index for index, norm in enumerate(norms)
                  if norm in ORDINAL_WORDS or norm in ORDINAL_ENDINGS and index]
    joins: list[tuple[int, int, str]] = []
    free = 0  # the first word no ordinal holds yet
    for candidate in candidates:
        index = candidate - 1 if norms[candidate] in ORDINAL_ENDINGS else candidate
        if index < free:
            continue
        norm = norms[index]
        following = norms[index + 1] if index + 1 < len(norms) else ""
        joined = None
        if (following in ORDINAL_ENDINGS and starts[index + 1] == ends[index]
                and norm.isdecimal() and _ordinal(int(norm)) == norm + following):
            # Only the ending of that number: "6st" and "22st" are weights
            # in stone, not "sixth" and "22nd".
            value = int(norm)
            joined = (_ORDINALS[value - 1] if 1 <= value <= len(_ORDINALS)
                      else norm + following)
        elif (norm in _TENS_VALUES and following in _ORDINALS[:9]
              and text[ends[index] : starts[index + 1]] in ("-", " ", "‐", "‑")):
            joined = _ordinal(_TENS_VALUES[norm] + _ORDINALS.index(following) + 1)
        if joined is not None:
            joins.append((index, index + 1, joined))
            free = index + 2
            continue
        in_words = _ORDINAL_WORD_VALUES.get(norm)
        joins.append((index, index, norm if in_words is None else _ordinal(in_words)))
        free = index + 1
    return _rejoined(text, tokens, starts, ends, norms, joins)


def mark_percentages(
    text: str, starts: list[int], ends: list[int], tokens: list[str], norms: list[str]
) -> None:
    """Make digits and the ``%`` after them one word, normalised ``50percent``, in place.

    ``50 percent`` and ``50 per cent`` join to it (a cosmetic compound);
    a ``%`` after spaces on the same line counts.
    """
    for index, norm in enumerate(norms):
        if norm[:1].isdigit():
            after = ends[index]
            while after < len(text) and text[after] in " \t\u00a0\u202f":
                after += 1
            if text.startswith("%", after):
                norms[index] = norm + "percent"
                ends[index] = after + 1
                tokens[index] = text[starts[index] : after + 1]


# Decades in words: "the Eighties" is "the 1980s", "in her eighties" "in her 80s".
DECADE_WORDS = {word: f"{10 * tens}s" for tens, word in enumerate(
    ("twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties",
     "nineties"), start=2)}
# A decade in digits: "1980" or "80" before the "s" that tokens split off.
_DECADE_DIGITS = re.compile(r"(?:1[0-9]|20)?[0-9]0")


def join_decades(
    text: str, tokens: list[str], starts: list[int], ends: list[int], norms: list[str]
) -> tuple[list[str], list[int], list[int], list[str]]:
    """Make each decade one word, normalised the same in digits or words.

    Tokens split ``1980s`` into ``1980`` and ``s``; joined (the ``s`` right
    after the digits, or after an apostrophe, ``1980's``), it is the word
    ``80s``, as are ``80s``, ``'80s`` and ``Eighties``: the 20th century's
    decades are written with two digits or a word as often as with four.
    Other centuries keep their digits (``1880s``). Returns new columns.
    """
    joins: list[tuple[int, int, str]] = []
    for index, norm in enumerate(norms):
        if norm in DECADE_WORDS:
            norms[index] = DECADE_WORDS[norm]  # one word: renamed in place
            continue
        if (norm != "s" or not index or not _DECADE_DIGITS.fullmatch(norms[index - 1])
                or text[ends[index - 1] : starts[index]] not in ("", "'", "’")):
            continue
        digits = norms[index - 1]
        joins.append((index - 1, index, (digits[2:] if digits.startswith("19") else digits) + "s"))
    return _rejoined(text, tokens, starts, ends, norms, joins)


# Fractions in words, by denominator: "a half", "a quarter", "two thirds";
# plurals after a cardinal, singulars after "a" or "one" ("third" to "tenth"
# only before "of": "a third of", not "a third time").
_DENOMINATORS = {"half": 2, "halves": 2, "quarter": 4, "quarters": 4} | {
    word + plural: value for value, word in enumerate(_ORDINALS[2:], start=3)
    for plural in ("", "s")}
FRACTION_WORDS = frozenset(_DENOMINATORS)
DECADE_OR_FRACTION_WORDS = FRACTION_WORDS | frozenset(DECADE_WORDS) | {"s"}
# A fraction written with a slash ("1/2", "3/4"): digits below a small
# denominator, as the vulgar fractions (``½``: ``1⁄2`` normalised) write it.
_SLASHED = re.compile(r"([1-9])/([1-9]|10)")
VULGAR_CHAR = re.compile("[\u00bc-\u00be\u2150-\u215e]")
_ONE = frozenset({"a", "an", "one", "1"})
# A slash, or a mark before a digit, beside a fraction's digits: a date or a decimal.
_DIGIT_MARK = re.compile(r"/|[.,]\d")
_DIGIT_MARK_BEFORE = re.compile(r"(?:/|\d[.,])$")


def join_fractions(
    text: str, tokens: list[str], starts: list[int], ends: list[int], norms: list[str]
) -> tuple[list[str], list[int], list[int], list[str]]:
    """Make each fraction one word, normalised as its vulgar fraction (``½`` is ``1⁄2``).

    ``a half``, ``one half``, ``half a`` before hundred ... trillion, ``and
    a half`` after a number, ``a quarter``, ``three quarters``, ``two
    thirds``, ``a third`` before "of" and ``1/2`` (a numerator below a
    denominator up to 10, no other slash or digit beside them) become the
    word ``1⁄2``, ``1⁄4``, ``3⁄4``, ``2⁄3``, ``1⁄3``; so ``half a million``
    and ``½ million`` have the same words, as have ``three and a half`` and
    ``3½``. Returns new columns.
    """
    # Only the words a fraction may start at are looked at: its word and
    # the two before it ("and a half"), a vulgar fraction, digits before a
    # slash; the words between them are copied a slice at a time.
    candidates = sorted({at for index, norm in enumerate(norms)
                         for at in (
                             range(index - 2, index + 1) if norm in FRACTION_WORDS
                             else (index,) if "\u2044" in norm or norm.isdecimal()
                             and text.startswith("/", ends[index]) else ())
                         if at >= 0})
    joins: list[tuple[int, int, str]] = []
    free = 0  # the first word no fraction holds yet
    for index in candidates:
        if index < free:
            continue
        joined = _fraction_at(text, starts, ends, norms, index)
        if joined is None and "\u2044" in norms[index] and fraction_value(norms[index]) is not None:
            joined = index, norms[index]  # "½ a million" is "½ million"
        if joined is None:
            continue
        last, fraction = joined
        if (norms[last + 1 : last + 2] and norms[last + 1] in _ONE
                and norms[last + 2 : last + 3] and norms[last + 2] in LARGE_NUMBERS):
            last += 1
        joins.append((index, last, fraction))
        free = last + 1
    return _rejoined(text, tokens, starts, ends, norms, joins)


def _fraction_at(
    text: str, starts: list[int], ends: list[int], norms: list[str], index: int
) -> tuple[int, str] | None:
    """The last word and the norm of a fraction in words starting at word ``index``, or None."""
    norm = norms[index]
    following = norms[index + 1] if index + 1 < len(norms) else ""
    if norm in _ONE and following in _DENOMINATORS and (
            following in ("half", "quarter") or norms[index + 2 : index + 3] == ["of"]):
        return index + 1, f"1\u2044{_DENOMINATORS[following]}"  # "a half", "a third of"
    if following in _DENOMINATORS and following.endswith("s"):
        numerator = norm if norm.isdecimal() else NUMBER_VALUES.get(norm, "")
        if numerator.isdecimal() and 2 <= int(numerator) < _DENOMINATORS[following]:
            return index + 1, f"{numerator}\u2044{_DENOMINATORS[following]}"  # "two thirds"
    if norm == "half" and following in _ONE and norms[index + 2 : index + 3] and (
            norms[index + 2] in LARGE_NUMBERS):
        return index + 1, "1\u20442"  # "half a million"
    if (norm == "and" and following in _ONE and norms[index + 2 : index + 3] == ["half"]
            and index and is_number_word(norms[index - 1])):
        return index + 2, "1\u20442"  # "three and a half"
    if (norm.isdecimal() and following.isdecimal() and int(norm) < int(following)
            and _SLASHED.fullmatch(text, starts[index], ends[index + 1])
            and not _DIGIT_MARK.match(text, ends[index + 1])
            and not _DIGIT_MARK_BEFORE.search(text[max(0, starts[index] - 2) : starts[index]])):
        return index + 1, f"{norm}\u2044{following}"  # "1/2", not "1/2/2020" or "1/2.5"
    return None
