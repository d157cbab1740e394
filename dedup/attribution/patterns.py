"""Where news copy names a quotation's speaker, and what each match names.

In: the text around one quotation, or a whole media document. Out: the
compiled patterns of an attribution after a quotation (``AFTER``,
``AFTER_ENDED``, ``SAID_AFTER``), before it in its sentence (``BEFORE``,
``SAID_RIGHT_BEFORE``, ``LAST_CLOSING``), at the end of the sentence it is
inside (``SAID_AT_END``) and in a quotation's own words (``SAID_SELF``);
a match read as a name or a pronoun (:func:`named`); everyone a text
reports saying something (:func:`mentions`); and the tests
:mod:`dedup.verdicts` puts to a record's narration (:func:`says`,
:func:`introduces`).

Its own module because these are the places an attribution is written,
the stage's grammar: kept apart from the order in which
:mod:`~dedup.attribution.quotations` tries them, and from the look back
across sentences for whom a pronoun or a role stands
(:mod:`~dedup.attribution.antecedents`).
"""

from __future__ import annotations

import re

from dedup import saying
from dedup.attribution.names import JOINED, NOT_NAMES, TITLES, clean_name, name_words
from dedup.attribution.vocabulary import (
    APPOSITIVE,
    CLAUSE_VERB,
    DESCRIBED,
    ENGLISH_VERBS,
    HELPING,
    LEAD_AFTER,
    NAME,
    OFFICE,
    POSSESSIVE,
    PRONOUN,
    ROLE,
    ROLE_VERB,
    SPEAKER,
    VERBS,
    WHEN,
)

# What introduces the next quotation rather than ends this one: "...?' Mr
# Fayed replied: '...'" (a colon before the sentence ends), unless this one
# ends with a comma ("'I am the father,' he said: '...'").
_INTRODUCES_NEXT = r"(?![^.!?\n“”\"‘’']{0,60}:)"


# From the closing mark to the attribution: the mark, a comma, spaces and,
# as Russian, Ukrainian and Polish papers print it, a dash ("», — заявил").
_CLOSED = r"^[^\w.!?]{0,3}\s*(?:[—–]\s*)?"


def _after_patterns(ended: bool) -> tuple[re.Pattern[str], ...]:
    """The attributions after a quotation, which ``ended`` with ``?`` or ``!`` or not."""
    next_one = _INTRODUCES_NEXT if ended else ""
    return (
        re.compile(
            rf"{_CLOSED}(?:(?P<pro>{PRONOUN})|(?:(?:the|{POSSESSIVE})\s+)?(?:{DESCRIBED})?{OFFICE}"
            rf"{SPEAKER}){WHEN}{HELPING}\s+(?:{VERBS})\b{next_one}"
        ),
        # A description set off by commas before the name: "said her
        # lawyer, Michael Mansfield", "said the Prime Minister, Tony Blair".
        re.compile(rf"{_CLOSED}(?:{ENGLISH_VERBS})\s+{LEAD_AFTER},[ \t]*"
                   rf"(?P<name>{NAME})(?=[ \t]*(?:[,.;:!?)]|$)){next_one}"),
        # The name a description goes before, where the name ends the phrase
        # (English: "sagte Scholz am Montag" is Scholz's).
        re.compile(rf"{_CLOSED}(?:{ENGLISH_VERBS})\s+(?:the\s+)?{DESCRIBED}"
                   rf"(?P<name>{NAME})(?=[ \t]*(?:[,.;:!?)]|$)){next_one}"),
        re.compile(rf"{_CLOSED}(?:{VERBS})\s+(?:(?P<pro>{PRONOUN})|"
                   rf"(?:the\s+)?{OFFICE}(?P<name>{NAME})){next_one}"),
        re.compile(rf"{_CLOSED}(?:{saying.ACCORDING_TO})\s+(?P<name>{NAME})"),
        re.compile(rf"{_CLOSED}{saying.PRONOUN_AFTER}{next_one}"),
        re.compile(rf"{_CLOSED}[Tt]he\s+(?P<role>{ROLE})(?:{APPOSITIVE})?{WHEN}"
                   rf"{HELPING}\s+{ROLE_VERB}\b{next_one}"),
        re.compile(rf"{_CLOSED}(?:{VERBS})\s+the\s+(?P<role>{ROLE})"
                   rf"(?=[ \t]*(?:[,.;:!?)]|$)){next_one}"),
    )


