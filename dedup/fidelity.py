"""(canonical passage, variant text) -> word alignment, edits, fidelity, label.

In: the canonical passage ``source_text`` and one other occurrence
``variant_text``. Out: a ``Scored`` holding a ``Fidelity`` (score, label,
edits, ``trimmed``) and ``start``/``end``, the span of ``variant_text`` that
reproduces the passage. Both texts are split into the words of
``dedup.shingle.tokenize`` (kept as columns, not an object per word) and
aligned word by word on spelling keys of the normalised words, so
punctuation, quotation marks, dashes and line breaks never produce an edit.
The alignment is rapidfuzz's ``Indel`` (longest common subsequence) rather
than Levenshtein: it keeps the most words aligned, where Levenshtein may
pair context words by substitution and lose a longer quoted run; of the
alignments that keep as many words, one with fewer runs is taken
(``_gathered``: a piece whose first words also stand earlier in the
sentence is a trimmed copy, not one with cuts inside it). Adjacent
deletions and insertions between two aligned words form one gap (a
``replace`` when it has words on both sides).

Alignment and trimming:

* Words of the variant before the first aligned word or after the last one
  (``..., Stoltenberg said``) are context, not quotation: they are left out
  of the score and out of ``start``/``end``. ``end`` is extended over
  sentence-final ``.!?…`` directly after the last word, but never over a
  closing quotation mark, so ``variant_text[start:end]`` is the quoted words.
* Source words before the first or after the last aligned word make the
  variant a partial quote: ``trimmed`` is true and they become ``delete``
  edits that cost 0.25 a word and are never ``material``.
* Source words the variant leaves out inside the quote where it has an
  ellipsis (``…``, ``...``, ``[...]``) are a cut it marks: like a partial
  quote's, they are ``trim`` deletions at 0.25 a word and make ``trimmed``
  true, unless they are a material edit (a bare "not": see below), which
  no ellipsis excuses. A variant that ends with the start of a word and an
  ellipsis (``the Russian mili…``, a post cut at its length limit) leaves
  that word out, and the rest: a trim, not a replaced word.
* Variant words in square brackets (``[Emmanuel Macron]``, ``[NATO]``
  for "we") are an editor's, marked as such: inserted or replacing up to
  three source words, they are a cosmetic edit, unless they change a
  negation, number or modal. So is a name in parentheses after a
  pronoun, added or left out (``he (Mr Howard) had``: ``_referent_gloss``).
* Except: variant words joined to the first or last aligned word by spaces
  only (no punctuation, quote mark or line break between them; a currency
  sign is part of the amount after it) replace the
  adjacent leftover source words when there are no more of them than those
  source words; before the quote they must also follow an opening quotation
  mark (or be one word opening the text). So ``... Dmytro Zelensky.`` for
  ``... Dmytro Kuleba.`` is a ``name`` edit, not a trim. And the source's
  last one or two words, names or numbers after a mark (``in Blackburn,
  Lancashire.``, ``on September 7, 1996.``), are replaced by as many
  words of the same kinds that end the variant's sentence after the same
  mark (``in Blackburn, Cumbria.``: a ``name`` edit; ``..., Jones said.``
  stays context).
* An aligned run of ``r`` source words at either edge is treated as a chance
  match inside the context (and trimmed away) when the gap between it and
  the rest skips source words and has at least ``2r + 2`` words on a side.

Costs of the edits inside the aligned stretch:

* cosmetic, cost 0: a change of case only; a British/American spelling
  variant (``spelling_key``); a magnitude written short or long after
  unchanged digits (``£5m``/``£5 million``; ``mn``, ``bn``, ``k``); a
  compound written as one word, split or hyphenated (``land bridge``/
  ``landbridge``); a contraction spelt out (``don't``/``do not``, ``can't``/``cannot``; ``I'd``
  for ``I would`` or ``I had``); a percentage written ``50%``, ``50 per
  cent`` or ``fifty percent`` (digits and ``%`` are one word); a date of
  a day and a month in either order (``5 April``, ``April 5th``: one word,
  ``_join_dates``, so a date counts as one word); "a" or "one" for "1"
  before hundred ... trillion (``a billion``/``1 billion``); an ordinal
  in digits or words (``1st``/``first``, ``21st``/``twenty-first``; an
  ordinal is one word, ``_join_ordinals``); one number
  written another way (``5,000``/``five thousand``; a fraction,
  ``half a million``/``£½ million``, ``3½``/``three and a half``,
  ``1/2``/``half``, ``a quarter``/``¼``: one word, ``_join_fractions``; a
  decade, ``1980s``/``the Eighties``/``'80s``: ``_join_decades``);
  a courtesy title, or
  an office before a name, added or dropped (``Mr Stoltenberg``/
  ``Stoltenberg``, ``President Putin``/``Putin``); one or two forenames
  left out before a surname that stays, maybe for a title (``Kevan
  Roberts``/``Roberts``/``Mr Roberts``; ``_dropped_forenames``: added or
  changed, a forename may name someone else); a name clipped (``Beds``/
  ``Bedfordshire``, ``Lancs``, ``the Met`` for ``the Metropolitan Police``:
  ``_clipping``), or an office written short (``Sgt``/``Sergeant``,
  ``Pte``, ``Capt``: ``_office_abbreviated``); a transcript's note
  left out (``[inaudible]``, ``(Applause.)``) and its time codes
  (``[00:01:23]``, or on a line of their own: ``_time_code``); an acronym for its words
  (``US``/``the United States``, ``Nato``; ``GBH``/``grievous bodily
  harm`` and the few of one word, ``TV``/``television``:
  ``_lower_case_acronym``), or in parentheses after them, added or
  left out (``Organisation (FAO)``); the disfluencies of speech left out
  or added (``_disfluent``: ``um``, ``uh``; ``, you know,``; ``we, we
  will``; a false start, ``we are, we have been``).
  Punctuation differences are no edit at all, and neither is what a PDF's
  text adds to the words: a footnote's marker glued to the mark after a
  word, or a superscript one to the word (``justice.12 NATO``,
  ``atrocities³``: ``_mark``, ``without_footnote_mark``), a paragraph's
  number opening the passage or a line (``12. The Allies``), and a page's number and
  running header or footer (left out of the words: ``dedup.layout``).
* costly: a gap of ``k`` source words replaced by ``m`` variant words costs
  ``max(k, m)`` (an insert ``m``, a delete ``k``), plus
  ``material_weight - 1`` once when it is material (so a changed modal costs
  ``material_weight`` words). Material, in order of precedence: it adds,
  drops or swaps a ``negation`` (not, never, n't, without, non ...; not
  the "or not" of "whether or not", nor one said again after "and" put
  for "or", "without pity and without remorse" for "without pity or
  remorse": ``_distributed_negation``, nor "not guilty" for "cleared",
  "acquitted" or "denies": ``_verdicts``; or a
  word negated by a prefix whose stem is on the other side of the edit:
  unwilling/willing, illegal/legal, impossible, irresponsible, dishonest,
  inaccurate; ``_NEGATING_PREFIXES``); a ``number`` (digits, two..twelve,
  hundred ... billion, dozen, half, first..tenth, and ``m``/``mn``/``bn``/
  ``k`` after digits, fractions, ``½``, ``two thirds``; not "one", which
  is mostly a pronoun; compared by value, so "10 thousand" for "10,000"
  is not one, nor ``½`` for ``half``, but ``½`` for ``¾`` is); a ``modal``
  verb (will, would, can, could, may, might, shall, should, must, ought;
  not "May" inside a sentence, the month or a name: ``_modal_norms``;
  a "'d" is "would" or "had", so "I'd" for "I would" keeps the modal;
  "have to", "has to", "had to" are "must", so "must" -> "have to" is no
  changed modal, nor "should" -> "ought to", "will" -> "is going to",
  "would" -> "was going to");
  a ``name`` (a capitalised word that is not "I", not a courtesy title
  such as Mr, Mrs, Ms, Dr or Lord, not the passage's first word, not at
  a sentence start nor in a text written in capitals throughout, and
  whose spelling key (without a possessive 's), or singular or plural
  in lower case, is not on the other side of the edit, so neither a
  capitalised spelling variant, "NATO" for "NATO's",
  "Meeting" for "meetings" nor an acronym for the words it abbreviates,
  "EU" for "European Union", "TV" for "television", nor a clipping,
  "Lancs" for "Lancashire", is a name; nor is a name one edit drops and
  another adds back, "Sweden and Finland" for "Finland and Sweden", nor
  a name a third-person pronoun or a description replaces or is replaced
  by, "He said" for "Mr Hartley said", "the general" for "Pinochet", "a
  Secretary of State" for "Mr Blunkett": the words say who is meant, not
  another name).
* An inserted or deleted run (an edit with one side empty) is material
  only when its words are negations, numbers, modals, capitalised words
  and the words that go with them (``_BARE_RUN_WORDS``: auxiliaries,
  "to", adverbs such as "also", "and", "per cent", "the", "of"; and
  fillers, which cost nothing in any gap): "we will
  go" -> "we go", "will not" -> "will" and leaving out "Finland," are
  material (not "the two of" before "them", "us" or "you"), but a run
  that takes the clause with it, "will be at the table", "10,000 drones
  and" or "the people of Ukraine", is an omission:
  it says less, not something else. A clause put for another (five words
  or more on both sides, ``_REWRITTEN``) is a rewrite, never material;
  one put for up to four words that hold no negation, number, modal or name
  ("now" -> "We should finish mixing the album in about three weeks
  time") is a clause added or left out, material only when bare.

The score, with ``n`` the number of words of the whole source passage::

    cost     = 0.25 * trimmed_words
               + sum(max(k, m) + (material_weight - 1 if material else 0))
    fidelity = round(max(0.0, 1 - cost / max(1, n)), 4)

Labels: ``paraphrase`` when nothing aligns, when fewer than half of the
source words inside the aligned stretch align, or when fewer than 4 words
(or than half the source words, if that is less) align at all; else
``altered`` when there is any costly edit; else ``cosmetic`` when there is a
cosmetic edit; else ``verbatim``. Trim deletions do not change the label:
a faithful partial quote is ``verbatim`` (or ``cosmetic``) with
``trimmed=True`` and a fidelity below 1.

Each edit carries its offsets: ``source_start``/``source_end`` into
``source_text`` and ``variant_start``/``variant_end`` into the scored span
``variant_text[start:end]`` (an empty side is the point of insertion or
deletion), so ``source_text[e.source_start:e.source_end]`` runs from the
first to the last edited source word.

Always holds: ``0 <= start <= end <= len(variant_text)``, ``0 <= fidelity
<= 1``, edits are in source order and their offsets lie inside the
texts, and a passage scored against itself (or against a copy that
differs only in punctuation, quotation marks or line breaks) has
fidelity 1.0 and label ``verbatim``. The alignment is rapidfuzz's
bit-parallel LCS, so two 5,000-word texts take well under a second; two
passages of more than ``ALIGN_CELLS`` word pairs (copies of a huge
document) are aligned a window at a time (``equal_blocks``), in time and
memory linear in their length.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import regex
from rapidfuzz.distance import Indel

from dedup.layout import footnote_marker, page_furniture
from dedup.models import Edit, EditOp, Fidelity, Label, Material
from dedup.shingle import TIME_CODES, Normalised, fold_marks, token_parts, without_footnote_mark

TRIM_COST = 0.25
"""Cost of each source word a partial quote leaves out at its start or end."""

# British spelling -> American key. Each rule keeps the words it touches long
# enough that short common words ("four"/"for", "more") are never merged.
_SPELLING_RULES: tuple[tuple[re.Pattern[str], str, int], ...] = (
    (re.compile(r"our(s|ed|ing|ite|ites|able|ful|er|ers|less)?$"), r"or\1", 5),
    (re.compile(r"is(e|es|ed|ing|er|ers|ation|ations|ational)$"), r"iz\1", 5),
    (re.compile(r"ys(e|es|ed|ing|er|ers)$"), r"yz\1", 5),
    (re.compile(r"ence(s)?$"), r"ense\1", 5),
    (re.compile(r"([^aeiou])re(s)?$"), r"\1er\2", 5),
    (re.compile(r"([^aeiou][ae])ll(ed|ing|er|ers|or|ors)$"), r"\1l\2", 7),
    (re.compile(r"ogue(s)?$"), r"og\1", 5),
    (re.compile(r"dgement(s)?$"), r"dgment\1", 8),
    (re.compile(r"^ageing$"), "aging", 6),
)

# British spellings no rule above covers, with the American key.
_SPELLING_WORDS = {
    "programme": "program", "programmes": "programs", "grey": "gray", "aluminium": "aluminum",
    "cheque": "check", "cheques": "checks", "tyre": "tire", "tyres": "tires", "kerb": "curb",
    "plough": "plow", "mould": "mold", "sceptic": "skeptic", "sceptics": "skeptics",
    "sceptical": "skeptical", "scepticism": "skepticism", "manoeuvre": "maneuver",
    "manoeuvres": "maneuvers", "practise": "practice", "practised": "practiced",
    "practising": "practicing", "fulfil": "fulfill", "fulfils": "fulfills",
    "fulfilment": "fulfillment", "enrol": "enroll", "enrolment": "enrollment",
    "instalment": "installment", "skilful": "skillful", "wilful": "willful",
    "pyjamas": "pajamas", "okay": "ok",
    # "per cent" in one word in other languages: "1,5 Prozent" is "1,5 %".
    "prozent": "percent", "procent": "percent", "percento": "percent", "процент": "percent",
    "процента": "percent", "процентов": "percent",
}
# Any of the rules above: most words match none and keep their spelling.
_ANY_SPELLING_RULE = re.compile("|".join(f"(?:{rule.pattern})" for rule, _, _ in _SPELLING_RULES))

_NEGATIONS = frozenset(map(fold_marks,  # normalised words have no accents
    {"not", "no", "never", "nor", "neither", "none", "nobody", "nothing", "nowhere"}
    | {"without", "cannot", "non"}  # "non" is the first word of "non-binding"
    # The same in the languages of Europe's and the Middle East's press, but
    # words that are English words too ("sin", "sans", "nada"); French "n'"
    # before a verb is in ``_negations``.
    | {"ne", "pas", "jamais", "aucun", "aucune", "rien"}
    | {"nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nie", "niemals"}
    | {"nichts", "niemand", "ohne", "weder"}
    | {"nunca", "jamás", "ni", "ningún", "ninguno", "ninguna", "nadie"}
    | {"não", "jamais", "nem", "nenhum", "nenhuma", "ninguém", "sem"}
    | {"mai", "nessuno", "niente", "senza", "niet", "geen", "nooit", "niets", "zonder"}
    | {"не", "нет", "никогда", "ни", "ничего", "никто", "без", "ні", "ніколи", "nigdy"}
    | {"δεν", "μην", "όχι", "ποτέ", "χωρίς", "değil", "asla", "hiç", "hayır"}
    | {"لا", "لم", "لن", "ليس", "ليست", "غير", "بدون", "לא", "אין", "בלי", "ללא"}
    # and "and not", "that not": the Hebrew and Arabic prefixes written on.
    | {"ולא", "שלא", "ואין", "שאין", "ولا", "ولم", "ولن", "وليس"}
))
# Prefixes that negate the word they begin ("unwilling", "illegal"): such a
# word is a negation when the word without the prefix is on the other side
# of the edit. ``in`` takes the form of the stem's first letter ("impossible",
# "illegal", "irregular", "inaccurate").
_NEGATING_PREFIXES = ("non", "dis", "un", "im", "il", "ir", "in")
_ASSIMILATED = {"im": "bmp", "il": "l", "ir": "r"}
# The shortest stem after each prefix: "unfair", "dislike", "nonbinding"; the
# four letters keep out "unit"/"it", "unite"/"ite", "dismay"/"may". in- (and
# its forms) needs five, which keeps out "inform"/"form", "income"/"come",
# "impact"/"pact", "import"/"port", "insure"/"sure" (and also the few true
# negations with four: "impure", "insane").
_MIN_NEGATED_STEM = {"non": 4, "dis": 4, "un": 4, "im": 5, "il": 5, "ir": 5, "in": 5}
# Words that begin like a negation of a real word but are not one.
_NOT_NEGATIONS = frozenset(
    {"unless", "discover", "discount", "discharge", "disclose", "dispatch", "display"}
    | {"dismiss", "dispose", "discourse", "disease", "discuss", "distress", "dissent"}
    | {"dissolve", "distract", "distort", "disband", "disport", "distend", "nonsense"}
    | {"install", "instance", "insight", "increase", "inflame", "infringe", "inspire"}
    | {"instill", "intact", "intense", "inbound", "infighting", "inhabit", "invoice"}
    | {"instate", "impress", "implant", "impound", "imprint", "impeach"}
)
# Words that may stand with a negation, number, modal or name in an inserted
# or deleted run without making it a clause of its own: auxiliaries, the "to"
# of "ought to", adverbs of a verb group and the words of a written number.
_VERB_GROUP_WORDS = frozenset(
    {"be", "been", "being", "am", "is", "are", "was", "were", "have", "has", "had"}
    | {"having", "do", "does", "did", "to", "also", "still", "ever", "even", "just"}
    | {"really", "certainly", "surely", "probably", "definitely", "always", "already"}
    | {"now", "then", "and", "or", "per", "cent", "percent", "point"}
)
# ... and with a name ("the Republic of Korea").
_BARE_RUN_WORDS = _VERB_GROUP_WORDS | {"the", "of"}
# The sounds a speaker fills a pause with, which a verbatim transcript or a
# caption writes and a quotation leaves out: no word of what was said.
_FILLERS = frozenset(
    {"um", "umm", "uhm", "uh", "uhh", "er", "erm", "ah", "hmm", "mm", "mhm"}
)
# Phrases a speaker sets off with pauses (", you know,"): left out there,
# they take nothing from the sentence.
_MARKERS = (("you", "know"), ("i", "mean"), ("like",))
# Words a sentence may say twice in a row ("I had had enough", "that that
# is"): said twice with no pause or filler between, neither is a stutter.
_DOUBLED = frozenset({"had", "that", "is"})
# The longest false start a speaker abandons to begin again ("we are, we
# have been"): longer, it is a clause left out.
_MAX_FALSE_START = 4
# The words a false start opens with, and its new start again: the speaker's
# subject. A clause that opens as the next does with another word ("on the
# application, the definition", "as it is also known, is an") is none.
_FALSE_START_SUBJECTS = frozenset(
    {"i", "we", "you", "he", "she", "it", "they", "there", "this", "that", "these", "those"}
    | {"i'm", "we're", "you're", "he's", "she's", "it's", "they're", "there's", "that's"}
)
# The most words (fillers among them) a disfluency left out has.
_MAX_DISFLUENCY = 2 * _MAX_FALSE_START
# Pauses between words: a comma, a dash, an ellipsis.
_PAUSE = re.compile(r"[,;\-–—…]|\.\.")
_MODALS = frozenset(
    {"will", "would", "shall", "should", "can", "could", "may", "might", "must", "ought"}
)
# The verbs of "have to", "has to", "had to": "must" ("'ve got to" too).
_OBLIGED = frozenset({"have", "has", "had", "having"})
# Contracted negated modals whose stem is not the modal itself.
_NEGATED_MODALS = {"won't": "will", "can't": "can", "shan't": "shall", "cannot": "can"}
# Number words with their value, so "sixty" and "60" are one number.
_NUMBER_VALUES = {
    word: str(value) for value, word in enumerate(
        ("zero", "", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen")) if word
} | {word: str(10 * tens) for tens, word in enumerate(
    ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"), start=2)}
# Chinese and Japanese numerals (each character a word): "四万円" for "三万円"
# changes a number. 一 is left out as "one" is: it is in many words ("统一").
_NUMBER_VALUES |= {"〇": "0", "零": "0", "二": "2", "两": "2", "兩": "2", "三": "3", "四": "4",
                   "五": "5", "六": "6", "七": "7", "八": "8", "九": "9", "十": "10"}
# "one" is left out: far more often a pronoun ("one of them") than a number.
_NUMBER_WORDS = frozenset(
    set(_NUMBER_VALUES)
    | {"百", "千", "万", "萬", "亿", "億", "兆"}
    | {"hundred", "thousand", "million", "billion", "trillion", "dozen", "half"}
    | {"hundreds", "thousands", "millions", "billions", "trillions", "dozens"}
    | {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"}
    | {"ninth", "tenth"}
)
# Magnitudes written short right after digits ("£5m", "$2bn", "10k"): their
# ``norm`` becomes the long word, so "5m" and "5 million" align.
_MAGNITUDES = {"m": "million", "mn": "million", "bn": "billion", "k": "thousand"}
# Courtesy titles are capitalised but are not names.
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof"})
# Offices written before a name ("President Zelenskyy", "Secretary General
# Stoltenberg"): added or dropped there, they leave the name as it was.
_OFFICES = _TITLES | frozenset(
    {"president", "vice", "prime", "minister", "secretary", "general", "deputy", "chancellor"}
    | {"premier", "foreign", "defence", "defense", "finance", "interior", "home", "state"}
    | {"king", "queen", "prince", "princess", "pope", "emperor", "sheikh", "emir", "crown"}
    | {"senator", "sen", "governor", "gov", "mayor", "ambassador", "commissioner", "envoy"}
    | {"chairman", "chairwoman", "chair", "speaker", "leader", "chief", "justice", "judge"}
    | {"representative", "rep", "congressman", "congresswoman", "councillor", "spokesperson"}
    | {"spokesman", "spokeswoman", "colonel", "col", "admiral", "adm", "lieutenant", "lt"}
    | {"captain", "capt", "major", "sergeant", "sgt", "gen", "marshal", "commander"}
    | {"bishop", "archbishop", "cardinal", "rev", "reverend", "rabbi", "imam"}
)
# Third-person pronouns: put for a name ("Mr Hartley said" -> "He said"), or
# a name put for them, they name who is meant, as an editor's "[Hartley]"
# does; they change no name.
_PRONOUNS = frozenset(
    {"he", "she", "they", "him", "her", "them", "his", "hers", "their", "theirs", "it", "its"}
    | {"himself", "herself", "itself", "themselves"}
)
# Words of a closed class that a capital does not make a name: they open a
# sentence, or a quotation ("said 'Oh, you remember'"), or the words of two
# passages joined without the full stop between them ("this application He
# added"). Capitalised throughout ("US", "IT") they may be one.
_NEVER_NAMES = _FALSE_START_SUBJECTS | _PRONOUNS | frozenset(
    {"the", "a", "an", "and", "but", "or", "so", "if", "when", "then", "as", "yet"}
    | {"oh", "ah", "yes", "well", "what", "why", "how", "who", "where", "one"}
)
# The most words after "the" that describe whom a name names ("the general").
_MAX_DESCRIPTION = 3
# What a court report writes for "found not guilty" or "pleaded not guilty".
_NOT_GUILTY = frozenset(
    {"cleared", "acquitted", "innocent", "denied", "denies", "deny", "denying"}
)
# The letters French elides "ne" before ("n'a", "n'est", "n'y", "n'habite").
_ELIDING = frozenset("aeiouyh")
# "not A and not B" -> "not B": the words that join two negated verbs, and
# the most words after them in which the second's negation stands.
_COORDINATING = frozenset({"and", "or", "nor"})
_COORDINATED_SPAN = 3
# "whether ... or not" is "whether ...": the most words between them.
_WHETHER_SPAN = 8
# Characters skipped when looking back for the end of the previous sentence.
_SKIP_BACK = frozenset("\"'“”‘’„«»([")
_SENTENCE_END = frozenset(".!?…")
_SYMBOL_OR_CONTROL = regex.compile(r"[\p{S}\p{Cc}\p{Cf}]")
_MAX_COMPOUND = 4
# The most forenames a copy may leave out before a surname ("Abdel Hadi").
_MAX_FORENAMES = 2
# A partial quote needs this many aligned words (or half the source, if less).
_MIN_QUOTE_WORDS = 4
# Characters that may sit between two words of one clause.
_JOINERS = frozenset("-‐‑'’")
_OPENING_QUOTES = frozenset("\"'“‘„«")
# Most source words an editor's words in square brackets replace cost-free
# (a referent: "we", "this organisation"); more is a rewording.
_REWRITTEN = 5
"""Words on both sides of a replacement that make it a clause rewritten, never material."""

_MAX_BRACKETED = 3
# A transcript's time code, or a caption's two, maybe after the caption's
# number on a line of its own (``12\n00:01:23,450 --> 00:01:25,100``).
_TIME_CODES = re.compile(rf"(?:\d{{1,6}}[ \t]*(?:\r\n?|\n)[ \t]*)?{TIME_CODES}")
# An ellipsis marking words left out: "…", "...", ". . .", in brackets or not.
_ELLIPSIS = re.compile(r"…|\.\s?\.\s?\.")


@dataclass(frozen=True)
class Scored:
    """A variant's fidelity and the span of ``variant_text`` it was scored on."""

    fidelity: Fidelity
    start: int
    end: int
    cost: float = 0.0
    aligned: bool = True
    """Whether any word of the variant aligns with the passage (else the span is all of it)."""


