"""Turns of a reference transcript: who speaks where, from its speaker labels.

In: a transcript's text, and its manifest title. Out: its :class:`Turn` s
(:func:`turns`); the main speaker a title or a header line names
(:func:`title_speaker`, :func:`header_speaker`); the label patterns that
:mod:`dedup.segment` and the caption reader share (:data:`SPEAKER_LABEL`,
:func:`interview_labels`).

Its own module because a transcript is read by the labels that open its
lines, not by the attributions around quotations: it shares only the
words of a name (:mod:`~dedup.attribution.vocabulary`) and the rules for
names (:mod:`~dedup.attribution.names`) with the quotations' speakers.

* **Turns**: a speaker label at the start of a line (``NATO Secretary
  General:``, ``Andrew Gray (Reuters):``, ``Speaker 2:``; a broadcast
  transcript's ``JENS STOLTENBERG, NATO SECRETARY GENERAL:``, whose
  description after the comma is no part of the name) starts a turn that
  runs to the next label; a transcription service's time code before or
  after it is no part of the name (``[00:01:23] Q:``, ``00:01:23
  STOLTENBERG:``, ``Andrew Gray (00:01:23):``); not a name that
  hard-wrapped copy cut after its title (a line ending ``Mr``, the next
  opening ``Jones: “...”``) or after a comma. An interview's ``Q.`` and
  ``A.`` and the White House's ``Q`` set off by spaces are labels too,
  where they plainly are (:func:`interview_labels`).
  A header's field (``Date:``, ``Location:``, ``Source:``, ``Last
  updated:``) is no label.
  Text before the first label (all of a transcript without labels) is the
  document's main speaker: the person in the title after "by" (``Press
  conference by NATO Secretary General Jens Stoltenberg ...``), else
  unknown.
* **A label's speaker**: a transcript label that is a role stands for the
  fullest name in the document that holds it; a role the document never
  fills with a name (a label and a title made only of role words and
  acronyms, ``NATO Secretary General``) is an unknown speaker: who held it
  is not on the record. A questioner's role (``Q``, ``QUESTION``,
  ``Reporter``) is itself: the words of its turns are never the answering
  official's.

Always holds: turns cover the document from 0 to its end, in order,
without gaps or overlaps.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from dedup.attribution.names import clean_name, is_role, name_words
from dedup.attribution.vocabulary import NAME, PRONOUN_FIRST, VERBS
from dedup.quotes import lf_line_breaks
from dedup.shingle import TIME_CODE

# A transcript's time code (``00:01:23``, ``1:05``, ``00:01:23.450``), as
# transcription services print it before or after a label: ``[00:01:23]
# Q:``, ``00:01:23 STOLTENBERG:``, ``(00:05) Andrew Gray:``, ``Speaker 1
# (00:05):``. It is no part of the speaker's name.
_TIMED = rf"[\[(]?{TIME_CODE}[\])]?"
# Capitalised words in any script ("Øystein", "Зеленский"): ``regex``'s \p{Lu};
# an aside in brackets (``Andrew Gray (Reuters)``) that is not a time code;
# the number of an unnamed speaker (``Speaker 2``).
_LABEL_WORD = r"\p{Lu}[\w.’'\-]*|\((?!" + TIME_CODE + r"\))[^()\n]{1,60}\)"
_SPEAKER_NUMBER = r"(?<=\b(?i:speaker)[ \t]+)\d{1,2}"
# A broadcast transcript's description after a name in capitals, the first
# time it speaks (CNN's ``JENS STOLTENBERG, NATO SECRETARY GENERAL:``,
# NPR's ``STEVE INSKEEP, HOST:``): no part of the name.
_CAPITALS = r"(?:\p{Lu}[\p{Lu}\d.’'\-&/]*|\([^()\n]{1,60}\))"
_DESCRIPTION = rf"(?<=[\p{{Lu}})]),[ \t]+{_CAPITALS}(?:[ \t]+{_CAPITALS}){{0,9}}"
_LABEL_BODY = (
    rf"[^\w\n(]{{0,8}}[ \t]*(?:{_TIMED}[ \t]+(?:[-–—|>]+[ \t]*)?)?"
    rf"(?P<label>(?:{_LABEL_WORD})"
    rf"(?:[ \t]+(?:{_LABEL_WORD}|of|the|and|for|de|von|van|{_SPEAKER_NUMBER})){{0,7}})"
    rf"(?:{_DESCRIPTION})?(?:[ \t]+{_TIMED})?:(?=\s)"
)
_LABEL = regex.compile("^" + _LABEL_BODY, regex.MULTILINE)
SPEAKER_LABEL = regex.compile(_LABEL_BODY)
"""A transcript's speaker label (``NATO Secretary General:``), matched where its line starts."""
# An interview's labels printed without a colon: ``Q. What ...`` and ``A.
# We ...``, and the White House's ``Q    Mr. President, ...`` (the label set
# off by a tab or a run of spaces, the answers labelled ``THE PRESIDENT:``).
_INTERVIEW_LABEL = re.compile(
    r"^[ \t]*(?P<label>[QA])(?P<style>\.[ \t]+|\t[ \t]*|[ \t]{2,})(?=\S)", re.MULTILINE
)
# A line opening with another capital and a full stop, ``B. Second point``:
# a lettered list, or initials, so ``A.`` and ``Q.`` there are no labels.
_LETTERED = re.compile(r"^[ \t]*[B-PR-Z]\.[ \t]", re.MULTILINE)