AFTER = _after_patterns(ended=False)
AFTER_ENDED = _after_patterns(ended=True)
_SAYING = re.compile(rf"\b(?:{VERBS})\b")
# In a quotation's own words, its speaker saying they said something: "I
# told him ‘”, "I would have to say, ‘”, "as we said: ‘”. Only helping
# verbs between: "I think they said ‘" is someone else's saying, and so is
# what follows another subject ("when I told Liam he shouted, ‘”).
SAID_SELF = re.compile(
    rf"\b(?P<pro>I|[Ww]e)(?:[’'](?:d|ll|ve))?(?:[ \t]+(?:would|will|had|have|has|to|must|"
    rf"might|could|should|can|shall|may|need|did|do|just|also|then|always|once|never|only|"
    rf"already))*[ \t]+(?:{VERBS})\b(?:(?!\b(?:he|she|they|it|who)\b)[^.!?\n]){{0,160}}$"
)


def says(text: str) -> bool:
    """Whether ``text`` holds a verb of saying (``said``, ``told``, ``added`` ...)."""
    return _SAYING.search(text) is not None


# A verb of saying at the end, with up to two words after it ("added", "told
# the jury"), introduces the quotation that follows.
_INTRODUCING = re.compile(rf"\b(?:{VERBS})(?:\s+[\w’']+){{0,2}}\W*$")
# A verb of saying that reports speech in the reporter's words ("Adding that
# he was not sacked", "asked if it was not possible").
_REPORTING = re.compile(rf"\b(?:{VERBS})\s+(?:that|if|whether)\b", re.IGNORECASE)
# The speaker's own words, which a reporter's narration does not hold.
_FIRST_PERSON = re.compile(r"\b(?:I|[Ww]e|[Mm]e|[Uu]s|[Mm]y|[Oo]ur|I'm|I’m)\b")


def introduces(text: str) -> bool:
    """Whether ``text`` is a reporter's narration that ends with a verb of saying.

    The narration between two quotations of one speaker (``The consultant
    anaesthetist fought back tears as, head bowed, he composed himself and
    added``), not a summary of what was said between them (``Adding that
    he was not sacked but that the system was changed, he went on``), nor
    the speaker's own words that a record's marks leave unquoted (``I have a
    lot of support, I receive millions of letters. He added``).
    """
    return (_INTRODUCING.search(text) is not None and _REPORTING.search(text) is None
            and _FIRST_PERSON.search(text) is None)


# Someone said it, named or not ("”, the NATO chief said", "”, a spokesman added").
SAID_AFTER = re.compile(rf"{_CLOSED}[^.!?\n“”\"]{{0,60}}?\b(?:{VERBS})\b")
# Verbs that characterise in the speaker's words, which a quotation later
# in their sentence gives ("Linkin Park singer Chester Bennington described
# their prize as “quite an honour”", "Tory leader Michael Howard accused
# them of “squabbling like schoolboys”", "Andre 3000 thanked fans “for
# supporting OutKast”"): before the quotation only, and in the active
# voice ("Cotterell, described as ‘evil’" is no one's).
_CHARACTERISES = (r"described|describes|branded|brands|labelled|labeled|dubbed|likened|"
                  r"accused|accuses|criticised|criticized|condemned|condemns|dismissed|hailed|"
                  r"praised|slammed|blasted|denied|denies|welcomed|welcomes|thanked|spoke[ \t]+of")
