"""Names, and the changes that leave a name as it was: titles, forenames, acronyms, clippings.

In: the words of one side of an edit (``names_in``), or both sides of one.
Out: the names a gap changes, and the cosmetic changes around names: a
title or office added or dropped (``only_titles``), forenames left out
before the surname that stays (``dropped_forenames``), an acronym for its
words (``spelt_acronym``, ``lower_case_acronym``, ``acronym_gloss``), a
name clipped (``clipped_name``: ``Lancs``, ``Sgt``), a pronoun or
description for a name (``referent``, ``referent_gloss``), a body named
without the word for its kind (``kind_of_body``), and German nouns, which
a capital does not make names (``_german_noun``).
"""

from __future__ import annotations

from collections.abc import Sequence

from dedup.fidelity.forms import MONTHS
from dedup.fidelity.special import is_special
from dedup.fidelity.spelling import name_key
from dedup.fidelity.vocabulary import (
    MAX_BRACKETED,
    MAX_DESCRIPTION,
    MAX_FORENAMES,
    NEVER_NAMES,
    OFFICES,
    PRONOUNS,
    TITLES,
)
from dedup.fidelity.words import Words, bracketed, sentence_start


def only_titles(source: Words, s0: int, s1: int, variant: Words, v0: int, v1: int) -> bool:
    """Whether the gap adds or drops titles only ("Mr Stoltenberg": "Stoltenberg").

    Courtesy titles anywhere; offices ("President", "Prime Minister") only
    before a capitalised word, a name that stays.
    """
    if s0 < s1 and v0 < v1:
        return False
    words, first, last = (source, s0, s1) if s0 < s1 else (variant, v0, v1)
    norms = words.norms[first:last]
    if all(norm in TITLES for norm in norms):
        return True
    return (last < words.size and words.tokens[last][:1].isupper()
            and not sentence_start(words.text, words.starts[last])
            and all(norm in OFFICES and surface[:1].isupper()
                    for norm, surface in zip(norms, words.tokens[first:last], strict=True)))


def dropped_forenames(source: Words, s0: int, s1: int, variant: Words, v0: int, v1: int
                      ) -> bool:
    """Whether the gap leaves out forenames before a surname both keep ("Kevan Roberts": "Roberts").

    The source words are up to ``MAX_FORENAMES`` capitalised words (and
    titles) joined to the surname by spaces only; the variant has nothing
    there, or a title ("Mr Roberts"). Only left out: a forename the copy
    adds, or puts for another, may name someone else ("Bill" for "Hillary").
    And only of a person: the copy puts a courtesy title there, or one
    stands before the forename or before the surname elsewhere in either
    text ("Mr Roberts"); "North America" for "America" drops no forename.
    """
    if not s0 < s1 <= s0 + MAX_FORENAMES or s1 >= source.size or v1 >= variant.size:
        return False
    if source.keys[s1] != variant.keys[v1] or not source.tokens[s1][:1].isupper():
        return False
    if source.norms[s1] in OFFICES or source.norms[s1] in MONTHS or source.shouted:
        return False
    text = source.text
    if not all(text[source.ends[index] : source.starts[index + 1]].isspace()
               for index in range(s0, s1)):
        return False  # "Mile End Road, Colchester": a place, not a forename
    if not all(surface[:1].isupper() for surface in source.tokens[s0:s1]):
        return False
    if all(norm in OFFICES for norm in source.norms[s0:s1]):
        return False  # "Mrs Brown" -> "Ms Brown": a title changed, no forename
    if not all(norm in OFFICES and surface[:1].isupper()
               for norm, surface in zip(variant.norms[v0:v1], variant.tokens[v0:v1], strict=True)):
        return False
    return (any(norm in TITLES for norm in variant.norms[v0:v1])
            or s0 > 0 and source.norms[s0 - 1] in TITLES
            or _titled(source, source.keys[s1]) or _titled(variant, source.keys[s1]))


def _titled(words: Words, key: int) -> bool:
    """Whether the word of spelling-key id ``key`` comes after a courtesy title in the text."""
    keys, norms = words.keys, words.norms
    return any(keys[index] == key and norms[index - 1] in TITLES
               for index in range(1, words.size))


