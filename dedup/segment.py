r"""Text -> sentences with exact character spans (the only module that imports nltk).

In: the decoded texts of a corpus (to pick or train a Punkt model once, with
``build_segmenter``), then one text at a time. Out: ``(start, end)`` spans, or
``Sentence`` values for one document.

How a text is cut, in two steps:

1. Hard boundaries from the layout. A blank line ends a sentence, except
   in a double-spaced text (one blank line after every line, as in METER's
   newspaper copy) before a line that starts with a lower-case letter. A
   single line break ends one too (transcripts are often written one sentence
   per line, and headings, page chrome and user names carry no full stop),
   unless it is plainly inside a sentence: the line before ends with ``,``
   ``;`` ``:``, a dash or a title such as ``Mr.``, or the next line starts
   with a lower-case letter. A next line that starts with a bullet (also
   the private-use characters a PDF gives for Symbol and Wingdings
   bullets, ``\uf0b7``), and a
   paragraph mark of press-agency copy (``<`` ending a line, the control
   character ``\x19`` starting one), always make a new sentence; a line
   holding only paragraph marks is no sentence of its own but goes with the
   sentence before it (or after it). Hard-wrapped documents (press copy,
   e-mail) are the exception: when most lines of ordinary length
   (``WRAP_MIN_LINE`` characters or more) followed by a single line break do
   not end a sentence (``.`` ``!`` ``?`` or ``…``, then maybe closing quotes
   or brackets), and the rule above already keeps at least a quarter of those
   breaks inside a sentence (a list of headlines without full stops has
   none), a single line break after such a line is only a space and Punkt
   decides; there only a bullet, a paragraph mark or a line with no letter or
   digit (a rule such as ``-----``) ends a sentence at a line break. After a
   shorter line (a heading, a signature) the rule above still applies.
   A line holding only a time code (``0:05`` above each line of a
   transcript copied from a video page; a caption file's ``00:01:23,450
   --> 00:01:25,100``, with the cue's number on the line before) is no
   sentence and ends none: it stays inside the sentence that runs on
   across it (or opens the next), the lines around it are judged by the
   rule above as if next to each other, and after the first such line a
   blank line before one parts caption cues, not sentences.
   The furniture of a PDF's pages (``dedup.layout``: page numbers, running
   headers and footers at form feeds) is no sentence and ends none
   either: the lines of words on either side are judged as if next to
   each other (the blank lines around it are the page's), so a sentence
   runs on across a page break; where the page ends a sentence (its last
   line does, by the rule above) or the rule ends it, each furniture line
   is a piece of its own.
   In a transcript (a text where one speaker label, ``NATO Secretary
   General:``, opens two lines or more), each label that opens a line is a
   sentence of its own, and the words after it start the next, even on the
   label's line: the label is not part of what the speaker said.
2. Punkt (Kiss & Strunk 2006, "Unsupervised multilingual sentence boundary
   detection") cuts each block between hard boundaries. The packaged
   ``punkt_tab`` English model is used when it is installed; otherwise a model
   is trained on the corpus itself. Nothing is ever downloaded. The project's
   abbreviation list (titles, months, "etc.", single letters for initials
   such as "U. S.", US states as agencies write them) is added to either
   model, and an initialism (``D.C.``, ``U.S.``) is an abbreviation too;
   after one, a capitalised word starts a sentence only when it is a
   frequent sentence starter or has been seen capitalised at a sentence's
   start (``the U.S. Army`` goes on), and "no." ends one before a
   capitalised word (not before a number: ``No. 10``). From a trained
   model, learned abbreviations that do not look abbreviated ("row") and
   collocations into a title ("2014. Mr") are dropped: on a small corpus
   they are noise. A run
   of punctuation Punkt cuts off (the dots of ". . .") stays with its
   sentence, and a block longer than ``MAX_PUNKT_CHARS`` is first cut at
   clear sentence ends (once needed to stay within NLTK's regex time limit,
   which Punkt's own patterns here no longer run under: ``_untimed``).
   A footnote's marker a PDF glues to a full stop (``justice.12 NATO``,
   ``dedup.layout.footnote_marker``) ends the sentence before a capital,
   where Punkt reads ``justice.12`` as one word.

Punkt is consulted only where a boundary is in doubt. NLTK asks, for each
``.`` ``?`` or ``!`` followed by a space or punctuation, whether the few
words around it hold a sentence break; when those words are plain (a word
of ASCII letters or digits, or closing marks, before the mark; a word, a
number or a quote after it), the answer is worked out here with Punkt's
own rules and parameters (abbreviations, collocations, the orthographic
evidence for the next word; ``plain_break``), so the cuts are the ones
Punkt alone makes. Punkt itself is asked about the rest: one context in
27 in BBC News, one in 13 in PAN's web pages. Its answer is taken for the
mark asked about only: NLTK also answers yes for a full stop inside the
next token, so 'Mr. Smith."' ending a quotation cut "Mr." from the name.

Punkt only proposes cut points; the spans are built here from them, so what
always holds, for any text: spans are sorted and non-overlapping, each is
non-empty and whitespace-trimmed, and together they cover every
non-whitespace character exactly once. Work is linear in the text size, and
the same texts always give the same model and the same spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import pairwise
from typing import Any, Literal

import nltk.data
import nltk.tokenize
from nltk.tokenize import punkt

from dedup.attribution import SPEAKER_LABEL, interview_labels
from dedup.errors import ConfigError
from dedup.layout import footnote_marker, page_furniture
from dedup.models import Sentence
from dedup.shingle import TIME_CODES

try:  # NLTK matches Punkt's patterns through ``nltk.redos``, under a time limit (from 3.10.4)
    from nltk import redos as _redos
except ImportError:  # NLTK before 3.10.3 (older than pyproject.toml allows) has no such module
    _redos = None

Model = Literal["punkt_tab", "trained"]

TITLES = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt"}
    | {"sen", "rep", "gov", "pres", "st", "jr", "sr", "rev", "hon"}
    | {"sens", "reps", "govs", "gens", "adm", "brig", "maj", "cmdr", "cpl", "pvt", "det"}
    | {"insp", "supt", "atty", "messrs", "fr", "mme", "mlle"}
)
"""Titles: a line ending in one of these (with its full stop) goes on."""

MONTHS = frozenset(
    {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)
"""Abbreviated month names."""

US_STATES = frozenset(
    {"ala", "ariz", "ark", "calif", "colo", "conn", "fla", "ga", "kan", "ky", "md", "mich"}
    | {"minn", "mont", "neb", "nev", "okla", "tenn", "vt", "va", "wis", "wyo"}
)
"""US states as news agencies abbreviate them (``Mobile, Ala.``, ``D-Calif.``), those
that are no English word: "Ill." or "Miss." may end a sentence as the word."""

ABBREVIATIONS = frozenset(
    TITLES
    | MONTHS
    | {"etc", "vs", "inc", "ltd", "co", "corp", "no", "vol", "fig", "approx"}
    | {"e.g", "i.e", "u.s", "u.k", "u.n", "a.m", "p.m", "mt", "ft"}
    | US_STATES
    | set("abcdefghijklmnopqrstuvwxyz")
)
"""Lower-case abbreviations without their final full stop, as Punkt stores them."""

# The line breaks of ``str.splitlines``, so "\r\n" and "\u2028" count as one.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_OTHER_LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# A line ending in one of these continues on the next line.
_SOFT_LINE_ENDS = (",", ";", ":", "-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015")
# Opening punctuation skipped to find the first letter of a line.
_OPENERS = frozenset("\"'`“‘„‚«‹([{¿¡")
# A line starting with one of these is a list item: always a new sentence.
# Besides Unicode's bullets, the private-use code points a PDF's text gives
# for the Symbol and Wingdings fonts' bullets (a word processor's lists):
# U+F0B7 (Symbol's bullet), U+F0A7, U+F06E (squares), U+F0D8 and U+F0E8
# (arrowheads), U+F076 (a diamond of four), U+F0FC (a tick).
_BULLETS = ("•", "‣", "◦", "▪", "▫", "●", "○", "■", "□", "∙", "·", "⁃", "* ", "- ",
            "➢", "➤", "►", "❖", "◆", "✓", "✔",
            "\uf0b7", "\uf0a7", "\uf06e", "\uf0d8", "\uf0e8", "\uf076", "\uf0fc")
# Paragraph marks of press-agency copy: "<" ends a paragraph's last line, the
# control character \x19 starts its first.
_PARAGRAPH_END = "<"
_PARAGRAPH_START = "\x19"
# A line that ends a sentence: . ! ? or …, then maybe closing quotes or brackets.
_FINAL_LINE = re.compile(r"[.!?\u2026][\"'”’»)\]]*$")
# The last word of a line, to spot a title such as "Mr." before a line break.
_LAST_WORD = re.compile(r"(\w+)\.$")
# A letter or a digit: what a sentence has and a run of punctuation lacks.
_WORD = re.compile(r"[^\W_]")
_VOWEL = re.compile(r"[aeiou]")
# A paragraph's number, as Punkt cuts it off: "1." "12)" "(3)".
_ENUMERATOR = re.compile(r"\(?[0-9]{1,3}[.)]")
_ENUMERATOR_CHARS = 5
# The same number after a colon, ending a list's lead-in.
_LEAD_IN_NUMBER = re.compile(r":\s+(?P<number>\(?[0-9]{1,3}[.)])")
# A full stop, question or exclamation mark, closing quotes, then a space:
# where a block too long for Punkt may be cut.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+[\"'“‘(\[]?")
_SPACE = re.compile(r"\s+")
# Anything but a paragraph mark or a space: a line without one is only marks.
_NOT_MARK = re.compile(f"[^{re.escape(_PARAGRAPH_END + _PARAGRAPH_START)}\\s]")
# Punkt's punctuation that is a token of its own and ends a word before it.
_PUNKT_NON_WORD = r"[)\";}\]*:@'({\[!?]"
# What stands before the mark in a context, back to the last space, in the
# forms Punkt reads plainly: a word of ASCII letters (maybe hyphenated) or
# of digits, which is one token with a ``.``; or letters, then closing
# marks that are tokens of their own, or nothing, so that the mark is a
# token of its own.
_BEFORE_THE_MARK = r"(?P<word>[A-Za-z]+(?:-[A-Za-z]+)*|[0-9]+|[A-Za-z]*[)\"\]}]+|)"
# The context NLTK asks Punkt about: the word before the mark, the mark,
# then spaces and the next token, or one punctuation mark Punkt reads apart.
_MARKED_WORD = re.compile(rf"{_BEFORE_THE_MARK}(?P<mark>[.?!])(?:\s+\S+|{_PUNKT_NON_WORD})")
# The same context in its plainest forms, where the next token's type is
# plain too: "said. The", "said. However," "said. He's", "said. 2004",
# 'said. "The' (after the spaces, a word of letters or digits that Punkt
# reads as one token, or a double quote), 'said."' (the mark, then
# punctuation Punkt reads apart).
_PLAIN_CONTEXT = re.compile(
    rf"{_BEFORE_THE_MARK}(?P<mark>[.?!])(?:[ \t\r\n]+(?:(?P<quote>\")\S*|"
    rf"(?P<following>[A-Za-z]+|[0-9]+)(?:{_PUNKT_NON_WORD}\S*|,)?)|(?P<closing>{_PUNKT_NON_WORD}))"
)
_ANY_MARK = re.compile(r"[.?!]")
# A full stop, a footnote's marker glued to it (``dedup.layout``), spaces and
# a capital: a sentence ends after the marker. (The pattern opens with the
# full stop: the engine looks for it first.)
_MARKED_END = re.compile(
    r"\.(?<=[^\W\d_]{3}\.)[\"'”’]?(?P<marker>[0-9]{1,3}|[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]{1,3})"
    r"[ \t]+(?=[\"'“‘(]?[A-Z])"
)
_MARKS = ".?!"
# Closing quotes and brackets after a sentence's mark.
_CLOSERS = frozenset("\"'”’»)]`")
_QUESTION_ENDS = _CLOSERS | {"?", "!"}
# The end of a context: its mark, spaces, and the next token.
_CONTEXT_TAIL = re.compile(r"[.?!](?P<space>\s+)\S+\Z")
# A space NLTK ends the word before a mark with: the word itself has none.
_ASCII_SPACE = re.compile(r"[ \t\n\r\x0b\x0c]")
# Punkt's orthographic evidence (``PunktParameters.ortho_context`` flags):
# a word seen lower-case anywhere, upper-case anywhere, upper-case inside a
# sentence, lower-case at the start of one.
_ORTHO_LC = getattr(punkt, "_ORTHO_LC", None)
_ORTHO_UC = getattr(punkt, "_ORTHO_UC", None)
_ORTHO_MID_UC = getattr(punkt, "_ORTHO_MID_UC", None)
_ORTHO_BEG_LC = getattr(punkt, "_ORTHO_BEG_LC", None)
_ORTHO_BEG_UC = getattr(punkt, "_ORTHO_BEG_UC", 0)
_PUNCTUATION = frozenset(getattr(punkt.PunktSentenceTokenizer, "PUNCTUATION", ()))

WRAP_MIN_LINE = 30
"""Shortest line, in characters, counted to decide whether a text is hard-wrapped."""

SPLIT_LINES_CHARS = 1 << 20
"""Longest text whose lines are copied to find them (see ``_trimmed_lines``)."""

MAX_PUNKT_CHARS = 20_000
"""Longest stretch of text handed to Punkt in one call (see ``_chunks``)."""


class Segmenter:
    """Splits text into sentences with exact spans.

    Build one with ``build_segmenter``; it holds a Punkt tokenizer and is
    read-only afterwards, so one segmenter can serve a whole corpus.
    """

    def __init__(self, params: Any, model: Model) -> None:
        self._tokenizer = _PlainBreaks(params)
        self._model: Model = model

    def __getstate__(self) -> dict[str, Any]:
        """The Punkt parameters and model name: enough to rebuild it in a worker."""
        return {"params": self._tokenizer._params, "model": self._model}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["params"], state["model"])  # type: ignore[misc]

    @property
    def model(self) -> Model:
        """``punkt_tab`` (the packaged English model) or ``trained`` (on the corpus)."""
        return self._model

    def spans(self, text: str) -> list[tuple[int, int]]:
        r"""Return the sentences of ``text`` as sorted ``(start, end)`` offsets.

        Example:
            >>> segmenter = build_segmenter([])
            >>> text = "Good afternoon.\nMr. Smith said so. He left."
            >>> [text[s:e] for s, e in segmenter.spans(text)]
            ['Good afternoon.', 'Mr. Smith said so.', 'He left.']

        """
        result: list[tuple[int, int]] = []
        # One search of the text rules out footnote markers in most documents.
        marked = _MARKED_END.search(text) is not None
        for block_start, block_end in _blocks(text):
            for start, end in _chunks(text, block_start, block_end):
                result.extend(self._split_block(text, start, end, marked=marked))
        return result

    def _split_block(
        self, text: str, start: int, end: int, *, marked: bool = False
    ) -> Iterator[tuple[int, int]]:
        """Cut one block (no hard boundary inside) where Punkt ends a sentence.

        And, when the text has footnote markers (``marked``), after one
        glued to a full stop before a capital: Punkt reads ``justice.12``
        as one word and ``justice.12 NATO Allies`` as one sentence.
        """
        block = text[start:end]
        cuts = {0, len(block)}
        for _, stop in self._tokenizer.span_tokenize(block):
            if 0 < stop < len(block):
                cuts.add(stop)
        if marked:
            for match in _MARKED_END.finditer(text, start, end):
                if footnote_marker(text, *match.span("marker")) and match.end() < end:
                    cuts.add(match.end() - start)
        if len(cuts) == 2:  # one piece, the whole (trimmed) block: most lines of a transcript
            yield start, end
            return
        # Punkt cuts after a number with a full stop, so "points: 1. Ukraine"
        # leaves "1." at the end of the list's lead-in: it goes with its item.
        for lead_in in _LEAD_IN_NUMBER.finditer(block) if ":" in block else ():
            if lead_in.end() in cuts:
                cuts.remove(lead_in.end())
                cuts.add(lead_in.start("number"))
        points = sorted(cuts)
        # A question or exclamation mark (maybe inside quotes) followed on
        # its line by a lower-case word ends no sentence: '"Why?" he asked',
        # 'shouting `what's wrong with me?' and the veins', "Which? magazine".
        if "?" in block or "!" in block:
            points = [point for point in points
                      if block[point - 1] not in _QUESTION_ENDS or not _goes_on(block, point)]
        # A piece with no letter or digit (the dots of ". . .", a stray quote)
        # is not a sentence: it joins the sentence before it, or after it. A
        # paragraph's number ("1." of "1. That between ...") joins the one
        # after it, or before it at the end.
        pending: int | None = None
        previous: tuple[int, int] | None = None
        for left, right in pairwise(points):
            span = _trim(text, start + left, start + right)
            if span is None:
                continue
            if span[1] - span[0] <= _ENUMERATOR_CHARS and _ENUMERATOR.fullmatch(text, *span):
                if pending is None:
                    pending = span[0]
                continue
            if _WORD.search(text, span[0], span[1]) is None:
                if pending is None:
                    if previous is not None:
                        previous = (previous[0], span[1])
                    else:
                        pending = span[0]
                continue
            if pending is not None:
                span, pending = (pending, span[1]), None
            if previous is not None:
                yield previous
            previous = span
        if previous is not None:
            yield previous if pending is None else (previous[0], end)
        elif pending is not None:
            yield pending, end


MAX_TRAINING_CHARS = 500_000
"""How much of the corpus (its first documents, joined) trains Punkt by default."""


def build_segmenter(
    texts: Iterable[str], *, max_training_chars: int = MAX_TRAINING_CHARS
) -> Segmenter:
    """Return a segmenter for a corpus: packaged Punkt model, or one trained on ``texts``.

    Args:
        texts: the corpus, read lazily and only when no packaged model is
            installed, and only up to ``max_training_chars``.
        max_training_chars: how much of the concatenated texts trains Punkt.

    Raises:
        ConfigError: ``max_training_chars`` is negative.

    Example:
        >>> build_segmenter(["It works. It is simple."]).model in ("punkt_tab", "trained")
        True

    """
    if max_training_chars < 0:
        raise ConfigError(
            f"max_training_chars must be at least 0, got {max_training_chars}; "
            "use 0 to segment with the abbreviation list alone"
        )
    if _punkt_tab_available():
        try:
            tokenizer = punkt.PunktTokenizer("english")
        except LookupError:
            pass  # removed between the check and the load: train instead
        else:
            tokenizer._params.abbrev_types.update(ABBREVIATIONS)
            return Segmenter(tokenizer._params, "punkt_tab")
    trainer = _Trainer(lang_vars=_LanguageVars(), token_cls=_Token)
    training_text = _training_text(texts, max_training_chars)
    if training_text.strip():
        trainer.train(training_text, finalize=True)
    params = trainer.get_params()
    # Punkt learns from counts, and on a small corpus an ordinary word that
    # ends every sentence it is in ("third row.") passes for an abbreviation,
    # and "2014. Mr Smith" twice passes for a collocation that hides the
    # break. Keep only what looks abbreviated, and no collocation into a title.
    params.abbrev_types = {t for t in params.abbrev_types if _looks_abbreviated(t)}
    params.abbrev_types.update(ABBREVIATIONS)
    params.collocations = {pair for pair in params.collocations if pair[1] not in TITLES}
    return Segmenter(params, "trained")


class Segmenters:
    """``build_segmenter`` for corpora that change a little: Punkt trained once per training text.

    Checking quotations one by one against a record (``dedup.Checker``)
    segments the record and each checked text, the last document: Punkt
    trains on the record and on the checked text only while the record is
    shorter than ``max_training_chars``. The same training text (or the
    packaged model, which reads none) gives the same segmenter, so the last
    one is kept and given again: the very object, which says that the
    sentences it cut are still good.

    Example:
        >>> segmenters = Segmenters(max_training_chars=20)
        >>> segmenters(["One text that is long enough.", "A"]) is segmenters(
        ...     ["One text that is long enough.", "B"])
        True

    """

    def __init__(self, *, max_training_chars: int = MAX_TRAINING_CHARS) -> None:
        self.max_training_chars = max_training_chars
        self._last: tuple[str | None, Segmenter] | None = None

    def __call__(self, texts: Iterable[str]) -> Segmenter:
        """The segmenter ``build_segmenter(texts)`` gives: the last one if it would be the same."""
        training = (None if _punkt_tab_available()
                    else _training_text(texts, self.max_training_chars))
        if self._last is None or self._last[0] != training:
            segmenter = build_segmenter(texts if training is None else [training],
                                        max_training_chars=self.max_training_chars)
            self._last = (training, segmenter)
        return self._last[1]


def _untimed(pattern: Any) -> Any:
    """One of Punkt's own compiled patterns, matched by the same engine with no time limit.

    ``nltk.redos`` gives every match a wall-clock limit, the backstop for
    patterns a caller supplies; starting its timer costs more than matching
    the short words and contexts Punkt applies its patterns to (a third of
    training Punkt, a fifth of segmenting). Punkt's own patterns repeat
    nothing inside a repetition, so their time is linear in the text, and
    the engine and flags stay NLTK's, so every match is the same. The
    engine's own compiled pattern, which the wrapper holds, is used when
    there is one: the wrapper's Python layer around each match costs more
    than many of the matches.
    """
    timed = getattr(_redos, "TimedPattern", None)
    if timed is None or not isinstance(pattern, timed):
        return pattern
    engine = getattr(pattern, "_rx", None)  # private to NLTK: wrapped again if renamed
    if engine is not None and hasattr(engine, "finditer"):
        return engine
    try:
        return _redos.compile(pattern, timeout=None)
    except TypeError:  # compile() no longer takes a limit per pattern: keep NLTK's
        return pattern


class _LanguageVars(punkt.PunktLanguageVars):  # type: ignore[misc]
    """Punkt's English conventions, their patterns matched without NLTK's time limit."""

    __slots__ = ("_untimed_period_context", "_untimed_word_tokenizer")
    _untimed_period_context: Any
    _untimed_word_tokenizer: Any

    re_boundary_realignment = _untimed(punkt.PunktLanguageVars.re_boundary_realignment)

    def __init__(self) -> None:
        super().__init__()
        self._untimed_period_context = _untimed(super().period_context_re())
        self._untimed_word_tokenizer = _untimed(super()._word_tokenizer_re())

    def period_context_re(self) -> Any:
        return self._untimed_period_context

    def _word_tokenizer_re(self) -> Any:
        return self._untimed_word_tokenizer


class _Token(punkt.PunktToken):  # type: ignore[misc]
    """Punkt's token, the patterns that type it matched without NLTK's time limit."""

    __slots__ = ()


for _name in ("_RE_ELLIPSIS", "_RE_NUMERIC", "_RE_INITIAL", "_RE_ALPHA"):
    if hasattr(punkt.PunktToken, _name):  # private to NLTK: left alone if renamed
        setattr(_Token, _name, _untimed(getattr(punkt.PunktToken, _name)))


_NUMBER_SIGN = "no"
"""An abbreviation before a number (``No. 10``), and a word that often ends a sentence."""

_INITIALISM = re.compile(r"(?:[^\W\d_]\.){2,}")
"""A token of single letters each with its full stop: ``U.S.``, ``D.C.``, ``p.m.``, ``D.A.R.E.``."""


def _mark_initialism(token: Any) -> None:
    """Punkt's first pass, with an initialism an abbreviation whether or not it was learned.

    Punkt knows only the abbreviations it learned or was given, and cut
    every other word with a full stop: ``Washington, D.C. | declined``,
    ``the D.A.R.E. | program``. An initialism is an abbreviation; whether
    a sentence also ends at it is the second pass's question.
    """
    if not token.abbr and token.sentbreak and _INITIALISM.fullmatch(token.tok):
        token.sentbreak = False
        token.abbr = True


class _InitialismFirstPass:
    """Punkt's first pass with ``_mark_initialism``, for the trainer and the tokenizer alike."""

    def _first_pass_annotation(self, aug_tok: Any) -> None:
        super()._first_pass_annotation(aug_tok)  # type: ignore[misc]
        _mark_initialism(aug_tok)