BEFORE = (
    re.compile(
        rf"(?:\b(?P<pro>{PRONOUN})|{SPEAKER}){WHEN}{HELPING}\s+"
        rf"(?:{VERBS})\b[^.!?\n]{{0,160}}$"
    ),
    re.compile(rf"\b(?:{saying.ACCORDING_TO})\s+(?P<name>{NAME})\s*,?\s*$"),
    # ``X: “``, but not a topic: a hashtag or handle (``#Bucha: “``), a
    # name after ``on``, ``about`` or ``of`` (``NATO chief on Russia: “``,
    # ``The lawyer said of Princess Diana: “``); a name before its topic is
    # the speaker (``Stoltenberg on #Bucha: “``).
    re.compile(rf"(?<![#@\w])(?<![Oo]n )(?<!about )(?<!of )(?P<label>(?P<name>{NAME}))"
               rf"(?:[ \t]+(?:on|about)[ \t]+(?:(?!(?:{VERBS})\b)[^:.!?\n“”\",]){{1,60}}?)?"
               rf"\s*:\s*$"),
    re.compile(rf"\b[Tt]he\s+(?P<role>{ROLE})(?:{APPOSITIVE})?{WHEN}{HELPING}\s+"
               rf"{ROLE_VERB}\b[^.!?\n]{{0,160}}$"),
    # Last: a verb of saying in the sentence names its speaker first ("X
    # described it as “A” while Muse said their win was “B”": B is Muse's).
    # A name of two words or more ("Officials described the mood as “tense”"
    # names no one), not after a preposition ("Lawyers for Myra Hindley
    # accused the home secretary of ‘...’"), nor a pronoun, which finds the
    # speaker of a sentence about someone else too often here; the first
    # quotation after the verb only ("X describes it as “rock solid” and
    # leaders have what an official called “very reliable evidence”").
    re.compile(rf"{SPEAKER}"
               rf"{WHEN}{HELPING}\s+(?P<characterises>{_CHARACTERISES})\b[^.!?\n“”\"]{{0,160}}$"),
)
# The close of the sentence's last quotation before this one.
LAST_CLOSING = re.compile(r"(?:”|''|»|\")(?!.*(?:”|''|»|\"))")
# A name and its verb of saying right before the quotation ("..., Lisa said:
# “"): whoever else the sentence says said something before, this one
# introduces it.
SAID_RIGHT_BEFORE = re.compile(
    rf"(?<![\w’']){SPEAKER}{WHEN}{HELPING}\s+(?:{VERBS})"
    rf"[ \t]*[:,]?\s*$")
# What posts and headlines put before a colon, naming no speaker: a
# newsroom's tag (``BREAKING: “``, ``JUST IN: “``, ``WATCH: “``) or a fact
# check's (``Claim: “``, ``Verdict:``), a reader's (``Thoughts: “``). A
# label made of these words only is no name.
_TAG_WORDS = frozenset(
    {"breaking", "news", "just", "in", "watch", "live", "update", "updated", "updates", "new"}
    | {"now", "thread", "read", "listen", "exclusive", "alert", "flash", "urgent", "video"}
    | {"photo", "photos", "opinion", "analysis", "fact", "check", "factcheck", "reminder"}
    | {"recap", "developing", "latest", "happening", "quote", "headline", "icymi", "fyi"}
    | {"psa", "rt", "nb", "ps", "edit", "tldr", "tl", "dr", "important", "wow", "full"}
    | {"story", "more", "here", "this", "the", "day", "of", "must", "see", "top", "quotes"}
    | {"claim", "claims", "verdict", "rating", "context", "source", "sources", "note"}
    | {"translation", "transcript", "caption", "summary", "statement", "comment", "excerpt"}
    | {"thoughts", "reaction", "correction", "clarification", "original", "text", "my", "take"}
)
# A topic opens the label: ``On Bucha: “``, ``About China: “``.
_TOPIC_WORDS = frozenset({"on", "about", "re", "regarding"})
# A name after a verb of saying that a verb follows is the subject of what
# was said, not who said it: "the judge said Mary Hale was the driving force"
# (the whole name: an atomic group, so "Mary Hal" is no name either).
_MENTION = re.compile(
    rf"(?<![\w’']){SPEAKER}{WHEN}{HELPING}\s+(?:{VERBS})\b"
    rf"|\b(?!(?:told|tells|telling)\b)(?:{VERBS})\s+(?:the\s+)?(?:{DESCRIBED}|{LEAD_AFTER},[ \t]*)"
    rf"(?P<described>{NAME})(?=[ \t]*[,.;:!?)\n])"
    rf"|\b(?!(?:told|tells|telling)\b)(?:{VERBS})(?=\s)[ \t]*\n?[ \t]*(?P<after>(?>{NAME}))"
    rf"(?!\s+(?:{CLAUSE_VERB})\b)"
)
# A participle of saying that ends the words before a quotation, whose
# subject opens the sentence: "Mr Howard branded the decision unacceptable,
# saying: “", "The Green Party said it was a wasted opportunity, adding: “".
PARTICIPLE = re.compile(r",[ \t]*(?:saying|adding|warning|insisting|arguing|explaining|"
                        r"telling[ \t]+[\w’' \t]{1,40}?)(?:[ \t]+(?:only|simply))?[ \t]*:?[ \t]*\Z")
