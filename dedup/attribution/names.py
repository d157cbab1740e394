"""A speaker's name: its identifying words, its cleaned and fullest forms, same or not.

In: names as a text prints them (``Mr Stoltenberg``, ``Andrew Gray
(Reuters)``, ``The Prime Minister (Boris Johnson)``). Out: the words that
identify a speaker (:func:`name_words`), whether two names can be one
speaker (:func:`same_speaker`), a name without the sentence's words
around it (:func:`clean_name`), whether it is an office or a role only
(:func:`is_role`), and the fullest form a document gives each surname.

Its own module because these are functions of names alone, with no
position in a document: the quotations' speakers and the transcripts'
turns both use them, and :mod:`dedup.verdicts` compares them.

* **Same speaker**: names are compared on their words, without courtesy
  titles and affiliations in brackets (but with the name a parliamentary
  record puts in brackets after an office, ``The Prime Minister (Boris
  Johnson)``: ``_office_holder``): two names match when one's last
  word (the surname) is in the other, or all the words of one are in the
  other (a role, ``NATO Secretary General``). An unknown speaker matches
  anyone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from dedup.shingle import fold_marks

TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "madam", "dr", "sir", "dame", "lord", "lady", "prof"}
)
# Capitalised words that open a sentence but are never a speaker.
NOT_NAMES = frozenset(
    {"the", "a", "an", "and", "but", "so", "it", "this", "that", "there", "then", "as", "in",
     "on", "at", "we", "they", "i", "you", "when", "while", "if", "asked", "speaking", "today",
     "yesterday", "earlier", "later", "also", "however", "meanwhile", "he", "she", "his",
     "her", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
)

MONTHS = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"}
)


def name_words(name: str) -> list[str]:
    """The words that identify a speaker: no titles or ranks, no bracketed affiliation.

    Example:
        >>> name_words("Mr Stoltenberg"), name_words("Andrew Gray (Reuters)")
        (['stoltenberg'], ['andrew', 'gray'])

    """
    # Accents folded as in matching (``Erdogan`` is ``Erdoğan``), and the
    # rest composed: a decomposed accent is not a word character.
    holder = _office_holder(name)
    name = re.sub(r"\([^)]*\)", " ", name) + (" " + holder if holder else "")
    words = re.findall(r"[^\W\d_]+", fold_marks(name.casefold()))
    # Nor a rank or letters after the name: "Alun Jones QC" and "Clive
    # Nicholls QC" are two speakers, not two of surname "QC".
    return [w for w in words if w not in TITLES and w not in RANKS and w not in ("the", "of")]


# Roles that ask rather than answer: words in brackets after them are an
# outlet (``Q (Associated Press)``), not a name.
_ASKING = frozenset(
    {"q", "question", "questioner", "audience", "member", "journalist", "reporter"}
    | {"interviewer", "participant", "unidentified", "unknown", "male", "female", "voice"}
)


def _office_holder(name: str) -> str | None:
    """The person named in brackets after an office, or None.

    A parliamentary record names a minister by office, with the name in
    brackets the first time (Hansard's ``The Prime Minister (Boris
    Johnson)``, ``Madam Deputy Speaker (Dame Eleanor Laing)``, the Dáil's
    ``The Taoiseach (Deputy Micheál Martin)``): that is a name, not an
    affiliation as in ``Andrew Gray (Reuters)``. The office is role words
    or opens with "The"; the name is two capitalised words or more, besides
    titles and role words.
    """
    inner = re.findall(r"\(([^()]*)\)", name)
    if len(inner) != 1:
        return None
    outside = re.findall(r"[^\W\d_]+", re.sub(r"\([^)]*\)", " ", name))
    office = [word for word in outside if word.casefold() not in TITLES]
    if not office or not (outside[0] == "The" or is_role(" ".join(office))):
        return None
    if any(word.casefold() in _ASKING for word in outside):
        return None
    words = re.findall(r"[^\W\d_]+", inner[0])
    personal = [word for word in words if word.casefold() not in _ROLE_WORDS | TITLES]
    return inner[0] if len(personal) >= 2 and all(w[:1].isupper() for w in words) else None


def same_speaker(first: str | None, second: str | None) -> bool:
    """Whether two names can be the same speaker; None (unknown) matches anyone.

    Example:
        >>> same_speaker("Stoltenberg", "NATO Secretary General Jens Stoltenberg")
        True
        >>> same_speaker("NATO Secretary General", "NATO Secretary General Jens Stoltenberg")
        True
        >>> same_speaker("Stoltenberg", "Andrew Gray (Reuters)")
        False

    """
    if first is None or second is None:
        return True
    if JOINED in first or JOINED in second:  # a joint statement is each one's words
        return any(same_speaker(one, other) for one in first.split(JOINED)
                   for other in second.split(JOINED))
    a, b = name_words(first), name_words(second)
    if not a or not b:
        return True
    return a[-1] in b or b[-1] in a or set(a) <= set(b) or set(b) <= set(a)


def clean_name(name: str) -> str | None:
    """Drop leading sentence words ("The", "Today"), words before a title, trailing connectors.

    None for a possessive, whose someone is: "conceded Collins's barrister",
    and for a rank alone, which is no name: "said the newspaper's QC, George
    Carman".
    """
    words = name.split()
    while words and (words[0].casefold().rstrip(".") in NOT_NAMES
                     or (words[0].casefold() in MONTHS and len(words) > 1)):
        words.pop(0)  # "the following February Mr Blair said"; "May said" stays a name
    # Whose someone is: "England's Josh Lewsey", "Fabian Society's Sundar
    # Katwala"; not a body's or a thing's name of one word, "the Information
    # Commissioner's Office", "Schindler's List".
    owner = max((at for at, word in enumerate(words[:-2]) if word.endswith(("'s", "’s"))),
                default=-1)
    del words[: owner + 1]
    titled = next((at for at, word in enumerate(words[1:-1], 1)
                   if word.casefold().rstrip(".") in TITLES), None)
    if titled is not None:
        del words[:titled]  # "Tense-looking Mr Hamilton", "Surgeon Mr Simpson": the name
    while words and words[-1] in ("of", "the", "de", "von", "van", "der", "al", "bin"):
        words.pop()
    if words and words[-1].endswith(("'s", "’s")):
        return None
    if all(word.casefold() in RANKS for word in words):
        return None
    return " ".join(words) if words and name_words(" ".join(words)) else None


# Words of a title or office, never of a person's name: a label made of
# them (and acronyms) names no one.
_ROLE_WORDS = frozenset(
    {"secretary", "general", "deputy", "assistant", "under", "vice", "acting", "spokesperson"}
    | {"spokesman", "spokeswoman", "president", "prime", "minister", "chancellor", "premier"}
    | {"ambassador", "chair", "chairman", "chairwoman", "chairperson", "moderator", "host"}
    | {"director", "commissioner", "governor", "mayor", "senator", "commander", "supreme"}
    | {"allied", "chief", "head", "foreign", "defence", "defense", "state", "high", "press"}
    | {"officer", "official", "spokespeople", "representative", "envoy", "special", "executive"}
    | {"question", "questioner", "answer", "audience", "member", "journalist", "reporter"}
    | {"interviewer", "presenter", "anchor", "speaker", "participant", "unidentified"}
    | {"unknown", "male", "female", "voice", "operator", "translator", "interpreter"}
    | {"of", "the", "and", "for", "to", "q", "a"}
)


def is_role(name: str) -> bool:
    """Whether a name is an office or a role only (``NATO Secretary General``, ``Q``).

    An acronym (``NATO``, ``EU``) is told by its capitals only among other
    words: in a label written in capitals (``MR. KIRBY``) every word has them.
    """
    if _office_holder(name):
        return False
    words = re.findall(r"[^\W\d_]+", re.sub(r"\([^)]*\)", " ", name))
    capitals = all(word.isupper() for word in words)
    return bool(words) and all(
        word.casefold() in _ROLE_WORDS or (not capitals and word.isupper() and len(word) <= 5)
        for word in words
    )


# Ranks printed in capitals before a name, in a lead-in as anywhere.
RANKS = frozenset({"pc", "wpc", "dc", "wdc", "ds", "di", "dci", "dsi", "dcs", "qc", "mp"})
# Between the names of a joint statement's speakers ("Stoltenberg and Blinken
# said"): the words are each one's.
JOINED = " and "


def fullest_by_surname(names: Iterable[str]) -> dict[str, str]:
    """The fullest of ``names`` for each surname (last name word): most words, then greatest.

    Worked out once per document: per quotation, it made an audit quadratic.
    """
    fullest: dict[str, tuple[int, str]] = {}
    for name in names:
        words = name_words(name)
        if words:
            rank = (len(words), name)
            fullest[words[-1]] = max(fullest.get(words[-1], rank), rank)
    return {surname: name for surname, (_, name) in fullest.items()}


def fullest_mention(name: str | None, fullest: dict[str, str]) -> str | None:
    """The fullest form of ``name`` (of each of several joined) among the names mentioned."""
    if name is None:
        return None
    return JOINED.join(fullest.get(name_words(one)[-1], one) if name_words(one) else one
                       for one in name.split(JOINED))