def referent_gloss(words: Words, first: int, last: int) -> bool:
    """Whether words ``[first, last)`` are a name in parentheses saying whom a pronoun means.

    "he (Mr Howard) had been bribed", "he (Al Fayed) was paying off": up
    to ``MAX_BRACKETED`` capitalised words in parentheses right after a
    third-person pronoun, an editor's note as ``[Emmanuel Macron]`` is,
    added or left out.
    """
    return (first > 0 and last - first <= MAX_BRACKETED
            and words.norms[first - 1] in PRONOUNS
            and all(token[:1].isupper() for token in words.tokens[first:last])
            and bracketed(words, first, last, "()"))


def acronym_gloss(words: Words, first: int, last: int) -> bool:
    """Whether word ``first`` (alone) is an acronym in parentheses after the words it stands for.

    "the Food and Agriculture Organisation (FAO)": dropping or adding the
    acronym changes no name.
    """
    acronym = words.tokens[first]
    if last - first != 1 or len(acronym) < 2 or not (acronym.isupper() and acronym.isalpha()):
        return False
    if not bracketed(words, first, last, "()"):
        return False
    before = words.tokens[max(0, first - 3 * len(acronym)) : first]
    return "".join(token[0] for token in before if token[:1].isupper()).endswith(acronym)


# The last word of a body's name that says what kind of body it is; the rest
# of the name names it ("the Treasury Department", "the Labour Party"). Not
# a word that makes another body of it ("Police Federation", "Security
# Council", "Manchester United").
_KINDS_OF_BODY = frozenset(
    {"service", "department", "party", "company", "corporation", "group", "agency", "plc"}
    | {"ltd", "limited", "inc"}
)


def kind_of_body(words: Words, first: int, last: int) -> bool:
    """Whether words ``[first, last)`` are the capitalised last word of a body's name."""
    return (last - first == 1 and first > 0 and words.norms[first] in _KINDS_OF_BODY
            and words.tokens[first][:1].isupper() and words.tokens[first - 1][:1].isupper()
            and words.text[words.ends[first - 1] : words.starts[first]].isspace())


def referent(words: Words, first: int, last: int) -> bool:
    """Whether words ``[first, last)`` only say who or what is meant: a referent.

    Third-person pronouns ("he", "her", "they"), or "the" and up to
    ``MAX_DESCRIPTION`` words in lower case ("the general" for "Pinochet",
    "the trust" for "Bromley NHS trust"), none a negation, number or modal.
    Or "a" or "an" and an office, capitalised or not ("a Secretary of
    State" for "Mr Blunkett"): indefinite, it names no one else, where "the
    Prime Minister" may be someone else (and "a pedestrian", "an excited
    state" describe more than who).
    """
    norms = words.norms[first:last]
    if not norms:
        return False
    if all(norm in PRONOUNS for norm in norms):
        return True
    if norms[0] in ("a", "an"):
        return 1 < len(norms) <= 1 + MAX_DESCRIPTION and all(
            norm in OFFICES or norm == "of" for norm in norms[1:])
    return (norms[0] == "the" and len(norms) <= 1 + MAX_DESCRIPTION
            and all(surface[:1].islower() for surface in words.tokens[first + 1 : last])
            and not any(map(is_special.__getitem__, norms)))


def spelt_acronym(source: Words, s0: int, s1: int, variant: Words, v0: int, v1: int) -> bool:
    """Whether one side is an acronym and the other just the words it stands for.

    "US" for "United States", "NATO" for "the North Atlantic Treaty
    Organization": the other side starts (after "the") and ends with a
    capitalised word.
    """
    if s1 - s0 == 1 and v1 - v0 >= 2:
        words, first, last, others, o0, o1 = variant, v0, v1, source, s0, s1
    elif v1 - v0 == 1 and s1 - s0 >= 2:
        words, first, last, others, o0, o1 = source, s0, s1, variant, v0, v1
    else:
        return False
    first += words.norms[first] == "the"
    return (words.tokens[first][:1].isupper() and words.tokens[last - 1][:1].isupper()
            and abbreviates(others, o0, o1, words, first, last))