class _Trainer(_InitialismFirstPass, punkt.PunktTrainer):  # type: ignore[misc]
    """Punkt's trainer, knowing the abbreviation list from the start.

    Punkt learns which words start sentences, and which words are seen
    upper-case inside one, from the breaks it finds while training. Were
    "Mr." not known then (a corpus that writes "Mr Smith" learns no "mr."),
    each "Mr. Thomas" would count as a sentence ending before "Thomas", and
    "Thomas" become a frequent sentence starter: a break before it after
    every "Mr." later on. So the list is known before the first pass, and
    is neither learned nor unlearned (British "Mr" without a full stop would
    unlearn "mr").
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._params.abbrev_types.update(ABBREVIATIONS)

    def _reclassify_abbrev_types(self, types: Any) -> Iterator[tuple[str, float, bool]]:
        for abbreviation, score, add in super()._reclassify_abbrev_types(types):
            if abbreviation not in ABBREVIATIONS:
                yield abbreviation, score, add


class _PlainBreaks(_InitialismFirstPass, punkt.PunktSentenceTokenizer):  # type: ignore[misc]
    """Punkt, with its answer for the plainest contexts worked out directly."""

    def __init__(self, params: Any) -> None:
        super().__init__(params, lang_vars=_LanguageVars(), token_cls=_Token)
        self._collocation_words = collocation_words(params)

    def _second_pass_annotation(self, aug_tok1: Any, aug_tok2: Any) -> str | None:
        """Punkt's second pass, with an initialism and "no." read as news writes them.

        "No." is an abbreviation before a number (``No. 10``) and the word
        before a capitalised one: ``Newsom said no. Lt. Col. Vindman
        testified`` was one sentence.

        Punkt breaks after an abbreviation before a capitalised word seen in
        lower case and never capitalised inside a sentence. After an
        initialism that is mostly a name going on (``the U.S. Army``, ``the
        U.N. Security Council``, ``C.D. Wright``) of a word a corpus writes
        in lower case too ("the army"): PAN cut 425 of 1,080 initialisms
        before a capitalised word. A break there needs the word to be a
        frequent sentence starter, or seen capitalised at a sentence's start.
        """
        if (
            aug_tok2 is not None
            and aug_tok2.first_upper
            and aug_tok1.period_final
            and aug_tok1.type_no_period == _NUMBER_SIGN
            and (_NUMBER_SIGN, aug_tok2.type_no_sentperiod) not in self._params.collocations
        ):
            aug_tok1.sentbreak = True  # "said no. Lt. Col. Vindman"; "No. 10" stays
            return None
        if (
            aug_tok2 is not None
            and aug_tok2.first_upper
            and aug_tok1.abbr
            and _INITIALISM.fullmatch(aug_tok1.tok)
            and (aug_tok1.type_no_period, aug_tok2.type_no_sentperiod)
            not in self._params.collocations
        ):
            kind = aug_tok2.type_no_sentperiod
            seen = self._params.ortho_context.get(kind, 0)
            aug_tok1.sentbreak = kind in self._params.sent_starters or (
                self._ortho_heuristic(aug_tok2) is True and bool(seen & _ORTHO_BEG_UC))
            return None
        return super()._second_pass_annotation(aug_tok1, aug_tok2)  # type: ignore[no-any-return]

    def text_contains_sentbreak(self, text: str) -> bool:
        """Whether Punkt finds a sentence break in ``text`` (a context around a mark)."""
        decided = plain_break(text, self._params, self._collocation_words)
        if decided is None:
            return self._break_at_the_mark(text)
        return decided

    def _break_at_the_mark(self, context: str) -> bool:
        """Punkt's answer for a context, about its own mark, not the next token's.

        NLTK answers yes when any token but the last ends a sentence, so in
        'Mr. Smith."' the full stop after "Smith" (a token, then the quote)
        counted as a break after "Mr.", and "Mr." was cut from his name.
        Here only tokens up to the mark count; the next token's own mark is
        asked about in its own context. A context whose mark cannot be told
        for sure (a word with a no-break space before it) gets NLTK's answer.
        """
        tail = _CONTEXT_TAIL.search(context)
        if tail is not None and _ASCII_SPACE.search(tail.group("space")):
            mark_end = tail.start() + 1
        elif tail is None and context[-2:-1] in _MARKS:
            mark_end = len(context) - 1
        else:
            return bool(super().text_contains_sentbreak(context))
        position = 0
        broken = False
        for token in self._annotate_tokens(self._tokenize_words(context)):
            if broken:  # a break, and a token after it
                return True
            found = context.find(token.tok, position)
            if found < 0:  # not a piece of the context: leave it to NLTK
                return bool(super().text_contains_sentbreak(context))
            position = found + len(token.tok)
            if position > mark_end:
                return False
            broken = token.sentbreak
        return False


def collocation_words(params: Any) -> frozenset[str]:
    """The words that start one of Punkt's known collocations ("st" of "st. louis")."""
    return frozenset(first for first, _ in params.collocations)


