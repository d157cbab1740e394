"""How often dedup names the right reason for a variant: planted edits of real news sentences.

Usage::

    python benchmarks/reasons.py [--data ../shared/eval] [--per-kind N] [--seed S]
                                 [--json OUT] [--originals FOLDER] [--examples N]
                                 [--mode scan|audit ...]

None of the labelled corpora says *why* a copy differs from its source
(``benchmarks/QUALITY.md``), so this script makes copies whose reason is
known. It takes real sentences of real news (the originals), copies each
once with one planted edit of a known kind, puts the copy into a media
document among unrelated filler sentences, runs dedup on the originals'
documents (as references) and those media documents, and compares what
dedup reports for the copy with the answer a reviewer should see.

In: by default the originals are METER's Press Association copy
(``meter/PA/rawtexts`` under ``--data``, one document per story: the first
file of each catchline, since later files repeat it with corrections), read
as dedup reads it (ISO-8859-1; ``#`` is the pound sign, written ``£`` in the
copies, as a paper prints it); ``--originals FOLDER`` takes them from any
folder dedup reads (its ``reference`` documents when it has a manifest,
else every document). The filler, and the ``unsourced`` sentences, are
sentences of BBC News (``bbc_news_2225``, no story shared with the
originals); without it, a few sentences written for this script. The
corpora are read in place: a temporary folder holds symbolic links to the
originals and the written media documents; nothing is copied into the
repository.

The originals are sentences as dedup's own segmenter splits them, 12 to 45
words, without quotation marks (a copy is put inside quotation marks for
the audit) or a transcript's speaker label, each used once. Each copy gets
one edit, chosen with a seeded random generator (same seed, same corpus,
same figures), of one of these kinds, each only where it applies:

=============== ==================================================================
kind            the planted copy
=============== ==================================================================
verbatim        the sentence as it is (a control)
cosmetic        one of: a capitalised word in lower case (not the first), a
                comma dropped or added, a British spelling made American
                (``-ise``/``-ize``, ``colour``, ``defence`` ...), the
                apostrophes curled, a hyphen replaced by a space
trim_start      the first 3 or more words left out (at most a third)
trim_end        the last 3 or more words left out (at most a third)
trim_middle     3 or more words inside left out (up to a third), marked with ``...``
                (every cut at a space between words, not next to a number or a
                month: a cut inside ``January 10`` leaves a bare number); no
                name, number, negation or modal among or next to the words
                left out (docs/how-it-works.md: such a cut is material, ``we are ... able``
                for ``we are not able``)
splice          the first part of one sentence and the last part of a later one
                of the same document, not adjacent (8 words or more of each),
                glued with no mark
splice_ellipsis the same, glued with `` ... ``
number          a number changed (digits, or a number word: ``two`` for ``three``)
negation        ``not`` added after an auxiliary, or ``not``/``n't``/``never``
                removed
name            a surname (a capitalised word after ``Mr``, ``Mrs``, ``Miss``,
                ``Ms``, ``Dr``, ``Sir``, ``Lord``, ``Judge``) replaced by another
                such surname of the corpus
modal           will/would, can/could, must/may/might, should/would, shall/will
paraphrase      two or three words replaced by synonyms (``said``/``stated``,
                ``car``/``vehicle`` ...)
unsourced       a sentence of the filler corpus, in no reference (a control)
=============== ==================================================================

**Modes.** ``scan``: each copy is a paragraph of its own among six filler
sentences of one media document; the originals' documents are references;
dedup's answer is the member of the media document that covers most of the
copy in a cluster where it is measured against a member of the original's
document overlapping the original sentence, or a reference passage elsewhere
holding most of its words in a run (METER's stories repeat in other days'
copy) (``found``). ``audit``: each
copy is a quotation in such a document, ``“<copy>,” said reasons.`` or
``reasons said: “<copy>”`` (in turn); dedup's answer is the quotation
that covers the copy, found when its ``source`` is the original sentence in
the same sense. A splice is found, in the
scan, when both of its parts are found, each against its own sentence (the
scan has no notion of a splice; a member covering the whole copy, matched
to either sentence, counts too); in the audit when the quotation's
source spans both sentences.

**The right reason** (from the definitions in docs/how-it-works.md and
docs/audit.md) per kind. Scan: ``label``,
``trimmed`` and the set of ``edits[].material`` kinds; audit: ``label``,
the flags ``trimmed``, ``ellipsis`` and ``spliced`` (``joined`` is not
compared), and the material kinds:

=============== ============================ ===========================================
kind            scan                         audit
=============== ============================ ===========================================
verbatim        verbatim, not trimmed, none  verbatim, no flag, none
cosmetic        cosmetic, not trimmed, none  cosmetic, no flag, none (verbatim also
                (verbatim also right for     right for punctuation, apostrophes and
                punctuation, apostrophes     hyphens, which are no words)
                and hyphens)
trim_start/end  verbatim, trimmed, none      verbatim, trimmed, none
trim_middle     verbatim, trimmed, none      verbatim, trimmed + ellipsis, none
splice          each part: verbatim, none    altered, spliced (+ trimmed), no material
                (trimmed or not: a part      (the splice's ``delete`` is costly,
                the passages stage finds     not material)
                has for its original only
                the words it shares); or
                one member for the whole
                copy: altered, no material
splice_ellipsis as for splice; or one        verbatim, ellipsis + trimmed, not spliced,
                member against a window of   none (an ellipsis, in order, in one
                sentences holding both:      record, marks an omission)
                verbatim, trimmed, none
number          altered, not trimmed,        altered, no flag, number
                number
negation        ... negation                 ... negation
name            ... name                     ... name
modal           ... modal                    ... modal
paraphrase      altered with no material     the same
                edit (a few words reworded
                leave most words aligned:
                the docs' ``paraphrase`` is
                fewer than half), or
                paraphrase
unsourced       not found                    unsourced
=============== ============================ ===========================================

Out: one table (per mode and kind: planted, found, right reason; for
``unsourced``, *found* counts copies wrongly given a source, and the
*all* row's *found* leaves them out), the
confusion of planted kind against dedup's reason (``label``,
``+trimmed``/flags, ``[material kinds]``; ``-`` when not found), and the
share of found copies of the verbatim, cosmetic and trim kinds that report
a material edit (false alarms); ``--examples N`` prints up to N wrong
reasons per kind with the copy, the original and dedup's edits.
``--json OUT`` writes the figures.

Always holds: dedup runs through its library API (``dedup.scan``,
``dedup.audit``) with the CLI's defaults; the planted kinds are never shown
to it (the files are named by number and the references are found by the
manifest's roles).
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dedup
from dedup.ingest import load_corpus
from dedup.models import Document
from dedup.segment import build_segmenter

KINDS = ("verbatim", "cosmetic", "trim_start", "trim_end", "trim_middle", "splice",
         "splice_ellipsis", "number", "negation", "name", "modal", "paraphrase", "unsourced")
MATERIAL_KINDS = {"number": "number", "negation": "negation", "name": "name", "modal": "modal"}
NO_MATERIAL_KINDS = ("verbatim", "cosmetic", "trim_start", "trim_end", "trim_middle")
MIN_WORDS, MAX_WORDS = 12, 45
FILLERS_PER_DOC = 6

# Filler when there is no BBC News: sentences written for this script in the
# style of news copy, on subjects no original is about.
WRITTEN_FILLER = (
    "Heavy rain is expected across the north of the country until Thursday evening.",
    "The club confirmed that its new stadium will open in time for the autumn season.",
    "Shares in the mining group fell sharply after it cut its forecast for the year.",
    "Organisers said the festival had sold out within an hour of tickets going on sale.",
    "The museum will display the recovered paintings in a new gallery from next month.",
    "Commuters faced delays after a signalling fault closed two lines during the morning.",
    "The bakery chain plans to open forty shops in the south over the coming year.",
    "A spokeswoman for the airline said the route would be served by larger aircraft.",
    "Local farmers have warned that the late frost may damage this year's apple harvest.",
    "The orchestra announced a tour of six cities to mark its centenary next spring.",
    "Engineers spent the weekend repairing the bridge after it was struck by a barge.",
    "The council said the library would keep its weekend opening hours after all.",
    "Visitor numbers at the coastal resort rose by a fifth during the summer holidays.",
    "The author's latest novel is set in a fishing village on the west coast.",
    "Police closed the motorway for several hours while the lorry was recovered.",
    "The school's choir reached the final of the national competition for the first time.",
    "A new ferry service between the two islands is due to start sailing in May.",
    "Researchers at the university have mapped the nesting sites of the rare seabird.",
    "The supermarket said the price of milk would stay the same for the rest of the year.",
    "Residents were invited to comment on the plans for the new park at a public meeting.",
    "The cyclist crossed the line two seconds ahead of his nearest rival on Sunday.",
    "Fans queued outside the theatre overnight to buy tickets for the final performance.",
    "The garden centre reported its busiest weekend since it opened ten years ago.",
    "Forecasters said temperatures would return to normal by the end of the week.",
    "The broadcaster confirmed that the quiz show would return for another series.",
    "A lifeboat crew rescued two walkers cut off by the tide near the headland.",
    "The toy maker expects sales to rise ahead of the Christmas shopping season.",
    "The village hall will be rebuilt with money raised by a summer fete.",
    "The marathon route has been changed to avoid roadworks in the town centre.",
    "Traders at the market said the new car park had brought more shoppers.",
)

AUXILIARIES = ("is", "was", "were", "are", "will", "would", "can", "could", "should",
               "has", "had", "have", "must", "did", "does", "do")
NEGATED = {"isn't": "is", "wasn't": "was", "weren't": "were", "aren't": "are", "won't": "will",
           "wouldn't": "would", "can't": "can", "couldn't": "could", "shouldn't": "should",
           "hasn't": "has", "hadn't": "had", "haven't": "have", "didn't": "did",
           "doesn't": "does", "don't": "do", "mustn't": "must"}
MODALS = {"will": "would", "would": "will", "can": "could", "could": "can", "must": "may",
          "may": "might", "might": "may", "should": "would", "shall": "will"}
NOT_MODAL_BEFORE = frozenset({"his", "her", "their", "the", "a", "own", "free", "its", "my",
                              "your", "our", "good", "ill", "of", "no"})
NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "hundred")
NOT_NUMBER_BEFORE = frozenset({"no", "any", "every", "some", "each", "someone", "anyone", "the"})
TITLES = ("Mr", "Mrs", "Miss", "Ms", "Dr", "Sir", "Lord", "Judge")
SPELLINGS = {"colour": "color", "defence": "defense", "offence": "offense", "centre": "center",
             "programme": "program", "favour": "favor", "honour": "honor", "behaviour":
             "behavior", "labour": "labor", "neighbour": "neighbor", "theatre": "theater",
             "licence": "license", "jewellery": "jewelry", "travelled": "traveled",
             "cancelled": "canceled", "grey": "gray", "cheque": "check", "tyre": "tire",
             "pyjamas": "pajamas", "mould": "mold", "organisation": "organization",
             "apologised": "apologized", "recognised": "recognized", "realised": "realized",
             "criticised": "criticized", "organised": "organized", "authorised":
             "authorized", "emphasised": "emphasized", "sentence": "sentence"}
SYNONYMS = {"said": "stated", "told": "informed", "found": "discovered", "began": "started",
            "started": "began", "big": "large", "large": "big", "help": "assist",
            "asked": "requested", "after": "following", "died": "passed away", "home": "house",
            "house": "home", "car": "vehicle", "children": "youngsters", "job": "post",
            "money": "cash", "wife": "spouse", "bought": "purchased", "tried": "attempted",
            "saw": "witnessed", "showed": "revealed", "received": "got", "wanted": "wished",
            "attacked": "assaulted", "attack": "assault", "later": "afterwards",
            "hospital": "infirmary", "happy": "glad", "shop": "store", "left": "departed",
            "began,": "started,", "because": "as", "man": "male", "woman": "female",
"killed": "slew", "stole": "took", "road": "street",
            "street": "road", "now": "currently", "about": "around", "used": "employed",
            "show": "programme", "film": "movie", "friend": "pal", "mother": "mum",
            "father": "dad", "boy": "lad", "girl": "lass", "angry": "furious"}
SPELLINGS.pop("sentence")
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*|\d[\d,.]*\d|\d")
QUOTE_MARKS = re.compile("[\"“”„«»`]|''|(?<![A-Za-z])'|'(?![A-Za-z])")
MONTHS_AND_DAYS = frozenset((
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday"))
MONTH_AFTER = re.compile(r"\s+(?:{})\b".format("|".join(MONTHS_AND_DAYS)))
LABEL = re.compile(r"^[A-Z][\w .()'-]{0,60}:\s")


@dataclass(frozen=True)
class Original:
    """A sentence of a reference document, as dedup's segmenter splits it."""

    doc: str  # the reference's path in the folder
    index: int  # the sentence's number in its document
    start: int
    end: int
    text: str  # the copy's text: whitespace made single spaces, # for £


