"""The speaker of each quotation of a media document: the stage's entry point for quotations.

In: a media document's text and the quotations :mod:`dedup.quotes` found
in it. Out: a speaker name (or None) per quotation, in their order
(:func:`speakers`). The places an attribution is written are
:mod:`~dedup.attribution.patterns`'; the names a pronoun, a role or an
unattributed quotation stands for are found by
:mod:`~dedup.attribution.antecedents`; this module tries them in the
order below and gives each name in its fullest form.

* **Quotation speaker**, as the text says it, nearest first: after the
  closing mark (``”, Stoltenberg said``, ``”, said Mr Smith``, ``”, he
  said``, ``”, according to X``; an office in lower case before the name
  is not part of it, ``”, chief executive Richard Parsons said``, nor is
  a description that ends in lower case, capitalised words among it,
  ``”, said SEC deputy enforcement director Linda Thomsen``, ``”,
  festival director Geoffrey Gilmore said``, ``”, her lawyer Michael
  Mansfield told``, nor one set off by commas, ``Her lawyer, Michael
  Mansfield, told the court: “``, ``”, said the Prime Minister, Tony
  Blair``, unless a preposition puts it in another's phrase, ``father of
  the dead girl, Lorna Yeomans, said``; nor whose someone is,
  ``England's Josh Lewsey told``; a firm in a description left open
  before the verb is not the speaker but the person it describes,
  ``Howard Archer, economist at Global Insight said``, and a name after
  "in" or "on" is a place or a time, no speaker, ``detainee A in
  Woodhill Prison said``; a rank alone is no name,
  ``The QC added``); else
  before the opening mark in the same sentence (``Mr Stoltenberg said:
  “``, ``X told reporters that “``, ``with Mr Biden saying it was a “``,
  ``X: “``, not a post's tag or topic, ``BREAKING: “``, ``On Bucha: “``,
  ``#Bucha: “``, though ``Stoltenberg on Bucha: “`` is his; a quotation paragraph
  after a paragraph that ends ``X said last night:``); else at the end of
  the sentence it is inside (``..., which “are no indication”, were
  behind the increase, he said.``); else a name of two words or more
  before a verb that characterises (``Chester Bennington described their
  prize as “``, ``Michael Howard accused them of “``). A court report's
  words between the name and its verb count with it (``Aidan Marron, QC,
  for Coleman, said``, ``X, prosecuting, told``, ``Mr Jones, 47, said``),
  and so does news copy's description of a speaker (``Peter Williams, CML
  deputy director, said``), but not a clause (``Mrs Hale, whose son, Tom,
  was driving, said``) nor one before a participle (``the funeral of Anne
  Lowe, the band's manager, saying``), and so do ``also`` and ``is`` before
  a verb's -ing form (``Le Bon also said``, ``Mr Blair is saying:``),
  and a month before a name is not part of it (``the following February Mr
  Blair said``). A role after "the" (``the minister said``, ``said the
  spokesman``) is the nearest name before that the text gives that role
  (``Justice Minister Cathy Jamieson``, ``Jeff Owen, a spokesman for the
  union,``), else whom the sentence before reports saying something (``Simon
  Le Bon said ... . “...,” the singer said.``), else unknown.
  ``he``/``she`` is the name that opens the sentence just
  before (``Piers Fell is a benefit officer. He said: “``, not ``Despite
  praising the Irish he ...``: :func:`subject_before`), else the nearest
  named speaker before the
  quotation (anyone who ``said``, ``told`` ... something, quoted or not;
  not someone a quotation names, nor whom a reported clause is about:
  ``the judge said Mary Hale was the driving force``, nor whom someone
  told: ``Mr Thomas told Cardiff Crown Court``, nor a name whose title is of
  the other sex: not "he" for ``Miss Evans``, nor a name the text calls
  the other: not "she" for ``David Jessel`` where a sentence he opens is
  followed by one opening "He", not "he" for ``Jane Hamblett-Jahn`` where
  it titles her ``Ms Hamblett-Jahn``). A quotation with no attribution
  continues the speaker of the quotation just before it: in the same
  paragraph when it opens the sentence after that one's attribution
  (``“A,” X said. “B.”``) or right after that one ends its sentence (the
  next paragraph of the speaker's words, its break lost, ``“A.” “B.”``, or
  the first left open, ``“A. “B.”``), or opening the next paragraph (a
  quotation paragraph of its own), unless the sentence between reports
  another speaker: one that opens the sentence after one reporting
  someone's words is theirs (``Mr Bolz said firms had to work with
  celebrities. “People will ...”``). One followed by a verb of saying with no name we
  read (``”, the NATO chief said``) has an unknown speaker, not the
  previous one. A quotation within another is the speaker's its outer
  words name, nearest first, or the outer speaker's where those words say
  they said it (``I told him ‘``, ``I would have to say, ‘``), or unknown;
  a quotation paragraph after it goes on with the outer speaker. The name is
  given in its fullest form in the document
  (``Stoltenberg`` -> ``Nato Secretary General Jens Stoltenberg``; not
  where the text titles a man and a woman by the surname, ``Mr Titley``
  and ``Mrs Titley``, and not by a rank after it: ``Alun Jones QC`` and
  ``Clive Nicholls QC`` are two), without
  a tabloid's opening words in capitals (``TV STAR Noel Edmonds said``).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Sequence

from dedup.attribution import antecedents, patterns
from dedup.attribution.antecedents import (
    MEN,
    WOMEN,
    continues,
    held,
    is_sexed,
    pronouns_for,
    reporter_before,
    sentence_start,
    subject_before,
)
from dedup.attribution.names import RANKS, TITLES, fullest_by_surname, fullest_mention
from dedup.attribution.patterns import (
    AFTER,
    AFTER_ENDED,
    BEFORE,
    LAST_CLOSING,
    PARTICIPLE,
    SAID_AFTER,
    SAID_AT_END,
    SAID_RIGHT_BEFORE,
    SAID_SELF,
    has_role,
)
from dedup.quotes import Quotation, closed_blanks, lf_line_breaks

# The speaker of the outer quotation: what _attribution finds for a quotation
# within one whose words say its speaker said it.
_SELF = "\x00self"
# A role whose holder the text does not name (``the singer said``): what
# _attribution finds for it, where it finds no name.
_UNHELD = "\x00role"


def speakers(text: str, quotations: Sequence[Quotation]) -> list[str | None]:
    """The speaker of each quotation, by the rules in the module docstring."""
    text = _lead_in_lowered(lf_line_breaks(text))
    # Someone a quotation says said something is no speaker of the text's.
    quoted = sorted((f.start, f.end) for q in quotations for f in q.fragments)
    starts = [start for start, _ in quoted]
    mentions = [
        (at, name) for at, name in patterns.mentions(text)
        if not (index := bisect.bisect_right(starts, at)) or quoted[index - 1][1] <= at
    ]
    positions = [at for at, _ in mentions]
    shared = antecedents.shared_surnames(text)
    fullest = {surname: name for surname, name in fullest_by_surname(n for _, n in mentions).items()
               if surname not in shared}
    sexes = pronouns_for(text, mentions)
    # A quotation within another: its speaker is named in the outer one's
    # words ("Stoltenberg said: “Zelensky told me ‘...’”"), is the outer
    # speaker where they say they said it ("... I would have to say, ‘...’"),
    # or is not known.
    # Each inner one's outer quotation, and where that is in the list.
    outer_of = {inner.start: (at, outer) for at, outer in enumerate(quotations)
                for inner in outer.within}
    found: list[str | None] = []
    last_speaker: str | None = None
    previous_end = -1
    for index, quotation in enumerate(quotations):
        outer_at, outer = outer_of.get(quotation.start, (-1, None))
        within = outer.opens + 1 if outer is not None else None
        name, pronoun = _attribution(text, quotation, within or 0,
                                     outer.closes if outer is not None else len(text))
        if name is _SELF:
            name = found[outer_at]
        if name is _UNHELD:  # "the singer said": whom the sentence before reports
            name = reporter_before(text, quotation.opens, mentions, positions, opening=False)
        if pronoun:  # the nearest mention before of a name "he" or "she" can stand for
            before = bisect.bisect_left(positions, quotation.opens)
            may_be = list(itertools.islice(
                ((at, mentioned) for at, mentioned in reversed(mentions[:before])
                 if antecedents.may_be(name, mentioned, sexes)), 2))
            # "Ms Evans said Guscott later told police ... She told the jury":
            # "she" is the woman the text titles so, before one it does not say
            # is a woman (most are men in this copy: "he" gets no such turn).
            if name == "she" and len(may_be) == 2 and not is_sexed(
                    name, may_be[0][1], sexes) and is_sexed(name, may_be[1][1], sexes):
                may_be.reverse()
            at, mention = may_be[0] if may_be else (-1, None)
            subject = subject_before(text, quotation.opens, name)
            if (subject is not None and subject[0] > at
                    and antecedents.may_be(name, subject[1], sexes)):
                at, mention = subject
            name = mention
        if name is None and not pronoun and within is None and not _said_after(text, quotation):
            # whom the sentence before reports, else the speaker of the quotation before
            name = reporter_before(text, quotation.opens, mentions, positions)
            if name is None and index and continues(text, previous_end, quotation):
                name = last_speaker  # of the quotation before, not of one within it
        found.append(fullest_mention(name, fullest))
        if within is None:
            last_speaker = found[-1]
        previous_end = max(previous_end, quotation.closes)
    return found


# A tabloid's opening words in capitals, up to the first word that is not.
_LEAD_IN = re.compile(r"\A\s*((?:[A-Z](?:[A-Z’'\-]*[A-Z])?[ \t]+)+)(?=[A-Z]?[a-z])")


def _lead_in_lowered(text: str) -> str:
    """``text`` with a tabloid's opening words in capitals in lower case, where they are words.

    ``TV STAR Noel Edmonds is quitting`` names Noel Edmonds, ``A TEENAGER
    told a court`` no one, ``FORMER Tory MP Neil Hamilton`` a Tory MP. An
    acronym the text prints in capitals again stays (``NATO Secretary
    General Jens Stoltenberg``), and so does every word before it; a title
    keeps its capital (``SIR Elton John``). The same length, so offsets hold.
    """
    match = _LEAD_IN.match(text)
    if match is None or not re.search(r"[A-Z]{2}", match.group(1)):
        return text
    start, end = match.span(1)
    words = list(re.finditer(r"\S+", match.group(1)))
    again = [word for word in words
             if re.search(rf"\b{re.escape(word.group())}\b", text[end:]) is not None]
    keep = start + (again[-1].end() if again else 0)
    return text[:keep] + "".join(map(_lowered, re.split(r"(\s+)", text[keep:end]))) + text[end:]


# A sentence's end, or a quotation's closing mark, and the blanks after it.
_CLAUSE_BREAK = re.compile(r"(?:[.!?]|['’”\"»])\s+")


def _lowered(word: str) -> str:
    """A lead-in's word in lower case; a title with its capital, a rank as it is."""
    if word.casefold() in RANKS:
        return word
    if word.casefold() in TITLES | MEN | WOMEN:
        return word[:1] + word[1:].lower()
    return word.lower()


