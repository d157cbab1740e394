"""Who said it: speakers of media quotations and turns of reference transcripts.

In: a document's text (and its manifest title), and for media documents the
quotations found by :mod:`dedup.quotes`. Out: a speaker name (or None) per
quotation, and the :class:`Turn` s of a transcript.

* **Quotation speaker**, as the text says it, nearest first: after the
  closing mark (``”, Stoltenberg said``, ``”, said Mr Smith``, ``”, he
  said``, ``”, according to X``; an office in lower case before the name
  is not part of it, ``”, chief executive Richard Parsons said``, nor is
  a description that ends in lower case, capitalised words among it,
  ``”, said SEC deputy enforcement director Linda Thomsen``, ``”,
  festival director Geoffrey Gilmore said``; a rank alone is no name,
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
  praising the Irish he ...``: :func:`_subject_before`), else the nearest
  named speaker before the
  quotation (anyone who ``said``, ``told`` ... something, quoted or not;
  not someone a quotation names, nor whom a reported clause is about:
  ``the judge said Mary Hale was the driving force``, nor whom someone
  told: ``Mr Thomas told Cardiff Crown Court``, nor a name whose title is of
  the other sex: not "he" for ``Miss Evans``, nor a name the text calls
  the other: not "she" for ``David Jessel`` where a sentence he opens is
  followed by one opening "He"). A quotation with no attribution
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
  (``Stoltenberg`` -> ``Nato Secretary General Jens Stoltenberg``), without
  a tabloid's opening words in capitals (``TV STAR Noel Edmonds said``).
* **Other languages**: the common verbs of saying and words for "according
  to" of French, German, Spanish, Italian, Portuguese, Dutch, Polish,
  Russian and Ukrainian papers (:mod:`dedup.saying`) name a speaker in the
  same places (``« A », a déclaré Macron``, ``Scholz erklärte: „A“``), also
  after a dash (``«A», — заявил Песков``); not their pronouns, nor a
  description before a name, which are read in English only. A name opens
  with a capital in any script (``Élisabeth Borne``, ``Зеленський``).
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
* **Same speaker**: names are compared on their words, without courtesy
  titles and affiliations in brackets (but with the name a parliamentary
  record puts in brackets after an office, ``The Prime Minister (Boris
  Johnson)``: ``_office_holder``): two names match when one's last
  word (the surname) is in the other, or all the words of one are in the
  other (a role, ``NATO Secretary General``). A transcript label that is a
  role stands for the fullest name in the document that holds it; a role
  the document never fills with a name (a label and a title made only of
  role words and acronyms, ``NATO Secretary General``) is an unknown
  speaker: who held it is not on the record. An unknown speaker matches
  anyone. A questioner's role (``Q``, ``QUESTION``, ``Reporter``) is
  itself: the words of its turns are never the answering official's.

Always holds: turns cover the document from 0 to its end, in order,
without gaps or overlaps.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import regex

from dedup import saying
from dedup.quotes import Quotation, closed_blanks, lf_line_breaks
from dedup.shingle import TIME_CODE, fold_marks

_ENGLISH_VERBS = (
    r"said|says|say|saying|told|tells|telling|added|adds|adding|stated|states|warned|warns|"
    r"explained|explains|stressed|stresses|insisted|insists|argued|argues|noted|notes|"
    r"replied|replies|tweeted|tweets|wrote|writes|declared|declares|announced|announces|"
    r"continued|continues|commented|remarked|urged|urges|acknowledged|admitted|claimed|"
    r"claims|asked|asks|suggested|promised|vowed|cautioned|emphasised|emphasized|"
    r"underlined|reiterated|concluded|confirmed|recalled|"
    # As papers print a speaker's manner: "Mr Fayed retorted: '...'".
    r"responded|responds|retorted|shouted|exclaimed|whispered|yelled|screamed|sobbed|gasped|"
    r"laughed|joked|jokes|quipped|sneered|boasted|boasts|admits|conceded|concedes|revealed|"
    r"reveals|testified"
)
# And the press's other languages: "« ... », a déclaré Macron", "„...“, sagte Scholz".
_VERBS = rf"{_ENGLISH_VERBS}|{saying.VERBS}"


def _letters(case: str) -> str:
    r"""The letters of Unicode's first plane in one case, as the ranges of a regex class.

    A name opens with a capital in any script: "Élisabeth Borne", "Özlem
    Türeci", "Łukasz", "Зеленский". Python's ``re`` has no ``\p{Lu}``.
    """
    chars = [chr(code) for code in range(0x10000)
             if chr(code).isalpha() and getattr(chr(code), f"is{case}")()]
    ranges: list[str] = []
    first = last = chars[0]
    for char in chars[1:] + ["\uffff"]:
        if ord(char) == ord(last) + 1:
            last = char
            continue
        ranges.append(re.escape(first) + ("-" + re.escape(last) if last != first else ""))
        first = last = char
    return "".join(ranges)


_UPPER = _letters("upper")
_LOWER = _letters("lower")
# A capitalised word, or an abbreviation with its full stop ("Mr.", "U."); a
# full stop after a longer word ends the sentence, not the name.
# A name's word does not end with an apostrophe: a mark there closes a quotation
# ("... by Russia' Mr Stoltenberg said").
_WORD = rf"(?:[{_UPPER}][{_LOWER}]?\.|[{_UPPER}](?:[\w’'\-]*\w)?)"
_WHEN = r"(?:\s+on\s+[A-Z][a-z]+day)?"
# Up to two helping verbs or adverbs between a name and its verb of saying
# ("Mr Blair is saying:", "Le Bon also said", "He has told", "Mr Smith
# yesterday said", "Smith later told", "Jones however said"); "is" before a
# verb's -ing form only ("Smith is said to have" is no saying of Smith's);
# not "had", whose clause is most often reported ("She told the jury
# Guscott had told police ...").
_HELPING = (r"(?:\s+(?:also|however|then|later|earlier|again|yesterday|today|tonight|"
            r"previously|repeatedly|last[ \t]+(?:night|week|month|year)|has|have|"
            r"is(?=\s+[a-z]+ing\b))){0,2}")
_NAME = rf"{_WORD}(?:[ \t]+(?:{_WORD}|of|the|de|von|van|der|al|bin))*"
_PRONOUN = r"[Hh]e|[Ss]he"
# An office in lower case before a name, as news and releases print it
# ("chairman and chief executive Richard Parsons said", "said foreign
# minister Sergei Lavrov"); not "a spokesman for Tesco", whose name is a firm's.
_OFFICE = (
    r"(?:(?:chairman|chairwoman|chair|chief|executive|managing|director|president|vice|"
    r"prime|foreign|home|defence|defense|finance|health|interior|secretary|minister|"
    r"chancellor|spokesman|spokeswoman|spokesperson|deputy|general|acting|leader|"
    r"commissioner|ambassador|envoy|governor|mayor|senator|commander|head)"
    r"(?:[ \t]+and)?[ \t]+)*"
)
# What news copy prints before a name to say who they are, its last word in
# lower case ("festival director Geoffrey Gilmore said", "said SEC deputy
# enforcement director Linda Thomsen", "said Sandvine's chief technology
# officer Marc Morin", "said Richard and Judy executive producer Amanda
# Ross"): up to six words, none that links a phrase ("said Smith outside
# court in London" is Smith's, "said a spokesman for Tesco" no one's), nor a
# verb of saying ("Noel told music mag NME that ...").
_LINKS = (r"in|at|on|to|for|from|with|by|of|as|about|after|before|during|since|until|into|"
          r"than|that|which|who|whom|whose|when|where|while|but|or|if|so|a|an|the|this|"
          r"he|she|it|they|we|you|i|his|her|its|their|our|not|also|"
          # The same in German and French news, where a capitalised noun or
          # name follows them: "Olaf Scholz reiste am Montag nach Kiew".
          r"am|im|um|auf|aus|bei|mit|nach|seit|von|vor|zum|zur|für|über|der|das|den|dem|des|"
          r"und|au|aux|le|les|du|dans|sur|avec|pour|par|et")


_LINK_WORDS = frozenset(_LINKS.split("|"))


def _described(excluded: str) -> str:
    """A description before a name, none of whose words in lower case are ``excluded``."""
    return (rf"(?:(?:{_WORD}|(?!(?:{excluded})\b)[a-z][\w’'\-]*)[ \t]+){{0,5}}?"
            rf"(?!(?:{excluded}|and)\b)[a-z][\w’'\-]*[ \t]+")


# Verbs that open a clause about someone ("the judge said Mary Hale was ...",
# "Mrs Field, whose husband, Tom, was in the car, said"): no name's description
# ("the choices he says are facing Britain" is no description of Britain).
_CLAUSE_VERB = (r"was|were|is|are|had|has|have|would|will|could|can|should|must|may|might|"
                r"did|does|do|knew|knows")
_DESCRIBED = _described(rf"{_LINKS}|{_VERBS}|{_CLAUSE_VERB}")
# A role in place of a name, after "the" ("the minister said", "said the
# festival director", "the Tory leader told"): up to four words, the last in
# lower case; its holder is found by :func:`_role_holder`.
_ROLE = (rf"(?:(?:{_WORD}|(?!(?:{_LINKS}|{_VERBS}|{_CLAUSE_VERB})\b)[a-z][\w’'\-]*)[ \t]+){{0,3}}"
         rf"(?!(?:{_LINKS}|{_VERBS}|{_CLAUSE_VERB}|and)\b)[a-z][\w’'\-]*")
# Its verb of saying, not a bare "say" or "tell", which reports another's
# words in the narration ("I heard the boy say to his girlfriend ‘...’").
_ROLE_VERB = rf"(?!(?:say|tell)\b)(?:{_VERBS})"
# The short form a body's name gives itself in brackets: "the British
# Bankers' Association (BBA) said" is the association's.
_ACRONYM = r"[ \t]*\([A-Z][A-Za-z&]{1,8}\)"
# What a court or news report puts between a name and its verb: an age, a
# counsel's side, whom or what the speaker is for or of ("Aidan Marron, QC,
# for Coleman, said", "William Boyce, prosecuting, told", "Mr Jones, 47,
# said", "Richard Thomas, now 18, told", "Helen Flanagan, of Bolton, Greater
# Manchester, said", "Nick Grimshaw, of the trust, said"), a clause about them ("Mr
# Thomas, who is now 5ft 10ins, told"; up to 100 characters: "Grob, who
# had been accompanied on the trip by ex-business partner Chris Vincent,
# said"), or what they are, as news copy describes a speaker it names
# ("Peter Williams, CML deputy director, said", "Nick Davies, spokesman for
# the IAAF, which handed out the bans, said": words in lower case among
# them, up to 80 characters).
_APPOSITIVE = (
    r"(?:,[ \t]*(?:(?:now[ \t]+|aged[ \t]+)?\d{1,3}|QC|MP|prosecuting|defending|mitigating|"
    r"(?:for|of|from|representing)[ \t]+[^,.!?\n“”\"]{1,60}?"
    r"(?:,[ \t]*[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?(?=,))?|"
    r"(?P<who>who|whose)[ \t]+[^,.!?\n“”\"]{1,100}?|"
    rf"(?![ \t]|(?:who|whose|where|when|while|as|and|but|or|if|he|she|it|they|we|i|you|"
    rf"{_CLAUSE_VERB})\b)"
    r"(?=[^,.!?\n“”\"]*?\b[a-z])[^,.!?\n“”\"]{1,80}?))+,"
    # Not before a participle, whose subject is another: "after the death
    # of Diana, Princess of Wales, saying".
    r"(?![ \t]+[a-z]+ing\b)"
)
# A speaker's name as news writes it before the verb: with its short form and
# its description.
_SPEAKER = rf"(?P<name>{_NAME})(?:{_ACRONYM})?(?:{_APPOSITIVE})?"
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
            rf"{_CLOSED}(?:(?P<pro>{_PRONOUN})|(?:the\s+)?(?:{_DESCRIBED})?{_OFFICE}"
            rf"{_SPEAKER}){_WHEN}{_HELPING}\s+(?:{_VERBS})\b{next_one}"
        ),
        # The name a description goes before, where the name ends the phrase
        # (English: "sagte Scholz am Montag" is Scholz's).
        re.compile(rf"{_CLOSED}(?:{_ENGLISH_VERBS})\s+(?:the\s+)?{_DESCRIBED}"
                   rf"(?P<name>{_NAME})(?=[ \t]*(?:[,.;:!?)]|$)){next_one}"),
        re.compile(rf"{_CLOSED}(?:{_VERBS})\s+(?:(?P<pro>{_PRONOUN})|"
                   rf"(?:the\s+)?{_OFFICE}(?P<name>{_NAME})){next_one}"),
        re.compile(rf"{_CLOSED}(?:{saying.ACCORDING_TO})\s+(?P<name>{_NAME})"),
        re.compile(rf"{_CLOSED}{saying.PRONOUN_AFTER}{next_one}"),
        re.compile(rf"{_CLOSED}[Tt]he\s+(?P<role>{_ROLE})(?:{_APPOSITIVE})?{_WHEN}"
                   rf"{_HELPING}\s+{_ROLE_VERB}\b{next_one}"),
        re.compile(rf"{_CLOSED}(?:{_VERBS})\s+the\s+(?P<role>{_ROLE})"
                   rf"(?=[ \t]*(?:[,.;:!?)]|$)){next_one}"),
    )


_AFTER = _after_patterns(ended=False)
_AFTER_ENDED = _after_patterns(ended=True)
_SAYING = re.compile(rf"\b(?:{_VERBS})\b")
# In a quotation's own words, its speaker saying they said something: "I
# told him ‘”, "I would have to say, ‘”, "as we said: ‘”. Only helping
# verbs between: "I think they said ‘" is someone else's saying, and so is
# what follows another subject ("when I told Liam he shouted, ‘”).
_SAID_SELF = re.compile(
    rf"\b(?P<pro>I|[Ww]e)(?:[’'](?:d|ll|ve))?(?:[ \t]+(?:would|will|had|have|has|to|must|"
    rf"might|could|should|can|shall|may|need|did|do|just|also|then|always|once|never|only|"
    rf"already))*[ \t]+(?:{_VERBS})\b(?:(?!\b(?:he|she|they|it|who)\b)[^.!?\n]){{0,160}}$"
)
# The speaker of the outer quotation: what _attribution finds for a quotation
# within one whose words say its speaker said it.
_SELF = "\x00self"
# A role whose holder the text does not name (``the singer said``): what
# _attribution finds for it, where it finds no name.
_UNHELD = "\x00role"


def says(text: str) -> bool:
    """Whether ``text`` holds a verb of saying (``said``, ``told``, ``added`` ...)."""
    return _SAYING.search(text) is not None


# A verb of saying at the end, with up to two words after it ("added", "told
# the jury"), introduces the quotation that follows.
_INTRODUCING = re.compile(rf"\b(?:{_VERBS})(?:\s+[\w’']+){{0,2}}\W*$")
# A verb of saying that reports speech in the reporter's words ("Adding that
# he was not sacked", "asked if it was not possible").
_REPORTING = re.compile(rf"\b(?:{_VERBS})\s+(?:that|if|whether)\b", re.IGNORECASE)
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
_SAID_AFTER = re.compile(rf"{_CLOSED}[^.!?\n“”\"]{{0,60}}?\b(?:{_VERBS})\b")
# Verbs that characterise in the speaker's words, which a quotation later
# in their sentence gives ("Linkin Park singer Chester Bennington described
# their prize as “quite an honour”", "Tory leader Michael Howard accused
# them of “squabbling like schoolboys”", "Andre 3000 thanked fans “for
# supporting OutKast”"): before the quotation only, and in the active
# voice ("Cotterell, described as ‘evil’" is no one's).
_CHARACTERISES = (r"described|describes|branded|brands|labelled|labeled|dubbed|likened|"
                  r"accused|accuses|criticised|criticized|condemned|condemns|dismissed|hailed|"
                  r"praised|slammed|blasted|denied|denies|welcomed|welcomes|thanked|spoke[ \t]+of")
_BEFORE = (
    re.compile(
        rf"(?:\b(?P<pro>{_PRONOUN})|{_SPEAKER}){_WHEN}{_HELPING}\s+"
        rf"(?:{_VERBS})\b[^.!?\n]{{0,160}}$"
    ),
    re.compile(rf"\b(?:{saying.ACCORDING_TO})\s+(?P<name>{_NAME})\s*,?\s*$"),
    # ``X: “``, but not a topic: a hashtag or handle (``#Bucha: “``), a
    # name after ``on``, ``about`` or ``of`` (``NATO chief on Russia: “``,
    # ``The lawyer said of Princess Diana: “``); a name before its topic is
    # the speaker (``Stoltenberg on #Bucha: “``).
    re.compile(rf"(?<![#@\w])(?<![Oo]n )(?<!about )(?<!of )(?P<label>(?P<name>{_NAME}))"
               rf"(?:[ \t]+(?:on|about)[ \t]+[^:.!?\n“”\",]{{1,60}}?)?\s*:\s*$"),
    re.compile(rf"\b[Tt]he\s+(?P<role>{_ROLE})(?:{_APPOSITIVE})?{_WHEN}{_HELPING}\s+"
               rf"{_ROLE_VERB}\b[^.!?\n]{{0,160}}$"),
    # Last: a verb of saying in the sentence names its speaker first ("X
    # described it as “A” while Muse said their win was “B”": B is Muse's).
    # A name of two words or more ("Officials described the mood as “tense”"
    # names no one), not after a preposition ("Lawyers for Myra Hindley
    # accused the home secretary of ‘...’"), nor a pronoun, which finds the
    # speaker of a sentence about someone else too often here; the first
    # quotation after the verb only ("X describes it as “rock solid” and
    # leaders have what an official called “very reliable evidence”").
    re.compile(rf"{_SPEAKER}"
               rf"{_WHEN}{_HELPING}\s+(?P<characterises>{_CHARACTERISES})\b[^.!?\n“”\"]{{0,160}}$"),
)
# The close of the sentence's last quotation before this one.
_LAST_CLOSING = re.compile(r"(?:”|''|»|\")(?!.*(?:”|''|»|\"))")
# A name and its verb of saying right before the quotation ("..., Lisa said:
# “"): whoever else the sentence says said something before, this one
# introduces it.
_SAID_RIGHT_BEFORE = re.compile(
    rf"(?<![\w’']){_SPEAKER}{_WHEN}{_HELPING}\s+(?:{_VERBS})"
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
    rf"(?<![\w’']){_SPEAKER}{_WHEN}{_HELPING}\s+(?:{_VERBS})\b"
    rf"|\b(?!(?:told|tells|telling)\b)(?:{_VERBS})\s+(?:the\s+)?{_DESCRIBED}"
    rf"(?P<described>{_NAME})(?=[ \t]*[,.;:!?)\n])"
    rf"|\b(?!(?:told|tells|telling)\b)(?:{_VERBS})\s+(?P<after>(?>{_NAME}))"
    rf"(?!\s+(?:{_CLAUSE_VERB})\b)"
)
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


_TITLE_SPEAKER = re.compile(rf"\bby\s+(?P<name>{_NAME})")
_TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "madam", "dr", "sir", "dame", "lord", "lady", "prof"}
)
# Capitalised words that open a sentence but are never a speaker.
_NOT_NAMES = frozenset(
    {"the", "a", "an", "and", "but", "so", "it", "this", "that", "there", "then", "as", "in",
     "on", "at", "we", "they", "i", "you", "when", "while", "if", "asked", "speaking", "today",
     "yesterday", "earlier", "later", "also", "however", "meanwhile", "he", "she", "his",
     "her", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
)

_MONTHS = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"}
)


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


def name_words(name: str) -> list[str]:
    """The words that identify a speaker: no titles, no bracketed affiliation.

    Example:
        >>> name_words("Mr Stoltenberg"), name_words("Andrew Gray (Reuters)")
        (['stoltenberg'], ['andrew', 'gray'])

    """
    # Accents folded as in matching (``Erdogan`` is ``Erdoğan``), and the
    # rest composed: a decomposed accent is not a word character.
    holder = _office_holder(name)
    name = re.sub(r"\([^)]*\)", " ", name) + (" " + holder if holder else "")
    words = re.findall(r"[^\W\d_]+", fold_marks(name.casefold()))
    return [w for w in words if w not in _TITLES and w not in ("the", "of")]


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
    office = [word for word in outside if word.casefold() not in _TITLES]
    if not office or not (outside[0] == "The" or _is_role(" ".join(office))):
        return None
    if any(word.casefold() in _ASKING for word in outside):
        return None
    words = re.findall(r"[^\W\d_]+", inner[0])
    personal = [word for word in words if word.casefold() not in _ROLE_WORDS | _TITLES]
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
    if _JOINED in first or _JOINED in second:  # a joint statement is each one's words
        return any(same_speaker(one, other) for one in first.split(_JOINED)
                   for other in second.split(_JOINED))
    a, b = name_words(first), name_words(second)
    if not a or not b:
        return True
    return a[-1] in b or b[-1] in a or set(a) <= set(b) or set(b) <= set(a)


def _clean_name(name: str) -> str | None:
    """Drop leading sentence words ("The", "Today"), words before a title, trailing connectors.

    None for a possessive, whose someone is: "conceded Collins's barrister",
    and for a rank alone, which is no name: "said the newspaper's QC, George
    Carman".
    """
    words = name.split()
    while words and (words[0].casefold().rstrip(".") in _NOT_NAMES
                     or (words[0].casefold() in _MONTHS and len(words) > 1)):
        words.pop(0)  # "the following February Mr Blair said"; "May said" stays a name
    titled = next((at for at, word in enumerate(words[1:-1], 1)
                   if word.casefold().rstrip(".") in _TITLES), None)
    if titled is not None:
        del words[:titled]  # "Tense-looking Mr Hamilton", "Surgeon Mr Simpson": the name
    while words and words[-1] in ("of", "the", "de", "von", "van", "der", "al", "bin"):
        words.pop()
    if words and words[-1].endswith(("'s", "’s")):
        return None
    if all(word.casefold() in _RANKS for word in words):
        return None
    return " ".join(words) if words and name_words(" ".join(words)) else None


def title_speaker(title: str | None) -> str | None:
    """The person a title says the document is by, or None.

    Example:
        >>> title_speaker("Press conference by NATO Secretary General Jens Stoltenberg ahead of")
        'NATO Secretary General Jens Stoltenberg'

    """
    match = _TITLE_SPEAKER.search(title or "")
    return _clean_name(match.group("name")) if match else None


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
            name = re.match(_NAME, line[match.end():])
            if name and (cleaned := _clean_name(name.group())) is not None:
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
                   if (name := _clean_name(m.group("name"))) is not None]
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
                    and not _PRONOUN_FIRST.match(text, opening.end() - 1, stop)):
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
    rf"^[^\w\n(]{{0,8}}[ \t]*(?P<name>{_NAME})[ \t]+(?:{_VERBS})"
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
    if _is_role(fullest):
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


def _is_role(name: str) -> bool:
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


def speakers(text: str, quotations: Sequence[Quotation]) -> list[str | None]:
    """The speaker of each quotation, by the rules in the module docstring."""
    text = _lead_in_lowered(lf_line_breaks(text))
    # Someone a quotation says said something is no speaker of the text's.
    quoted = sorted((f.start, f.end) for q in quotations for f in q.fragments)
    starts = [start for start, _ in quoted]
    mentions = [
        (at, name) for at, name in _mentions(text)
        if not (index := bisect.bisect_right(starts, at)) or quoted[index - 1][1] <= at
    ]
    positions = [at for at, _ in mentions]
    fullest = _fullest_by_surname(name for _, name in mentions)
    sexes = _pronouns_for(text, mentions)
    # A quotation within another: its speaker is named in the outer one's
    # words ("Stoltenberg said: “Zelensky told me ‘...’”"), is the outer
    # speaker where they say they said it ("... I would have to say, ‘...’"),
    # or is not known.
    outer_of = {inner.start: outer for outer in quotations for inner in outer.within}
    found: list[str | None] = []
    last_speaker: str | None = None
    previous_end = -1
    for index, quotation in enumerate(quotations):
        outer = outer_of.get(quotation.start)
        within = outer.opens + 1 if outer is not None else None
        name, pronoun = _attribution(text, quotation, within or 0,
                                     outer.closes if outer is not None else len(text))
        if name is _SELF:
            name = found[quotations.index(outer)]
        if name is _UNHELD:  # "the singer said": whom the sentence before reports
            name = _reporter_before(text, quotation.opens, mentions, positions, opening=False)
        if pronoun:  # the nearest mention before of a name "he" or "she" can stand for
            before = bisect.bisect_left(positions, quotation.opens)
            may_be = list(itertools.islice(
                ((at, mentioned) for at, mentioned in reversed(mentions[:before])
                 if _may_be(name, mentioned, sexes)), 2))
            # "Ms Evans said Guscott later told police ... She told the jury":
            # "she" is the woman the text titles so, before one it does not say
            # is a woman (most are men in this copy: "he" gets no such turn).
            if name == "she" and len(may_be) == 2 and not _is_sexed(
                    name, may_be[0][1], sexes) and _is_sexed(name, may_be[1][1], sexes):
                may_be.reverse()
            at, mention = may_be[0] if may_be else (-1, None)
            subject = _subject_before(text, quotation.opens, name)
            if subject is not None and subject[0] > at and _may_be(name, subject[1], sexes):
                at, mention = subject
            name = mention
        if name is None and not pronoun and within is None and not _said_after(text, quotation):
            # whom the sentence before reports, else the speaker of the quotation before
            name = _reporter_before(text, quotation.opens, mentions, positions)
            if name is None and index and _continues(text, previous_end, quotation):
                name = last_speaker  # of the quotation before, not of one within it
        found.append(_fullest_mention(name, fullest))
        if within is None:
            last_speaker = found[-1]
        previous_end = max(previous_end, quotation.closes)
    return found


# A tabloid's opening words in capitals, up to the first word that is not.
_LEAD_IN = re.compile(r"\A\s*((?:[A-Z](?:[A-Z’'\-]*[A-Z])?[ \t]+)+)(?=[A-Z]?[a-z])")
# Ranks printed in capitals before a name, in a lead-in as anywhere.
_RANKS = frozenset({"pc", "wpc", "dc", "wdc", "ds", "di", "dci", "dsi", "dcs", "qc", "mp"})


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


def _lowered(word: str) -> str:
    """A lead-in's word in lower case; a title with its capital, a rank as it is."""
    if word.casefold() in _RANKS:
        return word
    if word.casefold() in _TITLES | _MEN | _WOMEN:
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
        for pattern in _AFTER_ENDED if ended else _AFTER:
            match = pattern.match(after)
            named = _held(text, quotation.opens, match) or _named(match) if match else None
            unheld = unheld or named is None and match is not None and _has_role(match)
            if named is not None:
                return named
    start = max(low, _sentence_start(text, quotation.opens, max(0, quotation.opens - 240)))
    before = closed_blanks(text[start : quotation.opens])
    if not before.strip() and not low:  # a paragraph of quotation after "X said last night:"
        above = text[max(0, start - 240) : start].rstrip()
        if above.endswith(":"):
            before = above[above.rfind("\n") + 1 :]
    said_self = _nearest_at(_SAID_SELF, before) if low else None
    direct = None if low else _SAID_RIGHT_BEFORE.search(before)
    if direct is not None and (named := _named(direct)) is not None:
        return named  # "..., Lisa said: “": not "Claire" of "Faye and Claire told ..." before
    closed = None if low else _LAST_CLOSING.search(before)
    if closed is not None:  # "X said it was “bold” while Y said it was “": Y's, not X's
        later = _BEFORE[0].search(before, closed.end())
        if later is not None and later.group("name") and (named := _named(later)) is not None:
            return named
    for pattern in _BEFORE:
        if low:  # in the outer one's words, the nearest name ("I told him that X said ‘”)
            named_at = _nearest_at(pattern, before)
            if said_self is not None and (named_at is None or said_self >= named_at):
                return _SELF, False
            named = _nearest_named(pattern, before)
        else:
            matches = list(pattern.finditer(before))
            named = (_held(text, quotation.opens, matches[-1]) or _named(matches[-1])
                     if matches else None)
            unheld = unheld or named is None and bool(matches) and _has_role(matches[-1])
        if named is not None:
            return named
    if not low:  # "..., which “are no indication”, were responsible, he said."
        end = _sentence_end(text, quotation.closes)
        match = _SAID_AT_END.search(closed_blanks(text[quotation.closes : end]))
        named = _named(match) if match else None
        if named is not None:
            return named
    return (_UNHELD if unheld else None), False