# An attribution that ends the sentence a quotation is inside, after a comma,
# with no quotation after it: "..., he said.", "..., the BBA added.".
SAID_AT_END = re.compile(
    rf",[ \t]*(?:(?P<pro>{PRONOUN})|(?:(?:the|{POSSESSIVE})[ \t]+)?(?:{DESCRIBED})?{OFFICE}"
    rf"{SPEAKER}){WHEN}{HELPING}[ \t]+(?:{VERBS})[.!?]?\Z"
)


def _no_speaker(label: str) -> bool:
    """Whether the words before a colon are a tag or a topic, not a speaker (``BREAKING``)."""
    words = [word.casefold().strip(".’'") for word in label.split()]
    return words[0] in _TOPIC_WORDS or all(word in _TAG_WORDS for word in words)


def named(match: re.Match[str]) -> tuple[str | None, bool] | None:
    """The name or pronoun (with True) a pattern matched; None when the name is no name."""
    groups = match.groupdict()
    pronoun = groups.get("pro") or groups.get("pro_fr") or groups.get("pro_inv")
    if pronoun:  # "he", "she", or theirs in another language ("sagte er")
        return saying.HE_OR_SHE.get(pronoun.casefold(), pronoun.casefold()), True
    if groups.get("role"):  # its holder, where the text names one: held
        return None
    if groups.get("label") and (_no_speaker(groups["label"]) or _TOPIC_BEFORE.search(
            match.string, 0, match.start())):
        return None  # "said of Princess Diana: “": the rest of a topic's name
    if in_a_clause(match):
        return None
    name = clean_name(groups.get("name") or "")
    if name and groups.get("characterises") and (
            len(name_words(name)) < 2 or _AFTER_PREPOSITION.search(match.string, 0, match.start())):
        return None
    start = match.start("name")
    if name and start == match.start():
        name, start = _with_coordinated(match.string, start, name)
    if name and not groups.get("lead"):
        name = after_preposition(match.string, start, match.string[start : match.end("name")],
                                 name)
    return (name, False) if name else None


# Names joined to the one before a verb of saying: "Stoltenberg and Blinken
# said in a joint statement", "Britain, France and Germany said".
_COORDINATED = re.compile(rf"(?P<names>{NAME}(?:,[ \t]+{NAME})*),?[ \t]+and[ \t]+\Z")


def _with_coordinated(text: str, at: int, name: str) -> tuple[str, int]:
    """``name`` (at ``at`` in ``text``) with the names joined to it by "and" before it.

    The words are all of theirs: given to one of them alone, a joint
    statement found in the other's turn of the record would be misattributed.
    With the name, where the first of them starts.
    """
    match = _COORDINATED.search(text, max(0, at - 160), at)
    if match is None or match.end() != at:
        return name, at
    others = [cleaned for part in match.group("names").split(",")
              if (cleaned := clean_name(part.strip())) is not None]
    return (JOINED.join([*others, name]), match.start()) if others else (name, at)


# What a label's name goes on from when it is a topic ("of Princess Diana:").
_TOPIC_BEFORE = re.compile(r"\b(?:of|on|about)(?:[ \t]+[A-Z][\w’'\-]*)+[ \t]+\Z")
# A preposition a few words before a name: the name is in its phrase, not the
# subject ("Lawyers for the Moors murderer Myra Hindley accused ...").
_AFTER_PREPOSITION = re.compile(r"\b(?:for|of|to|by|against|with)(?:[ \t]+[\w’'\-]+){0,3}[ \t]*\Z")


