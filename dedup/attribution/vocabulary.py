"""The words of an attribution, as pieces of regular expressions.

In: nothing but the lists of :mod:`dedup.saying` (the verbs of saying of
the press's other languages). Out: pattern strings, not compiled, that
:mod:`~dedup.attribution.patterns`, :mod:`~dedup.attribution.antecedents`
and :mod:`~dedup.attribution.transcripts` compose: a name (``NAME``, and
``SPEAKER`` with its short form and description), the verbs of saying
(``VERBS``), the words between a name and its verb (``HELPING``,
``WHEN``), a description or an office before a name (``DESCRIBED``,
``OFFICE``), a role in place of a name (``ROLE``).

Its own module because every reader of an attribution builds on the same
words: one definition of a name, so that the patterns after and before a
quotation, the look back for a pronoun's name and a transcript's lines of
dialogue agree on what a name is.

* **Other languages**: the common verbs of saying and words for "according
  to" of French, German, Spanish, Italian, Portuguese, Dutch, Polish,
  Russian and Ukrainian papers (:mod:`dedup.saying`) name a speaker in the
  same places (``« A », a déclaré Macron``, ``Scholz erklärte: „A“``), also
  after a dash (``«A», — заявил Песков``); not their pronouns, nor a
  description before a name, which are read in English only. A name opens
  with a capital in any script (``Élisabeth Borne``, ``Зеленський``).
"""

from __future__ import annotations

import re

from dedup import saying

ENGLISH_VERBS = (
    r"said|says|say|saying|told|tells|telling|added|adds|adding|stated|states|warned|warns|"
    r"explained|explains|stressed|stresses|insisted|insists|argued|argues|noted|notes|"
    r"replied|replies|tweeted|tweets|wrote|writes|declared|declares|announced|announces|"
    r"continued|continues|commented|remarked|urged|urges|acknowledged|admitted|claimed|"
    r"claims|asked|asks|suggested|promised|vowed|cautioned|emphasised|emphasized|"
    r"underlined|reiterated|concluded|confirmed|recalled|"
    # As papers print a speaker's manner: "Mr Fayed retorted: '...'".
    r"responded|responds|retorted|shouted|exclaimed|whispered|yelled|screamed|sobbed|gasped|"
    r"laughed|joked|jokes|quipped|sneered|boasted|boasts|admits|conceded|concedes|revealed|"
    r"reveals|testified|observed|observes|confessed|confesses|countered|counters|complained|"
    r"complains|fumed|beamed|predicted|speculated|"
    # "He went on: '...'", "..., he went on.": not "Smith went on to win".
    r"went[ \t]+on(?=[ \t]*[:,.;“\"‘']|$)|goes[ \t]+on(?=[ \t]*[:,.;“\"‘']|$)"
)
# And the press's other languages: "« ... », a déclaré Macron", "„...“, sagte Scholz".
VERBS = rf"{ENGLISH_VERBS}|{saying.VERBS}"


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
LOWER = _letters("lower")
# A capitalised word, or an abbreviation with its full stop ("Mr.", "U."); a
# full stop after a longer word ends the sentence, not the name.
# A name's word does not end with an apostrophe: a mark there closes a quotation
# ("... by Russia' Mr Stoltenberg said").
WORD = rf"(?:[{_UPPER}][{LOWER}]?\.|[{_UPPER}](?:[\w’'\-]*\w)?)"
WHEN = r"(?:\s+on\s+[A-Z][a-z]+day)?"
# Up to two helping verbs or adverbs between a name and its verb of saying
# ("Mr Blair is saying:", "Le Bon also said", "He has told", "Mr Smith
# yesterday said", "Smith later told", "Jones however said"); "is" before a
# verb's -ing form only ("Smith is said to have" is no saying of Smith's);
# not "had", whose clause is most often reported ("She told the jury
# Guscott had told police ...").
HELPING = (r"(?:\s+(?:also|however|then|later|earlier|again|yesterday|today|tonight|allegedly|"
           r"simply|previously|repeatedly|last[ \t]+(?:night|week|month|year)|has|have|"
           r"is(?=\s+[a-z]+ing\b))){0,2}")