def _sentence_end(text: str, at: int) -> int:
    """Where the sentence (or line) that holds offset ``at`` ends, its stop included."""
    match = _SENTENCE_STOP.search(text, at, min(len(text), at + 400))
    return match.end() if match else at


_SENTENCE_STOP = re.compile(r"[.!?](?=[”’\"']*(?:\s|$))|\n")
# An attribution that ends the sentence a quotation is inside, after a comma,
# with no quotation after it: "..., he said.", "..., the BBA added.".
_SAID_AT_END = re.compile(
    rf",[ \t]*(?:(?P<pro>{_PRONOUN})|(?:the[ \t]+)?(?:{_DESCRIBED})?{_OFFICE}(?P<name>{_NAME})"
    rf"(?:{_APPOSITIVE})?){_WHEN}{_HELPING}[ \t]+(?:{_VERBS})[.!?]?\Z"
)


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
            named = _named(match)
            if named is not None:
                found.append((match.start(), named))
        at = match.start() + 1
    return reversed(found)


def _may_be(pronoun: str | None, name: str, sexes: dict[str, str] | None = None) -> bool:
    """Whether "he" or "she" can stand for ``name``: not "he" for "Mrs Walters".

    A name without such a title goes by the pronoun the text uses for it
    (``sexes``, from :func:`_pronouns_for`), where it uses one.
    """
    title = name.split()[0].casefold().rstrip(".")
    if title in (_WOMEN if pronoun == "he" else _MEN if pronoun == "she" else ()):
        return False
    if pronoun not in ("he", "she") or _has_sex(name):
        return True
    surname = _surname(name)
    return surname is None or (sexes or {}).get(surname, pronoun) == pronoun