def _attribution(text: str, quotation: Quotation, low: int = 0,
                 high: int | None = None) -> tuple[str | None, bool]:
    """The name right after or before the quotation, and whether it is a pronoun.

    For a pronoun the name is the pronoun (``he``, ``she``); for a quotation
    within another whose words say their speaker said it, ``_SELF``.
    After a fragment only when the fragment does not end its sentence
    (``“..., ” he said`` but not ``“....” Next sentence``); a quotation
    within another looks only in the outer one's words, from ``low`` to
    ``high``: the attribution after the outer one is the outer speaker's.
    """
    unheld = False  # a role matched whose holder the text does not name
    for after, ended in _texts_after(text, quotation, len(text) if high is None else high):
        for pattern in AFTER_ENDED if ended else AFTER:
            match = pattern.match(after)
            named = held(text, quotation.opens, match) or patterns.named(match) if match else None
            unheld = unheld or named is None and match is not None and has_role(match)
            if named is not None:
                return named
    start = max(low, sentence_start(text, quotation.opens, max(0, quotation.opens - 240)))
    before = closed_blanks(text[start : quotation.opens])
    if not before.strip() and not low:  # a paragraph of quotation after "X said last night:"
        above = text[max(0, start - 240) : start].rstrip()
        if above.endswith(":"):
            before = above[above.rfind("\n") + 1 :]
    said_self = _nearest_at(SAID_SELF, before) if low else None
    direct = None if low else SAID_RIGHT_BEFORE.search(before)
    if direct is not None and (named := patterns.named(direct)) is not None:
        return named  # "..., Lisa said: “": not "Claire" of "Faye and Claire told ..." before
    closed = None if low else LAST_CLOSING.search(before)
    if closed is not None:  # "X said it was “bold” while Y said it was “": Y's, not X's
        later = BEFORE[0].search(before, closed.end())
        if (later is not None and later.group("name")
                and (named := patterns.named(later)) is not None):
            return named
    for pattern in BEFORE:
        if low:  # in the outer one's words, the nearest name ("I told him that X said ‘”)
            named_at = _nearest_at(pattern, before)
            if said_self is not None and (named_at is None or said_self >= named_at):
                return _SELF, False
            named = _nearest_named(pattern, before)
        else:
            matches = list(pattern.finditer(before))
            named = (held(text, quotation.opens, matches[-1]) or patterns.named(matches[-1])
                     if matches else None)
            unheld = unheld or named is None and bool(matches) and has_role(matches[-1])
        if named is not None:
            return named
    if not low and PARTICIPLE.search(before):  # "X branded it unacceptable, saying: “"
        # From the last sentence's end or closing mark: "Mr Fayed replied: 'That
        # is true.' Then he corrected himself, saying: '" is not Mr Browne's,
        # who asked the question the sentence opens with.
        breaks = [match.end() for match in _CLAUSE_BREAK.finditer(before)]
        subject = antecedents.participle_subject(text, start + (breaks[-1] if breaks else 0),
                                                 quotation.opens)
        if subject is not None:
            return subject, False
    if not low:  # "..., which “are no indication”, were responsible, he said."
        end = _sentence_end(text, quotation.closes)
        match = SAID_AT_END.search(closed_blanks(text[quotation.closes : end]))
        named = patterns.named(match) if match else None
        if named is not None:
            return named
    return (_UNHELD if unheld else None), False