def lower_case_acronym(source: Words, s0: int, s1: int, variant: Words, v0: int, v1: int
                       ) -> bool:
    """Whether one side is one acronym and the other the lower-case words it stands for.

    "TV" for "television", "GBH" for "grievous bodily harm", "an MP" for
    "a member of parliament" (an article before it may change with it).
    """
    if s0 < s1 and v0 < v1 and source.norms[s0] in ("a", "an") and variant.norms[v0] in (
            "a", "an"):
        s0, v0 = s0 + 1, v0 + 1
    for words, first, last, others, o0, o1 in ((variant, v0, v1, source, s0, s1),
                                               (source, s0, s1, variant, v0, v1)):
        token = words.tokens[first] if last - first == 1 else ""
        if (len(token) >= 2 and token.isupper() and token.isalpha() and o0 < o1
                and all(t[:1].islower() for t in others.tokens[o0:o1])
                and _acronym_of(words.norms[first], others.norms[o0:o1])):
            return True
    return False


def abbreviates(words: Words, first: int, last: int, others: Words, o0: int, o1: int) -> bool:
    """Whether the side's one capitalised word is the other's initials ("US": "United States").

    The other side's capitalised words must spell it, in order, with
    nothing else capitalised on either side. An acronym said as a word
    may be written with a capital only ("Nato", "Unicef", as the Guardian
    writes them) when it has three letters or more.
    """
    capitals = [t for t in words.tokens[first:last] if t[:1].isupper()]
    spelt = [t for t in others.tokens[o0:o1] if t[:1].isupper()]
    return (len(capitals) == 1 and len(spelt) >= 2 and capitals[0].isalpha()
            and (capitals[0].isupper() or len(capitals[0]) >= 3)
            and "".join(t[0] for t in spelt) == capitals[0].upper())


# The most a clipped name keeps of the word it clips: "Met" of "Metropolitan",
# "Lancs" of "Lancashire", "Prof" of "Professor" keep half or less;
# "Bedford" of "Bedfordshire" and "Smith" of "Smithson" keep more, and
# are other names.
_MAX_CLIPPED = 0.5
# The fewest letters a clipping keeps: "Jo" for "Joanna" may be someone else.
_MIN_CLIPPED = 3


def _clipping(short: str, long: str) -> bool:
    """Whether the word ``short`` is ``long`` clipped (casefolded norms).

    A clipping keeps the first letters of the word, at least
    ``_MIN_CLIPPED`` and at most ``_MAX_CLIPPED`` of them: "Met" for
    "Metropolitan", "Prof" for "Professor", "Gen" for "General". British
    counties are clipped with an "s" after the letters kept: "Beds" for
    "Bedfordshire", "Lancs", "Lincs", "Herts", "Bucks", "Notts", "Staffs",
    and "Berks" for "Berkshire" ("Berk" kept, though "Berks" starts it).
    A title clipped ("Prof" for "Professor") is no name either.

    Limits: a different name that starts as the other one does and is no
    longer than half of it passes for its clipping ("Ron" for "Ronaldo");
    one that keeps more of it is a changed name, whether it is a clipping
    ("Capt" for "Captain") or another name ("Bedford" for "Bedfordshire",
    "Smith" for "Smithson"). A clipping that is not the first letters
    ("Hants" for "Hampshire", "Sgt" for "Sergeant") is a changed name.

    Example:
        >>> _clipping("beds", "bedfordshire"), _clipping("bedford", "bedfordshire")
        (True, False)

    """
    if not short.isalpha():
        return False
    stem = short[:-1] if short.endswith("s") else ""
    if stem and long.endswith("shire") and long.startswith(stem):
        kept = len(stem)  # "Berks": "Berk" of "Berkshire", though "Berks" starts it too
    elif long.startswith(short):
        kept = len(short)
    elif stem and long.startswith(stem):
        kept = len(stem)
    else:
        return False
    return _MIN_CLIPPED <= kept <= _MAX_CLIPPED * len(long)