def _is_sexed(pronoun: str | None, name: str, sexes: dict[str, str]) -> bool:
    """Whether the text says that ``pronoun`` ("he", "she") is the one for ``name``."""
    title = name.split()[0].casefold().rstrip(".")
    if title in (_MEN if pronoun == "he" else _WOMEN if pronoun == "she" else ()):
        return True
    surname = _surname(name)
    return surname is not None and sexes.get(surname) == pronoun


def _pronouns_for(text: str, mentions: Sequence[tuple[int, str]]) -> dict[str, str]:
    """The pronoun, "he" or "she", the text uses for each surname it mentions, where it agrees.

    A mention that opens its sentence, or follows a phrase that does
    (``Yesterday at Teesside Crown Court, Barwell ...``), and a next
    sentence that opens with "He" or "She" (``Barwell, of Wortley, Leeds,
    admitted 11 offences. He will be sentenced today.``). A surname the
    text gives both, or neither, is left out.
    """
    seen: dict[str, set[str]] = {}
    for at, name in mentions:
        surname = _surname(name)
        start = _sentence_start(text, at, max(0, at - 240))
        if (surname is None or _has_sex(name)
                or start != at and not _OPENING_PHRASE.fullmatch(text, start, at)):
            continue
        match = _NEXT_PRONOUN.match(text, at, min(len(text), at + 400))
        if match is not None:
            seen.setdefault(surname, set()).add(match.group("pro").casefold())
    return {surname: next(iter(found)) for surname, found in seen.items() if len(found) == 1}


