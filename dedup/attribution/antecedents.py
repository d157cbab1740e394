"""Whom a pronoun, a role or a quotation without attribution stands for: a name before it.

In: a media document's text, a position in it (a quotation's opening
mark), and the mentions of people saying something before it. Out:
whether "he" or "she" can stand for a name (:func:`may_be`,
:func:`is_sexed`, from the pronouns the text uses, :func:`pronouns_for`);
the name that opens the sentence before (:func:`subject_before`); the
holder of a role the text names (:func:`held`: ``the minister`` for
``Justice Minister Cathy Jamieson``); whom the sentence before reports
saying something (:func:`reporter_before`); and whether a quotation goes
on from the one before (:func:`continues`).

Its own module because these look back across sentences and paragraphs
for a name given earlier, where :mod:`~dedup.attribution.patterns` reads
the words beside one quotation; :mod:`~dedup.attribution.quotations`
decides when each is asked.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence

from dedup.attribution.names import MONTHS, NOT_NAMES, RANKS, clean_name, name_words
from dedup.attribution.patterns import in_a_clause
from dedup.attribution.vocabulary import (
    CLAUSE_VERB,
    LINK_WORDS,
    LINKS,
    LOWER,
    NAME,
    PRONOUN_FIRST,
    SPEAKER,
    VERBS,
    WORD,
    described,
)
from dedup.quotes import Quotation, closed_blanks


def may_be(pronoun: str | None, name: str, sexes: dict[str, str] | None = None) -> bool:
    """Whether "he" or "she" can stand for ``name``: not "he" for "Mrs Walters".

    A name without such a title goes by the pronoun the text uses for it
    (``sexes``, from :func:`pronouns_for`), where it uses one.
    """
    title = name.split()[0].casefold().rstrip(".")
    if title in (WOMEN if pronoun == "he" else MEN if pronoun == "she" else ()):
        return False
    if pronoun not in ("he", "she") or _has_sex(name):
        return True
    surname = _surname(name)
    return surname is None or (sexes or {}).get(surname, pronoun) == pronoun


def is_sexed(pronoun: str | None, name: str, sexes: dict[str, str]) -> bool:
    """Whether the text says that ``pronoun`` ("he", "she") is the one for ``name``."""
    title = name.split()[0].casefold().rstrip(".")
    if title in (MEN if pronoun == "he" else WOMEN if pronoun == "she" else ()):
        return True
    surname = _surname(name)
    return surname is not None and sexes.get(surname) == pronoun


def pronouns_for(text: str, mentions: Sequence[tuple[int, str]]) -> dict[str, str]:
    """The pronoun, "he" or "she", the text uses for each surname it mentions, where it agrees.

    A mention whose title says it (``Ms Hamblett-Jahn said``: "she" for
    ``Jane Hamblett-Jahn`` too), or one that opens its sentence, or follows
    a phrase that does (``Yesterday at Teesside Crown Court, Barwell
    ...``), and a next sentence that opens with "He" or "She" (``Barwell,
    of Wortley, Leeds, admitted 11 offences. He will be sentenced
    today.``). A surname the text gives both, or neither, is left out.
    """
    seen: dict[str, set[str]] = {}
    for at, name in mentions:
        surname = _surname(name)
        if surname is not None and _has_sex(name):  # "Ms Hamblett-Jahn said": she
            title = name.split()[0].casefold().rstrip(".")
            seen.setdefault(surname, set()).add("she" if title in WOMEN else "he")
            continue
        start = sentence_start(text, at, max(0, at - 240))
        if surname is None or start != at and not _OPENING_PHRASE.fullmatch(text, start, at):
            continue
        match = _NEXT_PRONOUN.match(text, at, min(len(text), at + 400))
        if match is not None:
            seen.setdefault(surname, set()).add(match.group("pro").casefold())
    return {surname: next(iter(found)) for surname, found in seen.items() if len(found) == 1}


def _surname(name: str) -> str | None:
    """The last word of a name, not a rank after it (``Rosamund Horwood-Smart QC``)."""
    words = [word for word in name_words(name) if word not in RANKS]
    return words[-1] if words else None


def _has_sex(name: str) -> bool:
    """Whether a name's title says whether "he" or "she" stands for it (``Mrs``, ``Sir``)."""
    return name.split()[0].casefold().rstrip(".") in WOMEN | MEN