def interview_labels(text: str) -> list[tuple[int, int, str]]:
    r"""An interview's ``Q.`` / ``A.`` (and ``Q`` + tab) labels: start, end, label.

    Only where they plainly are labels: the text opens lines with both ``Q``
    and ``A`` in one style, or with ``Q`` twice (the White House labels its
    answers by name), and no line opens with another lettered point
    (``B. Second point``: a list; ``A. Smith said`` alone is a name).
    ``Q:`` and ``A:`` are ordinary labels (:data:`SPEAKER_LABEL`).

    Example:
        >>> interview_labels("Q. Will you go?\nA. Yes.\n")
        [(0, 2, 'Q'), (16, 18, 'A')]
        >>> interview_labels("A. Smith said it.\nA. Jones did not.\n")
        []

    """
    if "Q." not in text and "Q\t" not in text and "Q  " not in text:
        return []  # most texts: no need to look at each line
    found = [(m.start("label"), m.start("style") + (m.group("style")[0] == "."), m.group("label"),
              m.group("style")[0] == ".") for m in _INTERVIEW_LABEL.finditer(text)]
    kept: list[tuple[int, int, str]] = []
    for dotted in (True, False):
        labels = [(start, end, label) for start, end, label, dot in found if dot == dotted]
        questions = sum(label == "Q" for _, _, label in labels)
        if questions and (questions > 1 or len(labels) > questions):
            kept.extend(labels)
    if kept and _LETTERED.search(text):
        return []
    return sorted(kept)


_TITLE_SPEAKER = re.compile(rf"\bby\s+(?P<name>{NAME})")


@dataclass(frozen=True)
class Turn:
    """A stretch of a transcript spoken by one speaker: ``text[start:end]``.

    ``speaker`` is the label as written (or the main speaker from the title),
    ``identity`` the fullest name in the document it stands for.
    """

    start: int
    end: int
    speaker: str | None
    identity: str | None


def title_speaker(title: str | None) -> str | None:
    """The person a title says the document is by, or None.

    Example:
        >>> title_speaker("Press conference by NATO Secretary General Jens Stoltenberg ahead of")
        'NATO Secretary General Jens Stoltenberg'

    """
    match = _TITLE_SPEAKER.search(title or "")
    return clean_name(match.group("name")) if match else None


# A transcript's or a release's own title line, for a document whose
# manifest or page gives it no title: "Press conference by NATO Secretary
# General Jens Stoltenberg ahead of ...", "Opening remarks by ...". The line
# opens with the occasion (two words before it at most, neither an article:
# "A speech by Boris Johnson yesterday ..." opens a news story, whose
# speaker it is not); a byline, a photo's credit or an interview, whose
# "by" names who asked, is no occasion.
_HEADER_SPEAKER = re.compile(
    r"^[ \t]*(?P<before>(?:[\w\-]+[ \t]+){0,2}?)"
    r"(?:press[ \t]+conference|press[ \t]+point|press[ \t]+briefing|briefing|remarks|"
    r"speech|statement|address|keynote|lecture|testimony|message|talk|doorstep)"
    r"(?:[ \t]+[a-z]+){0,2}?[ \t]+by[ \t]+",
    re.IGNORECASE | re.MULTILINE)