def _surname(name: str) -> str | None:
    """The last word of a name, not a rank after it (``Rosamund Horwood-Smart QC``)."""
    words = [word for word in name_words(name) if word not in _RANKS]
    return words[-1] if words else None


def _has_sex(name: str) -> bool:
    """Whether a name's title says whether "he" or "she" stands for it (``Mrs``, ``Sir``)."""
    return name.split()[0].casefold().rstrip(".") in _WOMEN | _MEN


# What may open a sentence before its subject: "Yesterday at Teesside Crown Court, ".
_OPENING_PHRASE = re.compile(r"[A-Z][^,.!?\n“”\"‘’']{0,60},[ \t]+")
# The rest of a sentence, then the next one opening with "He" or "She".
_NEXT_PRONOUN = re.compile(r"[^\n.!?“”\"]*[.!?][’'”\"]?[ \t]+(?P<pro>He|She)\b")


_WOMEN = frozenset({"mrs", "miss", "ms", "madam", "dame", "lady", "queen", "princess",
                    "baroness", "duchess", "countess", "sister", "mother", "wpc"})
_MEN = frozenset({"mr", "sir", "lord", "king", "prince", "baron", "duke", "earl", "father",
                  "brother"})


def _no_speaker(label: str) -> bool:
    """Whether the words before a colon are a tag or a topic, not a speaker (``BREAKING``)."""
    words = [word.casefold().strip(".’'") for word in label.split()]
    return words[0] in _TOPIC_WORDS or all(word in _TAG_WORDS for word in words)