def plain_break(
    context: str, params: Any, starting: frozenset[str] | None = None
) -> bool | None:
    """Punkt's answer for a context such as "said. The", or None to ask Punkt.

    The context is the word before the mark, the mark, and what follows it
    (spaces and the next token, or punctuation Punkt reads apart), so a
    token always follows the mark. This follows Punkt's two passes
    (``_first_pass_annotation``, ``_second_pass_annotation``) for the
    contexts whose tokens are plain (see ``_PLAIN_CONTEXT``):

    - ``?`` and ``!`` are read apart from the word, and always break; so
      does a ``.`` read apart (after a space or a closing mark).
    - A word with ``.`` (a number's type is ``##number##``) breaks unless it
      is a known abbreviation. Then, with the next token: a known
      collocation is left to Punkt (``starting`` are the words that start
      one, worked out from ``params`` when not given); an abbreviation
      that is no single letter breaks after all when the orthographic
      heuristic says the next word starts a sentence, or it is a frequent
      sentence starter written upper-case; an initial or a number does not
      break when the heuristic says the next word does not start one, and
      an initial not either when that is unknown and the next word is
      upper-case and never seen lower-case.

    A token after the next one could hold a break of its own, so an answer
    of no break is given only when no mark follows the first.
    """
    match = _MARKED_WORD.fullmatch(context)
    if match is None:
        return None
    word, mark = match.group("word", "mark")
    if mark != ".":
        return True
    if not word[-1:].isalnum():  # the mark is a token of its own
        kind, abbreviation, initial, number = ".", False, False, False
    else:
        number = word[0].isdigit()
        lowered = word.lower()
        kind = "##number##" if number else lowered
        initial = len(word) == 1 and not number
        abbreviation = (lowered in params.abbrev_types
                        or lowered.rsplit("-", 1)[-1] in params.abbrev_types)
        if kind == _NUMBER_SIGN:
            return None  # the word or the sign: ``_PlainBreaks._second_pass_annotation``
    collocating = kind in (collocation_words(params) if starting is None else starting)
    if not (abbreviation or initial or number or collocating):
        return True
    plain = _PLAIN_CONTEXT.fullmatch(context)
    if plain is None or _ORTHO_LC is None:
        return None
    quote, following, closing = plain.group("quote", "following", "closing")
    # The next token and its type: the quote or punctuation, else the word
    # (Punkt's type for digits is "##number##").
    token = quote or closing or following
    after = token if quote or closing else "##number##" if token.isdigit() else token.lower()
    if (kind, after) in params.collocations:
        return None
    upper, lower = token[0].isupper(), token[0].islower()
    starts = _starts_sentence(token, after, upper, lower, params)
    breaks = not abbreviation
    if abbreviation and not initial and (
        starts is True or (upper and after in params.sent_starters)
    ):
        breaks = True
    elif (initial or number) and (starts is False or (
        starts is None and initial and upper and not params.ortho_context.get(after, 0) & _ORTHO_LC
    )):
        breaks = False
    if not breaks and _ANY_MARK.search(context, match.end("mark")):
        return None
    return breaks