def clips(words: Words, first: int, last: int, others: Words, o0: int, o1: int) -> bool:
    """Whether the side's capitalised words are the other's names, some of them clipped.

    Word by word in order, each is the other side's word or its clipping
    (``_clipping``: "Beds Police" for "Bedfordshire Police"), at least one
    clipped; or the side has one capitalised word, a clipping of the first
    of the other side's run of capitalised words, a name that it stands
    for as an acronym would ("the Met" for "the Metropolitan Police
    Service"). Capitalised words anywhere else on either side make it no
    clipping.
    """
    capitals = [index for index in range(first, last) if words.tokens[index][:1].isupper()]
    spelt = [index for index in range(o0, o1) if others.tokens[index][:1].isupper()]
    if not capitals or len(capitals) > len(spelt):
        return False
    if len(capitals) < len(spelt) and (len(capitals) > 1 or spelt[-1] - spelt[0] >= len(spelt)):
        return False  # "Beds" for "Bedfordshire and Hertfordshire" leaves out a name
    clipped = False
    for index, other in zip(capitals, spelt, strict=False):
        key, other_key = name_key(words.norms[index]), name_key(others.norms[other])
        if key != other_key:
            if not (_clipping(key, other_key) or _office_abbreviated(key, other_key)):
                return False
            clipped = True
    return clipped


# Offices and ranks that are written short ("Sgt", "Pte", "Det Supt"): the
# offices, less the courtesy titles ("Ms" is no "Miss" written short), and
# the police's and army's ranks (not among the offices: "Det Supt Smith" for
# "Mr Smith" leaves out forenames, as "Kevan Roberts" does).
_RANKS = (OFFICES - TITLES) | frozenset(
    {"private", "pte", "corporal", "cpl", "brigadier", "brig", "constable", "inspector"}
    | {"insp", "detective", "det", "superintendent", "supt"})


def _office_abbreviated(short: str, long: str) -> bool:
    """Whether office ``short`` is office ``long`` written short ("Sgt": "Sergeant", "Capt").

    Both of ``_RANKS``; the short one keeps the first letters (``Capt``,
    ``Col``), or the first and the last and some between in order (``Sgt``,
    ``Pte``, ``Supt``, ``Lt``).
    """
    if not (short in _RANKS and long in _RANKS and 2 <= len(short) < len(long)
            and short[0] == long[0]):
        return False
    if long.startswith(short):
        return True
    letters = iter(long)
    return short[-1] == long[-1] and all(letter in letters for letter in short)


def clipped_name(source: Words, s0: int, s1: int, variant: Words, v0: int, v1: int) -> bool:
    """Whether the edit is only a name written clipped, or in full ("Lancs": "Lancashire")."""
    return (s0 < s1 and v0 < v1
            and all(token[:1].isupper() for token in source.tokens[s0:s1])
            and all(token[:1].isupper() for token in variant.tokens[v0:v1])
            and (clips(source, s0, s1, variant, v0, v1)
                 or clips(variant, v0, v1, source, s0, s1)))


# Acronyms of one word, which no initials tell ("TV" is "television"): the
# common ones of news copy only.
_ONE_WORD_ACRONYMS = {"tv": "television", "hq": "headquarters", "id": "identity"}
# Words an acronym of lower-case words may leave out ("MP": "member of parliament").
_ACRONYM_GLUE = frozenset({"of", "and", "for", "the", "in", "on"})


def _acronym_of(acronym: str, norms: Sequence[str]) -> bool:
    """Whether ``acronym`` (casefolded) stands for ``norms``, all of them.

    Their initials spell it (``_ACRONYM_GLUE`` words may be left out of
    it: "MP", "member of parliament"), or it is one of the
    ``_ONE_WORD_ACRONYMS`` and they are its word.
    """
    if len(norms) == 1 and _ONE_WORD_ACRONYMS.get(acronym) == norms[0]:
        return True
    if len(norms) < 2 or len(acronym) > len(norms) or not all(map(str.isalpha, norms)):
        return False
    letter = 0
    for norm in norms:
        if letter < len(acronym) and norm[0] == acronym[letter]:
            letter += 1
        elif norm not in _ACRONYM_GLUE:
            return False
    return letter == len(acronym)


