"""The closed classes of words the fidelity rules look for, and their limits.

Negations, modals, number words, courtesy titles and offices, pronouns,
the fillers and markers of speech, in English and in the other languages
of the press. Plain sets, patterns and numbers, no rules: every rule module
reads them, so they live apart from any one rule.
"""

from __future__ import annotations

import re

import regex

from dedup.shingle import TIME_CODES, fold_marks

NEGATIONS = frozenset(map(fold_marks,  # normalised words have no accents
    {"not", "no", "never", "nor", "neither", "none", "nobody", "nothing", "nowhere"}
    | {"without", "cannot", "non"}  # "non" is the first word of "non-binding"
    # The same in the languages of Europe's and the Middle East's press, but
    # words that are English words too ("sin", "sans", "nada"); French "n'"
    # before a verb is in ``negations_in``.
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
NEGATING_PREFIXES = ("non", "dis", "un", "im", "il", "ir", "in")
ASSIMILATED = {"im": "bmp", "il": "l", "ir": "r"}
# The shortest stem after each prefix: "unfair", "dislike", "nonbinding"; the
# four letters keep out "unit"/"it", "unite"/"ite", "dismay"/"may". in- (and
# its forms) needs five, which keeps out "inform"/"form", "income"/"come",
# "impact"/"pact", "import"/"port", "insure"/"sure" (and also the few true
# negations with four: "impure", "insane").
MIN_NEGATED_STEM = {"non": 4, "dis": 4, "un": 4, "im": 5, "il": 5, "ir": 5, "in": 5}
# Words that begin like a negation of a real word but are not one.
NOT_NEGATIONS = frozenset(
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
BARE_RUN_WORDS = _VERB_GROUP_WORDS | {"the", "of"}
# The sounds a speaker fills a pause with, which a verbatim transcript or a
# caption writes and a quotation leaves out: no word of what was said.
FILLERS = frozenset(
    {"um", "umm", "uhm", "uh", "uhh", "er", "erm", "ah", "hmm", "mm", "mhm"}
)
# Phrases a speaker sets off with pauses (", you know,"): left out there,
# they take nothing from the sentence.
MARKERS = (("you", "know"), ("i", "mean"), ("like",))
# Words a sentence may say twice in a row ("I had had enough", "that that
# is"): said twice with no pause or filler between, neither is a stutter.
DOUBLED = frozenset({"had", "that", "is"})
# The longest false start a speaker abandons to begin again ("we are, we
# have been"): longer, it is a clause left out.
MAX_FALSE_START = 4
# The words a false start opens with, and its new start again: the speaker's
# subject. A clause that opens as the next does with another word ("on the
# application, the definition", "as it is also known, is an") is none.
FALSE_START_SUBJECTS = frozenset(
    {"i", "we", "you", "he", "she", "it", "they", "there", "this", "that", "these", "those"}
    | {"i'm", "we're", "you're", "he's", "she's", "it's", "they're", "there's", "that's"}
)
# The most words (fillers among them) a disfluency left out has.
MAX_DISFLUENCY = 2 * MAX_FALSE_START
# Pauses between words: a comma, a dash, an ellipsis.
PAUSE = re.compile(r"[,;\-–—…]|\.\.")
MODALS = frozenset(
    {"will", "would", "shall", "should", "can", "could", "may", "might", "must", "ought"}
)
# The verbs of "have to", "has to", "had to": "must" ("'ve got to" too).
OBLIGED = frozenset({"have", "has", "had", "having"})
# Contracted negated modals whose stem is not the modal itself.
NEGATED_MODALS = {"won't": "will", "can't": "can", "shan't": "shall", "cannot": "can"}
# Number words with their value, so "sixty" and "60" are one number.
NUMBER_VALUES = {
    word: str(value) for value, word in enumerate(
        ("zero", "", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen")) if word
} | {word: str(10 * tens) for tens, word in enumerate(
    ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"), start=2)}
# Chinese and Japanese numerals (each character a word): "四万円" for "三万円"
# changes a number. 一 is left out as "one" is: it is in many words ("统一").
NUMBER_VALUES |= {"〇": "0", "零": "0", "二": "2", "两": "2", "兩": "2", "三": "3", "四": "4",
                  "五": "5", "六": "6", "七": "7", "八": "8", "九": "9", "十": "10"}
# "one" is left out: far more often a pronoun ("one of them") than a number.
NUMBER_WORDS = frozenset(
    set(NUMBER_VALUES)
    | {"百", "千", "万", "萬", "亿", "億", "兆"}
    | {"hundred", "thousand", "million", "billion", "trillion", "dozen", "half"}
    | {"hundreds", "thousands", "millions", "billions", "trillions", "dozens"}
    | {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"}
    | {"ninth", "tenth"}
)
# Magnitudes written short right after digits ("£5m", "$2bn", "10k"): their
# ``norm`` becomes the long word, so "5m" and "5 million" align.
MAGNITUDES = {"m": "million", "mn": "million", "bn": "billion", "k": "thousand"}
# Courtesy titles are capitalised but are not names.
TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof"})
# Offices written before a name ("President Zelenskyy", "Secretary General
# Stoltenberg"): added or dropped there, they leave the name as it was.
OFFICES = TITLES | frozenset(
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
PRONOUNS = frozenset(
    {"he", "she", "they", "him", "her", "them", "his", "hers", "their", "theirs", "it", "its"}
    | {"himself", "herself", "itself", "themselves"}
)
# Words of a closed class that a capital does not make a name: they open a
# sentence, or a quotation ("said 'Oh, you remember'"), or the words of two
# passages joined without the full stop between them ("this application He
# added"). Capitalised throughout ("US", "IT") they may be one.
NEVER_NAMES = FALSE_START_SUBJECTS | PRONOUNS | frozenset(
    {"the", "a", "an", "and", "but", "or", "so", "if", "when", "then", "as", "yet"}
    | {"oh", "ah", "yes", "well", "what", "why", "how", "who", "where", "one"}
)
# The most words after "the" that describe whom a name names ("the general").
MAX_DESCRIPTION = 3
# What a court report writes for "found not guilty" or "pleaded not guilty".
NOT_GUILTY = frozenset(
    {"cleared", "acquitted", "innocent", "denied", "denies", "deny", "denying"}
)
# The letters French elides "ne" before ("n'a", "n'est", "n'y", "n'habite").
ELIDING = frozenset("aeiouyh")
# "not A and not B" -> "not B": the words that join two negated verbs, and
# the most words after them in which the second's negation stands.
COORDINATING = frozenset({"and", "or", "nor"})
COORDINATED_SPAN = 3
# "whether ... or not" is "whether ...": the most words between them.
WHETHER_SPAN = 8
# Characters skipped when looking back for the end of the previous sentence.
SKIP_BACK = frozenset("\"'“”‘’„«»([")
SENTENCE_END = frozenset(".!?…")
SYMBOL_OR_CONTROL = regex.compile(r"[\p{S}\p{Cc}\p{Cf}]")
MAX_COMPOUND = 4
# The most forenames a copy may leave out before a surname ("Abdel Hadi").
MAX_FORENAMES = 2
# A partial quote needs this many aligned words (or half the source, if less).
MIN_QUOTE_WORDS = 4
# Characters that may sit between two words of one clause.
JOINERS = frozenset("-‐‑'’")
OPENING_QUOTES = frozenset("\"'“‘„«")
# Most source words an editor's words in square brackets replace cost-free
# (a referent: "we", "this organisation"); more is a rewording.
REWRITTEN = 5
"""Words on both sides of a replacement that make it a clause rewritten, never material."""

MAX_BRACKETED = 3
# A transcript's time code, or a caption's two, maybe after the caption's
# number on a line of its own (``12\n00:01:23,450 --> 00:01:25,100``).
CAPTION_TIME_CODES = re.compile(rf"(?:\d{{1,6}}[ \t]*(?:\r\n?|\n)[ \t]*)?{TIME_CODES}")
# An ellipsis marking words left out: "…", "...", ". . .", in brackets or not.
ELLIPSIS = re.compile(r"…|\.\s?\.\s?\.")


LARGE_NUMBERS = frozenset({"hundred", "thousand", "million", "billion", "trillion"})


# German words no English text holds, and the articles and determiners before
# a German noun ("die Lage", "der ukrainische Präsident", "zum Schutz"): a
# capital after them is a noun's, not a name's ("von der Leyen" is a name).
GERMAN_WORDS = frozenset(
    {"und", "nicht", "ist", "wird", "werden", "wurde", "haben", "auf", "auch", "dass", "sich"}
    | {"wir", "ich", "sie", "zum", "zur", "gegen"}
)