class _Segment(NamedTuple):
    """Source words ``[s0, s1)`` against variant words ``[v0, v1)``.

    ``aligned`` segments are equal words (``s1 - s0 == v1 - v0``) or, when
    ``compound``, one cosmetic compound; the others are gaps, i.e. costly
    edits. A tuple: a pair has several, and a scan millions of pairs.
    """

    aligned: bool
    s0: int
    s1: int
    v0: int
    v1: int
    compound: bool = False


def spelling_key(word: str) -> str:
    """Return the form of a normalised word shared by its spelling variants.

    Covers the common British/American pairs: our/or, ise/ize, isation/
    ization, yse/yze, ence/ense, re/er, doubled l, ogue/og, dgement/dgment
    and ageing/aging, and the words no rule covers (``_SPELLING_WORDS``:
    programme/program, grey/gray, practise/practice, fulfilment, OK/okay ...).

    Example:
        >>> spelling_key("defence") == spelling_key("defense")
        True
        >>> spelling_key("four") == spelling_key("for")
        False

    """
    if word in _SPELLING_WORDS:
        return _SPELLING_WORDS[word]
    if _ANY_SPELLING_RULE.search(word) is None:
        return word  # no rule applies, so none can apply after another
    for pattern, replacement, min_length in _SPELLING_RULES:
        if len(word) >= min_length:
            word = pattern.sub(replacement, word, count=1)
    return word


_known_spelling_key = lru_cache(maxsize=1 << 16)(spelling_key)
"""``spelling_key`` remembered for the most recent words: news repeats its vocabulary."""


# Words written two ways that no spelling rule covers: one key each.
_SAME_WORDS = {"half": "1\u20442", "can't": "cannot"}


class _KeyIds(dict[str, int]):
    """``ids[norm]``: a small number per spelling key, the same for every pair a process scores.

    The aligner compares numbers, never strings (rapidfuzz would hash
    strings with the salted built-in ``hash()``), and any numbering gives
    the same alignment, so one numbering serves every pair and each word's
    key is worked out once per process rather than once per pair.
    """

    def __init__(self) -> None:
        super().__init__()
        self.numbers: dict[str, int] = {}

    def __missing__(self, norm: str) -> int:
        # "sixty" is "60" written out, "half" is "½" ("1⁄2"), "can't" is "cannot"
        key = spelling_key(_NUMBER_VALUES.get(norm, _SAME_WORDS.get(norm, norm)))
        self[norm] = number = self.numbers.setdefault(key, len(self.numbers))
        return number


class _CompoundKeys(dict[str, str]):
    """``keys[norm]`` is ``_compound_key(norm)``, remembered."""

    def __missing__(self, norm: str) -> str:
        self[norm] = key = _compound_key(norm)
        return key


_REMEMBERED_WORDS = 1 << 17
"""Most distinct words the caches below hold before they start afresh (about 60 MB).

Half of the 1M-sentence benchmark corpus holds about 80,000.
"""

_normalised = Normalised()
_key_ids = _KeyIds()
_compound_keys = _CompoundKeys()