def _sentence_end(text: str, at: int) -> int:
    """Where the sentence (or line) that holds offset ``at`` ends, its stop included."""
    match = _SENTENCE_STOP.search(text, at, min(len(text), at + 400))
    return match.end() if match else at


_SENTENCE_STOP = re.compile(r"[.!?](?=[”’\"']*(?:\s|$))|\n")


def _nearest_named(pattern: re.Pattern[str], before: str) -> tuple[str | None, bool] | None:
    """The name of the match of ``pattern`` in ``before`` that starts last, matches overlapping."""
    return next((named for _, named in _named_matches(pattern, before)), None)


def _nearest_at(pattern: re.Pattern[str], before: str) -> int | None:
    """Where the match of ``pattern`` in ``before`` that starts last and names someone starts."""
    return next((at for at, _ in _named_matches(pattern, before)), None)


def _named_matches(pattern: re.Pattern[str],
                   before: str) -> Iterator[tuple[int, tuple[str | None, bool]]]:
    """Matches of ``pattern`` in ``before`` that name someone, the last first, overlapping."""
    found = []
    at = 0
    while (match := pattern.search(before, at)) is not None:
        if not before[match.start() - 1 : match.start()].isalnum():  # not "BC" of "BBC"
            named = patterns.named(match)
            if named is not None:
                found.append((match.start(), named))
        at = match.start() + 1
    return reversed(found)