# What may open a sentence before its subject: "Yesterday at Teesside Crown Court, ".
_OPENING_PHRASE = re.compile(r"[A-Z][^,.!?\n“”\"‘’']{0,60},[ \t]+")
# The rest of a sentence, then the next one opening with "He" or "She".
_NEXT_PRONOUN = re.compile(r"[^\n.!?“”\"]*[.!?][’'”\"]?[ \t]+(?P<pro>He|She)\b")


def shared_surnames(text: str) -> set[str]:
    """The surnames the text gives both a man's and a woman's title (``Mr Titley``, ``Mrs Titley``).

    Two people, most often a couple: a name given in full once (``Stephen
    Titley``) is not the fuller form of the other's (``Mrs Titley``).
    """
    sexes: dict[str, set[bool]] = {}
    for match in _TITLED.finditer(text):
        words = name_words(re.sub(r"[’']s\Z", "", match.group("name")))
        if words:
            sexes.setdefault(words[-1], set()).add(match.group("title").casefold() in WOMEN)
    return {surname for surname, found in sexes.items() if len(found) == 2}


WOMEN = frozenset({"mrs", "miss", "ms", "madam", "dame", "lady", "queen", "princess",
                   "baroness", "duchess", "countess", "sister", "mother", "wpc"})
MEN = frozenset({"mr", "sir", "lord", "king", "prince", "baron", "duke", "earl", "father",
                 "brother"})
# A courtesy title and the name after it, up to its surname.
_TITLED = re.compile(rf"\b(?P<title>Mrs|Mr|Ms|Miss|Sir|Lady|Lord|Dame)\.?[ \t]+"
                     rf"(?P<name>{WORD}(?:[ \t]+{WORD}){{0,2}})")


def sentence_start(text: str, at: int, low: int = 0) -> int:
    """Start of the sentence (or line) that holds offset ``at``, not before ``low``.

    A sentence starts after a line break, or after a space that follows
    ``.``, ``!`` or ``?``. The starts of a text are found once, then looked
    up: walking back to the line's start for each quotation made an audit of
    a long line of quotations quadratic (2,000 on a line of 39,000
    characters: 6.6 s).
    """
    starts = _sentence_starts(text)
    found = bisect.bisect_right(starts, at) - 1
    return starts[found] if found >= 0 and starts[found] > low else low


# A space after a sentence's mark, or a line break: a sentence starts after it.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s|\n")


@functools.lru_cache(maxsize=8)
def _sentence_starts(text: str) -> list[int]:
    """Where each sentence or line of ``text`` starts (after its first), in order.

    Kept for the last few texts: a document's quotations ask in turn.
    """
    return [match.end() for match in _SENTENCE_BREAK.finditer(text)]


def held(text: str, at: int, match: re.Match[str]) -> tuple[str | None, bool] | None:
    """The holder of the role a pattern matched (``the minister said``), or None."""
    role = match.groupdict().get("role")
    holder = _role_holder(text, at, role) if role else None
    return (holder, False) if holder else None  # an unheld role: quotations._UNHELD


def _role_holder(text: str, at: int, role: str) -> str | None:
    """The nearest name before ``at`` that the text gives ``role``, or None.

    ``The minister said`` stands for ``Justice Minister Cathy Jamieson``,
    ``the spokesman`` for ``PCS spokesman Jeff Evans`` or ``Jeff Evans, a
    spokesman for the union``, ``the judge`` for ``Judge Michael Hyam``:
    the role before the name, or after it between commas. A role the text
    gives no name (``the prime minister`` in a story that never prints
    ``Prime Minister Tony Blair``) stays unknown.
    """
    for match in reversed(list(_holder_of(role).finditer(text, max(0, at - 3000), at))):
        name = clean_name(match.group("name") or match.group("named"))
        before = text[max(0, match.start() - 12) : match.start()].split()
        if (name is None or (match.group("name") and before
                             and before[-1].casefold() in _OTHER_OFFICE)):
            continue
        if " " in name or any(  # one word is a surname the text gives a forename or title
                word.casefold() not in NOT_NAMES | {role.split()[-1].casefold()}
                for word in _words_before(name, text)):
            return name  # not "the star said" for "Star Wars"
    return None


