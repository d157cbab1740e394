"""Step 2 of segmenting: the ``Segmenter``, which cuts each block where Punkt ends a sentence.

In: the texts of a corpus (``build_segmenter``: the Punkt model, picked or
trained once), then one text at a time. Out: ``(start, end)`` spans
(``Segmenter.spans``), or ``Sentence`` values for one document
(``segment``). Its own module: it joins the layout's blocks
(``boundaries``) and Punkt's cuts (``punkt_rules``) into spans, and holds
what picks and trains the model.

Punkt (Kiss & Strunk 2006, "Unsupervised multilingual sentence boundary
detection") cuts each block between hard boundaries. The packaged
``punkt_tab`` English model is used when it is installed; otherwise a model
is trained on the corpus itself. Nothing is ever downloaded. The project's
abbreviation list (titles, months, "etc.", single letters for initials
such as "U. S.", US states as agencies write them) is added to either
model. From a trained model, learned abbreviations that do not look
abbreviated ("row") and collocations into a title ("2014. Mr") are
dropped: on a small corpus they are noise. A run of punctuation Punkt
cuts off (the dots of ". . .") stays with its sentence. A footnote's
marker a PDF glues to a full stop (``justice.12 NATO``,
``dedup.layout.footnote_marker``) ends the sentence before a capital,
where Punkt reads ``justice.12`` as one word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import pairwise
from typing import Any, Literal

import nltk.data
import nltk.tokenize
from nltk.tokenize import punkt

from dedup.errors import ConfigError
from dedup.layout import footnote_marker
from dedup.models import Sentence
from dedup.segment.abbreviations import ABBREVIATIONS, TITLES
from dedup.segment.boundaries import WORD, blocks, chunks, trim
from dedup.segment.punkt_rules import LanguageVars, PlainBreaks, Token, Trainer

Model = Literal["punkt_tab", "trained"]

_VOWEL = re.compile(r"[aeiou]")
# A paragraph's number, as Punkt cuts it off: "1." "12)" "(3)".
_ENUMERATOR = re.compile(r"\(?[0-9]{1,3}[.)]")
_ENUMERATOR_CHARS = 5
# The same number after a colon, ending a list's lead-in.
_LEAD_IN_NUMBER = re.compile(r":\s+(?P<number>\(?[0-9]{1,3}[.)])")
# A full stop, a footnote's marker glued to it (``dedup.layout``), spaces and
# a capital: a sentence ends after the marker. (The pattern opens with the
# full stop: the engine looks for it first.)
_MARKED_END = re.compile(
    r"\.(?<=[^\W\d_]{3}\.)[\"'”’]?(?P<marker>[0-9]{1,3}|[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]{1,3})"
    r"[ \t]+(?=[\"'“‘(]?[A-Z])"
)
# Closing quotes and brackets after a sentence's mark.
_CLOSERS = frozenset("\"'”’»)]`")
_QUESTION_ENDS = _CLOSERS | {"?", "!"}


class Segmenter:
    """Splits text into sentences with exact spans.

    Build one with ``build_segmenter``; it holds a Punkt tokenizer and is
    read-only afterwards, so one segmenter can serve a whole corpus.
    """

    def __init__(self, params: Any, model: Model) -> None:
        self._tokenizer = PlainBreaks(params)
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
        for block_start, block_end in blocks(text):
            for start, end in chunks(text, block_start, block_end):
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
            span = trim(text, start + left, start + right)
            if span is None:
                continue
            if span[1] - span[0] <= _ENUMERATOR_CHARS and _ENUMERATOR.fullmatch(text, *span):
                if pending is None:
                    pending = span[0]
                continue
            if WORD.search(text, span[0], span[1]) is None:
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
    trainer = Trainer(lang_vars=LanguageVars(), token_cls=Token)
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