def _said_after(text: str, quotation: Quotation) -> bool:
    """Whether a verb of saying follows the quotation: it is attributed, if to no name we know."""
    return any(_SAID_AFTER.match(after) for after, _ in _texts_after(text, quotation, len(text)))


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


def _named(match: re.Match[str]) -> tuple[str | None, bool] | None:
    """The name or pronoun (with True) a pattern matched; None when the name is no name."""
    groups = match.groupdict()
    pronoun = groups.get("pro") or groups.get("pro_fr") or groups.get("pro_inv")
    if pronoun:  # "he", "she", or theirs in another language ("sagte er")
        return saying.HE_OR_SHE.get(pronoun.casefold(), pronoun.casefold()), True
    if groups.get("role"):  # its holder, where the text names one: _held
        return None
    if groups.get("label") and (_no_speaker(groups["label"]) or _TOPIC_BEFORE.search(
            match.string, 0, match.start())):
        return None  # "said of Princess Diana: “": the rest of a topic's name
    if _in_a_clause(match):
        return None
    name = _clean_name(groups.get("name") or "")
    if name and groups.get("characterises") and (
            len(name_words(name)) < 2 or _AFTER_PREPOSITION.search(match.string, 0, match.start())):
        return None
    if name and match.start("name") == match.start():
        name = _with_coordinated(match.string, match.start(), name)
    return (name, False) if name else None