def _starts_sentence(token: str, kind: str, upper: bool, lower: bool, params: Any) -> bool | None:
    """Punkt's orthographic heuristic (``_ortho_heuristic``): whether a token starts a sentence.

    None when the evidence says neither.
    """
    if token in _PUNCTUATION:
        return False
    seen = params.ortho_context.get(kind, 0)  # ``get``: the parameters stay as they are
    if upper and seen & _ORTHO_LC and not seen & _ORTHO_MID_UC:
        return True
    if lower and (seen & _ORTHO_UC or not seen & _ORTHO_BEG_LC):
        return False
    return None


def segment(doc_index: int, text: str, segmenter: Segmenter) -> tuple[Sentence, ...]:
    """Return the sentences of one document, numbered from 0 in text order.

    Example:
        >>> segment(3, "One. Two.", build_segmenter([]))[1]
        Sentence(doc=3, index=1, start=5, end=9)

    """
    return tuple(
        Sentence(doc=doc_index, index=index, start=start, end=end)
        for index, (start, end) in enumerate(segmenter.spans(text))
    )


def _punkt_tab_available() -> bool:
    """Whether NLTK's packaged ``punkt_tab`` English model is installed (never downloads)."""
    available = getattr(nltk.tokenize, "punkt_model_available", None)
    if available is not None:
        return bool(available("english"))
    try:
        nltk.data.find("tokenizers/punkt_tab/english/")
    except LookupError:
        return False
    return True