_HEADER_LINES = 10  # the lines of a header, at most, before its text begins
_HEADER_CHARS = 3000  # and its characters: a huge one-line document is no header
_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "his", "her", "their", "its", "our"})


def header_speaker(header: str) -> str | None:
    r"""The person a document's own title line says it is by, among its first lines, or None.

    Example:
        >>> header_speaker("NATO - Press release\n\nPress conference by NATO Secretary "
        ...                "General Jens Stoltenberg following the meeting\n\nGood afternoon.")
        'NATO Secretary General Jens Stoltenberg'
        >>> header_speaker("A speech by Boris Johnson yesterday drew criticism.") is None
        True

    """
    lines = [line for line in header[:_HEADER_CHARS].split("\n") if line.strip()][:_HEADER_LINES]
    for line in lines:
        match = _HEADER_SPEAKER.match(line)
        if match and not _DETERMINERS & {w.casefold() for w in match.group("before").split()}:
            name = re.match(NAME, line[match.end():])
            if name and (cleaned := clean_name(name.group())) is not None:
                return cleaned
    return None


def turns(text: str, title: str | None = None) -> tuple[Turn, ...]:
    r"""Split a transcript into turns at its speaker labels.

    Example:
        >>> t = "Opening words.\nAndrew Gray (Reuters): A question?\nNATO Secretary General: Yes."
        >>> [x.speaker for x in turns(t, "Talk by Jens Stoltenberg")]
        ['Jens Stoltenberg', 'Andrew Gray (Reuters)', 'NATO Secretary General']

    """
    text = lf_line_breaks(text)
    labels = [(m.start(), m.end(), m.group("label")) for m in _LABEL.finditer(text)
              if not _runs_on(text, m.start()) and not _is_field(m.group("label"))
              and not _TITLE_AFTER.match(text, m.end())]
    if labels:  # a dialogue's answer, "Mr Al Fayed replied: ``...''", is a turn too
        labels += [(m.start(), m.end(), name) for m in _SAID_LINE.finditer(text)
                   if (name := clean_name(m.group("name"))) is not None]
    labels = sorted({label[0]: label for label in [*interview_labels(text), *labels]}.values())
    # Without a title that names the speaker, the document's own title line
    # may: it binds a label of the office alone ("NATO Secretary General:").
    main = title_speaker(title) or header_speaker(text[:labels[0][0] if labels else len(text)])
    known = [name for _, _, name in labels] + ([main] if main else [])
    spans: list[tuple[int, int, str | None]] = sorted([*labels, *_narration(text, labels)])
    found: list[Turn] = []
    if not spans or spans[0][0] > 0:
        first = spans[0][0] if spans else len(text)
        found.append(Turn(0, first, main, _fullest(main, known)))
    for index, (_, words, label) in enumerate(spans):
        end = spans[index + 1][0] if index + 1 < len(spans) else len(text)
        found.append(Turn(words, end, label, _fullest(label, known)))
    return tuple(found)


# A quotation's marks: one opens a dialogue's turn ("Mr Browne: ``Did you
# ...''"), and one closes the paragraph before the reporter's words.
_OPENS_QUOTED = re.compile(r"[ \t]*(?:``|[“\"‘'])")
# A paragraph's first word, after any wire service's marks and controls.
_NEXT_UNQUOTED = re.compile(r"[^\w\n“”\"‘’'`]*[A-Z]")


def _narration(text: str, labels: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, None]]:
    """Where the reporter's words begin inside a dialogue's turns: turns of no one known.

    Agency copy prints a court's exchanges as labelled quotations (``Mr
    Browne: ``Did you ...?''``) with its own words between them: ``Counsel
    suggested it was another ``venomous invention ...''``. A paragraph
    that opens without a mark after one that closes a quotation, in a turn
    that opens with one, is the reporter's, not the labelled speaker's,
    and so is the rest of the turn (one that opens "He added" or "She
    said" goes on with the speaker). Whose words the reporter quotes
    there, the reporter says in words turns do not follow (``Mr Dodd said
    that Mr Al Fayed told him: ``...''``): no one's, as in a record
    without labels.
    """
    found = []
    for index, (_, words, _) in enumerate(labels):
        if not _OPENS_QUOTED.match(text, words):
            continue
        stop = labels[index + 1][0] if index + 1 < len(labels) else len(text)
        for ended in _PARAGRAPH_END.finditer(text, words, stop):
            opening = _NEXT_UNQUOTED.match(text, ended.end(), stop)
            if (opening is not None and _CLOSING.search(ended.group())
                    and not PRONOUN_FIRST.match(text, opening.end() - 1, stop)):
                found.append((ended.end(), ended.end(), None))
                break
    return found