def _said_after(text: str, quotation: Quotation) -> bool:
    """Whether a verb of saying follows the quotation: it is attributed, if to no name we know."""
    return any(SAID_AFTER.match(after) for after, _ in _texts_after(text, quotation, len(text)))


def _texts_after(text: str, quotation: Quotation, high: int) -> Iterator[tuple[str, bool]]:
    """The rest of the line after each fragment that does not end its sentence (120 characters).

    With each, whether the fragment ends with ``?`` or ``!`` (``“Why?” he
    asked`` or a question the next quotation answers).

    The fragments as the marks enclose them: after the quotations within,
    whose attribution is inside. Nothing from ``high`` on.

    Counted with each run of spaces as one (:func:`~dedup.quotes.closed_blanks`).
    A fragment broken off by a comma at the end of a line (``east,”`` in
    hard-wrapped text, the attribution on the next) goes on into the next
    line, unless that is blank.
    """
    for fragment in quotation.marked or quotation.fragments:
        if text[fragment.end - 1] != ".":
            after = text[fragment.end : min(high, fragment.end + _AFTER_CHARS * 8)]
            line, _, rest = after.partition("\n")
            if (text[fragment.end - 1] == "," and rest and not _WORDS.search(line)
                    and not rest.startswith("\n") and rest.strip()):
                line = line + " " + rest.split("\n", 1)[0]
            yield closed_blanks(line)[:_AFTER_CHARS], text[fragment.end - 1] in "?!"


_AFTER_CHARS = 120
_WORDS = re.compile(r"\w")