class _Words:
    """The words of one text as columns: surface and normalised forms, spans, spelling-key ids.

    Columns rather than an object per word: a scan scores millions of
    words, and most of them only need their key compared.
    """

    __slots__ = ("_german", "_shouted", "ends", "keys", "norms", "size", "starts", "text",
                 "tokens")

    def __init__(self, text: str) -> None:
        # ``token_columns`` with lists for offsets: NumPy's fixed cost per call
        # is more than a short passage's words cost.
        parts = token_parts(text)
        offsets = list(itertools.accumulate(map(len, parts)))
        tokens = parts[1::2]
        starts, ends = offsets[0:-1:2], offsets[1::2]
        furniture = page_furniture(text, repeated=False)
        if furniture:  # a page number or running header at a page break: no one's words
            tokens, starts, ends = _without(furniture, tokens, starts, ends)
        norms = list(map(_normalised.__getitem__, tokens))
        self.text = text
        self.tokens: list[str] = tokens
        """The words as written: ``text[starts[i] : ends[i]]`` is ``tokens[i]``."""
        self.starts: list[int] = starts
        self.ends: list[int] = ends
        self.norms = norms
        self.size = len(norms)
        # Nine texts in ten have none of these words: one pass over the
        # words tells, rather than one for each way of writing a number.
        joined = not _NUMBER_AND_DATE_WORDS.isdisjoint(norms)
        if joined:
            _spell_out_magnitudes(text, self.starts, self.ends, norms)
            if not _LARGE_NUMBERS.isdisjoint(norms):
                _count_one(norms)
        if "%" in text:
            _mark_percentages(text, self.starts, self.ends, tokens, norms)
        if joined and not _MONTHS.keys().isdisjoint(norms):
            self.tokens, self.starts, self.ends, self.norms = _join_dates(
                text, tokens, self.starts, self.ends, norms)
            self.size = len(self.norms)
        if joined and not (_ORDINAL_ENDINGS.isdisjoint(self.norms)
                           and _ORDINAL_WORDS.isdisjoint(self.norms)):
            self.tokens, self.starts, self.ends, self.norms = _join_ordinals(
                text, self.tokens, self.starts, self.ends, self.norms)
            self.size = len(self.norms)
        # Most texts have no decade or fraction: one pass over the words
        # (and one over the text for "1/2" and "½") tells.
        joining = not _DECADE_OR_FRACTION_WORDS.isdisjoint(self.norms)
        if joining and ("s" in self.norms or not _DECADE_WORDS.keys().isdisjoint(self.norms)):
            self.tokens, self.starts, self.ends, self.norms = _join_decades(
                text, self.tokens, self.starts, self.ends, self.norms)
            self.size = len(self.norms)
        if (joining and not _FRACTION_WORDS.isdisjoint(self.norms) or "/" in text
                or not text.isascii() and _VULGAR_CHAR.search(text)):
            self.tokens, self.starts, self.ends, self.norms = _join_fractions(
                text, self.tokens, self.starts, self.ends, self.norms)
            self.size = len(self.norms)
        self.keys = list(map(_key_ids.__getitem__, self.norms))
        self._shouted: bool | None = None
        self._german: bool | None = None

    @property
    def shouted(self) -> bool:
        """Whether the text is written in capitals throughout, as broadcast captions are.

        Then a capital tells no name. Worked out at the first name looked for.
        """
        if self._shouted is None:
            self._shouted = self.text.isupper()
        return self._shouted

    @property
    def german(self) -> bool:
        """Whether the text is German, which gives every noun a capital, not names only.

        Told by its words that no English text holds (``und``, ``nicht``,
        ``ist`` ...). Worked out at the first name looked for.
        """
        if self._german is None:
            self._german = not _GERMAN_WORDS.isdisjoint(self.norms)
        return self._german

    def surfaces(self, first: int, last: int) -> str:
        """The surface forms of words ``[first, last)``, joined by spaces.

        Chinese and Japanese characters (each a word) that touch in the text
        are joined as written: ``主持``, not ``主 持``.
        """
        if last - first == 1:  # most edits change a word
            return self.tokens[first]
        joined = " ".join(self.tokens[first:last])
        if joined.isascii() or not _CJK_CHAR.search(joined):
            return joined
        tokens, starts, ends = self.tokens, self.starts, self.ends
        pieces = [tokens[first]]
        for index in range(first + 1, last):
            touching = ends[index - 1] == starts[index] and (
                _CJK_CHAR.fullmatch(tokens[index - 1]) or _CJK_CHAR.fullmatch(tokens[index]))
            pieces.append(tokens[index] if touching else " " + tokens[index])
        return "".join(pieces)


def _without(
    spans: Sequence[tuple[int, int]], tokens: list[str], starts: list[int], ends: list[int]
) -> tuple[list[str], list[int], list[int]]:
    """The words (surface forms, starts and ends) that lie outside the sorted ``spans``."""
    kept = []
    at = 0
    for index, start in enumerate(starts):
        while at < len(spans) and spans[at][1] <= start:
            at += 1
        if at == len(spans) or start < spans[at][0]:
            kept.append(index)
    return ([tokens[i] for i in kept], [starts[i] for i in kept], [ends[i] for i in kept])


# One Chinese or Japanese character, a word of its own (``dedup.shingle``).
_CJK_CHAR = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")


def _spell_out_magnitudes(text: str, starts: list[int], ends: list[int], norms: list[str]) -> None:
    """Give short magnitudes after digits the long word as ``norm``, in place.

    ``£5m`` gives the words ``5`` and ``m`` (norm ``million``); the ``m``
    must follow the digits directly or after spaces on the same line.
    """
    if _MAGNITUDES.keys().isdisjoint(norms):
        return
    for index in range(1, len(norms)):
        between = text[ends[index - 1] : starts[index]]
        if (
            norms[index] in _MAGNITUDES
            and norms[index - 1][:1].isdigit()
            and all(char.isspace() and char != "\n" for char in between)
        ):
            norms[index] = _MAGNITUDES[norms[index]]


_LARGE_NUMBERS = frozenset({"hundred", "thousand", "million", "billion", "trillion"})


def _count_one(norms: list[str]) -> None:
    """Give "a", "an" and "one" before hundred ... trillion the norm "1", in place.

    So "a billion euro", "one billion euro" and "€1bn" have the same number.
    """
    for index in range(len(norms) - 1):
        if norms[index] in ("a", "an", "one") and norms[index + 1] in _LARGE_NUMBERS:
            norms[index] = "1"