def _looks_abbreviated(word: str) -> bool:
    """Whether a learned abbreviation looks like one: "u.s.a", "hrs", not "row"."""
    return "." in word or not _VOWEL.search(word)


def _training_text(texts: Iterable[str], max_chars: int) -> str:
    """Concatenate ``texts`` as paragraphs, reading no more than ``max_chars`` needs."""
    parts: list[str] = []
    used = 0
    if max_chars == 0:
        return ""
    for text in texts:
        parts.append(text[: max_chars - used])
        used += len(parts[-1]) + 2  # the blank line that joins it to the next
        if used >= max_chars:
            break
    return "\n\n".join(parts)[:max_chars]


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Yield the trimmed stretches of ``text`` between hard boundaries.

    Lines are spans of ``text``; only a text of up to ``SPLIT_LINES_CHARS``
    has them copied to find them, so a 50 MB line costs no memory.
    """
    lines = _trimmed_lines(text)
    wrapped = _is_hard_wrapped(text, lines)
    double = _is_double_spaced(lines)
    labels = _speaker_labels(text, lines)
    times = _time_code_lines(text, lines)
    furniture = {start for start, _ in page_furniture(text)}
    block: tuple[int, int] | None = None
    previous: tuple[int, int] | None = None
    timed: tuple[int, int] | None = None  # time-code lines since the last line of words
    cues = False  # a time-code line was seen
    blanks = 0  # blank lines since the last non-blank one
    seam: list[tuple[int, int]] = []  # page furniture since the last line of words
    for line in lines:
        if line is None:
            blanks += 0 if seam else 1
            continue
        if (furniture and line[0] in furniture and line[0] not in labels
                or seam and times and line[0] in times):
            # Page furniture is no sentence and ends none: the blank lines
            # around it are the page's, and the lines of words on either
            # side are judged as if next to each other. (After time codes,
            # it goes with them; a time code after it, with it.)
            if timed is not None:
                timed = (timed[0], line[1])
            else:
                seam.append(line)
            blanks = 0
            continue
        if seam and (_only_marks(text, *line) or labels.get(line[0]) is not None):
            if block is not None:
                yield block
            yield from seam
            block, seam = None, []
        if times and line[0] in times:
            # A time code is no sentence, and ends none: the words run on
            # across it into the next line as the layout rule says, and after
            # the first one a blank line before it parts captions, not paragraphs.
            timed = line if timed is None else (timed[0], line[1])
            blanks = 0 if cues else blanks
            cues = True
            continue
        if timed is not None and (block is None or _only_marks(text, *line)
                                  or labels.get(line[0]) is not None):
            block, timed = timed if block is None else (block[0], timed[1]), None
        if _only_marks(text, *line):
            # Not a sentence: it goes with the block before it, or after it.
            block = line if block is None else (block[0], line[1])
            continue
        label_end = labels.get(line[0]) if labels else None
        if label_end is not None:
            if block is not None:
                yield block
            yield line[0], label_end
            # The turn's words start a block of their own, even on the next line.
            block = previous = _trim(text, label_end, line[1])
            blanks = 0
            continue
        # In a double-spaced text a blank line is only a line break when a
        # sentence plainly goes on into the next line.
        hard_blank = blanks > 1 or (blanks == 1 and not (
            double and not text[line[0]].isupper() and _starts_lower(text, line)
        ))
        if block is not None and previous is not None and (
            hard_blank or _is_hard_break(text, previous, line, wrapped=wrapped)
            # A page that ends a sentence ends it before its furniture.
            or seam and _FINAL_LINE.search(text, *previous) is not None
            and not _runs_on(text, previous, line)
        ):
            yield block
            block = None
        if seam:  # inside a sentence it stays in it; between two, each line is one
            if block is None:
                yield from seam
            else:
                block = (block[0], seam[-1][1])
            seam = []
        if timed is not None:  # time codes before a sentence start it, inside one stay in it
            block, timed = timed if block is None else (block[0], timed[1]), None
        block = line if block is None else (block[0], line[1])
        previous = line
        blanks = 0
    if timed is not None:
        block = timed if block is None else (block[0], timed[1])
    if block is not None:
        yield block
    yield from seam


# A line holding a time code only, maybe bracketed (``0:05``, ``[00:01:23]``),
# or a caption cue's timing (``00:01:23,450 --> 00:01:25,100``); and the
# number an SRT caption file puts on a line of its own before the timing.
_TIME_LINE = re.compile(rf"[\[(]?{TIME_CODES}[\])]?")
_CUE_NUMBER = re.compile(r"\d{1,6}")
_MAX_TIME_LINE = 40


def _time_code_lines(text: str, lines: list[tuple[int, int] | None]) -> set[int]:
    """The starts of the lines that hold only a time code (or a caption's number before one).

    Transcripts copied from a video page (``0:05`` on a line, the words on
    the next) and caption files (SRT, WebVTT) put them between the words of
    a sentence.
    """
    found: set[int] = set()
    for index, line in enumerate(lines):
        if line is None or line[1] - line[0] > _MAX_TIME_LINE or text[line[0]] not in _TIME_OPENERS:
            continue
        if _TIME_LINE.fullmatch(text, *line):
            found.add(line[0])
            number = lines[index - 1] if index else None
            if number is not None and _CUE_NUMBER.fullmatch(text, *number):
                found.add(number[0])
    return found


_TIME_OPENERS = frozenset("0123456789[(")


MAX_LABEL_CHARS = 120
"""Where a speaker label's colon can be, at most, from the start of its line."""


def _speaker_labels(text: str, lines: list[tuple[int, int] | None]) -> dict[int, int]:
    """Map the start of each line that opens with a speaker label to the label's end.

    Only in a transcript: a text where one label opens two lines or more (a
    speaker who takes the floor twice). A line of news that opens ``Ukraine
    war:`` is a headline, and a web page's ``Posts:`` and ``Price:`` differ.
    """
    labels: dict[int, int] = {}
    speakers: set[str] = set()
    repeated = False
    for start, end, speaker in interview_labels(text):
        labels[start] = end
        repeated = repeated or speaker in speakers
        speakers.add(speaker)
    if text.count(":") < 2:  # most news: no need to look at each line
        return labels if repeated else {}
    for line in lines:
        if line is None:
            continue
        start, end = line
        if text.find(":", start, min(end, start + MAX_LABEL_CHARS)) < 0:
            continue
        match = SPEAKER_LABEL.match(text, start)
        if match is not None and match.end() <= end and start not in labels:
            labels[start] = match.end()
            speaker = match.group("label")
            repeated = repeated or speaker in speakers
            speakers.add(speaker)
    return labels if repeated else {}


def _is_hard_wrapped(text: str, lines: list[tuple[int, int] | None]) -> bool:
    """Whether the (trimmed) lines of a text are hard-wrapped prose, None for blank.

    Counted: each line of ``WRAP_MIN_LINE`` characters or more, with a letter
    or digit, followed by a single line break and a line with a letter or
    digit, with no paragraph mark between them. Hard-wrapped when fewer than
    half of those end a sentence and at least a quarter of the others are
    breaks the one-sentence-per-line rule already keeps inside a sentence.
    """
    counted = final = inside = 0
    for previous, current in pairwise(lines):
        if previous is None or current is None or previous[1] - previous[0] < WRAP_MIN_LINE:
            continue
        if _WORD.search(text, *previous) is None or _WORD.search(text, *current) is None:
            continue
        if (text.endswith(_PARAGRAPH_END, *previous)
                or text.startswith(_PARAGRAPH_START, *current)):
            continue
        counted += 1
        if _FINAL_LINE.search(text, *previous):
            final += 1
        elif not text.startswith(_BULLETS, *current) and _runs_on(text, previous, current):
            inside += 1
    return counted > 0 and 2 * final < counted and 4 * inside >= counted - final


DOUBLE_SPACED_MIN_GAPS = 3
"""Fewest blank lines between lines that make a text double-spaced (see ``_is_double_spaced``)."""


def _is_double_spaced(lines: list[tuple[int, int] | None]) -> bool:
    """Whether no two non-blank lines are next to each other, and often one blank (None) parts them.

    So are METER's newspaper files (each line ends with CR LF LF), where a
    sentence broken across lines is cut by a blank line, and BBC News (one
    paragraph a line): there a single blank line says no more than a line
    break. At least ``DOUBLE_SPACED_MIN_GAPS`` single blank lines are needed.
    """
    single = 0
    blanks = -1  # before the first non-blank line
    for line in lines:
        if line is None:
            if blanks >= 0:
                blanks += 1
            continue
        if blanks == 0:
            return False
        single += blanks == 1
        blanks = 0
    return single >= DOUBLE_SPACED_MIN_GAPS


def _only_marks(text: str, start: int, end: int) -> bool:
    """Whether a (trimmed, non-blank) line holds nothing but paragraph marks and spaces."""
    return _NOT_MARK.search(text, start, end) is None


def _chunks(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut a block longer than ``MAX_PUNKT_CHARS`` where a sentence surely ends.

    NLTK runs Punkt's candidate search under a wall-clock limit (``nltk.redos``,
    5 s for the whole scan), so one huge block with tens of thousands of full
    stops failed. dedup now matches Punkt's patterns without that limit
    (``_untimed``) and keeps these cuts, so that the sentences stay the
    same. Normal blocks pass through untouched.
    """
    while end - start > MAX_PUNKT_CHARS:
        cut = _safe_cut(text, start + MAX_PUNKT_CHARS // 2, start + MAX_PUNKT_CHARS)
        span = _trim(text, start, cut)
        if span is not None:
            yield span
        start = cut
    span = _trim(text, start, end)
    if span is not None:
        yield span


def _safe_cut(text: str, low: int, high: int) -> int:
    """Return the last offset in ``[low, high)`` after a clear sentence end, else a space."""
    best = None
    for match in _SENTENCE_END.finditer(text, low, high):
        before = _LAST_WORD.search(text, max(low, match.start() - 12), match.start() + 1)
        abbreviated = before is not None and before.group(1).lower() in ABBREVIATIONS
        if not abbreviated and match.end() < high and text[match.end()].isupper():
            best = match.end()
    if best is not None:
        return best
    for match in _SPACE.finditer(text, low, high):
        best = match.end()
    return best if best is not None else high


def _trimmed_lines(text: str) -> list[tuple[int, int] | None]:
    r"""Each line's ``(start, end)`` without surrounding whitespace; None for a blank line.

    A text of up to ``SPLIT_LINES_CHARS`` characters whose only line break is
    ``\n`` is cut with ``str.split`` and its lines trimmed with ``str.strip``
    (six times faster than walking the breaks with a pattern); the lines
    of any other text are spans of it, never copied.
    """
    if len(text) > SPLIT_LINES_CHARS or any(mark in text for mark in _OTHER_LINE_BREAKS):
        return [_trim(text, start, end) for start, end in _lines(text)]
    lines: list[tuple[int, int] | None] = []
    position = 0
    for line in text.split("\n"):
        kept = line.lstrip()
        if kept:
            start = position + len(line) - len(kept)
            lines.append((start, start + len(kept.rstrip())))
        else:
            lines.append(None)
        position += len(line) + 1
    return lines


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each line, without its line break."""
    position = 0
    for match in _LINE_BREAK.finditer(text):
        yield position, match.start()
        position = match.end()
    yield position, len(text)


def _is_hard_break(
    text: str, previous: tuple[int, int], current: tuple[int, int], *, wrapped: bool
) -> bool:
    """Whether the break between two non-blank (trimmed) lines ends a sentence.

    The lines are ``(start, end)`` spans of ``text``. In a hard-wrapped text
    (``wrapped``), after a line of ``WRAP_MIN_LINE`` characters or more,
    only a bullet, a paragraph mark or a line with no letter or digit ends
    one; otherwise the layout rule applies.
    """
    if text.startswith(_BULLETS, *current):
        return True
    if text.endswith(_PARAGRAPH_END, *previous) or text.startswith(_PARAGRAPH_START, *current):
        return True
    if wrapped and previous[1] - previous[0] >= WRAP_MIN_LINE:
        return _WORD.search(text, *previous) is None or _WORD.search(text, *current) is None
    return not _runs_on(text, previous, current)


def _runs_on(text: str, previous: tuple[int, int], current: tuple[int, int]) -> bool:
    """Whether the layout rule keeps a sentence going from line ``previous`` into ``current``.

    It does after a line that ends with ``,`` ``;`` ``:``, a dash or a
    title, and into a line that starts with a lower-case letter.
    """
    if text.endswith(_SOFT_LINE_ENDS, *previous):
        return True
    if text.endswith(".", *previous):
        title = _LAST_WORD.search(text, max(previous[0], previous[1] - 12), previous[1])
        if title is not None and title.group(1).lower() in TITLES:
            return True
    return _starts_lower(text, current)


def _goes_on(block: str, point: int) -> bool:
    """Whether a cut of ``block`` at ``point`` is a question or exclamation going on.

    It is when the cut ends with ``?`` or ``!`` (maybe closing marks after
    it) and a lower-case word follows on the same line.
    """
    after = point
    while after < len(block) and block[after] in " \t":
        after += 1
    if after == point or after == len(block) or not block[after].islower():
        return False
    before = point - 1
    while before > 0 and block[before] in _CLOSERS:
        before -= 1
    return block[before] in "?!"


def _starts_lower(text: str, line: tuple[int, int]) -> bool:
    """Whether a (trimmed) line starts with a lower-case letter, after opening punctuation."""
    for index in range(*line):
        if text[index] not in _OPENERS:
            return text[index].islower()
    return False


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``(start, end)`` without surrounding whitespace, or None if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