# Names joined to the one before a verb of saying: "Stoltenberg and Blinken
# said in a joint statement", "Britain, France and Germany said".
_COORDINATED = re.compile(rf"(?P<names>{_NAME}(?:,[ \t]+{_NAME})*),?[ \t]+and[ \t]+\Z")
_JOINED = " and "


def _with_coordinated(text: str, at: int, name: str) -> str:
    """``name`` (at ``at`` in ``text``) with the names joined to it by "and" before it.

    The words are all of theirs: given to one of them alone, a joint
    statement found in the other's turn of the record would be misattributed.
    """
    match = _COORDINATED.search(text, max(0, at - 160), at)
    if match is None or match.end() != at:
        return name
    others = [cleaned for part in match.group("names").split(",")
              if (cleaned := _clean_name(part.strip())) is not None]
    return _JOINED.join([*others, name]) if others else name


# What a label's name goes on from when it is a topic ("of Princess Diana:").
_TOPIC_BEFORE = re.compile(r"\b(?:of|on|about)(?:[ \t]+[A-Z][\w’'\-]*)+[ \t]+\Z")
# A preposition a few words before a name: the name is in its phrase, not the
# subject ("Lawyers for the Moors murderer Myra Hindley accused ...").
_AFTER_PREPOSITION = re.compile(r"\b(?:for|of|to|by|against|with)(?:[ \t]+[\w’'\-]+){0,3}[ \t]*\Z")