# A line that ends a sentence or closes a quotation, before any wire
# service's marks: where a paragraph may end in hard-wrapped copy.
_PARAGRAPH_END = re.compile(r"[.!?”\"’'][^\w\n]*\n")
_CLOSING = re.compile(r"[”\"’']")


# A label is no speaker's where another follows it on its line: the title
# of a programme, "One To One With David Frost: Elton John: My Gift Is My Song".
_TITLE_AFTER = regex.compile(rf"[ \t]*(?:{_LABEL_WORD})(?:[ \t]+(?:{_LABEL_WORD})){{0,7}}:")
# A line of a dialogue that opens with its speaker's name and a verb of
# saying, as agency copy prints a court's exchanges between labelled ones:
# "Mr Browne: ``Did you not say ...?''" then "Mr Al Fayed replied: ``...''"
# or "Mr Al Fayed told him: ``...''".
_SAID_LINE = re.compile(
    rf"^[^\w\n(]{{0,8}}[ \t]*(?P<name>{NAME})[ \t]+(?:{VERBS})"
    rf"(?:[ \t]+(?:him|her|them|the[ \t]+(?:court|jury|judge)))?[ \t]*:(?=\s)", re.MULTILINE)


# The fields of a page's or a transcript's header ("Date: 4 April 2024",
# "Location: Brussels", "Source: NATO", a caption file's "Language: en"):
# a line that opens with one names no speaker.
_FIELDS = frozenset(
    {"date", "dated", "time", "location", "place", "venue", "source", "sources", "subject"}
    | {"title", "language", "kind", "transcript", "transcription", "updated", "published"}
    | {"posted", "duration", "event", "url", "link", "links", "tags", "category", "contact"}
    | {"copyright", "keywords", "summary", "description", "topic", "topics", "attendees"}
    | {"participants", "speakers", "video", "audio", "watch", "related", "photo", "credit"}
    | {"embargo", "embargoed", "status", "release", "format", "filed", "modified"}
)


def _is_field(label: str) -> bool:
    """Whether a label is a header's field (``Date``, ``Last updated``), not a speaker."""
    words = label.casefold().split()
    return len(words) <= 2 and words[-1] in _FIELDS


_RUN_ON = re.compile(r"(?:\b(?:[Mm]rs?|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Prof)\.?|,"
                     r"|\b(?:of|to|about|on|by|for|with|at|from|and|the)\b)[ \t]*\n$")


def _runs_on(text: str, at: int) -> bool:
    """Whether the line that starts at ``at`` goes on with the sentence of the line before.

    In hard-wrapped copy a name cut after its title (``asking a shaken Mr`` /
    ``Jones: “Why ...”``), or after a preposition (``Neil, said of`` /
    ``Hobbs: “If he ...”``), opens a line as a label does, and names no turn.
    """
    return _RUN_ON.search(text, max(0, at - 12), at) is not None


def _fullest(name: str | None, names: Sequence[str]) -> str | None:
    """The longest of ``names`` whose words include all of ``name``'s.

    None for a bare office; a questioner's role (``Q``) stays itself.
    """
    if name is None:
        return None
    words = set(name_words(name))
    holding = [n for n in names if words <= set(name_words(n))]
    fullest = max(holding, key=lambda n: (len(name_words(n)), n), default=name)
    if is_role(fullest):
        # An office names whoever held it, maybe the person quoted: unknown.
        # A questioner is never the one who answers.
        return fullest if _asks(fullest) else None
    return fullest


# Roles whose turns are someone's questions: a press conference's ``Q:``,
# ``QUESTION:``, ``Reporter:``, an interview's ``Q.``.
_QUESTIONERS = frozenset(
    {"q", "question", "questioner", "journalist", "reporter", "interviewer", "audience"}
)


def _asks(role: str) -> bool:
    """Whether a role's turns are a questioner's (``Q``, ``Audience member``)."""
    words = {word.casefold() for word in re.findall(r"[^\W\d_]+", re.sub(r"\([^)]*\)", " ", role))}
    return bool(words & _QUESTIONERS) and words <= _QUESTIONERS | {"member", "unidentified"}