# At most NAME_WORDS words ("Anna Maria Okafor of the Daniel Okafor Memorial
# Trust" is nine). Unbounded, a pattern read a name from each word of a line
# of capitals (a caption, "A. A. A. ...") to the line's end and gave it back
# word by word to look for a verb: time quadratic in the line's length
# (2,000 words: 6 s).
NAME_WORDS = 16
NAME = rf"{WORD}(?:[ \t]+(?:{WORD}|of|the|de|von|van|der|al|bin)){{0,{NAME_WORDS - 1}}}"
PRONOUN = r"[Hh]e|[Ss]he"
# An office in lower case before a name, as news and releases print it
# ("chairman and chief executive Richard Parsons said", "said foreign
# minister Sergei Lavrov"); not "a spokesman for Tesco", whose name is a firm's.
OFFICE = (
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
LINKS = (r"in|at|on|to|for|from|with|by|of|as|about|after|before|during|since|until|into|"
         r"than|that|which|who|whom|whose|when|where|while|but|or|if|so|a|an|the|this|"
         r"he|she|it|they|we|you|i|his|her|its|their|our|not|also|"
         # The same in German and French news, where a capitalised noun or
         # name follows them: "Olaf Scholz reiste am Montag nach Kiew".
         r"am|im|um|auf|aus|bei|mit|nach|seit|von|vor|zum|zur|für|über|der|das|den|dem|des|"
         r"und|au|aux|le|les|du|dans|sur|avec|pour|par|et")


LINK_WORDS = frozenset(LINKS.split("|"))


def described(excluded: str, end: str = r"[ \t]+") -> str:
    """A description before a name, none of whose words in lower case are ``excluded``.

    It ends with ``end``: the spaces before the name, or nothing where a
    comma sets the description off.
    """
    return (rf"(?:(?:{WORD}|(?!(?:{excluded})\b)[a-z][\w’'\-]*)[ \t]+){{0,5}}?"
            rf"(?!(?:{excluded}|and)\b)[a-z][\w’'\-]*{end}")


# Verbs that open a clause about someone ("the judge said Mary Hale was ...",
# "Mrs Field, whose husband, Tom, was in the car, said"): no name's description
# ("the choices he says are facing Britain" is no description of Britain).
CLAUSE_VERB = (r"was|were|is|are|had|has|have|would|will|could|can|should|must|may|might|"
               r"did|does|do|knew|knows")
DESCRIBED = described(rf"{LINKS}|{VERBS}|{CLAUSE_VERB}")
# Whose a description is, before it: "”, her lawyer Michael Mansfield told".
POSSESSIVE = r"[Hh]is|[Hh]er|[Tt]heir|[Ii]ts"
# A description set off by commas before a name, as agency copy writes it
# ("Her lawyer, Michael Mansfield, told the court", "said the defendant's
# solicitor, Ian Smith"): an article or a possessive, then a description
# whose last word is in lower case, or "the" and an office in capitals
# ("The Prime Minister, Tony Blair, said"); or any description that opens
# a sentence or a clause ("Another witness, Heather Titley, said", "After
# the hearing, Ms Coughlan's solicitor, Nicola Mackintosh, said"). Not one
# after a preposition, whose phrase describes someone else ("Norman
# Yeomans, father of the dead girl, Lorna Yeomans, said" is his), nor one
# that starts within a phrase ("... against young boys, Norman Trew, ...").
_NOT_AFTER = "".join(rf"(?<!\b[{word[0]}{word[0].upper()}]{word[1:]} )" for word in (
    "of", "for", "to", "by", "with", "against", "from", "at", "in", "on", "about", "after",
    "before", "during", "under", "over", "like", "as", "into", "than", "between", "among",
    "behind", "and", "or", "nor", "but"))
_CLAUSE_OPENS = r"(?<![^\n,;:.!?“”\"‘’(—– \t])(?<![^\n,;:.!?“”\"‘’(—–][ \t])"
_DESCRIPTION = described(rf"{LINKS}|{VERBS}|{CLAUSE_VERB}", end="")
_DETERMINER = rf"(?:[Tt]he|[Aa]n?|{POSSESSIVE})[ \t]"
_THE_OFFICE = rf"[Tt]he[ \t]+{WORD}(?:[ \t]+{WORD}){{0,3}}"
LEAD = (rf"(?<![\w’'\-])(?:(?={_DETERMINER}){_NOT_AFTER}(?:{_DETERMINER}+{_DESCRIPTION}"
        rf"|{_THE_OFFICE})|{_CLAUSE_OPENS}{_DESCRIPTION})")
# The same after a verb of saying, where nothing comes before it: "said RNID
# technology director, Guido Gybels", "said her lawyer, Michael Mansfield".
LEAD_AFTER = rf"(?:(?:{_DETERMINER}+)?{_DESCRIPTION}|{_THE_OFFICE})"
# A role in place of a name, after "the" ("the minister said", "said the
# festival director", "the Tory leader told"): up to four words, the last in
# lower case; its holder is found by
# :func:`~dedup.attribution.antecedents._role_holder`.
ROLE = (rf"(?:(?:{WORD}|(?!(?:{LINKS}|{VERBS}|{CLAUSE_VERB})\b)[a-z][\w’'\-]*)[ \t]+){{0,3}}"
        rf"(?!(?:{LINKS}|{VERBS}|{CLAUSE_VERB}|and)\b)[a-z][\w’'\-]*")
# Its verb of saying, not a bare "say" or "tell", which reports another's
# words in the narration ("I heard the boy say to his girlfriend ‘...’").
ROLE_VERB = rf"(?!(?:say|tell)\b)(?:{VERBS})"
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
APPOSITIVE = (
    r"(?:,[ \t]*(?:(?:now[ \t]+|aged[ \t]+)?\d{1,3}|QC|MP|prosecuting|defending|mitigating|"
    r"(?:for|of|from|representing)[ \t]+[^,.!?\n“”\"]{1,60}?"
    r"(?:,[ \t]*[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?(?=,))?|"
    r"(?P<who>who|whose)[ \t]+[^,.!?\n“”\"]{1,100}?|"
    rf"(?![ \t]|(?:who|whose|where|when|while|as|and|but|or|if|he|she|it|they|we|i|you|"
    rf"{CLAUSE_VERB})\b)"
    r"(?=[^,.!?\n“”\"]*?\b[a-z])[^,.!?\n“”\"]{1,80}?))+,"
    # Not before a participle, whose subject is another: "after the death
    # of Diana, Princess of Wales, saying".
    r"(?![ \t]+[a-z]+ing\b)"
)
# A speaker's name as news writes it before the verb: with its short form and
# its description, after it or (set off by commas) before it.
SPEAKER = (rf"(?:(?P<lead>{LEAD}),[ \t]*)?(?P<name>{NAME})(?:{_ACRONYM})?"
           rf"(?P<appositive>{APPOSITIVE})?(?(lead)(?(appositive)|,(?![ \t]+[a-z]+ing\b)))")

# "He said", "she told" where a sentence or a paragraph opens: the speaker
# the pronoun stands for goes on, and no new name is reported.
PRONOUN_FIRST = re.compile(rf"(?:{PRONOUN}){HELPING}\s+(?:{VERBS})\b")