# Compiled once per role and per name: each holds a name's pattern, whose
# capitals of every script take milliseconds to compile, and a story asks
# for "the judge" many times.
@functools.lru_cache(maxsize=256)
def _holder_of(role: str) -> re.Pattern[str]:
    """The role before a name (``Judge Michael Hyam``), or after it between commas."""
    phrase = r"[ \t]+".join(re.escape(word) for word in role.split())
    return re.compile(rf"(?<![\w’'])(?i:{phrase})[ \t]+(?P<name>{NAME})|(?P<named>{NAME}),"
                      rf"[ \t]+(?:the|an?)[ \t]+(?:[^,.!?\n“”\"]{{0,60}}[ \t])?"
                      rf"(?i:{phrase})(?=,|[ \t]+(?:of|for|at|to|in|from)\b)")


def _words_before(name: str, text: str) -> list[str]:
    """The capitalised words right before ``name`` in ``text``: its forenames or titles.

    ``Lorna`` and ``Mr`` for ``Yeomans`` in ``Lorna Yeomans ... Mr Yeomans``.
    Each place the name follows a blank, then the word that ends there:
    one pattern of a name's capitals for every name, where a pattern per
    name took milliseconds each to compile.
    """
    return [word.group() for at in _blank_before(name).finditer(text)
            if (word := _WORD_ENDING.search(text, max(0, at.start() - 200), at.start()))]


@functools.lru_cache(maxsize=1024)
def _blank_before(name: str) -> re.Pattern[str]:
    """The blanks between a word and ``name``."""
    return re.compile(rf"(?<=\S)[ \t]+{re.escape(name)}\b")


_WORD_ENDING = re.compile(rf"(?:{WORD})\Z")


# Words before a role that make it another office: "Deputy Prime Minister
# John Prescott" holds no office "the prime minister" names.
_OTHER_OFFICE = frozenset({"deputy", "vice", "shadow", "former", "junior", "assistant", "acting"})


def reporter_before(text: str, at: int, mentions: Sequence[tuple[int, str]],
                    positions: Sequence[int], opening: bool = True) -> str | None:
    """Who the sentence before reports saying something, for a quotation that opens the next.

    News copy reports a speaker's words, then quotes them, in one paragraph
    (``Mr Bolz said games firms had to work more closely with celebrities.
    “People will want to play ...”``): the first person the sentence just
    before says said something
    (:func:`~dedup.attribution.patterns.mentions`), or None, and None where
    that sentence opens with "he said" or "she told". Not across a paragraph's end,
    and not for a quotation inside its sentence (where ``opening``). It goes
    before the quotation before (:func:`continues`): ``“A.” Mr Florin said
    the challenge was to keep people playing. “B.”`` is Mr Florin's. Not
    ``opening``, the holder of a role the text does not name: ``Simon Le
    Bon said the group was not changing its sound. “...,” the singer
    said.``
    """
    line_start = text.rfind("\n", 0, at) + 1
    start = sentence_start(text, at, line_start)
    end = len(text[:start].rstrip())
    if (opening and text[start:at].strip()) or end <= line_start:
        return None
    low = max(line_start, end - 400)
    boundaries = list(_SENTENCE_END.finditer(text, low, end))
    previous = boundaries[-1].end() if boundaries else low
    if PRONOUN_FIRST.match(text, previous, end):
        return None  # "He said Guscott continued to ...": the reporter is "he"
    first, last = bisect.bisect_left(positions, previous), bisect.bisect_left(positions, end)
    # The first: whom a name after it is reported by ("Mr Grobbelaar said that
    # Mr Vincent said it would be easy").
    return mentions[first][1] if last > first else None


def subject_before(text: str, at: int, pronoun: str | None = None) -> tuple[int, str] | None:
    """The name that opens the sentence before the one holding ``at``, and where, or None.

    The person a sentence is about, whom "he" or "she" in the next one
    stands for (``Keeper Tony Bullock echoed McIntyre's sentiments. “...,”
    he added.``, ``Piers Freelove is a benefit officer. He said: “...”``),
    the name opening it as its subject: before a word in lower case, a
    description before it (``Tory leader Michael Howard accused ...``).
    Not a sentence that opens with a quotation: its speaker is found as
    such. Sentences between that open with the same ``pronoun`` are about
    that person too (``NATO chief Jens Stoltenberg spoke in Brussels. He
    warned that ... “...,” he said.``): up to ``_CHAIN`` of them.
    """
    start = sentence_start(text, at, max(0, at - 400))
    for _ in range(_CHAIN + 1):
        end = len(text[:start].rstrip())
        low = max(0, end - 400)
        boundaries = list(_SENTENCE_END.finditer(text, low, end))
        previous = boundaries[-1].end() if boundaries else low
        opening = _PRONOUN_OPENING.match(text, previous, end)
        if pronoun is None or opening is None or opening.group(1).casefold() != pronoun:
            break
        start = previous
    return _subject_at(_SUBJECT.match(text, previous, end), text)