def standing_for_words(
    words: Words, first: int, last: int, others: Words, o0: int, o1: int
) -> list[str]:
    """The keys of the words in capitals that stand for lower-case words of the other side.

    An acronym is no name when the other side of the edit has the words it
    stands for in lower case, together: their initials ("GBH", "grievous
    bodily harm"; "CO", "commanding officer") or, for the few acronyms of
    one word, that word ("TV", "television": ``_ONE_WORD_ACRONYMS``). A
    word in capitals whose letters merely start the other side's words in
    another order, or with other words between, is no such acronym.
    """
    found: list[str] = []
    lower = [index for index in range(o0, o1) if others.tokens[index][:1].islower()]
    if not lower:
        return found
    for index in range(first, last):
        token = words.tokens[index]
        if not (len(token) >= 2 and token.isupper() and token.isalpha()):
            continue
        acronym = words.norms[index]
        for start in lower:
            for end in range(start + 1, min(o1, start + 2 * len(acronym)) + 1):
                if (all(others.tokens[at][:1].islower() for at in range(start, end))
                        and _acronym_of(acronym, others.norms[start:end])):
                    found.append(name_key(acronym))
                    break
            else:
                continue
            break
    return found


def names_in(words: Words, first: int, last: int, first_is_passage_start: bool) -> dict[str, int]:
    """Count the spelling keys of the capitalised words ``[first, last)`` that are names.

    Not names: "I", courtesy titles (Mr, Mrs, Dr ...), pronouns, articles,
    conjunctions and interjections ("He", "The", "Oh"), the acronyms of a
    common word ("TV", ``_ONE_WORD_ACRONYMS``), words at a sentence start
    and the words of a text in capitals throughout.
    """
    text, starts, ends, norms = words.text, words.starts, words.ends, words.norms
    names: dict[str, int] = {}
    # Most gaps have no capitalised word; most of those are lower case
    # throughout, which one ``islower`` over their text tells.
    if first == last or text[starts[first] : ends[last - 1]].islower():
        return names
    if not any(map(str.isupper, map(text.__getitem__, starts[first:last]))) or words.shouted:
        return names
    for index in range(first, last):
        surface = words.tokens[index]
        if not surface[:1].isupper() or surface == "I" or surface.startswith(("I'", "I’")):
            continue
        if (norms[index] in TITLES or norms[index] in NEVER_NAMES and not surface[1:].isupper()
                or norms[index] in _ONE_WORD_ACRONYMS):
            continue
        if (index == first and first_is_passage_start) or sentence_start(text, starts[index]):
            continue
        if words.german and _german_noun(words, index):
            continue
        key = name_key(norms[index])
        names[key] = names.get(key, 0) + 1
    return names


_GERMAN_DETERMINERS = frozenset(
    {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines"}
    | {"kein", "keine", "keinen", "keinem", "keiner", "keines", "dieser", "diese", "dieses"}
    | {"diesem", "diesen", "jeder", "jede", "jedes", "jedem", "jeden", "unser", "unsere"}
    | {"unseren", "unserem", "unserer", "seine", "seinen", "seinem", "seiner", "ihre", "ihren"}
    | {"ihrem", "ihrer", "zum", "zur", "im", "vom", "beim", "am", "ins"}
)
_NOBILIARY = frozenset({"von", "van", "zu", "de"})
_MAX_ADJECTIVES = 2  # lower-case words between a German article and its noun


def _german_noun(words: Words, index: int) -> bool:
    """Whether the capitalised word ``index`` of a German text is a noun after its article."""
    at, norms, tokens = index - 1, words.norms, words.tokens
    while (at >= 0 and index - at <= _MAX_ADJECTIVES and tokens[at][:1].islower()
           and norms[at] not in _GERMAN_DETERMINERS):
        at -= 1
    return (at >= 0 and norms[at] in _GERMAN_DETERMINERS
            and not (at > 0 and norms[at - 1] in _NOBILIARY))