@dataclass
class Planted:
    """One planted copy and what dedup said of it."""

    number: int
    kind: str
    detail: str
    copy: str
    originals: tuple[Original, ...]  # two for a splice, none when unsourced
    parts: tuple[str, ...] = ()  # a splice's two parts, as in the copy
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)  # mode -> answer


def clean(text: str) -> str:
    """A sentence's text as a copy prints it: single spaces, ``£`` for METER's ``#``.

    METER's PA copy also ends each paragraph with ``<`` and opens it with a
    control character (``\\x19``): no words, left out.
    """
    text = re.sub(r"#(?=\d)", "£", text)
    text = re.sub(r"[<\x00-\x08\x0b-\x1f\x7f]", " ", text)  # METER's paragraph marks
    return re.sub(r"\s+", " ", text).strip()


def words(text: str) -> list[str]:
    """The words of a sentence, as this script edits them."""
    return WORD.findall(text)


# --- originals and filler ------------------------------------------------------------------


def meter_originals(data: Path) -> list[tuple[Path, str]]:
    """METER's PA copy: the first file of each catchline's folder, as (file, name)."""
    root = data / "meter" / "PA" / "rawtexts"
    out = []
    for folder in sorted({p.parent for p in root.rglob("*.txt") if p.name != "readme.txt"}):
        files = sorted(p for p in folder.glob("*.txt"))
        if files:
            out.append((files[0], "ref/" + "_".join(files[0].relative_to(root).parts)))
    return out