def participle_subject(text: str, start: int, end: int) -> str | None:
    """The name opening the sentence at ``start``: who a participle of saying before ``end`` is of.

    ``Mr Howard branded the decision unacceptable, saying: “``, ``Earlier
    Tory leader Michael Howard sent Mr Bush his congratulations, saying:
    “``: the name (after a phrase and its comma). Not "he" or "she": on
    METER and BBC News the name such a pronoun stood for was as often
    another's (``He and another man left a note, saying: '...'``).
    """
    start += len(text[start:end]) - len(text[start:end].lstrip())
    for at in (start, *(opening.end() for opening in [_OPENING_PHRASE.match(text, start, end)]
                        if opening is not None)):
        found = _subject_at(_SUBJECT.match(text, at, end), text)
        if found is not None:
            return found[1]
    return None


def _subject_at(match: re.Match[str] | None, text: str) -> tuple[int, str] | None:
    """Where the name a sentence's subject pattern matched starts, and the name; or None."""
    if match is None or in_a_clause(match):
        return None
    raw = match.group("name")
    name = clean_name(raw)
    if name is None or raw.split()[0].casefold() in NOT_NAMES | MONTHS | LINK_WORDS:
        return None  # "In the Scottish case, Lord Caplan ruled", "With Meg were her mother"
    if " " not in name and not any(
            word.casefold() not in NOT_NAMES | MONTHS
            for word in _words_before(name, text)):
        return None  # one word is a surname where the text gives it a forename or title
    return match.start("name"), name


_CHAIN = 2
"""Most sentences opening with "He" or "She" between a name and the pronoun that stands for it."""
_PRONOUN_OPENING = re.compile(r"(?:(?:But|And|So|Then)[ \t]+)?(He|She)[ \t]+[a-z]")
# A sentence's subject: a name, after a description (no verb's past in it:
# "Judge Burr called Paterson ..."), and a word in lower case that is no noun
# of a description ("The Amnesty secretary-general said").
_SUBJECT = re.compile(rf"(?:(?:But|And|So|Then)[ \t]+)?(?:the[ \t]+|The[ \t]+)?"
                      rf"(?:{described(rf'{LINKS}|{VERBS}|{CLAUSE_VERB}|[a-z]+ed')})?"
                      rf"{SPEAKER}[ \t]+[{LOWER}]"
                      rf"(?![\w’'\-]*[ \t]+(?:{VERBS})\b)")
# Where a sentence ends: its full stop and closing marks, or a paragraph's end.
_SENTENCE_END = re.compile(r"[.!?][”’\"')]*[ \t]+|\n\s*")


def continues(text: str, previous_end: int, quotation: Quotation) -> bool:
    """Whether a quotation goes on from the previous one: in its paragraph, or opening the next.

    The news convention for a speaker's words going on, with no attribution
    (``“A,” Stoltenberg said. “B.”``, or ``“B.”`` as a paragraph of its own).
    """
    line_start = text.rfind("\n", 0, quotation.opens) + 1
    if previous_end > line_start:  # the same paragraph (line): one sentence between, at most
        between = closed_blanks(text[previous_end : quotation.opens])
        if not between.strip():
            # The next paragraph of the speaker's words, its break lost
            # (``“A.” “B.”``) or the first left open (``“A. “B.”``), where
            # the one before ends its sentence: not a quotation it reports
            # (``I heard him say to her ‘I've been stabbed’``).
            return _ENDS_SENTENCE.search(text, max(0, previous_end - 8), previous_end) is not None
        return _ONE_SENTENCE.fullmatch(between) is not None
    if text[line_start : quotation.opens].strip():
        return False
    between = text[previous_end:line_start]
    return len(between.strip().splitlines()) <= 1 and len(between) < 400


# What lies between two quotations of a paragraph when the second goes on
# from the first: the first's attribution, and the second opens a sentence.
_ONE_SENTENCE = re.compile(r"[^.!?\n]{0,120}[.!?]\s*")
# The end of a sentence, its closing marks after it.
_ENDS_SENTENCE = re.compile(r"[.!?][”’\"'\s]*\Z")