def _in_a_clause(match: re.Match[str]) -> bool:
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
_WHOSE = re.compile(rf"(?:\bof|\b(?:at|in|from|near|of)[ \t]+{_NAME},)[ \t]*$")
# A phrase that acts on the name after it, opening the sentence or after a
# comma: "Jailing Smith, ...", ", sentencing Dawn, ...".
_ACTED_ON = re.compile(r"(?:[\n,;]|[.!?] )[ \t]*[A-Za-z]+ing[ \t]+\Z")


def _sentence_start(text: str, at: int, low: int = 0) -> int:
    """Start of the sentence (or line) that holds offset ``at``, not before ``low``.

    The walk back stops at ``low``: on a long line of quotations, walking to
    its start for each one made an audit quadratic.
    """
    for index in range(at - 1, max(low, 1) - 1, -1):
        char = text[index]
        if char == "\n" or (char.isspace() and text[index - 1] in ".!?"):
            return index + 1
    return low


def _mentions(text: str) -> list[tuple[int, str]]:
    """Everyone the text says said something, with where, in text order."""
    found = []
    for match in _MENTION.finditer(text):
        if _in_a_clause(match):
            continue
        raw = match.group("name") or match.group("described") or match.group("after")
        name = _clean_name(raw)
        if name:
            found.append((match.start(), name))
    return found


def _has_role(match: re.Match[str]) -> bool:
    """Whether a pattern matched a role in place of a name (``the singer said``)."""
    return bool(match.groupdict().get("role"))


def _held(text: str, at: int, match: re.Match[str]) -> tuple[str | None, bool] | None:
    """The holder of the role a pattern matched (``the minister said``), or None."""
    role = match.groupdict().get("role")
    holder = _role_holder(text, at, role) if role else None
    return (holder, False) if holder else None  # an unheld role: _UNHELD


def _role_holder(text: str, at: int, role: str) -> str | None:
    """The nearest name before ``at`` that the text gives ``role``, or None.

    ``The minister said`` stands for ``Justice Minister Cathy Jamieson``,
    ``the spokesman`` for ``PCS spokesman Jeff Evans`` or ``Jeff Evans, a
    spokesman for the union``, ``the judge`` for ``Judge Michael Hyam``:
    the role before the name, or after it between commas. A role the text
    gives no name (``the prime minister`` in a story that never prints
    ``Prime Minister Tony Blair``) stays unknown.
    """
    phrase = r"[ \t]+".join(re.escape(word) for word in role.split())
    holder = re.compile(rf"(?<![\w’'])(?i:{phrase})[ \t]+(?P<name>{_NAME})|(?P<named>{_NAME}),"
                        rf"[ \t]+(?:the|an?)[ \t]+(?:[^,.!?\n“”\"]{{0,60}}[ \t])?"
                        rf"(?i:{phrase})(?=,|[ \t]+(?:of|for|at|to|in|from)\b)")
    for match in reversed(list(holder.finditer(text, max(0, at - 3000), at))):
        name = _clean_name(match.group("name") or match.group("named"))
        before = text[max(0, match.start() - 12) : match.start()].split()
        if (name is None or (match.group("name") and before
                             and before[-1].casefold() in _OTHER_OFFICE)):
            continue
        if " " in name or any(  # one word is a surname the text gives a forename or title
                word.casefold() not in _NOT_NAMES | {role.split()[-1].casefold()}
                for word in re.findall(rf"({_WORD})[ \t]+{re.escape(name)}\b", text)):
            return name  # not "the star said" for "Star Wars"
    return None