def folder_originals(folder: Path) -> list[tuple[Path, str]]:
    """A folder's reference documents (every document when none is a reference)."""
    corpus = load_corpus(folder)
    references = [d for d in corpus.documents if d.role == "reference"] or list(corpus.documents)
    return [(folder / d.path, "ref/" + d.path.replace("/", "_")) for d in references
            if "#" not in d.path]


def sentences_of(documents: Sequence[Document]) -> dict[str, list[tuple[int, int]]]:
    """Each document's sentences as dedup's segmenter splits them (trained as a scan trains it)."""
    segmenter = build_segmenter(d.text for d in documents)
    return {d.path: segmenter.spans(d.text) for d in documents}


def usable(text: str) -> bool:
    """A sentence that can be an original: 12-45 words, no quotation marks, no speaker label."""
    n = len(words(text))
    return (MIN_WORDS <= n <= MAX_WORDS and not QUOTE_MARKS.search(text)
            and not LABEL.match(text) and text[-1:] in ".!?" and text[:1].isupper()
            and not re.search(r"[<>\[\]{}|@_*=]|https?:|\.\.\.|…", text.rstrip("<")))


def filler_sentences(data: Path, need: int, rng: random.Random) -> list[str]:
    """Sentences of BBC News (or the written ones), each used once, shuffled."""
    root = data / "bbc_news_2225"
    found: list[str] = []
    if root.is_dir():
        seen: set[str] = set()
        for path in sorted(root.glob("*/*.txt")):
            text = path.read_text(encoding="latin-1")
            body = text.split("\n", 1)[1] if "\n" in text else text
            for paragraph in body.split("\n"):
                for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])", paragraph.strip()):
                    sentence = sentence.strip()
                    if (10 <= len(words(sentence)) <= 35 and sentence not in seen
                            and sentence[-1:] == "." and not QUOTE_MARKS.search(sentence)):
                        seen.add(sentence)
                        found.append(sentence)
            if len(found) > 4 * need:
                break
    if len(found) < need:
        found = list(WRITTEN_FILLER) * (need // len(WRITTEN_FILLER) + 1)
    rng.shuffle(found)
    return found


# --- planting ------------------------------------------------------------------------------


def _replace_word(text: str, match: re.Match[str], new: str) -> str:
    return text[: match.start()] + new + text[match.end() :]


def _word_matches(text: str) -> list[re.Match[str]]:
    return list(WORD.finditer(text))


def plant_cosmetic(text: str, rng: random.Random) -> tuple[str, str] | None:
    """One cosmetic change of the applicable ones: (copy, which)."""
    options: list[tuple[str, str]] = []
    matches = _word_matches(text)
    capitalised = [m for m in matches[1:] if m.group()[0].isupper() and m.group()[1:].islower()
                   and text[m.start() - 2 : m.start()] != ". "]
    if capitalised:
        m = rng.choice(capitalised)
        options.append((_replace_word(text, m, m.group().lower()), "case"))
    commas = [i for i, c in enumerate(text) if c == ","]
    if commas:
        i = rng.choice(commas)
        options.append((text[:i] + text[i + 1 :], "punctuation"))
    spelt = [m for m in matches if m.group().lower() in SPELLINGS]
    if spelt:
        m = rng.choice(spelt)
        new = SPELLINGS[m.group().lower()]
        options.append((_replace_word(text, m, new.capitalize() if m.group()[0].isupper()
                                      else new), "spelling"))
    if re.search(r"[A-Za-z]'[A-Za-z]", text):
        options.append((re.sub(r"(?<=[A-Za-z])'(?=[A-Za-z])", "’", text), "apostrophe"))
    hyphens = list(re.finditer(r"(?<=[a-z])-(?=[a-z])", text))
    if hyphens:
        m = rng.choice(hyphens)
        options.append((text[: m.start()] + " " + text[m.end() :], "hyphen"))
    return rng.choice(options) if options else None


def _cuts(text: str, matches: Sequence[re.Match[str]]) -> list[int]:
    """Word indices ``i`` where a copy may cut between words ``i - 1`` and ``i``.

    Only at a space (not inside ``34-year-old``), and not next to a number or
    a month (a cut inside ``January 10`` would leave a bare number).
    """
    out = []
    for i in range(1, len(matches)):
        left, right = matches[i - 1], matches[i]
        if text[left.end() : right.start()] != " ":
            continue
        if any(m.group()[0].isdigit() or m.group() in MONTHS_AND_DAYS for m in (left, right)):
            continue
        out.append(i)
    return out


def plant_trim(text: str, kind: str, rng: random.Random) -> tuple[str, str] | None:
    """The sentence with words left out at its start, its end, or inside with ``...``."""
    matches = _word_matches(text)
    n = len(matches)
    cuts = set(_cuts(text, matches))
    if kind == "trim_start":
        options = [(i, f"{i} words") for i in range(3, n // 3 + 1) if i in cuts]
        if not options:
            return None
        i, detail = rng.choice(options)
        return text[matches[i].start() :], detail
    if kind == "trim_end":
        options = [(i, f"{n - i} words") for i in range(n - n // 3, n - 2) if i in cuts]
        if not options:
            return None
        i, detail = rng.choice(options)
        return text[: matches[i - 1].end()], detail
    options2 = [(first, last) for first in range(3, n - 6) for last in range(first + 3, n - 2)
                if first in cuts and last in cuts and last - first <= max(3, n // 3)
                and not any(_weighty(m.group()) for m in matches[first - 1 : last + 1])]
    if not options2:
        return None
    first, last = rng.choice(options2)
    return (text[: matches[first - 1].end()] + " ... " + text[matches[last].start() :],
            f"{last - first} words at word {first}")


def _weighty(word: str) -> bool:
    """A word whose cut at an ellipsis the docs call material: a name, number, negation, modal."""
    lower = word.lower().replace("’", "'")
    return (word[:1].isupper() or word[:1].isdigit() or lower in NUMBER_WORDS
            or lower.rstrip("s") in ("hundred", "thousand", "million", "billion", "dozen")
            or lower in ("not", "never", "no", "without") or lower.endswith("n't")
            or lower in MODALS or lower in ("will", "shall"))


def plant_splice(first: str, second: str, ellipsis: bool, rng: random.Random
                 ) -> tuple[str, tuple[str, str]] | None:
    """The first part of one sentence and the last part of another (8 words or more each)."""
    a, b = _word_matches(first), _word_matches(second)
    heads = [i for i in _cuts(first, a) if 8 <= i <= max(8, len(a) * 2 // 3)]
    tails = [i for i in _cuts(second, b) if 8 <= len(b) - i <= max(8, len(b) * 2 // 3)]
    if not heads or not tails:
        return None
    cut_a, cut_b = rng.choice(heads), rng.choice(tails)
    head = first[: a[cut_a - 1].end()]
    tail = second[b[cut_b].start() :]
    if not ellipsis and tail[:1].isupper() and not _is_name_like(b[cut_b].group()):
        tail = tail[0].lower() + tail[1:]
    glue = " ... " if ellipsis else " "
    return head + glue + tail, (head, tail)


def _is_name_like(word: str) -> bool:
    return word[:1].isupper() and word not in {"The", "A", "An", "He", "She", "It", "They", "We"}


def plant_number(text: str, rng: random.Random) -> tuple[str, str] | None:
    """A number changed: digits to another value, or a number word to another."""
    options = []
    for m in _word_matches(text):
        word = m.group()
        before = text[max(0, m.start() - 12) : m.start()].split()
        if word[0].isdigit():
            digits = word.replace(",", "")
            code = re.match(r"\w", text[m.end() :]) or re.search(r"\w$", text[: m.start()])
            if code or not digits.replace(".", "").isdigit():
                continue  # part of a code ("B5078", "M6", "1990s")
            if "." in digits:
                whole, frac = digits.split(".", 1)
                new = f"{int(whole) + 1}.{frac}"
            else:
                value = int(digits)
                if before and before[-1] in MONTHS_AND_DAYS or MONTH_AFTER.match(text, m.end()):
                    new_value = value + 1 if value < 28 else value - 1  # still a day of the month
                else:
                    new_value = value + rng.choice((1, 2, 3)) if value < 10 else value * 2
                new = f"{new_value:,}" if "," in word else str(new_value)
            options.append((_replace_word(text, m, new), f"{word} -> {new}"))
        elif word.lower() in NUMBER_WORDS and (not before or before[-1].lower()
                                                not in NOT_NUMBER_BEFORE):
            if word.lower() == "one" and not re.match(r"\s+[a-z]+s\b|\s+of\b", text[m.end() :]):
                continue  # "one" as a pronoun ("one who", "one of") makes no number edit
            others = [w for w in NUMBER_WORDS[:12] if w != word.lower()]
            new = rng.choice(others)
            new = new.capitalize() if word[0].isupper() else new
            options.append((_replace_word(text, m, new), f"{word} -> {new}"))
    return rng.choice(options) if options else None


def plant_negation(text: str, rng: random.Random) -> tuple[str, str] | None:
    """``not`` added after an auxiliary, or a negation removed."""
    options = []
    matches = _word_matches(text)
    for i, m in enumerate(matches):
        word = m.group()
        lower = word.lower().replace("’", "'")
        following = matches[i + 1].group().lower() if i + 1 < len(matches) else ""
        if lower in AUXILIARIES and i > 0 and following not in ("not", "never", "n't", ""):
            options.append((text[: m.end()] + " not" + text[m.end() :], f"{word} -> {word} not"))
        elif lower in ("not", "never") and i > 0:
            options.append((text[: m.start()].rstrip() + " " + text[m.end() :].lstrip(),
                            f"{word} removed"))
        elif lower in NEGATED:
            new = NEGATED[lower]
            new = new.capitalize() if word[0].isupper() else new
            options.append((_replace_word(text, m, new), f"{word} -> {new}"))
    return rng.choice(options) if options else None


def plant_name(text: str, names: Sequence[str], rng: random.Random) -> tuple[str, str] | None:
    """A name of the corpus (a surname after a title, else a lone capitalised name) replaced."""
    found = [m for m in re.finditer(r"\b[A-Z][a-z]+\b", text)
             if m.group() in names and m.start() > 0 and not _next_capitalised(text, m)]
    titled = [m for m in found if re.search(rf"\b(?:{'|'.join(TITLES)})\.? $", text[: m.start()])]
    options = []
    for m in titled or found:
        name = m.group()
        people = names[: names.index("")]
        kin = [n for n in names if n not in (name, "") and (n in people) == (name in people)]
        if kin:
            new = rng.choice(kin)
            options.append((text[: m.start()] + new + text[m.end() :], f"{name} -> {new}"))
    return rng.choice(options) if options else None


def _next_capitalised(text: str, match: re.Match[str]) -> bool:
    """Whether a capitalised word stands right before or after the match (a longer name)."""
    return bool(re.match(r"\s+[A-Z]", text[match.end() :])
                or re.search(r"[A-Z][\w.]*\s+$", text[max(0, match.start() - 30) : match.start()]))


def plant_modal(text: str, rng: random.Random) -> tuple[str, str] | None:
    """A modal verb changed for another."""
    options = []
    matches = _word_matches(text)
    for i, m in enumerate(matches):
        word = m.group()
        if word not in MODALS:  # lower case only: "May" is a month or a name
            continue
        if i > 0 and matches[i - 1].group().lower() in NOT_MODAL_BEFORE:
            continue
        options.append((_replace_word(text, m, MODALS[word]), f"{word} -> {MODALS[word]}"))
    return rng.choice(options) if options else None


def plant_paraphrase(text: str, rng: random.Random) -> tuple[str, str] | None:
    """Two or three words replaced by synonyms."""
    matches = [m for m in _word_matches(text)[1:] if m.group() in SYNONYMS]
    if len(matches) < 2:
        return None
    chosen = sorted(rng.sample(matches, min(len(matches), rng.choice((2, 3)))),
                    key=lambda m: m.start(), reverse=True)
    for m in chosen:
        text = _replace_word(text, m, SYNONYMS[m.group()])
    return text, ", ".join(f"{m.group()} -> {SYNONYMS[m.group()]}" for m in reversed(chosen))


def surnames(texts: Sequence[str]) -> list[str]:
    """Names of the corpus: surnames after a title, ``""``, then lone capitalised names.

    A surname is a capitalised word after ``Mr``, ``Judge`` ... seen twice; a
    lone name is a capitalised word seen three times inside sentences, never
    next to another capitalised word (``Ukraine``, ``Russia``; not the words
    of ``Secretary General``) and never in lower case (``Allies``).
    """
    titled: Counter[str] = Counter()
    lone: Counter[str] = Counter()
    lower: set[str] = set()
    for text in texts:
        titled.update(re.findall(rf"\b(?:{'|'.join(TITLES)})\.? ([A-Z][a-z]{{2,}})\b", text))
        lower.update(w.lower() for w in re.findall(r"\b[a-z]+\b", text))
        for m in re.finditer(r"(?<=[a-z,] )[A-Z][a-z]{2,}\b", text):
            if not re.match(r"[ ,]*[A-Z]", text[m.end() : m.end() + 3]):
                lone[m.group()] += 1
    people = sorted(n for n, count in titled.items() if count >= 2 and n.lower() not in lower)
    places = sorted(n for n, count in lone.items() if count >= 3 and n.lower() not in lower
                    and n not in people and n not in MONTHS_AND_DAYS)
    return [*people, "", *places]


def plant(originals: dict[str, list[Original]], names: Sequence[str], per_kind: int,
          unsourced: list[str], rng: random.Random) -> list[Planted]:
    """``per_kind`` copies of each kind (fewer where too few sentences allow it)."""
    pool = [o for doc in sorted(originals) for o in originals[doc]]
    rng.shuffle(pool)
    used: set[tuple[str, int]] = set()
    planted: list[Planted] = []

    def free(original: Original) -> bool:
        return (original.doc, original.index) not in used

    for kind in KINDS:
        made = 0
        if kind == "unsourced":
            for text in unsourced[:per_kind]:
                planted.append(Planted(len(planted) + 1, kind, "", text, ()))
            continue
        for original in pool:
            if made == per_kind:
                break
            if not free(original):
                continue
            text = original.text
            result: tuple[str, str] | None
            parts: tuple[str, ...] = ()
            chosen: tuple[Original, ...] = (original,)
            if kind == "verbatim":
                result = (text, "")
            elif kind == "cosmetic":
                result = plant_cosmetic(text, rng)
            elif kind.startswith("trim"):
                result = plant_trim(text, kind, rng)
            elif kind.startswith("splice"):
                partners = [o for o in originals[original.doc]
                            if o.index - original.index >= 2 and free(o)]
                if not partners:
                    continue
                other = rng.choice(partners)
                spliced = plant_splice(text, other.text, kind == "splice_ellipsis", rng)
                if spliced is None:
                    continue
                result, parts, chosen = (spliced[0], ""), spliced[1], (original, other)
            elif kind == "number":
                result = plant_number(text, rng)
            elif kind == "negation":
                result = plant_negation(text, rng)
            elif kind == "name":
                result = plant_name(text, names, rng)
            elif kind == "modal":
                result = plant_modal(text, rng)
            else:
                result = plant_paraphrase(text, rng)
            if result is None or (result[0] == text and kind != "verbatim"):
                continue
            used.update((o.doc, o.index) for o in chosen)
            planted.append(Planted(len(planted) + 1, kind, result[1], result[0], chosen, parts))
            made += 1
    return planted


# --- running dedup -------------------------------------------------------------------------


def media_text(item: Planted, filler: list[str], mode: str) -> tuple[str, int, int]:
    """A media document holding the copy among filler sentences, and the copy's span."""
    before = [filler.pop() for _ in range(FILLERS_PER_DOC // 2)]
    after = [filler.pop() for _ in range(FILLERS_PER_DOC - len(before))]
    head = f"{before[0]} {before[1]}\n\n{before[2]}\n\n"
    if mode == "scan":
        line, offset = item.copy, 0
    elif item.number % 2:
        copy = item.copy.rstrip(".")
        line, offset = f"“{copy},” said reasons.", 1
    else:
        line, offset = f"reasons said: “{item.copy}”", len("reasons said: “")
    start = len(head) + offset
    end = start + (len(item.copy.rstrip(".")) if mode == "audit" and item.number % 2
                   else len(item.copy))
    return head + line + f"\n\n{after[0]}\n\n{after[1]} {after[2]}\n", start, end


def run_mode(mode: str, planted: list[Planted], references: list[tuple[Path, str]],
             filler: list[str]) -> float:
    """Run dedup once over every copy of this mode; fill each item's answer. Returns seconds."""
    filler = list(filler)
    with tempfile.TemporaryDirectory(prefix="dedup-reasons-") as tmp:
        root = Path(tmp)
        rows = ["path,role"]
        for source, name in references:
            link = root / name
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(source.resolve())
            rows.append(f"{name},reference")
        (root / "media").mkdir()
        spans: dict[str, tuple[Planted, int, int]] = {}
        for item in planted:
            name = f"media/{item.number:05d}.txt"
            text, start, end = media_text(item, filler, mode)
            (root / name).write_text(text, encoding="utf-8")
            rows.append(f"{name},media")
            spans[name] = (item, start, end)
        (root / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        began = time.perf_counter()
        report = dedup.scan(root) if mode == "scan" else dedup.audit(root)
        seconds = time.perf_counter() - began
    paths = {d.id: d.path for d in report.documents}
    texts = {d.id: d.text for d in report.documents}
    by_path = {d.path: d for d in report.documents}
    # Where each original lies in its document (the copy's text is cleaned).
    locate = {(o.doc, o.index): (o.start, o.end) for item in planted for o in item.originals}
    for name, (item, start, end) in spans.items():
        doc = by_path.get(name)
        if doc is None:
            item.answers[mode] = {"found": False, "reason": "-", "why": "media document unread"}
            continue
        if mode == "scan":
            item.answers[mode] = scan_answer(report, doc.id, item, start, end, paths, locate)
        else:
            item.answers[mode] = audit_answer(report, doc.id, item, start, end, paths, locate,
                                              texts)
    return seconds


def _norms(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in WORD.findall(text.replace("#", "£"))]


def _same_words(held: str, original: Original) -> bool:
    """Whether ``held`` (a reference's text) holds most of the original's words in a run.

    METER's stories repeat in the copy of other days, so the same sentence
    may be matched in another reference: that is the right original too.
    """
    ours, theirs = _norms(original.text), _norms(held)
    if not ours or not theirs:
        return False
    match = difflib.SequenceMatcher(None, ours, theirs, autojunk=False).find_longest_match(
        0, len(ours), 0, len(theirs))
    return match.size >= 0.6 * min(len(ours), len(theirs))


def _holds(path: str, start: int, end: int, text: str, original: Original,
           locate: dict[tuple[str, int], tuple[int, int]]) -> bool:
    """Whether a reference's passage is the original sentence (or the same words elsewhere)."""
    if path == original.doc:
        return _overlap(start, end, *locate[(original.doc, original.index)]) > 0
    return path.startswith("ref/") and _same_words(text, original)


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _materials(edits: Iterable[Any]) -> list[str]:
    return sorted({e.material for e in edits if e.material})


def _edits(edits: Iterable[Any]) -> list[str]:
    return [f"{e.op} {e.source!r}->{e.variant!r}" + (f" [{e.material}]" if e.material else "")
            + (" (trim)" if e.trim else "") + (" (cosmetic)" if e.cosmetic else "")
            for e in edits]


def scan_answer(report: dedup.Report, doc: str, item: Planted, start: int, end: int,
                paths: dict[str, str], locate: dict[tuple[str, int], tuple[int, int]]
                ) -> dict[str, Any]:
    """The member of ``doc`` that covers the copy, measured against its original."""
    candidates: list[tuple[int, int, tuple[Original, ...]]]
    if item.kind.startswith("splice"):
        head, tail = item.parts
        candidates = [(start, end, item.originals),  # one member for the whole copy
                      (start, start + len(head), (item.originals[0],)),
                      (end - len(tail), end, (item.originals[1],))]
    else:
        candidates = [(start, end, item.originals)]
    found_parts: list[dict[str, Any]] = []
    for span_start, span_end, wanted in candidates:
        best: dict[str, Any] | None = None
        for cluster in report.clusters:
            for member in cluster.members:
                if member.doc != doc:
                    continue
                cover = _overlap(member.start, member.end, span_start, span_end)
                if cover * 2 < span_end - span_start:
                    continue
                index = member.against if member.against is not None else cluster.canonical
                against = cluster.members[index]
                held = [_holds(paths[against.doc], against.start, against.end, against.text, o,
                               locate) for o in wanted]
                if not paths[against.doc].startswith("ref/") or not any(held):
                    continue
                if best is None or cover > best["cover"]:
                    best = {"cover": cover, "label": member.label, "trimmed": member.trimmed,
                            "materials": _materials(member.edits), "edits": _edits(member.edits),
                            "text": member.text, "fidelity": member.fidelity,
                            "source": against.text, "holds_all": all(held)}
        found_parts.append(best or {})
    if not item.kind.startswith("splice"):
        answer = found_parts[0]
        if not answer:
            return {"found": False, "reason": "-", "right": item.kind == "unsourced"}
        return {"found": True, "reason": _scan_reason(answer), **answer,
                "right": scan_right(item, answer)}
    whole, *parts = found_parts
    if whole and whole["cover"] >= (end - start) * 0.9:
        # One member for the whole copy: the scan has no splice, but its
        # reason must not pass the copy for a faithful one.
        right = not whole["materials"] and (
            whole["label"] == "altered"
            or (item.kind == "splice_ellipsis" and whole["holds_all"] and whole["trimmed"]
                and whole["label"] == "verbatim"))
        return {"found": True, "reason": _scan_reason(whole), **whole, "right": right}
    if all(parts):
        # A part matched by the passages stage has for its original only
        # the words it shares, so it need not be trimmed.
        return {"found": True, "reason": " | ".join(_scan_reason(p) for p in parts),
                "parts": parts,
                "right": all(p["label"] == "verbatim" and not p["materials"] for p in parts)}
    return {"found": False, "reason": "-", "parts": [p for p in parts if p]}


def _scan_reason(answer: dict[str, Any]) -> str:
    reason = answer["label"] + ("+trimmed" if answer["trimmed"] else "")
    return reason + (f"[{','.join(answer['materials'])}]" if answer["materials"] else "")


def scan_right(item: Planted, answer: dict[str, Any]) -> bool:
    """Whether the scan's member says what a reviewer should see (the docstring's table)."""
    label, trimmed, materials = answer["label"], answer["trimmed"], answer["materials"]
    kind = item.kind
    if kind == "verbatim":
        return label == "verbatim" and not trimmed and not materials
    if kind == "cosmetic":
        labels = ("cosmetic",) if item.detail in ("case", "spelling") else ("cosmetic", "verbatim")
        return label in labels and not trimmed and not materials
    if kind.startswith("trim") or kind.startswith("splice"):
        return label == "verbatim" and trimmed and not materials
    if kind in MATERIAL_KINDS:
        return label == "altered" and not trimmed and materials == [MATERIAL_KINDS[kind]]
    if kind == "paraphrase":
        return label in ("altered", "paraphrase") and not trimmed and not materials
    return False  # unsourced: any finding is wrong


def audit_answer(report: dedup.Report, doc: str, item: Planted, start: int, end: int,
                 paths: dict[str, str], locate: dict[tuple[str, int], tuple[int, int]],
                 texts: dict[str, str]) -> dict[str, Any]:
    """The quotation of ``doc`` that covers the copy, and its verdict."""
    best = None
    for quote in report.quotes:
        if quote.doc != doc:
            continue
        cover = _overlap(quote.start, quote.end, start, end)
        if cover * 2 >= end - start and (best is None or cover > best[0]):
            best = (cover, quote)
    if best is None:
        return {"found": False, "reason": "-", "why": "no quotation covers the copy"}
    quote = best[1]
    flags = sorted(set(quote.flags) - {"joined"})
    materials = _materials(quote.edits)
    reason = quote.label + "".join(f"+{f}" for f in flags)
    reason += f"[{','.join(materials)}]" if materials else ""
    answer: dict[str, Any] = {"label": quote.label, "flags": list(quote.flags),
                              "materials": materials, "edits": _edits(quote.edits),
                              "text": quote.text, "fidelity": quote.fidelity,
                              "source": quote.source.text if quote.source else None,
                              "reason": reason}
    if item.kind == "unsourced":
        answer["found"] = quote.label != "unsourced"
        answer["right"] = quote.label == "unsourced"
        return answer
    source = quote.source
    answer["found"] = source is not None and all(
        _holds(paths[source.doc], source.start, source.end, source.text, o, locate)
        for o in item.originals)
    answer["right"] = answer["found"] and audit_right(item, quote.label, flags, materials)
    return answer


def audit_right(item: Planted, label: str, flags: list[str], materials: list[str]) -> bool:
    """Whether the audit's verdict says what a reviewer should see (the docstring's table)."""
    kind = item.kind
    if kind == "verbatim":
        return label == "verbatim" and not flags and not materials
    if kind == "cosmetic":
        labels = ("cosmetic",) if item.detail in ("case", "spelling") else ("cosmetic", "verbatim")
        return label in labels and not flags and not materials
    if kind in ("trim_start", "trim_end"):
        return label == "verbatim" and flags == ["trimmed"] and not materials
    if kind == "trim_middle":
        return label == "verbatim" and flags == ["ellipsis", "trimmed"] and not materials
    if kind == "splice":
        return label == "altered" and "spliced" in flags and not materials
    if kind == "splice_ellipsis":
        return (label == "verbatim" and "ellipsis" in flags and "spliced" not in flags
                and not materials)
    if kind in MATERIAL_KINDS:
        return label == "altered" and not flags and materials == [MATERIAL_KINDS[kind]]
    if kind == "paraphrase":
        return label in ("altered", "paraphrase") and not flags and not materials
    return False


# --- figures -------------------------------------------------------------------------------


def figures(planted: list[Planted], modes: Sequence[str]) -> dict[str, Any]:
    """Per mode and kind: planted, found, right; the confusion; false alarms."""
    out: dict[str, Any] = {}
    for mode in modes:
        per_kind: dict[str, Any] = {}
        confusion: dict[str, Counter[str]] = defaultdict(Counter)
        alarms = checked = 0
        for kind in KINDS:
            items = [i for i in planted if i.kind == kind]
            answers = [i.answers[mode] for i in items]
            found = sum(bool(a.get("found")) for a in answers)
            right = sum(bool(a.get("right")) for a in answers)
            per_kind[kind] = {"planted": len(items), "found": found, "right": right}
            for a in answers:
                confusion[kind][a["reason"] if a.get("found") or kind == "unsourced"
                                else "-"] += 1
                if kind in NO_MATERIAL_KINDS and a.get("found"):
                    checked += 1
                    alarms += bool(a.get("materials"))
        total = {key: sum(v[key] for v in per_kind.values())
                 for key in ("planted", "found", "right")}
        # Found counts the copies that have an original: an unsourced one found is wrong.
        total["sourced"] = total["planted"] - per_kind["unsourced"]["planted"]
        total["found"] -= per_kind["unsourced"]["found"]
        out[mode] = {"kinds": per_kind, "total": total,
                     "confusion": {k: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))
                                   for k, c in confusion.items()},
                     "false_alarms": round(alarms / checked, 3) if checked else None,
                     "false_alarm_count": alarms, "false_alarm_base": checked}
    return out


def print_table(result: dict[str, Any], modes: Sequence[str]) -> None:
    """The figures as one table, then the confusion per mode."""
    header = f"{'kind':<16}" + "".join(f"{m + ' found':>14}{m + ' right':>14}" for m in modes)
    print(header)
    for kind in KINDS:
        row = f"{kind:<16}"
        for mode in modes:
            k = result[mode]["kinds"][kind]
            n = k["planted"] or 1
            row += f"{k['found']:>6}/{k['planted']:<3}{k['found'] / n:>5.0%}"
            row += f"{k['right']:>6}/{k['planted']:<3}{k['right'] / n:>5.0%}"
        print(row)
    row = f"{'all':<16}"
    for mode in modes:
        t = result[mode]["total"]
        row += f"{t['found']:>5}/{t['sourced']:<4}{t['found'] / (t['sourced'] or 1):>6.1%}"
        row += f"{t['right']:>5}/{t['planted']:<4}{t['right'] / (t['planted'] or 1):>6.1%}"
    print(row)
    for mode in modes:
        r = result[mode]
        print(f"\n{mode}: material edits where none was planted (verbatim, cosmetic, trim kinds): "
              f"{r['false_alarm_count']} of {r['false_alarm_base']} found"
              + (f" ({r['false_alarms']:.1%})" if r["false_alarms"] is not None else ""))
        print(f"{mode}: planted kind -> dedup's reason (count)")
        for kind in KINDS:
            cells = ", ".join(f"{reason} {count}"
                              for reason, count in r["confusion"].get(kind, {}).items())
            print(f"  {kind:<16} {cells}")


def print_examples(planted: list[Planted], modes: Sequence[str], limit: int) -> None:
    """Up to ``limit`` wrong reasons per mode and kind, with the copy and dedup's edits."""
    for mode in modes:
        for kind in KINDS:
            wrong = [i for i in planted if i.kind == kind and not i.answers[mode].get("right")]
            for item in wrong[:limit]:
                a = item.answers[mode]
                print(f"\n[{mode} {kind} #{item.number}] {item.detail} -> {a['reason']}")
                for o in item.originals:
                    print(f"  original ({o.doc}): {o.text}")
                print(f"  copy: {item.copy}")
                for part in a.get("parts", []) or [a]:
                    if part.get("text") is not None:
                        print(f"  dedup's span: {part['text']!r}"
                              + (f" fidelity {part['fidelity']}" if "fidelity" in part else ""))
                        if part.get("source"):
                            print(f"  against: {part['source']!r}")
                        for edit in part.get("edits", [])[:12]:
                            print(f"    {edit}")


# --- main ----------------------------------------------------------------------------------


def load_originals(args: argparse.Namespace) -> tuple[list[tuple[Path, str]],
                                                     dict[str, list[Original]], list[str]]:
    """The reference files, their usable sentences, and the corpus's surnames."""
    if args.originals:
        files = folder_originals(Path(args.originals))
    else:
        files = meter_originals(Path(args.data))
    if not files:
        sys.exit(f"no originals: {args.originals or Path(args.data) / 'meter'} holds no document")
    with tempfile.TemporaryDirectory(prefix="dedup-reasons-") as tmp:
        root = Path(tmp)
        for source, name in files:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).symlink_to(source.resolve())
        documents = load_corpus(root).documents
    spans = sentences_of(documents)
    originals: dict[str, list[Original]] = {}
    for document in documents:
        chosen = []
        for index, (start, end) in enumerate(spans[document.path]):
            text = clean(document.text[start:end])
            if usable(text):
                chosen.append(Original(document.path, index, start, end, text))
        if chosen:
            originals[document.path] = chosen
    names = surnames([d.text for d in documents])
    return files, originals, names


def main(argv: Sequence[str] | None = None) -> int:
    """Plant the edits, run dedup, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="../shared/eval", help="the evaluation corpora")
    parser.add_argument("--originals", help="take the originals from this folder instead of METER")
    parser.add_argument("--per-kind", type=int, default=100, help="copies planted per kind")
    parser.add_argument("--seed", type=int, default=1, help="seed of the planting")
    parser.add_argument("--json", help="write the figures (and every copy's answer) here")
    parser.add_argument("--examples", type=int, default=0,
                        help="print up to N wrong reasons per mode and kind")
    parser.add_argument("--mode", action="append", choices=("scan", "audit"),
                        help="run only this mode (repeatable; default both)")
    args = parser.parse_args(argv)
    modes = tuple(args.mode or ("scan", "audit"))
    rng = random.Random(args.seed)
    files, originals, names = load_originals(args)
    data = Path(args.data)
    filler = filler_sentences(data, FILLERS_PER_DOC * len(KINDS) * args.per_kind + args.per_kind,
                              rng)
    unsourced = [filler.pop() for _ in range(args.per_kind)]
    planted = plant(originals, names, args.per_kind, unsourced, rng)
    seconds = {mode: run_mode(mode, planted, files, filler) for mode in modes}
    result = figures(planted, modes)
    print(f"originals: {sum(map(len, originals.values()))} usable sentences in {len(originals)} "
          f"documents; {len(planted)} copies planted (seed {args.seed}); "
          + ", ".join(f"{mode} {seconds[mode]:.1f} s" for mode in modes))
    print_table(result, modes)
    if args.examples:
        print_examples(planted, modes, args.examples)
    if args.json:
        result["settings"] = {"per_kind": args.per_kind, "seed": args.seed,
                              "originals": args.originals or "meter"}
        result["copies"] = [{"number": i.number, "kind": i.kind, "detail": i.detail,
                             "copy": i.copy, "answers": {m: {k: v for k, v in i.answers[m].items()
                                                             if k in ("found", "right", "reason")}
                                                         for m in modes}}
                            for i in planted]
        Path(args.json).write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