def in_a_clause(match: re.Match[str]) -> bool:
    """Whether the name a pattern matched is not who said it, though a verb of saying follows.

    Whose someone is, or a place, before "who ..., said" (``A friend of Mr
    Reel's, who was named only as Dave, said``, ``Mr Kirkby, ... at
    Wootton, Lincolnshire, who runs a farm, said``), or whom the words
    before it act on (``Jailing Dawn, from Rotherham, the judge said``):
    the subject is elsewhere, in a form we may not read.
    """
    groups = match.groupdict()
    if not groups.get("name") or match.start("name") != match.start():
        return False
    before = ("\n" if match.start() <= 80 else "") + match.string[max(0, match.start() - 80)
                                                                 : match.start()]
    if _ACTED_ON.search(before) is not None:
        return True
    return bool(groups.get("who")) and _WHOSE.search(before) is not None


# What a name before "who ..., said" belongs to: whose someone is ("A
# friend of Mr Reel's, who"), or the place after a town ("Mr Kirkby, 52, a
# tenant at Wootton, Lincolnshire, who runs a farm, said").
_WHOSE = re.compile(rf"(?:\bof|\b(?:at|in|from|near|of)[ \t]+{NAME},)[ \t]*$")
# A phrase that acts on the name after it, opening the sentence or after a
# comma: "Jailing Smith, ...", ", sentencing Dawn, ...".
_ACTED_ON = re.compile(r"(?:[\n,;]|[.!?] )[ \t]*[A-Za-z]+ing[ \t]+\Z")


def after_preposition(text: str, at: int, raw: str, name: str) -> str | None:
    """The speaker where a preposition puts the name at ``at`` in a description, else ``name``.

    Copy that leaves out a description's closing comma names the firm or
    place in it before the verb: "Howard Archer, economist at Global
    Insight said" is Howard Archer's, "Marc Ostwald, a strategist at
    Monument Securities told" Marc Ostwald's. A name after "in" or "on"
    is a place or a time, no speaker ("detainee 'A' in Woodhill Prison
    said", "Bob Geldof in July said"), unless the name is after it
    ("Speaking in London Mr Blair said"). A firm after "for" stays the
    speaker ("a spokesman for Tesco said").
    """
    unclosed = _UNCLOSED.search(text, max(0, at - 160), at)
    if unclosed is not None:
        person = clean_name(unclosed.group("person"))
        if (person and unclosed.group("person").split()[0].casefold() not in NOT_NAMES
                and (len(name_words(person)) > 1 or person.split()[0].rstrip(".").casefold()
                     in TITLES)):
            return person  # a name, not "Separately, a spokesman for Tesco said"
    if _IN_PLACE.search(text, max(0, at - 12), at) and raw.split()[0] == name.split()[0]:
        return None
    return name


# A name, a comma and a description up to a preposition, where a name
# follows: the description's closing comma left out.
_UNCLOSED = re.compile(
    rf"(?:^|(?<=[\n,;:.!?“”\"‘’(])[ \t]*|(?<=[\n,;:.!?“”\"‘’(][ \t]))(?P<person>{NAME}),[ \t]+"
    rf"(?:(?!(?:{VERBS}|{CLAUSE_VERB})\b)[^\s,.!?;:“”\"]+[ \t]+){{1,6}}?"
    rf"(?:at|for|of|from|with)[ \t]+(?:the[ \t]+)?\Z")
_IN_PLACE = re.compile(r"\b(?:in|on|during)[ \t]+(?:the[ \t]+)?\Z")


def mentions(text: str) -> list[tuple[int, str]]:
    """Everyone the text says said something, with where, in text order."""
    found = []
    for match in _MENTION.finditer(text):
        if in_a_clause(match):
            continue
        raw = match.group("name") or match.group("described") or match.group("after")
        name = clean_name(raw)
        if name and match.group("name") and not match.group("lead"):
            name = after_preposition(text, match.start("name"), raw, name)
        if name:  # where the name is, not the description before it
            found.append((match.start("name") if match.group("lead") else match.start(), name))
    return found


def has_role(match: re.Match[str]) -> bool:
    """Whether a pattern matched a role in place of a name (``the singer said``)."""
    return bool(match.groupdict().get("role"))