def _join_dates(
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
    candidates = sorted({at for month, norm in enumerate(norms) if norm in _MONTHS
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
        if at + 1 < len(norms) and norms[at + 1] in _ORDINAL_ENDINGS and starts[at + 1] == ends[at]:
            return at + 1, str(int(norms[at]))
        return at, str(int(norms[at]))

    def month(at: int) -> str | None:
        # Written in lower case, a full name is a month still ("on january
        # 12", as a post or a copy typed in lower case has it), but not the
        # verbs "may" and "march".
        if at < len(norms) and norms[at] in _MONTHS and (
                tokens[at][:1].isupper() or norms[at] in _LOWER_CASE_MONTHS):
            return _MONTHS[norms[at]]
        return None

    def spaced(left: int) -> bool:  # only spaces after word ``left`` ("Sept. 11"), one line break
        between = text[ends[left] : starts[left + 1]] if left + 1 < len(starts) else "\n\n"
        if _MONTHS.get(norms[left], norms[left]) != norms[left]:  # an abbreviated month
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


_MONTHS = {
    name: full
    for full in ("january", "february", "march", "april", "may", "june", "july", "august",
                 "september", "october", "november", "december")
    for name in (full, full[:3], "sept" if full == "september" else full)
}
_LOWER_CASE_MONTHS = frozenset(("january", "february", "april", "june", "july", "august",
                                "september", "october", "november", "december"))
_ORDINAL_ENDINGS = frozenset({"st", "nd", "rd", "th"})
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth", "tenth")


# Ordinals past the tenth in words, by value ("eleventh" is "11th"), and
# the tens that start one ("twenty-first", "twenty first").
_TENS_VALUES = {word: int(value) for word, value in _NUMBER_VALUES.items()
                if len(value) == 2 and value.endswith("0") and value != "10"}
_ORDINAL_WORD_VALUES = {word: value for value, word in enumerate(
    ("eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
     "seventeenth", "eighteenth", "nineteenth", "twentieth"), start=11)} | {
    word: 10 * tens for tens, word in enumerate(
        ("thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth",
         "ninetieth"), start=3)}
_ORDINAL_WORDS = frozenset(_ORDINAL_WORD_VALUES) | frozenset(_TENS_VALUES)


# The words one of the passes above joins or renames: a text without any
# is left as split.
_NUMBER_AND_DATE_WORDS = (frozenset(_MAGNITUDES) | _LARGE_NUMBERS | frozenset(_MONTHS)
                          | _ORDINAL_ENDINGS | _ORDINAL_WORDS)


def _ordinal(value: int) -> str:
    """``value`` as an ordinal in digits: ``21st``, ``12th``."""
    ending = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{ending}"


def _join_ordinals(
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
                  if norm in _ORDINAL_WORDS or norm in _ORDINAL_ENDINGS and index]
    joins: list[tuple[int, int, str]] = []
    free = 0  # the first word no ordinal holds yet
    for candidate in candidates:
        index = candidate - 1 if norms[candidate] in _ORDINAL_ENDINGS else candidate
        if index < free:
            continue
        norm = norms[index]
        following = norms[index + 1] if index + 1 < len(norms) else ""
        joined = None
        if (following in _ORDINAL_ENDINGS and starts[index + 1] == ends[index]
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


def _mark_percentages(
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
_DECADE_WORDS = {word: f"{10 * tens}s" for tens, word in enumerate(
    ("twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties",
     "nineties"), start=2)}
# A decade in digits: "1980" or "80" before the "s" that tokens split off.
_DECADE_DIGITS = re.compile(r"(?:1[0-9]|20)?[0-9]0")


def _join_decades(
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
        if norm in _DECADE_WORDS:
            norms[index] = _DECADE_WORDS[norm]  # one word: renamed in place
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
_FRACTION_WORDS = frozenset(_DENOMINATORS)
_DECADE_OR_FRACTION_WORDS = _FRACTION_WORDS | frozenset(_DECADE_WORDS) | {"s"}
# A fraction written with a slash ("1/2", "3/4"): digits below a small
# denominator, as the vulgar fractions (``½``: ``1⁄2`` normalised) write it.
_SLASHED = re.compile(r"([1-9])/([1-9]|10)")
_VULGAR = re.compile(r"(\d{1,3})⁄(\d{1,3})")
_VULGAR_CHAR = re.compile("[\u00bc-\u00be\u2150-\u215e]")
_ONE = frozenset({"a", "an", "one", "1"})
# A slash, or a mark before a digit, beside a fraction's digits: a date or a decimal.
_DIGIT_MARK = re.compile(r"/|[.,]\d")
_DIGIT_MARK_BEFORE = re.compile(r"(?:/|\d[.,])$")


def _join_fractions(
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
                             range(index - 2, index + 1) if norm in _FRACTION_WORDS
                             else (index,) if "\u2044" in norm or norm.isdecimal()
                             and text.startswith("/", ends[index]) else ())
                         if at >= 0})
    joins: list[tuple[int, int, str]] = []
    free = 0  # the first word no fraction holds yet
    for index in candidates:
        if index < free:
            continue
        joined = _fraction_at(text, starts, ends, norms, index)
        if joined is None and "\u2044" in norms[index] and _fraction(norms[index]) is not None:
            joined = index, norms[index]  # "½ a million" is "½ million"
        if joined is None:
            continue
        last, fraction = joined
        if (norms[last + 1 : last + 2] and norms[last + 1] in _ONE
                and norms[last + 2 : last + 3] and norms[last + 2] in _LARGE_NUMBERS):
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
        numerator = norm if norm.isdecimal() else _NUMBER_VALUES.get(norm, "")
        if numerator.isdecimal() and 2 <= int(numerator) < _DENOMINATORS[following]:
            return index + 1, f"{numerator}\u2044{_DENOMINATORS[following]}"  # "two thirds"
    if norm == "half" and following in _ONE and norms[index + 2 : index + 3] and (
            norms[index + 2] in _LARGE_NUMBERS):
        return index + 1, "1\u20442"  # "half a million"
    if (norm == "and" and following in _ONE and norms[index + 2 : index + 3] == ["half"]
            and index and _is_number_word(norms[index - 1])):
        return index + 2, "1\u20442"  # "three and a half"
    if (norm.isdecimal() and following.isdecimal() and int(norm) < int(following)
            and _SLASHED.fullmatch(text, starts[index], ends[index + 1])
            and not _DIGIT_MARK.match(text, ends[index + 1])
            and not _DIGIT_MARK_BEFORE.search(text[max(0, starts[index] - 2) : starts[index]])):
        return index + 1, f"{norm}\u2044{following}"  # "1/2", not "1/2/2020" or "1/2.5"
    return None


def _fraction(norm: str) -> float | None:
    """The value of a fraction's word (``1⁄2``, ``half``), or None."""
    if norm == "half":
        return 0.5
    match = _VULGAR.fullmatch(norm) if "⁄" in norm else None
    if match is None or not int(match[2]):
        return None
    return int(match[1]) / int(match[2])


def _forget_words_past_limit() -> None:
    """Start the word caches afresh when they hold too many words (between two pairs)."""
    if max(len(_normalised), len(_key_ids), len(_compound_keys), len(_special),
           len(_negated_stems)) > _REMEMBERED_WORDS:
        _source_words.cache_clear()  # its key ids are from the numbering that goes
        _normalised.clear()
        _key_ids.clear()
        _key_ids.numbers.clear()
        _compound_keys.clear()
        _special.clear()
        _negated_stems.clear()


def score(
    source_text: str, variant_text: str, *, material_weight: float = 3.0, context: bool = True
) -> Scored:
    """Score how faithfully ``variant_text`` reproduces ``source_text``.

    Args:
        source_text: The canonical passage.
        variant_text: Another occurrence, possibly with context around it.
        material_weight: What a one-word material edit costs, in words (at least 1).
        context: Whether ``variant_text`` may hold words around the passage
            (reporting such as "..., he said"). When False, as for the words
            between quotation marks, every word counts: words before the
            first or after the last aligned word are ``insert`` (or
            ``replace``) edits, never context or chance matches.

    Returns:
        The fidelity and the span of ``variant_text`` that was scored.

    Raises:
        ValueError: If ``material_weight`` is below 1.

    Example:
        >>> scored = score("It would depend.", "“It will depend,” he said.")
        >>> scored.fidelity.fidelity, scored.fidelity.label
        (0.0, 'altered')
        >>> scored.fidelity.edits[0].material
        'modal'

    """
    if not material_weight >= 1.0:
        raise ValueError(f"material_weight must be at least 1, got {material_weight}")
    _forget_words_past_limit()
    source = _source_words(source_text)
    if variant_text == source_text and source.norms:
        return _verbatim(source)
    variant = _Words(variant_text)
    segments = _align(source, variant)
    core = _core(segments)
    if core is None:
        return _unaligned(source, variant, material_weight)
    body = _body(source, variant, segments[core[0] : core[1] + 1]) if context else list(segments)
    first, last = body[0], body[-1]
    # Edits' variant offsets are into the scored span, which starts here.
    start = variant.starts[min(first.v0, variant.size - 1)]
    if variant_text[start - 1 : start] == "[":  # an editor's word opens the quote
        start -= 1
    edits: list[Edit] = []
    cost = 0.0
    costly = cosmetic = False
    matched = cut_words = noted = 0
    moved: list[str] | None = None  # worked out at the first name edit
    moved_numbers: list[str] | None = None  # and at the first number edit
    # A time code or a transcriber's note opening or closing the passage
    # ("0:05" above a sentence, "(laughter) I will ...") is no word a copy
    # of the sentence leaves out: cosmetic, not a trim.
    # A footnote's marker or a paragraph's number there is no word at all.
    lead_mark = first.s0 > 0 and _mark(source, 0, first.s0)
    tail_mark = last.s1 < source.size and _mark(source, last.s1, source.size)
    lead = first.s0 if first.s0 and (lead_mark or _note(source, 0, first.s0)) else 0
    tail = source.size - last.s1 if last.s1 < source.size and (tail_mark or _note(
        source, last.s1, source.size)) else 0
    trailing = last.s1 < source.size  # source words left out after the last scored one
    if first.s0 > 0 and not lead_mark:
        edits.append(
            _edit(source, 0, first.s0, variant, first.v0, first.v0, start,
                  variant_at=variant.starts[first.v0], trim=not lead, cosmetic=bool(lead))
        )
    for segment in body:
        aligned, s0, s1, v0, v1, compound = segment
        if aligned:
            matched += s1 - s0
            if compound:
                found = [] if _rewrapped(source, s0, s1, variant, v0, v1) else [
                    _edit(source, s0, s1, variant, v0, v1, start, cosmetic=True)]
            else:
                found = _cosmetic_edits(source, s0, s1, variant, v0, v1, start)
            cosmetic = cosmetic or bool(found)
            edits.extend(found)
            continue
        if segment is last and _cut_word(source, s0, s1, variant, v0, v1):
            # "... by the Russian mili…": a post cut at its length limit
            # quotes part of a word; the cut is the ellipsis's, a trim.
            # One trim with the words the quotation leaves out after it.
            edits.append(_edit(source, s0, source.size, variant, v1, v1, start, trim=True,
                               variant_at=variant.ends[v0]))
            cut_words += source.size - s0
            trailing = False
            continue
        if (s0 == s1 or _mark(source, s0, s1)) and (v0 == v1 or _mark(variant, v0, v1)):
            # A footnote's marker a PDF's text glues to a word ("justice.12
            # NATO"), on either side: no edit at all.
            noted += s1 - s0
            continue
        timed = v0 == v1 and _time_code(source, s0, s1)
        if (timed or s0 == s1 and (_disfluent(variant, v0, v1) or _time_code(variant, v0, v1))
                or v0 == v1 and _disfluent(source, s0, s1)):
            edits.append(_edit(source, s0, s1, variant, v0, v1, start, cosmetic=True,
                               source_at=_after(source, s0), variant_at=_after(variant, v0)))
            cosmetic = True
            noted += s1 - s0 if timed else 0
            continue
        material = _material(source, s0, s1, s0 == 0, variant, v0, v1, segment is first)
        if material == "number":
            if moved_numbers is None:
                moved_numbers = _moved_numbers(source, variant, body)
            if moved_numbers:
                material = _material(source, s0, s1, s0 == 0, variant, v0, v1, segment is first,
                                     moved_numbers=moved_numbers)
        if material == "name":
            if moved is None:
                moved = _moved_names(source, variant, body)
            if moved:
                material = _material(source, s0, s1, s0 == 0, variant, v0, v1, segment is first,
                                     moved)
        if v0 == v1 and material is None and _marks_cut(variant, v0):
            edits.append(_edit(source, s0, s1, variant, v0, v1, start, trim=True,
                               variant_at=_after(variant, v0)))
            cut_words += s1 - s0
            continue
        if material is None and (_same_number(source.norms[s0:s1], variant.norms[v0:v1])
                                 or _spelt_acronym(source, s0, s1, variant, v0, v1)
                                 or _lower_case_acronym(source, s0, s1, variant, v0, v1)
                                 or _clipped_name(source, s0, s1, variant, v0, v1)):
            edits.append(_edit(source, s0, s1, variant, v0, v1, start, cosmetic=True))
            cosmetic = True
            continue
        if material in (None, "name") and (_only_titles(source, s0, s1, variant, v0, v1)
                                           or _dropped_forenames(source, s0, s1, variant, v0, v1)):
            edits.append(_edit(source, s0, s1, variant, v0, v1, start, cosmetic=True,
                               source_at=_after(source, s0), variant_at=_after(variant, v0)))
            cosmetic = True
            continue
        if material in (None, "name") and s1 - s0 <= _MAX_BRACKETED and _bracketed(
                variant, v0, v1):
            edits.append(_edit(source, s0, s1, variant, v0, v1, start, cosmetic=True,
                               source_at=_after(source, s0)))
            cosmetic = True
            continue
        if material in (None, "name") and (
                v0 == v1 and (_transcribers_note(source, s0, s1) or _acronym_gloss(source, s0, s1)
                              or _referent_gloss(source, s0, s1))
                or s0 == s1 and (_acronym_gloss(variant, v0, v1)
                                 or _referent_gloss(variant, v0, v1))):
            edits.append(_edit(source, s0, s1, variant, v0, v1, start, cosmetic=True,
                               source_at=_after(source, s0), variant_at=_after(variant, v0)))
            cosmetic = True
            continue
        edits.append(
            _edit(source, s0, s1, variant, v0, v1, start, material,
                  source_at=_after(source, s0), variant_at=_after(variant, v0))
        )
        cost += _gap_cost(s1 - s0 - _fillers(source, s0, s1), v1 - v0 - _fillers(variant, v0, v1),
                          material, material_weight)
        costly = True
    if trailing and not tail_mark:
        edits.append(
            _edit(source, last.s1, source.size, variant, last.v1, last.v1, start,
                  variant_at=variant.ends[last.v1 - 1], trim=not tail, cosmetic=bool(tail))
        )
    tail = tail if trailing else 0  # a word cut by the ellipsis took the tail with it
    cosmetic = cosmetic or bool(lead and not lead_mark or tail and not tail_mark)
    noted += lead + tail
    trimmed_words = (first.s0 + (source.size - last.s1 if trailing else 0) + cut_words
                     - lead - tail)
    cost += TRIM_COST * trimmed_words
    # Time codes and fillers are no words the variant could have kept.
    spoken = source.size - noted
    if not _FILLERS.isdisjoint(source.norms):
        spoken -= _fillers(source, 0, source.size)
        noted += _fillers(source, first.s0, last.s1)
    inside = source.size - trimmed_words - noted
    label: Label
    if 2 * matched < inside or matched < min(_MIN_QUOTE_WORDS, spoken / 2):
        label = "paraphrase"
    elif costly:
        label = "altered"
    else:
        label = "cosmetic" if cosmetic else "verbatim"
    end = _through_sentence_end(variant_text, variant.ends[max(last.v1, 1) - 1])
    fidelity = Fidelity(_fidelity(cost, source.size), label, tuple(edits), trimmed_words > 0)
    return Scored(fidelity, start, end, cost)


def _fillers(words: _Words, first: int, last: int) -> int:
    """Count the fillers (``um``, ``uh`` ...) among words ``[first, last)``: they cost nothing."""
    return sum(norm in _FILLERS for norm in words.norms[first:last])


def _disfluent(words: _Words, first: int, last: int) -> bool:
    """Whether words ``[first, last)``, which the other side leaves out, are only disfluencies.

    Fillers (``um``, ``uh``), a phrase set off by pauses (``, you know,``),
    a word or words said twice (``we, we will``; ``in in the``, but not
    ``had had``) and a false start begun again with its first word, the
    speaker's subject (``we are, we have been``; up to
    ``_MAX_FALSE_START`` words, and none a negation, number or modal):
    what a newsroom cleans from speech it quotes. A run of repeated words
    may stand at several places (``we`` of ``we, we`` is either): each is
    tried.
    """
    if last - first > _MAX_DISFLUENCY:
        return False  # a clause left out: no stutter or false start is this long
    norms = words.norms
    kept = _spoken(words, first, last)
    if not kept:
        return True
    if (kept[-1] - kept[0] + 1 == len(kept) and tuple(norms[kept[0] : kept[-1] + 1]) in _MARKERS
            and _paused(words, kept[0]) and _paused(words, kept[-1] + 1)):
        return True
    keys, size = words.keys, last - first
    for shift in range(-size, size + 1):
        lo, hi = first + shift, last + shift
        if lo < 0 or hi > words.size:
            continue
        if shift < 0 and keys[lo:first] != keys[hi:last]:
            continue
        if shift > 0 and keys[first:lo] != keys[last:hi]:
            continue
        if _repeated(words, lo, hi) or _false_start(words, lo, hi):
            return True
    return False


def _spoken(words: _Words, first: int, last: int) -> list[int]:
    """The words of ``[first, last)`` that are no fillers."""
    return [at for at in range(first, last) if words.norms[at] not in _FILLERS]


def _repeated(words: _Words, first: int, last: int) -> bool:
    """Whether the words ``[first, last)`` are said again right before or after them."""
    said = _spoken(words, first, last)
    keys = [words.keys[at] for at in said]
    after = _spoken(words, last, min(words.size, last + 2 * len(said)))[: len(said)]
    before = _spoken(words, max(0, first - 2 * len(said)), first)[-len(said) :]
    for again in (after, before):
        if [words.keys[at] for at in again] != keys:
            continue
        lo, hi = min(said[0], again[0]), max(said[-1], again[-1])
        if (len(said) < hi - lo + 1 - len(said)  # a filler between
                or _PAUSE.search(words.text, words.ends[lo], words.starts[hi])
                or not all(words.norms[at] in _DOUBLED for at in said)):
            return True
    return False


def _false_start(words: _Words, first: int, last: int) -> bool:
    """Whether ``[first, last)`` is a false start: a pause, then the same first word again."""
    said = _spoken(words, first, last)
    again = _spoken(words, last, min(words.size, last + 3))
    return (bool(again) and len(said) <= _MAX_FALSE_START
            and words.norms[said[0]] in _FALSE_START_SUBJECTS
            and words.keys[said[0]] == words.keys[again[0]]
            and not any(_special[words.norms[at]] for at in said)
            and _PAUSE.search(words.text, words.ends[said[-1]], words.starts[again[0]])
            is not None)


def _paused(words: _Words, index: int) -> bool:
    """Whether a pause (or the text's edge) stands before word ``index``."""
    if index <= 0 or index >= words.size:
        return True
    return _PAUSE.search(words.text, words.ends[index - 1], words.starts[index]) is not None


def _marks_cut(variant: _Words, index: int) -> bool:
    """Whether an ellipsis (``…``, ``...``, ``[...]``) stands just before word ``index``."""
    return 0 < index < variant.size and _ELLIPSIS.search(
        variant.text, variant.ends[index - 1], variant.starts[index]) is not None


def _cut_word(source: _Words, s0: int, s1: int, variant: _Words, v0: int, v1: int) -> bool:
    """Whether variant word ``v0``, alone in the gap, is source word ``s0`` cut by an ellipsis.

    ``mili…`` for ``military``, as a post or a link preview cut at its
    length limit ends; only at the end of what is scored, where no aligned
    word follows (``60… sites`` for ``600 sites`` is a number changed).
    """
    if v1 - v0 != 1 or s0 == s1:
        return False
    fragment, word = variant.norms[v0], source.norms[s0]
    return (len(fragment) < len(word) and word.startswith(fragment)
            and _ELLIPSIS.match(variant.text, variant.ends[v0]) is not None)


def _only_titles(source: _Words, s0: int, s1: int, variant: _Words, v0: int, v1: int) -> bool:
    """Whether the gap adds or drops titles only ("Mr Stoltenberg": "Stoltenberg").

    Courtesy titles anywhere; offices ("President", "Prime Minister") only
    before a capitalised word, a name that stays.
    """
    if s0 < s1 and v0 < v1:
        return False
    words, first, last = (source, s0, s1) if s0 < s1 else (variant, v0, v1)
    norms = words.norms[first:last]
    if all(norm in _TITLES for norm in norms):
        return True
    return (last < words.size and words.tokens[last][:1].isupper()
            and not _sentence_start(words.text, words.starts[last])
            and all(norm in _OFFICES and surface[:1].isupper()
                    for norm, surface in zip(norms, words.tokens[first:last], strict=True)))


def _dropped_forenames(source: _Words, s0: int, s1: int, variant: _Words, v0: int, v1: int
                       ) -> bool:
    """Whether the gap leaves out forenames before a surname both keep ("Kevan Roberts": "Roberts").

    The source words are up to ``_MAX_FORENAMES`` capitalised words (and
    titles) joined to the surname by spaces only; the variant has nothing
    there, or a title ("Mr Roberts"). Only left out: a forename the copy
    adds, or puts for another, may name someone else ("Bill" for "Hillary").
    And only of a person: the copy puts a courtesy title there, or one
    stands before the forename or before the surname elsewhere in either
    text ("Mr Roberts"); "North America" for "America" drops no forename.
    """
    if not s0 < s1 <= s0 + _MAX_FORENAMES or s1 >= source.size or v1 >= variant.size:
        return False
    if source.keys[s1] != variant.keys[v1] or not source.tokens[s1][:1].isupper():
        return False
    if source.norms[s1] in _OFFICES or source.norms[s1] in _MONTHS or source.shouted:
        return False
    text = source.text
    if not all(text[source.ends[index] : source.starts[index + 1]].isspace()
               for index in range(s0, s1)):
        return False  # "Mile End Road, Colchester": a place, not a forename
    if not all(surface[:1].isupper() for surface in source.tokens[s0:s1]):
        return False
    if all(norm in _OFFICES for norm in source.norms[s0:s1]):
        return False  # "Mrs Brown" -> "Ms Brown": a title changed, no forename
    if not all(norm in _OFFICES and surface[:1].isupper()
               for norm, surface in zip(variant.norms[v0:v1], variant.tokens[v0:v1], strict=True)):
        return False
    return (any(norm in _TITLES for norm in variant.norms[v0:v1])
            or s0 > 0 and source.norms[s0 - 1] in _TITLES
            or _titled(source, source.keys[s1]) or _titled(variant, source.keys[s1]))


def _titled(words: _Words, key: int) -> bool:
    """Whether the word of spelling-key id ``key`` comes after a courtesy title in the text."""
    keys, norms = words.keys, words.norms
    return any(keys[index] == key and norms[index - 1] in _TITLES
               for index in range(1, words.size))


def _bracketed(words: _Words, first: int, last: int, brackets: str = "[]") -> bool:
    """Whether words ``[first, last)`` are all that stands in one pair of ``brackets``.

    Square brackets hold an editor's words ("[NATO] will", "[inaudible]").
    """
    if first == last:
        return False
    text, opening, closing = words.text, brackets[0], brackets[1]
    before = text.rfind(opening, words.ends[first - 1] if first else 0, words.starts[first])
    end = words.ends[last - 1]
    after = text.find(closing, end, words.starts[last] if last < words.size else len(text))
    return before >= 0 and after >= 0 and not any(
        char in brackets for char in text[words.starts[first] : end])


def _referent_gloss(words: _Words, first: int, last: int) -> bool:
    """Whether words ``[first, last)`` are a name in parentheses saying whom a pronoun means.

    "he (Mr Howard) had been bribed", "he (Al Fayed) was paying off": up
    to ``_MAX_BRACKETED`` capitalised words in parentheses right after a
    third-person pronoun, an editor's note as ``[Emmanuel Macron]`` is,
    added or left out.
    """
    return (first > 0 and last - first <= _MAX_BRACKETED
            and words.norms[first - 1] in _PRONOUNS
            and all(token[:1].isupper() for token in words.tokens[first:last])
            and _bracketed(words, first, last, "()"))


def _transcribers_note(source: _Words, first: int, last: int) -> bool:
    """Whether source words ``[first, last)`` are a note in a transcript, not spoken words.

    That is words in square brackets ("[inaudible]", "[Laughter]"), or in
    parentheses that stand as a sentence of their own ("... Ukraine.
    (Applause.) And ..."), not an aside within one ("Accelerator (DIANA)");
    or the words of a stage note in parentheses anywhere, as broadcast
    transcripts print them mid-sentence ("go into (LAUGHTER) the details",
    "(CROSSTALK)", "Kuleba (ph)").
    """
    if _bracketed(source, first, last):
        return True
    if not _bracketed(source, first, last, "()"):
        return False
    if _STAGE_WORDS.issuperset(source.norms[first:last]):
        return True
    text, start = source.text, source.starts[first]
    return first == 0 or "\n" in text[source.ends[first - 1] : start] or _sentence_start(
        text, start)


# The words of a transcriber's stage notes: what happened, not what was said.
_STAGE_WORDS = frozenset(
    {"laughter", "laughs", "laughing", "applause", "crosstalk", "cross", "talk", "inaudible"}
    | {"unintelligible", "indiscernible", "ph", "sic", "cheers", "cheering", "booing", "boos"}
    | {"groans", "pause", "pauses", "silence", "music", "coughs", "coughing", "sighs", "off"}
    | {"mic", "microphone", "speaking", "foreign", "language", "through", "translator"}
    | {"interpreter", "translated", "as", "audio", "video", "gap", "begin", "end", "clip"}
    | {"commercial", "break", "technical", "difficulties", "background", "noise", "phonetic"}
)


def _note(words: _Words, first: int, last: int) -> bool:
    """Whether words ``[first, last)`` are a time code or a transcriber's note, no speech."""
    return _time_code(words, first, last) or _transcribers_note(words, first, last)


def _time_code(words: _Words, first: int, last: int) -> bool:
    """Whether words ``[first, last)`` are a transcript's time code, not speech.

    A time code (``00:01:23``, ``1:05``, ``00:01:23.450``, or a caption's
    ``00:01:23,450 --> 00:01:25,100``) in brackets or parentheses, or on a
    line of its own: ``[00:02:33]`` as much a transcriber's note as
    ``[inaudible]``, whose digits are no number anyone said. A time said
    in a sentence (``at 10:30``) is none.
    """
    text = words.text
    start, end = words.starts[first], words.ends[last - 1]
    if _TIME_CODES.fullmatch(text, start, end) is None:
        return False
    if _bracketed(words, first, last) or _bracketed(words, first, last, "()"):
        return True
    while start and text[start - 1] in " \t":
        start -= 1
    while end < len(text) and text[end] in " \t":
        end += 1
    return (start == 0 or text[start - 1] in "\r\n") and (end == len(text) or text[end] in "\r\n")


# A paragraph's number opening a text or a line ("12. The Allies ...", "3) We").
_PARAGRAPH_NUMBER = re.compile(r"[0-9]{1,3}[.)]\s")


def _mark(words: _Words, first: int, last: int) -> bool:
    """Whether words ``[first, last)`` are a footnote's markers, or a paragraph's number, no words.

    A PDF's text glues a footnote's marker to the word it notes, after the
    mark that ends it (``justice.12 NATO``: ``dedup.layout.footnote_marker``);
    numbered paragraphs (``12. The Allies``) open with their number, at the
    passage's start or a line's.
    """
    text = words.text
    return all(footnote_marker(text, words.starts[index], words.ends[index])
               or _paragraph_number(words, index) for index in range(first, last))


def _paragraph_number(words: _Words, index: int) -> bool:
    """Whether word ``index`` numbers a paragraph: digits and ``.`` or ``)`` opening a line."""
    start = words.starts[index]
    if _PARAGRAPH_NUMBER.match(words.text, start) is None:
        return False
    before = words.text[words.ends[index - 1] if index else 0 : start]
    line_start = max(before.rfind("\n"), before.rfind("\r"))
    if line_start < 0:
        return not index and not before.strip()
    return not before[line_start + 1 :].strip()


def _acronym_gloss(words: _Words, first: int, last: int) -> bool:
    """Whether word ``first`` (alone) is an acronym in parentheses after the words it stands for.

    "the Food and Agriculture Organisation (FAO)": dropping or adding the
    acronym changes no name.
    """
    acronym = words.tokens[first]
    if last - first != 1 or len(acronym) < 2 or not (acronym.isupper() and acronym.isalpha()):
        return False
    if not _bracketed(words, first, last, "()"):
        return False
    before = words.tokens[max(0, first - 3 * len(acronym)) : first]
    return "".join(token[0] for token in before if token[:1].isupper()).endswith(acronym)


def _verbatim(source: _Words) -> Scored:
    """What ``score`` finds for a copy equal to the passage, without aligning it.

    Verbatim copies are common (news repeats agency copy word for word):
    they align in one run, so nothing is trimmed, edited or left as context.
    """
    end = _through_sentence_end(source.text, source.ends[-1])
    return Scored(Fidelity(_fidelity(0.0, source.size), "verbatim", (), False),
                  source.starts[0], end, 0.0)


def _through_sentence_end(text: str, end: int) -> int:
    """Move ``end`` past sentence-final ``.!?…`` right after it."""
    while end < len(text) and text[end] in _SENTENCE_END:
        end += 1
    return end


@lru_cache(maxsize=64)
def _source_words(text: str) -> _Words:
    """The words of a canonical passage, which is scored against each of its variants."""
    return _Words(text)


def _body(source: _Words, variant: _Words, core: Sequence[_Segment]) -> list[_Segment]:
    """Return the scored segments: the core plus swapped words at its edges.

    Variant words joined to the first or last aligned word with nothing but
    spaces (or a hyphen, or square brackets) between them are a substitution rather than context
    when there are no more of them than leftover source words on that side
    and, before the core, they follow an opening quotation mark (or are one
    word opening the text): ``“They now see`` for ``We now see``, but not
    ``He warned of a further push`` for ``we expect a further push``; nor
    a web address (``... Ukraine https://t.co/x``, a post's link). A
    negation written on to the first aligned word is in the body too.
    """
    first, last = core[0], core[-1]
    body = list(core)
    before = _attached(variant, first.v0, -1, first.s0)
    if before and _opens(variant.text, variant.starts[first.v0 - before], before):
        body.insert(0, _Segment(False, first.s0 - before, first.s0, first.v0 - before, first.v0))
    elif _negation_before(variant, first.v0):
        body.insert(0, _Segment(False, first.s0, first.s0, first.v0 - 1, first.v0))
    after = (_attached(variant, last.v1 - 1, 1, source.size - last.s1)
             or _swapped_end(source, last.s1, variant, last.v1))
    if after:
        body.append(_Segment(False, last.s1, last.s1 + after, last.v1, last.v1 + after))
    return body


def _negation_before(variant: _Words, v0: int) -> bool:
    """Whether the variant's word right before its first aligned one negates it.

    ``Belgium is not trying to extradite`` for ``... trying to extradite``:
    whatever the words before it are, a ``not`` (``never``, ``isn't``)
    written on to the words the source has is no context but a changed
    negation.
    """
    if v0 < 1:
        return False
    text = variant.text
    if any(_is_boundary(char) for char in text[variant.ends[v0 - 1] : variant.starts[v0]]):
        return False
    return _negations([variant.norms[v0 - 1]]) > 0


def _swapped_end(source: _Words, s1: int, variant: _Words, v1: int) -> int:
    """Count the variant's last words that stand for the source's, after the same mark.

    ``... in Blackburn, Beatles.`` for ``... in Blackburn, Lancashire.``,
    ``on September 7, 1997.`` for ``on September 7, 1996.``: the source
    ends with names or numbers after a mark (a comma), and the variant,
    after the same mark, ends its sentence with as many words of the same
    kinds, capitalised for capitalised, numbers for numbers. They are a
    changed name or number, not context; ``..., Stoltenberg said.`` is
    context still (``said`` is no name). Returns 0 when they are not.
    """
    count = source.size - s1
    if not 0 < count <= 2 or not 0 < v1 < variant.size or v1 + count > variant.size:
        return 0
    marks = _mark_between(source, s1 - 1)
    if not marks or marks != _mark_between(variant, v1 - 1):
        return 0
    if _attached(variant, v1, 1, count) != count - 1:  # the words run on to a mark
        return 0
    last = v1 + count - 1
    after = variant.text[variant.ends[last] : variant.starts[last + 1]] if last + 1 < variant.size \
        else variant.text[variant.ends[last] :]
    if not any(char in _SENTENCE_END for char in after) and last + 1 < variant.size:
        return 0
    for offset in range(count):
        kinds = {_word_kind(words, at) for words, at in ((source, s1 + offset),
                                                         (variant, v1 + offset))}
        if len(kinds) != 1 or kinds == {"other"}:
            return 0
    return count


def _mark_between(words: _Words, left: int) -> str:
    """The marks between word ``left`` and the next, without spaces and currency signs."""
    between = words.text[words.ends[left] : words.starts[left + 1]]
    return "".join(char for char in between if not char.isspace() and char not in _CURRENCY)


def _word_kind(words: _Words, at: int) -> str:
    """``number`` (digits), ``name`` (capitalised) or ``other``, for ``_swapped_end``."""
    token = words.text[words.starts[at] : words.ends[at]]
    if token[:1].isdigit():
        return "number"
    return "name" if token[:1].isupper() else "other"


def _attached(words: _Words, index: int, step: int, limit: int) -> int:
    """Count the words that run on from word ``index`` in direction ``step``.

    Stops at the first boundary (punctuation, quotation mark, line break);
    returns 0 when more than ``limit`` words run on.
    """
    text, starts, ends = words.text, words.starts, words.ends
    count = 0
    while 0 <= index + step < len(starts):
        left = min(index, index + step)
        if any(_is_boundary(char) for char in text[ends[left] : starts[left + 1]]):
            break
        if _in_url(text, starts[index + step]):  # a post's link: ``Ukraine https://t.co/x``
            break
        count += 1
        index += step
        if count > limit:
            return 0
    return count


# A web address: a scheme, ``www.``, or a host name before a path
# (``pic.twitter.com/x``, ``t.co/x``; not ``U.S./EU`` nor ``Ukraine.Including``).
_URL = re.compile(r"[a-z][a-z0-9+.\-]*://|\bwww\.|(?:[\w\-]+\.)+[a-z]{2,}/", re.IGNORECASE)


def _in_url(text: str, at: int) -> bool:
    """Whether the word at ``at`` is part of a web address (``https://t.co/x``, ``t.co/x``)."""
    start = at
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = at
    while end < len(text) and not text[end].isspace():
        end += 1
    return _URL.search(text, start, end) is not None


def _is_boundary(char: str) -> bool:
    """Tell whether a character between two words separates clauses.

    Square brackets do not: they mark an editor's words inside the quote;
    nor does a currency sign, part of the amount after it (``about £200``).
    """
    return char == "\n" or not (char.isspace() or char in _JOINERS or char in "[]"
                                or char in _CURRENCY)


_CURRENCY = frozenset(chr(point) for point in range(0x10000)
                      if unicodedata.category(chr(point)) == "Sc")


def _opens(text: str, position: int, words: int) -> bool:
    """Tell whether ``words`` words at ``position`` open a quote or (one word) the text."""
    index = position - 1
    while index >= 0 and (text[index].isspace() or text[index] == "["):
        index -= 1
    return (index < 0 and words == 1) or (index >= 0 and text[index] in _OPENING_QUOTES)


def fidelity_of(cost: float, words: int) -> float:
    """Return ``1 - cost / max(1, words)``, clamped at 0, rounded to 4 decimals.

    Example:
        >>> fidelity_of(3.0, 12)
        0.75

    """
    return _fidelity(cost, words)


def _fidelity(cost: float, words: int) -> float:
    """Return ``1 - cost / max(1, words)``, clamped at 0, rounded to 4 decimals."""
    return round(max(0.0, 1.0 - cost / max(1, words)), 4)


def _gap_cost(source_words: int, variant_words: int, material: object, weight: float) -> float:
    """Cost of one gap: a word per word, plus ``weight - 1`` once if material.

    Changing one modal costs ``weight`` words, while dropping a five-word
    clause that holds a modal costs 5 (it is an omission, not material).
    """
    return max(source_words, variant_words) + (weight - 1.0 if material else 0.0)


def _unaligned(source: _Words, variant: _Words, material_weight: float) -> Scored:
    """Score a variant none of whose words align: one edit over everything."""
    variant_text = variant.text
    start = len(variant_text) - len(variant_text.lstrip())
    end = max(start, len(variant_text.rstrip()))
    if not source.norms and not variant.norms:
        return Scored(Fidelity(1.0, "verbatim"), start, end)
    material = _material(source, 0, source.size, True, variant, 0, variant.size, True)
    cost = _gap_cost(source.size, variant.size, material, material_weight)
    edit = _edit(source, 0, source.size, variant, 0, variant.size, start, material,
                 variant_at=start)
    fidelity = Fidelity(_fidelity(cost, source.size), "paraphrase", (edit,))
    return Scored(fidelity, start, end, cost, aligned=False)


def _align(source: _Words, variant: _Words) -> list[_Segment]:
    """Cut both texts' words into aligned segments and gaps, in text order."""
    segments: list[_Segment] = []
    s = v = 0
    blocks = equal_blocks(source.keys, variant.keys)
    if len(blocks) > 1:
        gathered = _gathered(blocks, source.keys, variant.keys)
        # A stutter or false start left out ("They are, they also") is
        # cosmetic where it is: moved to the edge it would be a trim.
        if len(gathered) < len(blocks) and not _disfluent_gap(source, variant, blocks):
            blocks = gathered
        if "." in variant.text or "…" in variant.text:
            blocks = _cuts_at_ellipses(blocks, source, variant)
    for s0, s1, v0, v1 in blocks:
        if s < s0 or v < v0:
            segments.extend(_split_gap(source, variant, s, s0, v, v0))
        segments.append(_Segment(True, s0, s1, v0, v1))
        s, v = s1, v1
    if s < source.size or v < variant.size:
        segments.extend(_split_gap(source, variant, s, source.size, v, variant.size))
    return segments


Block = tuple[int, int, int, int]


def _cuts_at_ellipses(blocks: list[Block], source: _Words, variant: _Words) -> list[Block]:
    """Move each cut of source words to the variant's ellipsis beside it, where one is.

    "He said one ... was between 5ft 8in" for "He said one was aged between
    22 and 25 and was between 5ft 8in": the longest common subsequence may
    pair the "was" after the ellipsis with the first "was", which puts the
    cut, "aged ... and was", one word after the ellipsis that marks it, and
    makes it a costly deletion. The same words stand at both ends of the
    cut, so it moves to the ellipsis ("was aged ... and"), as many words
    back or forward as it takes, keeping every pair of aligned words equal.
    """
    out = list(blocks)
    keys = source.keys
    for index in range(len(out) - 1):
        p0, p1, q0, q1 = out[index]
        s0, s1, v0, v1 = out[index + 1]
        if q1 != v0 or p1 == s0 or _marks_cut(variant, v0):
            continue  # not a cut, or one at its ellipsis already
        for shift in range(1, min(q1 - q0, p1) + 1):  # back: the cut's words end it too
            if keys[p1 - shift] != keys[s0 - shift]:
                break
            if _marks_cut(variant, v0 - shift):
                out[index] = (p0, p1 - shift, q0, q1 - shift)
                out[index + 1] = (s0 - shift, s1, v0 - shift, v1)
                break
        else:
            for shift in range(1, min(v1 - v0, s1 - s0) + 1):  # forward
                if keys[p1 + shift - 1] != keys[s0 + shift - 1]:
                    break
                if _marks_cut(variant, v0 + shift):
                    out[index] = (p0, p1 + shift, q0, q1 + shift)
                    out[index + 1] = (s0 + shift, s1, v0 + shift, v1)
                    break
    return [block for block in out if block[1] > block[0]]


def _disfluent_gap(source: _Words, variant: _Words, blocks: Sequence[Block]) -> bool:
    """Whether words one side leaves out between two runs are disfluencies (``_disfluent``)."""
    for (_, p1, _, q1), (s0, _, v0, _) in itertools.pairwise(blocks):
        if (q1 == v0 and _disfluent(source, p1, s0)) or (p1 == s0 and _disfluent(variant, q1, v0)):
            return True
    return False


def _gathered(blocks: list[Block], source: Sequence[int], variant: Sequence[int]) -> list[Block]:
    """Move aligned words of a longest common subsequence so that fewer runs hold them.

    An LCS may pair a word with an earlier copy of it: "cruelty by failing
    to provide" against "cruelty to a child by regular attacks, cruelty by
    failing to provide" pairs "cruelty" and "by" with the first ones, and
    a verbatim piece of the sentence gets two deletions inside it. A run
    that the variant words before it also match, right before it in the
    source, takes them over when that empties whole runs: the same number
    of aligned words in fewer runs, the words left out then before the
    piece (a trim) rather than inside it. The same forwards, for a run that
    the words after it match.
    """
    blocks = _gathered_back(blocks, source, variant)
    size_s, size_v = len(source), len(variant)
    mirrored = [(size_s - s1, size_s - s0, size_v - v1, size_v - v0)
                for s0, s1, v0, v1 in reversed(blocks)]
    mirrored = _gathered_back(mirrored, source[::-1], variant[::-1])
    return [(size_s - s1, size_s - s0, size_v - v1, size_v - v0)
            for s0, s1, v0, v1 in reversed(mirrored)]


def _gathered_back(blocks: list[Block], source: Sequence[int], variant: Sequence[int]
                   ) -> list[Block]:
    """``_gathered`` backwards: runs take over the equal words before them."""
    blocks = list(blocks)
    index = len(blocks) - 1
    while index >= 1 and len(blocks) > 1:
        s0, s1, v0, v1 = blocks[index]
        extra = 0
        while (extra < min(s0, v0)
               and source[s0 - extra - 1] == variant[v0 - extra - 1]):
            extra += 1
        first_v = v0 - extra
        kept = index
        while kept > 0 and blocks[kept - 1][2] >= first_v:
            kept -= 1  # runs wholly taken over
        if extra == 0 or kept == index:
            index -= 1
            continue
        before = blocks[:kept]
        if before and before[-1][3] > first_v:  # a run partly taken over keeps its start
            p0, _, q0, _ = before[-1]
            before[-1] = (p0, p0 + first_v - q0, q0, first_v)
        if before and before[-1][1] > s0 - extra:
            index -= 1  # the words would cross a run kept before them
            continue
        blocks = [*before, (s0 - extra, s1, first_v, v1), *blocks[index + 1:]]
        index = len(before)
    return blocks


ALIGN_CELLS = 100_000_000
"""Largest ``len(source) * len(variant)`` aligned in one piece (two 10,000-word passages)."""

ALIGN_WINDOW = 4_000
"""Words of each side aligned at once when a pair is larger than ``ALIGN_CELLS``."""


def equal_blocks(source: Sequence[int], variant: Sequence[int]) -> list[tuple[int, int, int, int]]:
    """The runs of equal words of a longest common subsequence: ``(s0, s1, v0, v1)`` each.

    rapidfuzz's ``Indel`` keeps a bit matrix of both lengths, so two huge
    passages (two copies of a 50 MB document) would need gigabytes. A pair
    larger than ``ALIGN_CELLS`` is aligned a window of ``ALIGN_WINDOW``
    words at a time: the runs that end in the first half of a window are
    kept, and the next window starts where the last of them ends. Work and
    memory are then linear in the length; passages of normal size are
    aligned in one piece, exactly as before.

    Example:
        >>> equal_blocks([1, 2, 3, 4], [1, 9, 3, 4])
        [(0, 1, 0, 1), (2, 4, 2, 4)]

    """
    if source == variant and source:  # a copy differing only in case, punctuation or spelling
        return [(0, len(source), 0, len(variant))]
    if len(source) * len(variant) <= ALIGN_CELLS:
        return _opcode_blocks(source, variant, 0, 0)
    blocks: list[tuple[int, int, int, int]] = []
    s = v = 0
    half = ALIGN_WINDOW // 2
    while s < len(source) and v < len(variant):
        s_end, v_end = min(len(source), s + ALIGN_WINDOW), min(len(variant), v + ALIGN_WINDOW)
        found = _opcode_blocks(source[s:s_end], variant[v:v_end], s, v)
        if s_end == len(source) and v_end == len(variant):
            blocks.extend(found)
            break
        kept = [b for b in found if b[1] - s <= half and b[3] - v <= half] or found[:1]
        if not kept:  # nothing in common in a whole window: a gap on both sides
            s, v = s_end, v_end
            continue
        blocks.extend(kept)
        s, v = kept[-1][1], kept[-1][3]
    # Runs that meet at a window's edge are one run.
    joined: list[tuple[int, int, int, int]] = []
    for block in blocks:
        if joined and joined[-1][1] == block[0] and joined[-1][3] == block[2]:
            joined[-1] = (joined[-1][0], block[1], joined[-1][2], block[3])
        else:
            joined.append(block)
    return joined


def _opcode_blocks(
    source: Sequence[int], variant: Sequence[int], s: int, v: int
) -> list[tuple[int, int, int, int]]:
    """The equal runs of rapidfuzz's ``Indel`` opcodes, shifted by ``s`` and ``v``."""
    return [(op.src_start + s, op.src_end + s, op.dest_start + v, op.dest_end + v)
            for op in Indel.opcodes(source, variant) if op.tag == "equal"]


def _compound_key(norm: str) -> str:
    """Return the spelling key, with a contraction spelt out ("we'll": "wewill").

    A number word is its digits ("fifty": "50"), so "fifty per cent" joins
    to the "50percent" of "50%".

    "'s" is spelt out after the words where it is "is" ("it's"), never after
    a name, where it is a possessive ("NATO's"); "'d" (would or had) stays,
    to be spelt out as the other side of a gap has it (``_spell_out_d``).
    """
    if "'" in norm:
        stem, _, ending = norm.rpartition("'")
        if ending == "t" and stem.endswith("n"):
            norm = {"won't": "willnot", "can't": "cannot", "shan't": "shallnot"}.get(
                norm, stem[:-1] + "not")
        elif ending in _CONTRACTED:
            norm = stem + _CONTRACTED[ending]
        elif ending == "s" and stem in _IS_CONTRACTED:
            norm = stem + ("us" if stem == "let" else "is")
    return spelling_key(_NUMBER_VALUES.get(norm, norm))


_CONTRACTED = {"ll": "will", "re": "are", "ve": "have", "m": "am"}
_IS_CONTRACTED = frozenset(
    {"it", "that", "what", "there", "here", "he", "she", "who", "where", "how", "let"})


def _split_gap(source: _Words, variant: _Words, s0: int, s1: int, v0: int, v1: int
               ) -> list[_Segment]:
    """Split a gap around the compounds in it (``land bridge``/``landbridge``)."""
    if s0 == s1 or v0 == v1 or s1 - s0 + v1 - v0 < 3:  # a compound has three words or more
        return [_Segment(False, s0, s1, v0, v1)]
    source_keys = list(map(_compound_keys.__getitem__, source.norms[s0:s1]))
    variant_keys = list(map(_compound_keys.__getitem__, variant.norms[v0:v1]))
    if any(key.endswith("'d") for key in source_keys + variant_keys):
        source_keys = _spell_out_d(source_keys, variant.norms[v0:v1])
        variant_keys = _spell_out_d(variant_keys, source.norms[s0:s1])
    if not (_starts_one_of(variant_keys, source_keys) or _starts_one_of(source_keys, variant_keys)):
        return [_Segment(False, s0, s1, v0, v1)]  # most gaps: no compound can start anywhere
    spans: dict[str, list[tuple[int, int]]] = {}
    for i in range(s0, s1):
        joined = ""
        for j in range(i, min(i + _MAX_COMPOUND, s1)):
            joined += source_keys[j - s0]
            spans.setdefault(joined, []).append((i, j + 1))
    segments: list[_Segment] = []
    at_s, at_v = s0, v0
    j = v0
    while j < v1:
        match = _find_compound(variant_keys, j - v0, at_s, spans)
        if match is None:
            j += 1
            continue
        (i, i_end), length = match
        j_end = j + length
        if at_s < i or at_v < j:
            segments.append(_Segment(False, at_s, i, at_v, j))
        segments.append(_Segment(True, i, i_end, j, j_end, compound=True))
        at_s, at_v = i_end, j_end
        j = j_end
    if at_s < s1 or at_v < v1:
        segments.append(_Segment(False, at_s, s1, at_v, v1))
    return segments


def _spell_out_d(keys: list[str], others: Sequence[str]) -> list[str]:
    """Spell out "'d" as the "would" or "had" of the other side ("I'd": "iwould"), if it has one."""
    auxiliary = "would" if "would" in others else "had" if "had" in others else ""
    if not auxiliary:
        return keys
    return [key[:-2] + auxiliary if key.endswith("'d") else key for key in keys]


def _starts_one_of(keys: Sequence[str], others: Sequence[str]) -> bool:
    """Whether one of ``others`` starts with one of ``keys``.

    A compound's words on either side join to the same string, so the
    first word of one side starts the first word of the other: a gap where
    no key starts another holds no compound, and is told apart with a
    substring search per word instead of every join of up to four words.
    """
    joined = "\n" + "\n".join(others)
    return any("\n" + key in joined for key in keys)


def _find_compound(
    keys: Sequence[str], j: int, after: int, spans: dict[str, list[tuple[int, int]]]
) -> tuple[tuple[int, int], int] | None:
    """Find the longest compound at ``keys[j]`` and source word ``after`` or later.

    A compound pairs k source words with m variant words (k + m >= 3) whose
    keys, concatenated, are equal; returns the source words and m.
    """
    joined = ""
    best: tuple[tuple[int, int], int] | None = None
    for end in range(j, min(j + _MAX_COMPOUND, len(keys))):
        joined += keys[end]
        for i, i_end in spans.get(joined, ()):
            if i >= after and (i_end - i) + (end + 1 - j) >= 3:
                best = ((i, i_end), end + 1 - j)
                break
    return best


def _core(segments: Sequence[_Segment]) -> tuple[int, int] | None:
    """Return the indices of the first and last aligned segments that count.

    Aligned runs at either edge that look like chance matches in the
    context are dropped (see the module docstring).
    """
    runs: list[tuple[int, int]] = []
    for index, segment in enumerate(segments):
        if not segment.aligned:
            continue
        if runs and runs[-1][1] == index - 1:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    while len(runs) >= 2 and _chance(segments, runs[0], segments[runs[0][1] + 1]):
        runs.pop(0)
    while len(runs) >= 2 and _chance(segments, runs[-1], segments[runs[-1][0] - 1]):
        runs.pop()
    return (runs[0][0], runs[-1][1]) if runs else None


def _chance(segments: Sequence[_Segment], run: tuple[int, int], gap: _Segment) -> bool:
    """Tell whether an edge run of aligned words is too short for the gap beside it."""
    source_gap, variant_gap = gap.s1 - gap.s0, gap.v1 - gap.v0
    if source_gap < 1 or max(source_gap, variant_gap) < 4:
        return False  # the run has a word at least, so the gap would need four
    words = sum(segments[i].s1 - segments[i].s0 for i in range(run[0], run[1] + 1))
    return max(source_gap, variant_gap) >= 2 * words + 2


def _letters(surface: str) -> str:
    """Return the letters and digits of a surface form, in compatibility form."""
    return "".join(char for char in unicodedata.normalize("NFKC", without_footnote_mark(surface))
                   if char.isalnum())



def _cosmetic_edits(
    source: _Words, s0: int, s1: int, variant: _Words, v0: int, v1: int, shift: int
) -> list[Edit]:
    """Return the cost-free edits of equal words: case and spelling variants."""
    source_text, variant_text = source.text, variant.text
    s_starts, s_ends, v_starts, v_ends = source.starts, source.ends, variant.starts, variant.ends
    # Mostly the run is the same text on both sides, and then (the words
    # being split alike) each word is the same: no edit.
    if (
        source_text[s_starts[s0] : s_ends[s1 - 1]] == variant_text[v_starts[v0] : v_ends[v1 - 1]]
        and source.norms[s0:s1] == variant.norms[v0:v1]
    ):
        return []
    edits = []
    for i, j in zip(range(s0, s1), range(v0, v1), strict=True):
        src_surface = source.tokens[i]
        var_surface = variant.tokens[j]
        # The same surface has the same letters: only a different one is looked at.
        if source.norms[i] != variant.norms[j] or (
            src_surface != var_surface and _letters(src_surface) != _letters(var_surface)
        ):
            edits.append(
                Edit("replace", src_surface, var_surface, cosmetic=True,
                     source_start=s_starts[i], source_end=s_ends[i],
                     variant_start=v_starts[j] - shift, variant_end=v_ends[j] - shift)
            )
    return edits


# A line break after a hyphen, maybe with spaces or tabs around it.
_BROKEN_HYPHEN = re.compile(r"(?<=[-\u2010\u00ad])[ \t]*(?:\r\n?|\n)[ \t]*")


def _rewrapped(source: _Words, s0: int, s1: int, variant: _Words, v0: int, v1: int) -> bool:
    """Whether a compound is written alike on both sides but for a line break after its hyphen.

    A PDF's line that ends inside ``rules-based`` reads one word (the
    hyphen ends the line: ``dedup.shingle``), a copy's two: the same
    text, wrapped, as a line break anywhere else is no edit.
    """
    source_text = source.text[source.starts[s0] : source.ends[s1 - 1]]
    variant_text = variant.text[variant.starts[v0] : variant.ends[v1 - 1]]
    if "\n" not in source_text + variant_text and "\r" not in source_text + variant_text:
        return False
    return _BROKEN_HYPHEN.sub("", source_text) == _BROKEN_HYPHEN.sub("", variant_text)


def _after(words: _Words, index: int) -> int:
    """Return the offset just after word ``index - 1`` (where an empty side sits)."""
    if index > 0:
        return words.ends[index - 1]
    return words.starts[0] if words.starts else 0


def _edit(
    source: _Words,
    s0: int,
    s1: int,
    variant: _Words,
    v0: int,
    v1: int,
    shift: int,
    material: Material | None = None,
    *,
    cosmetic: bool = False,
    trim: bool = False,
    source_at: int = 0,
    variant_at: int = 0,
) -> Edit:
    """Build one edit between source words ``[s0, s1)`` and variant words ``[v0, v1)``.

    ``source_at``/``variant_at`` locate an empty side (an insertion point);
    variant offsets are made relative to the scored span at ``shift``.
    """
    if s0 < s1:
        source_start, source_end = source.starts[s0], source.ends[s1 - 1]
    else:
        source_start = source_end = source_at
    if v0 < v1:
        variant_start, variant_end = variant.starts[v0] - shift, variant.ends[v1 - 1] - shift
    else:
        variant_start = variant_end = variant_at - shift
    op: EditOp = "replace" if s0 < s1 and v0 < v1 else "insert" if v0 < v1 else "delete"
    return Edit(op, source.surfaces(s0, s1), variant.surfaces(v0, v1), material, cosmetic, trim,
                source_start, source_end, variant_start, variant_end)


def _material(
    source: _Words,
    s0: int,
    s1: int,
    source_first: bool,
    variant: _Words,
    v0: int,
    v1: int,
    variant_first: bool,
    moved: Sequence[str] = (),
    moved_numbers: Sequence[str] = (),
) -> Material | None:
    """Name what a costly edit of words ``[s0, s1)`` to ``[v0, v1)`` changes that matters.

    By precedence, or None. ``*_first`` says whether the first word is the
    passage's first word; a name whose key is in ``moved``, or a number in
    ``moved_numbers``, is on both sides of the passage, so not changed.
    """
    if s1 - s0 >= _REWRITTEN and v1 - v0 >= _REWRITTEN:
        # A clause put for another ("13 of them potentially fatal" ->
        # "married for 19 years and had two children"): a rewrite, costly by
        # its words, as an omitted clause is, but no number, name or modal
        # changed in it; the alignment isolates such a change in a small gap.
        return None
    source_norms, variant_norms = _modal_norms(source, s0, s1), _modal_norms(variant, v0, v1)
    special = _special.__getitem__
    if (s1 - s0 >= _REWRITTEN) != (v1 - v0 >= _REWRITTEN):
        # A clause put for up to four words that say nothing special ("now" ->
        # "We should finish mixing the album in about three weeks time but"):
        # a clause added, or left out, as an inserted or deleted one is.
        if s1 - s0 >= _REWRITTEN:
            clause, short, short_norms = (source, s0, s1), (variant, v0, v1, variant_first), \
                variant_norms
        else:
            clause, short, short_norms = (variant, v0, v1), (source, s0, s1, source_first), \
                source_norms
        if not any(map(special, short_norms)) and not _names(*short) and not _bare(*clause):
            return None
    if source_norms and variant_norms:
        source_prefixed = _prefix_negations(source_norms, variant_norms)
        variant_prefixed = _prefix_negations(variant_norms, source_norms)
    else:
        # An inserted or deleted run is a changed negation, number, modal or
        # name only when it holds little else: "we will go" -> "we go" is,
        # leaving out the clause "we will be joined" is an omission.
        source_prefixed = variant_prefixed = 0
        words, first, last = (source, s0, s1) if s0 < s1 else (variant, v0, v1)
        if words.norms[first:last] == ["or", "not"] and "whether" in words.norms[
                max(0, first - _WHETHER_SPAN):first]:
            return None  # "whether or not to go" says what "whether to go" says
        if (last - first == 3 and words.norms[first] == "the" and words.norms[last - 1] == "of"
                and words.norms[last : last + 1] in (["us"], ["you"], ["them"])
                and _is_number_word(words.norms[first + 1])):
            return None  # "tied the two of them together" counts whom "them" means
        norms = words.norms
        if _negations(norms[first:last]) and (
                norms[last - 1] in _COORDINATING
                and _negations(norms[last : last + _COORDINATED_SPAN])
                or norms[first] in _COORDINATING
                and _negations(norms[max(0, first - _COORDINATED_SPAN) : first])):
            # "is not and cannot be" -> "cannot be" or "is not": the negated
            # verb left out was one of two, and the one kept is negated too.
            return None
        if not _bare(words, first, last):
            return None
    if (source_prefixed != variant_prefixed or any(map(special, source_norms))
            or any(map(special, variant_norms))):
        if (_negations(source_norms) + source_prefixed + _verdicts(source_norms, variant_norms)
                != _negations(variant_norms) + variant_prefixed
                + _verdicts(variant_norms, source_norms)
                and not _distributed_negation(source, s0, s1, variant, v0, v1)
                and not _distributed_negation(variant, v0, v1, source, s0, s1)):
            return "negation"
        source_ones, variant_ones = _one_as_1(source_norms, variant_norms), _one_as_1(
            variant_norms, source_norms)
        if _less_moved(_numbers(source_ones), moved_numbers) != _less_moved(
                _numbers(variant_ones), moved_numbers):
            return "number"
        if _modals_differ(_modals(source_norms), _modals(variant_norms)):
            return "modal"
    # Names are compared on spelling keys of the casefolded words, so a
    # capitalised spelling variant ("judgment"/"Judgement") is never a name.
    source_names = _names(source, s0, s1, source_first)
    variant_names = _names(variant, v0, v1, variant_first)
    if not source_names and not variant_names:
        return None
    # "TV" for "television", "GBH" for "grievous bodily harm": no name.
    for names, words, first, last, others, o0, o1 in (
            (source_names, source, s0, s1, variant, v0, v1),
            (variant_names, variant, v0, v1, source, s0, s1)):
        for key in _standing_for_words(words, first, last, others, o0, o1):
            names.pop(key, None)
    if not source_names and not variant_names:
        return None
    if ((not variant_names or variant.norms[v0] in ("a", "an")) and _referent(variant, v0, v1)
            or (not source_names or source.norms[s0] in ("a", "an"))
            and _referent(source, s0, s1)):
        return None  # "Mr Hartley said" -> "He said": who is meant, not another name
    if source_names and variant_names and (
            _abbreviates(source, s0, s1, variant, v0, v1)
            or _abbreviates(variant, v0, v1, source, s0, s1)):
        return None
    # A title clipped is no name either ("Prof" for "Professor").
    if _clips(source, s0, s1, variant, v0, v1) or _clips(variant, v0, v1, source, s0, s1):
        return None
    # "Metropolitan Police Service" -> "Metropolitan Police": the same body,
    # without the word that says what kind of body it is.
    if v0 == v1 and _kind_of_body(source, s0, s1) or s0 == s1 and _kind_of_body(variant, v0, v1):
        return None
    source_keys = _common_keys(source, s0, s1) + list(moved)
    variant_keys = _common_keys(variant, v0, v1) + list(moved)
    if _outnumbered(source_names, variant_keys) or _outnumbered(variant_names, source_keys):
        return "name"
    return None


# The last word of a body's name that says what kind of body it is; the rest
# of the name names it ("the Treasury Department", "the Labour Party"). Not
# a word that makes another body of it ("Police Federation", "Security
# Council", "Manchester United").
_KINDS_OF_BODY = frozenset(
    {"service", "department", "party", "company", "corporation", "group", "agency", "plc"}
    | {"ltd", "limited", "inc"}
)


def _kind_of_body(words: _Words, first: int, last: int) -> bool:
    """Whether words ``[first, last)`` are the capitalised last word of a body's name."""
    return (last - first == 1 and first > 0 and words.norms[first] in _KINDS_OF_BODY
            and words.tokens[first][:1].isupper() and words.tokens[first - 1][:1].isupper()
            and words.text[words.ends[first - 1] : words.starts[first]].isspace())


def _bare(words: _Words, first: int, last: int) -> bool:
    """Whether words ``[first, last)`` hold little but negations, numbers, modals and names.

    Besides those, only ``_BARE_RUN_WORDS`` (auxiliaries, "to", "the",
    "of" ...) and fillers: "will not", "Finland and", not a clause.
    """
    special = _special.__getitem__
    return all(norm in _BARE_RUN_WORDS or norm in _FILLERS or special(norm)
               or surface[:1].isupper() and not words.shouted
               for norm, surface in zip(words.norms[first:last], words.tokens[first:last],
                                        strict=True))


def _distributed_negation(words: _Words, first: int, last: int, others: _Words, o0: int,
                          o1: int) -> bool:
    """Whether the side's coordinating word shares a negation the other side says again.

    "without pity or remorse" -> "without pity and without remorse", "it
    is not about stars. It is not about formats" -> "it's not about stars
    or formats": the side's words are "or", "and" or "nor" alone, the
    other's (a few) hold one negation, the same word as one that stands
    up to ``_WHETHER_SPAN`` words before the side's. Not negating both
    ("not A or B" -> "not A and B") has no negation on the other side.
    """
    if last - first != 1 or words.norms[first] not in _COORDINATING or not 0 < o1 - o0 < _REWRITTEN:
        return False
    negations = [norm for norm in others.norms[o0:o1] if _negations([norm])]
    return (len(negations) == 1 and _negations(words.norms[first : last]) == 0
            and negations[0] in words.norms[max(0, first - _WHETHER_SPAN) : first])


def _referent(words: _Words, first: int, last: int) -> bool:
    """Whether words ``[first, last)`` only say who or what is meant: a referent.

    Third-person pronouns ("he", "her", "they"), or "the" and up to
    ``_MAX_DESCRIPTION`` words in lower case ("the general" for "Pinochet",
    "the trust" for "Bromley NHS trust"), none a negation, number or modal.
    Or "a" or "an" and an office, capitalised or not ("a Secretary of
    State" for "Mr Blunkett"): indefinite, it names no one else, where "the
    Prime Minister" may be someone else (and "a pedestrian", "an excited
    state" describe more than who).
    """
    norms = words.norms[first:last]
    if not norms:
        return False
    if all(norm in _PRONOUNS for norm in norms):
        return True
    if norms[0] in ("a", "an"):
        return 1 < len(norms) <= 1 + _MAX_DESCRIPTION and all(
            norm in _OFFICES or norm == "of" for norm in norms[1:])
    return (norms[0] == "the" and len(norms) <= 1 + _MAX_DESCRIPTION
            and all(surface[:1].islower() for surface in words.tokens[first + 1 : last])
            and not any(map(_special.__getitem__, norms)))


def _modal_norms(words: _Words, first: int, last: int) -> list[str]:
    """The normalised words ``[first, last)``, without a "May" that is no modal.

    "May" capitalised inside a sentence is the month or a name ("the May
    1997 election", "Theresa May"), never the verb: its norm becomes ""
    here, so it is compared as a name, not as a modal.
    """
    norms = words.norms[first:last]
    if "may" not in norms:
        return norms
    return ["" if norm == "may" and words.tokens[index] == "May"
            and not _sentence_start(words.text, words.starts[index]) else norm
            for index, norm in enumerate(norms, first)]


def _moved_names(source: _Words, variant: _Words, body: Sequence[_Segment]) -> list[str]:
    """The names one edit takes out of the passage and another puts back in.

    Words are aligned in order, so ``Finland and Sweden`` -> ``Sweden and
    Finland`` is two edits, one that adds Sweden and one that drops it (or
    trims it off the end): the name moved, it did not change. The edits
    still cost what a word edit costs.
    """
    first, last = body[0], body[-1]
    dropped = set(_names(source, 0, first.s0, True))
    dropped.update(_names(source, last.s1, source.size, False))
    added: set[str] = set()
    for segment in body:
        if not segment.aligned:
            dropped.update(_names(source, segment.s0, segment.s1, segment.s0 == 0))
            added.update(_names(variant, segment.v0, segment.v1, segment is first))
    return sorted(dropped & added)


def _moved_numbers(source: _Words, variant: _Words, body: Sequence[_Segment]) -> list[str]:
    """The numbers one edit takes out of the passage and another puts back in.

    As for names (:func:`_moved_names`): "a fantastic eight years" ->
    "eight fantastic years" is "a" -> "eight" and "eight" left out, and no
    number changed. Only a number left out where none is put, and put where
    none is left out, moved: "40 tanks and 20 jets" -> "20 tanks and 40
    jets" changes two numbers. Each counts as often as it moved.
    """
    first, last = body[0], body[-1]
    dropped = Counter(_numbers(source.norms[: first.s0]) + _numbers(source.norms[last.s1 :]))
    added: Counter[str] = Counter()
    for segment in body:
        if not segment.aligned:
            source_numbers = _numbers(source.norms[segment.s0 : segment.s1])
            variant_numbers = _numbers(variant.norms[segment.v0 : segment.v1])
            if not variant_numbers:
                dropped.update(source_numbers)
            if not source_numbers:
                added.update(variant_numbers)
    return sorted((dropped & added).elements())


def _less_moved(numbers: list[str], moved: Sequence[str]) -> list[str]:
    """``numbers`` (sorted) without one of each number in ``moved``."""
    if not moved:
        return numbers
    rest = Counter(numbers)
    rest.subtract(moved)
    return sorted(rest.elements())


def _spelt_acronym(source: _Words, s0: int, s1: int, variant: _Words, v0: int, v1: int) -> bool:
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
            and _abbreviates(others, o0, o1, words, first, last))


def _lower_case_acronym(source: _Words, s0: int, s1: int, variant: _Words, v0: int, v1: int
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


def _abbreviates(words: _Words, first: int, last: int, others: _Words, o0: int, o1: int) -> bool:
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


def _clips(words: _Words, first: int, last: int, others: _Words, o0: int, o1: int) -> bool:
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
        key, other_key = _name_key(words.norms[index]), _name_key(others.norms[other])
        if key != other_key:
            if not (_clipping(key, other_key) or _office_abbreviated(key, other_key)):
                return False
            clipped = True
    return clipped


# Offices and ranks that are written short ("Sgt", "Pte", "Det Supt"): the
# offices, less the courtesy titles ("Ms" is no "Miss" written short), and
# the police's and army's ranks (not among the offices: "Det Supt Smith" for
# "Mr Smith" leaves out forenames, as "Kevan Roberts" does).
_RANKS = (_OFFICES - _TITLES) | frozenset(
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


def _clipped_name(source: _Words, s0: int, s1: int, variant: _Words, v0: int, v1: int) -> bool:
    """Whether the edit is only a name written clipped, or in full ("Lancs": "Lancashire")."""
    return (s0 < s1 and v0 < v1
            and all(token[:1].isupper() for token in source.tokens[s0:s1])
            and all(token[:1].isupper() for token in variant.tokens[v0:v1])
            and (_clips(source, s0, s1, variant, v0, v1)
                 or _clips(variant, v0, v1, source, s0, s1)))


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


def _standing_for_words(
    words: _Words, first: int, last: int, others: _Words, o0: int, o1: int
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
                    found.append(_name_key(acronym))
                    break
            else:
                continue
            break
    return found


def _common_keys(words: _Words, first: int, last: int) -> list[str]:
    """The spelling keys of words ``[first, last)``, and the other number of the lower-case ones.

    A capitalised word whose singular or plural is on the other side of
    the edit in lower case ("Meeting" for "meetings") is a title word,
    not a name; keys are without a possessive ``'s`` (``_name_key``).
    A name written with or without an apostrophe before its "s" is the
    same name ("Morrison's" and "Morrisons", "Boy's Own" and "Boys Own"):
    a word with an apostrophe also has its key without it, and a
    capitalised one ending in "s" its key without the "s".
    """
    keys = list(map(_name_key, words.norms[first:last]))
    for index in range(first, last):
        norm = words.norms[index]
        if words.tokens[index][:1].islower():
            keys.extend(_other_numbers(keys[index - first]))
        elif "'" in norm:
            keys.append(norm.replace("'", ""))
        elif norm.endswith("s") and len(norm) > 3:
            keys.append(norm[:-1])
    return keys


def _other_numbers(key: str) -> tuple[str, ...]:
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


class _NegatedStems(dict[str, str]):
    """``stems[norm]``: the word ``norm`` negates by a prefix ("unwilling": "willing"), or ""."""

    def __missing__(self, norm: str) -> str:
        self[norm] = stem = _negated_stem(norm)
        return stem


def _negated_stem(norm: str) -> str:
    """Return the word a negating prefix of ``norm`` negates, or "" (see ``_NEGATING_PREFIXES``)."""
    if norm in _NOT_NEGATIONS or not norm.isalpha():
        return ""
    for prefix in _NEGATING_PREFIXES:
        stem = norm[len(prefix):]
        if (norm.startswith(prefix) and len(stem) >= _MIN_NEGATED_STEM[prefix]
                and (prefix != "in" or stem[0] not in "bmplr")
                and stem[0] in _ASSIMILATED.get(prefix, stem[0])):
            return stem
    return ""


_negated_stems = _NegatedStems()


def _prefix_negations(norms: Sequence[str], others: Sequence[str]) -> int:
    """Count the words negated by a prefix whose stem is among ``others`` ("unwilling")."""
    stems = [stem for stem in map(_negated_stems.__getitem__, norms) if stem]
    return sum(stem in others for stem in stems) if stems else 0


def _outnumbered(names: dict[str, int], keys: list[str]) -> bool:
    """Whether some name occurs more often than its key among ``keys`` (``names - keys``).

    A gap has a name or two: counting them in the list costs less than a ``Counter``.
    """
    return any(count > keys.count(name) for name, count in names.items())


class _Special(dict[str, bool]):
    """``special[norm]``: whether the word can make an edit material other than as a name.

    A negation, a number or a modal: most gaps have none on either side,
    and then only their names are compared.
    """

    def __missing__(self, norm: str) -> bool:
        self[norm] = found = bool(_negations([norm]) or _numbers([norm]) or _modals([norm]))
        return found


_special = _Special()


def _negations(norms: Sequence[str]) -> int:
    """Count the negations among the words ("don't" holds one, as French "n'acceptera" does).

    French elides "ne" before a vowel or a mute h only: the "n'" of "rock
    'n' roll" written "n'roll" negates nothing.
    """
    return sum(norm in _NEGATIONS or norm.endswith("n't")
               or norm.startswith("n'") and norm[2:3] in _ELIDING
               for norm in norms)


def _verdicts(norms: Sequence[str], others: Sequence[str]) -> int:
    """Count the words that say "not guilty" (``_NOT_GUILTY``) when the other side says it.

    A court reporter writes "cleared of" or "acquitted of" for "found not
    guilty of", and "denies" for "pleads not guilty to": the negation is in
    the word. Anywhere else "cleared" or "denied" negates nothing.
    """
    if _NOT_GUILTY.isdisjoint(norms) or "guilty" not in others:
        return 0
    if not any(a == "not" and b == "guilty" for a, b in itertools.pairwise(others)):
        return 0
    return sum(norm in _NOT_GUILTY for norm in norms)


def _numbers(norms: Sequence[str]) -> list[str]:
    """The numbers among the words by value, sorted (a count compares).

    A run of digits, number words and hundred ... trillion is one number
    ("10 thousand", "ten thousand", "10k" and "10,000" are 10000); other
    number words (ordinals, "dozen", "millions") and digits with letters
    ("50percent", a date) stand for themselves.
    """
    numbers: list[str] = []
    run: list[str] = []
    for norm in norms:
        plain = _decimal(_NUMBER_VALUES.get(norm, norm)) is not None or _fraction(norm) is not None
        if run and (norm in _LARGE_NUMBERS or (plain and _continues(run[-1], norm))):
            run.append(norm)
            continue
        if run:
            numbers.append(_value(run))
            run = []
        if plain:
            run.append(norm)
        elif norm[:1].isdigit() or norm in _NUMBER_WORDS:
            numbers.append(norm)
    if run:
        numbers.append(_value(run))
    numbers.sort()
    return numbers


def _one_as_1(norms: Sequence[str], others: Sequence[str]) -> Sequence[str]:
    """The words, "one" read as the number 1 where the other side writes "1".

    "one" is no number word (it is far more often "one of them"), but
    "One" put for "1" writes the same number.
    """
    if "one" in norms and "1" in others:
        return ["1" if norm == "one" else norm for norm in norms]
    return norms


def _same_number(source_norms: Sequence[str], variant_norms: Sequence[str]) -> bool:
    """Whether both sides are one number written two ways ("5,000": "five thousand")."""
    source_norms, variant_norms = (_one_as_1(source_norms, variant_norms),
                                   _one_as_1(variant_norms, source_norms))
    if not (source_norms and variant_norms and all(map(_is_number_word, source_norms))
            and all(map(_is_number_word, variant_norms))):
        return False
    numbers = _numbers(source_norms)
    return len(numbers) == 1 and numbers == _numbers(variant_norms)


def _is_number_word(norm: str) -> bool:
    """Whether the word is digits, a number word (not an ordinal), a fraction or a magnitude."""
    return (norm in _LARGE_NUMBERS or _decimal(_NUMBER_VALUES.get(norm, norm)) is not None
            or _fraction(norm) is not None)


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
    if _fraction(norm) is not None:
        return _fraction(previous) is None and previous.isdecimal() or previous in _NUMBER_VALUES
    if len(norm) == 3 and norm.isdecimal() and len(previous) <= 3 and previous.isdecimal():
        return True  # digits grouped by a space ("1 000 000", French and SI style)
    tens, units = _NUMBER_VALUES.get(previous, ""), _NUMBER_VALUES.get(norm, "")
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
        elif previous in _MAGNITUDE_VALUES and _fraction(word) is not None:
            total += (_fraction(word) or 0) * _MAGNITUDE_VALUES[previous]  # "a million and a half"
        elif _fraction(word) is not None:
            current += _fraction(word) or 0
        else:
            current += float(_decimal(_NUMBER_VALUES.get(word, word)) or 0)
        previous = word
    value = total + current
    return str(int(value)) if value == int(value) else repr(value)


def _modals(norms: Sequence[str]) -> list[str]:
    """The modal verbs among the words, contractions reduced to the modal, sorted.

    "have to", "has to", "had to" and "have got to" say what "must" says
    (the same obligation; "had to" is "must" reported): they count as
    "must", so "we must go" -> "we have to go" keeps the modal, and "we
    must go" -> "we may go" does not. So "ought to" is "should", "going
    to" is "will", and "was going to" (or "were") is "would".
    """
    modals: list[str] = []
    for index, norm in enumerate(norms):
        if norm in _OBLIGED or norm.endswith("'ve"):
            following = norms[index + 1 : index + 3]
            if following[:1] == ["to"] or following == ["got", "to"]:
                modals.append("must")
                continue
        if norm == "going" and norms[index + 1 : index + 2] == ["to"]:
            modals.append("would" if index and norms[index - 1] in ("was", "were") else "will")
            continue
        if norm == "ought":
            norm = "should"
        if norm in _NEGATED_MODALS:
            norm = _NEGATED_MODALS[norm]
        elif norm.endswith("n't"):
            norm = norm[:-3]
        elif norm.endswith("'ll"):
            norm = "will"
        elif norm.endswith("'d"):
            norm = "'d"
        if norm in _MODALS or norm == "'d":
            modals.append(norm)
    modals.sort()
    return modals


def _modals_differ(source: list[str], variant: list[str]) -> bool:
    """Whether two sides' modals (from ``_modals``) differ.

    A "'d" is "would" or "had": it may stand for one "would" on the other
    side or for none, so "I'd" for "I would" and "we'd" for "we had" keep
    the modals, "I'd" for "I'll" does not.
    """
    if source == variant:
        return False
    source_rest = [modal for modal in source if modal != "'d"]
    variant_rest = [modal for modal in variant if modal != "'d"]
    for rest, contracted in ((source_rest, variant.count("'d")),
                             (variant_rest, source.count("'d"))):
        for _ in range(contracted):
            if "would" in rest:
                rest.remove("would")
    return source_rest != variant_rest


def _names(words: _Words, first: int, last: int, first_is_passage_start: bool) -> dict[str, int]:
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
        if (norms[index] in _TITLES or norms[index] in _NEVER_NAMES and not surface[1:].isupper()
                or norms[index] in _ONE_WORD_ACRONYMS):
            continue
        if (index == first and first_is_passage_start) or _sentence_start(text, starts[index]):
            continue
        if words.german and _german_noun(words, index):
            continue
        key = _name_key(norms[index])
        names[key] = names.get(key, 0) + 1
    return names


# German words no English text holds, and the articles and determiners before
# a German noun ("die Lage", "der ukrainische Präsident", "zum Schutz"): a
# capital after them is a noun's, not a name's ("von der Leyen" is a name).
_GERMAN_WORDS = frozenset(
    {"und", "nicht", "ist", "wird", "werden", "wurde", "haben", "auf", "auch", "dass", "sich"}
    | {"wir", "ich", "sie", "zum", "zur", "gegen"}
)
_GERMAN_DETERMINERS = frozenset(
    {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines"}
    | {"kein", "keine", "keinen", "keinem", "keiner", "keines", "dieser", "diese", "dieses"}
    | {"diesem", "diesen", "jeder", "jede", "jedes", "jedem", "jeden", "unser", "unsere"}
    | {"unseren", "unserem", "unserer", "seine", "seinen", "seinem", "seiner", "ihre", "ihren"}
    | {"ihrem", "ihrer", "zum", "zur", "im", "vom", "beim", "am", "ins"}
)
_NOBILIARY = frozenset({"von", "van", "zu", "de"})
_MAX_ADJECTIVES = 2  # lower-case words between a German article and its noun


def _german_noun(words: _Words, index: int) -> bool:
    """Whether the capitalised word ``index`` of a German text is a noun after its article."""
    at, norms, tokens = index - 1, words.norms, words.tokens
    while (at >= 0 and index - at <= _MAX_ADJECTIVES and tokens[at][:1].islower()
           and norms[at] not in _GERMAN_DETERMINERS):
        at -= 1
    return (at >= 0 and norms[at] in _GERMAN_DETERMINERS
            and not (at > 0 and norms[at - 1] in _NOBILIARY))


def _name_key(norm: str) -> str:
    """The spelling key of a word without a possessive "'s": "NATO's" names NATO."""
    key = _known_spelling_key(norm)
    return key[:-2] if key.endswith("'s") else key


def _sentence_start(text: str, position: int) -> bool:
    r"""Tell whether the word at ``position`` opens the text or a sentence.

    Quotation marks, brackets, symbols and control characters between the
    word and the end of the sentence before are no words: a paragraph mark
    (``"... months. ■ When"``) or the control byte and line-end marker a
    wire service puts between paragraphs (``"... months.<\n\x19When"``)
    leave "When" opening its sentence. So does a quotation opened after a
    colon or comma (``said: "Our plan``, ``said, "Our plan``): its first
    word opens the sentence quoted.
    """
    index = position - 1
    quoted = False
    while index >= 0 and (text[index].isspace() or text[index] in _SKIP_BACK
                          or _SYMBOL_OR_CONTROL.match(text[index])):
        quoted = quoted or text[index] in _OPENING_QUOTES or text[index] == "`"
        index -= 1
    return index < 0 or text[index] in _SENTENCE_END or quoted and text[index] in ":,"