# Words before a role that make it another office: "Deputy Prime Minister
# John Prescott" holds no office "the prime minister" names.
_OTHER_OFFICE = frozenset({"deputy", "vice", "shadow", "former", "junior", "assistant", "acting"})


def _reporter_before(text: str, at: int, mentions: Sequence[tuple[int, str]],
                     positions: Sequence[int], opening: bool = True) -> str | None:
    """Who the sentence before reports saying something, for a quotation that opens the next.

    News copy reports a speaker's words, then quotes them, in one paragraph
    (``Mr Bolz said games firms had to work more closely with celebrities.
    “People will want to play ...”``): the first person the sentence just
    before says said something (:func:`_mentions`), or None, and None where
    that sentence opens with "he said" or "she told". Not across a paragraph's end,
    and not for a quotation inside its sentence (where ``opening``). It goes
    before the quotation before (:func:`_continues`): ``“A.” Mr Florin said
    the challenge was to keep people playing. “B.”`` is Mr Florin's. Not
    ``opening``, the holder of a role the text does not name: ``Simon Le
    Bon said the group was not changing its sound. “...,” the singer
    said.``
    """
    line_start = text.rfind("\n", 0, at) + 1
    start = _sentence_start(text, at, line_start)
    end = len(text[:start].rstrip())
    if (opening and text[start:at].strip()) or end <= line_start:
        return None
    low = max(line_start, end - 400)
    boundaries = list(_SENTENCE_END.finditer(text, low, end))
    previous = boundaries[-1].end() if boundaries else low
    if _PRONOUN_FIRST.match(text, previous, end):
        return None  # "He said Guscott continued to ...": the reporter is "he"
    first, last = bisect.bisect_left(positions, previous), bisect.bisect_left(positions, end)
    # The first: whom a name after it is reported by ("Mr Grobbelaar said that
    # Mr Vincent said it would be easy").
    return mentions[first][1] if last > first else None


_PRONOUN_FIRST = re.compile(rf"(?:{_PRONOUN}){_HELPING}\s+(?:{_VERBS})\b")


def _subject_before(text: str, at: int, pronoun: str | None = None) -> tuple[int, str] | None:
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
    start = _sentence_start(text, at, max(0, at - 400))
    for _ in range(_CHAIN + 1):
        end = len(text[:start].rstrip())
        low = max(0, end - 400)
        boundaries = list(_SENTENCE_END.finditer(text, low, end))
        previous = boundaries[-1].end() if boundaries else low
        opening = _PRONOUN_OPENING.match(text, previous, end)
        if pronoun is None or opening is None or opening.group(1).casefold() != pronoun:
            break
        start = previous
    match = _SUBJECT.match(text, previous, end)
    if match is None or _in_a_clause(match):
        return None
    raw = match.group("name")
    name = _clean_name(raw)
    if name is None or raw.split()[0].casefold() in _NOT_NAMES | _MONTHS | _LINK_WORDS:
        return None  # "In the Scottish case, Lord Caplan ruled", "With Meg were her mother"
    if " " not in name and not any(
            word.casefold() not in _NOT_NAMES | _MONTHS
            for word in re.findall(rf"({_WORD})[ \t]+{re.escape(name)}\b", text)):
        return None  # one word is a surname where the text gives it a forename or title
    return match.start("name"), name


_CHAIN = 2
"""Most sentences opening with "He" or "She" between a name and the pronoun that stands for it."""
_PRONOUN_OPENING = re.compile(r"(?:(?:But|And|So|Then)[ \t]+)?(He|She)[ \t]+[a-z]")
# A sentence's subject: a name, after a description (no verb's past in it:
# "Judge Burr called Paterson ..."), and a word in lower case that is no noun
# of a description ("The Amnesty secretary-general said").
_SUBJECT = re.compile(rf"(?:(?:But|And|So|Then)[ \t]+)?(?:the[ \t]+|The[ \t]+)?"
                      rf"(?:{_described(rf'{_LINKS}|{_VERBS}|{_CLAUSE_VERB}|[a-z]+ed')})?"
                      rf"{_SPEAKER}[ \t]+[{_LOWER}]"
                      rf"(?![\w’'\-]*[ \t]+(?:{_VERBS})\b)")
# Where a sentence ends: its full stop and closing marks, or a paragraph's end.
_SENTENCE_END = re.compile(r"[.!?][”’\"')]*[ \t]+|\n\s*")


def _continues(text: str, previous_end: int, quotation: Quotation) -> bool:
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


def _fullest_by_surname(names: Iterable[str]) -> dict[str, str]:
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


def _fullest_mention(name: str | None, fullest: dict[str, str]) -> str | None:
    """The fullest form of ``name`` (of each of several joined) among the names mentioned."""
    if name is None:
        return None
    return _JOINED.join(fullest.get(name_words(one)[-1], one) if name_words(one) else one
                        for one in name.split(_JOINED))
