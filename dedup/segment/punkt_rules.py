"""dedup's Punkt: NLTK's trainer and tokenizer with the changes news text needs.

In: Punkt's parameters (packaged or trained). Out: ``Trainer`` (Punkt's
trainer, knowing the abbreviation list from the start), ``PlainBreaks``
(Punkt's tokenizer, with its answer for the plainest contexts worked out
directly), the token and language classes they use, and ``plain_break``.
Its own module: everything here subclasses or reads NLTK's Punkt, and
follows its internals.

An initialism (``D.C.``, ``U.S.``) is an abbreviation too; after one, a
capitalised word starts a sentence only when it is a frequent sentence
starter or has been seen capitalised at a sentence's start (``the U.S.
Army`` goes on), and "no." ends one before a capitalised word (not before
a number: ``No. 10``).

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
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from nltk.tokenize import punkt

from dedup.segment.abbreviations import ABBREVIATIONS

try:  # NLTK matches Punkt's patterns through ``nltk.redos``, under a time limit (from 3.10.4)
    from nltk import redos as _redos
except ImportError:  # NLTK before 3.10.3 (older than pyproject.toml allows) has no such module
    _redos = None

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
_MARKS = ".?!"
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


class LanguageVars(punkt.PunktLanguageVars):  # type: ignore[misc]
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
        """Punkt's pattern for the context around a mark, matched without the time limit."""
        return self._untimed_period_context

    def _word_tokenizer_re(self) -> Any:
        return self._untimed_word_tokenizer


class Token(punkt.PunktToken):  # type: ignore[misc]
    """Punkt's token, the patterns that type it matched without NLTK's time limit."""

    __slots__ = ()


for _name in ("_RE_ELLIPSIS", "_RE_NUMERIC", "_RE_INITIAL", "_RE_ALPHA"):
    if hasattr(punkt.PunktToken, _name):  # private to NLTK: left alone if renamed
        setattr(Token, _name, _untimed(getattr(punkt.PunktToken, _name)))


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


class Trainer(_InitialismFirstPass, punkt.PunktTrainer):  # type: ignore[misc]
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


class PlainBreaks(_InitialismFirstPass, punkt.PunktSentenceTokenizer):  # type: ignore[misc]
    """Punkt, with its answer for the plainest contexts worked out directly."""

    def __init__(self, params: Any) -> None:
        super().__init__(params, lang_vars=LanguageVars(), token_cls=Token)
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
            return None  # the word or the sign: ``PlainBreaks._second_pass_annotation``
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
