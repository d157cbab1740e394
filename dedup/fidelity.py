"""(canonical passage, variant text) -> word alignment, edits, fidelity, label.

In: the canonical passage ``source_text`` and one other occurrence
``variant_text``. Out: a ``Scored`` holding a ``Fidelity`` (score, label,
edits, ``trimmed``) and ``start``/``end``, the span of ``variant_text`` that
reproduces the passage. Both texts are split with ``dedup.shingle.tokenize``
and aligned word by word on spelling keys of the normalised words, so
punctuation, quotation marks, dashes and line breaks never produce an edit.
The alignment is rapidfuzz's ``Indel`` (longest common subsequence) rather
than Levenshtein: it keeps the most words aligned, where Levenshtein may
pair context words by substitution and lose a longer quoted run. Adjacent
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
* Except: variant words joined to the first or last aligned word by spaces
  only (no punctuation, quote mark or line break between them) replace the
  adjacent leftover source words when there are no more of them than those
  source words; before the quote they must also follow an opening quotation
  mark (or be one word opening the text). So ``... Dmytro Zelensky.`` for
  ``... Dmytro Kuleba.`` is a ``name`` edit, not a trim.
* An aligned run of ``r`` source words at either edge is treated as a chance
  match inside the context (and trimmed away) when the gap between it and
  the rest skips source words and has at least ``2r + 2`` words on a side.

Costs of the edits inside the aligned stretch:

* cosmetic, cost 0: a change of case only; a British/American spelling
  variant (``spelling_key``); a magnitude written short or long after
  unchanged digits (``£5m``/``£5 million``; ``mn``, ``bn``, ``k``); a
  compound written as one word, split or hyphenated (``land bridge``/
  ``landbridge``); a contraction spelt out (``don't``/``do not``).
  Punctuation differences are no edit at all.
* costly: a gap of ``k`` source words replaced by ``m`` variant words costs
  ``max(k, m)`` (an insert ``m``, a delete ``k``), plus
  ``material_weight - 1`` once when it is material (so a changed modal costs
  ``material_weight`` words). Material, in order of precedence: it adds,
  drops or swaps a ``negation`` (not, never, n't, without ...); a
  ``number`` (digits, two..twelve, hundred ... billion, dozen, half,
  first..tenth, and ``m``/``mn``/``bn``/``k`` after digits; not "one",
  which is mostly a pronoun); a ``modal`` verb (will, would, can, could,
  may, might, shall, should, must, ought); a ``name`` (a capitalised word
  that is not "I", not a courtesy title such as Mr, Mrs, Ms, Dr or Lord,
  not the passage's first word and not at a sentence start, and whose
  spelling key is not on the other side of the edit, so a capitalised
  spelling variant is never a name).

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
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz.distance import Indel

from dedup.models import Edit, EditOp, Fidelity, Label, Material, Token
from dedup.shingle import tokenize

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

# Any of the rules above: most words match none and keep their spelling.
_ANY_SPELLING_RULE = re.compile("|".join(f"(?:{rule.pattern})" for rule, _, _ in _SPELLING_RULES))

_NEGATIONS = frozenset(
    {"not", "no", "never", "nor", "neither", "none", "nobody", "nothing", "nowhere"}
    | {"without", "cannot"}
)
_MODALS = frozenset(
    {"will", "would", "shall", "should", "can", "could", "may", "might", "must", "ought"}
)
# Contracted negated modals whose stem is not the modal itself.
_NEGATED_MODALS = {"won't": "will", "can't": "can", "shan't": "shall", "cannot": "can"}
_NUMBER_WORDS = frozenset(
    {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
    | {"eleven", "twelve", "hundred", "thousand", "million", "billion", "dozen", "half"}
    | {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"}
    | {"ninth", "tenth"}
)
# Magnitudes written short right after digits ("£5m", "$2bn", "10k"): their
# ``norm`` becomes the long word, so "5m" and "5 million" align.
_MAGNITUDES = {"m": "million", "mn": "million", "bn": "billion", "k": "thousand"}
# Courtesy titles are capitalised but are not names.
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof"})
# Characters skipped when looking back for the end of the previous sentence.
_SKIP_BACK = frozenset("\"'“”‘’„«»([")
_SENTENCE_END = frozenset(".!?…")
_MAX_COMPOUND = 4
# A partial quote needs this many aligned words (or half the source, if less).
_MIN_QUOTE_WORDS = 4
# Characters that may sit between two words of one clause.
_JOINERS = frozenset("-‐‑'’")
_OPENING_QUOTES = frozenset("\"'“‘„«")


@dataclass(frozen=True)
class Scored:
    """A variant's fidelity and the span of ``variant_text`` it was scored on."""

    fidelity: Fidelity
    start: int
    end: int
    cost: float = 0.0


@dataclass(frozen=True)
class _Segment:
    """Source words ``[s0, s1)`` against variant words ``[v0, v1)``.

    ``aligned`` segments are equal words (``s1 - s0 == v1 - v0``) or, when
    ``compound``, one cosmetic compound; the others are gaps, i.e. costly
    edits.
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
    and ageing/aging.

    Example:
        >>> spelling_key("defence") == spelling_key("defense")
        True
        >>> spelling_key("four") == spelling_key("for")
        False

    """
    if _ANY_SPELLING_RULE.search(word) is None:
        return word  # no rule applies, so none can apply after another
    for pattern, replacement, min_length in _SPELLING_RULES:
        if len(word) >= min_length:
            word = pattern.sub(replacement, word, count=1)
    return word


_known_spelling_key = lru_cache(maxsize=1 << 16)(spelling_key)
"""``spelling_key`` remembered for the most recent words: news repeats its vocabulary."""


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
    source = _source_tokens(source_text)
    variant = _tokens(variant_text)
    segments = _align(source, variant)
    core = _core(segments)
    if core is None:
        return _unaligned(source_text, source, variant_text, variant, material_weight)
    if context:
        body = _body(source, variant_text, variant, segments[core[0] : core[1] + 1])
    else:
        body = list(segments)
    first, last = body[0], body[-1]
    edits: list[Edit] = []
    cost = 0.0
    costly = cosmetic = False
    matched = 0
    if first.s0 > 0:
        edits.append(
            _edit(source_text, source[: first.s0], variant_text, [],
                  variant_at=variant[first.v0].start, trim=True)
        )
    for segment in body:
        src_words = source[segment.s0 : segment.s1]
        var_words = variant[segment.v0 : segment.v1]
        if segment.aligned:
            matched += len(src_words)
            if segment.compound:
                found = [_edit(source_text, src_words, variant_text, var_words, cosmetic=True)]
            else:
                found = _cosmetic_edits(source_text, src_words, variant_text, var_words)
            cosmetic = cosmetic or bool(found)
            edits.extend(found)
            continue
        material = _material(
            source_text, src_words, segment.s0 == 0, variant_text, var_words, segment is first
        )
        edits.append(
            _edit(source_text, src_words, variant_text, var_words, material,
                  source_at=_after(source, segment.s0), variant_at=_after(variant, segment.v0))
        )
        cost += _gap_cost(len(src_words), len(var_words), material, material_weight)
        costly = True
    if last.s1 < len(source):
        edits.append(
            _edit(source_text, source[last.s1 :], variant_text, [],
                  variant_at=variant[last.v1 - 1].end, trim=True)
        )
    trimmed_words = first.s0 + len(source) - last.s1
    cost += TRIM_COST * trimmed_words
    inside = len(source) - trimmed_words
    label: Label
    if 2 * matched < inside or matched < min(_MIN_QUOTE_WORDS, len(source) / 2):
        label = "paraphrase"
    elif costly:
        label = "altered"
    else:
        label = "cosmetic" if cosmetic else "verbatim"
    start = variant[min(first.v0, len(variant) - 1)].start
    end = variant[max(last.v1, 1) - 1].end
    while end < len(variant_text) and variant_text[end] in _SENTENCE_END:
        end += 1
    fidelity = Fidelity(
        _fidelity(cost, len(source)), label, _rebase(edits, start), trimmed_words > 0
    )
    return Scored(fidelity, start, end, cost)


@lru_cache(maxsize=64)
def _source_tokens(text: str) -> tuple[Token, ...]:
    """``_tokens`` of a canonical passage, which is scored against each of its variants."""
    return tuple(_tokens(text))


def _tokens(text: str) -> list[Token]:
    """Tokenize ``text``, with short magnitudes after digits spelt out in ``norm``.

    ``£5m`` gives the words ``5`` and ``m`` (norm ``million``); the ``m``
    must follow the digits directly or after spaces on the same line.
    """
    tokens = tokenize(text)
    if _MAGNITUDES.keys().isdisjoint([token.norm for token in tokens]):
        return tokens
    for index in range(1, len(tokens)):
        token, before = tokens[index], tokens[index - 1]
        between = text[before.end : token.start]
        if (
            token.norm in _MAGNITUDES
            and before.norm[:1].isdigit()
            and all(char.isspace() and char != "\n" for char in between)
        ):
            tokens[index] = Token(_MAGNITUDES[token.norm], token.start, token.end)
    return tokens


def _body(
    source: Sequence[Token],
    variant_text: str,
    variant: Sequence[Token],
    core: Sequence[_Segment],
) -> list[_Segment]:
    """Return the scored segments: the core plus swapped words at its edges.

    Variant words joined to the first or last aligned word with nothing but
    spaces (or a hyphen) between them are a substitution rather than context
    when there are no more of them than leftover source words on that side
    and, before the core, they follow an opening quotation mark (or are one
    word opening the text): ``“They now see`` for ``We now see``, but not
    ``He warned of a further push`` for ``we expect a further push``.
    """
    first, last = core[0], core[-1]
    body = list(core)
    before = _attached(variant_text, variant, first.v0, -1, first.s0)
    if before and _opens(variant_text, variant[first.v0 - before].start, before):
        body.insert(0, _Segment(False, first.s0 - before, first.s0, first.v0 - before, first.v0))
    after = _attached(variant_text, variant, last.v1 - 1, 1, len(source) - last.s1)
    if after:
        body.append(_Segment(False, last.s1, last.s1 + after, last.v1, last.v1 + after))
    return body


def _attached(text: str, tokens: Sequence[Token], index: int, step: int, limit: int) -> int:
    """Count the words that run on from ``tokens[index]`` in direction ``step``.

    Stops at the first boundary (punctuation, quotation mark, line break);
    returns 0 when more than ``limit`` words run on.
    """
    count = 0
    while 0 <= index + step < len(tokens):
        left, right = sorted((tokens[index], tokens[index + step]), key=lambda t: t.start)
        if any(_is_boundary(char) for char in text[left.end : right.start]):
            break
        count += 1
        index += step
        if count > limit:
            return 0
    return count


def _is_boundary(char: str) -> bool:
    """Tell whether a character between two words separates clauses."""
    return char == "\n" or not (char.isspace() or char in _JOINERS)


def _opens(text: str, position: int, words: int) -> bool:
    """Tell whether ``words`` words at ``position`` open a quote or (one word) the text."""
    index = position - 1
    while index >= 0 and text[index].isspace():
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
    clause that happens to hold a modal costs ``5 + weight - 1``.
    """
    return max(source_words, variant_words) + (weight - 1.0 if material else 0.0)


def _unaligned(
    source_text: str,
    source: Sequence[Token],
    variant_text: str,
    variant: Sequence[Token],
    material_weight: float,
) -> Scored:
    """Score a variant none of whose words align: one edit over everything."""
    start = len(variant_text) - len(variant_text.lstrip())
    end = max(start, len(variant_text.rstrip()))
    if not source and not variant:
        return Scored(Fidelity(1.0, "verbatim"), start, end)
    material = _material(source_text, source, True, variant_text, variant, True)
    cost = _gap_cost(len(source), len(variant), material, material_weight)
    edit = _edit(source_text, source, variant_text, variant, material, variant_at=start)
    fidelity = Fidelity(_fidelity(cost, len(source)), "paraphrase", _rebase([edit], start))
    return Scored(fidelity, start, end, cost)


def _align(source: Sequence[Token], variant: Sequence[Token]) -> list[_Segment]:
    """Cut both token lists into aligned segments and gaps, in text order."""
    source_keys = list(map(_known_spelling_key, [token.norm for token in source]))
    variant_keys = list(map(_known_spelling_key, [token.norm for token in variant]))
    # Small integer ids instead of strings: rapidfuzz would otherwise hash the
    # strings with the salted built-in hash().
    distinct = dict.fromkeys(itertools.chain(source_keys, variant_keys))
    ids = dict(zip(distinct, itertools.count()))
    source_ids = list(map(ids.__getitem__, source_keys))
    variant_ids = list(map(ids.__getitem__, variant_keys))
    segments: list[_Segment] = []
    s = v = 0
    for s0, s1, v0, v1 in equal_blocks(source_ids, variant_ids):
        if s < s0 or v < v0:
            segments.extend(_split_gap(source, variant, s, s0, v, v0))
        segments.append(_Segment(True, s0, s1, v0, v1))
        s, v = s1, v1
    if s < len(source) or v < len(variant):
        segments.extend(_split_gap(source, variant, s, len(source), v, len(variant)))
    return segments


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


def _compound_key(token: Token) -> str:
    """Return the spelling key, with a contracted "n't" spelt out as "not"."""
    norm = token.norm
    if norm.endswith("n't"):
        norm = {"won't": "willnot", "can't": "cannot", "shan't": "shallnot"}.get(
            norm, norm[:-3] + "not"
        )
    return spelling_key(norm)


def _split_gap(
    source: Sequence[Token], variant: Sequence[Token], s0: int, s1: int, v0: int, v1: int
) -> list[_Segment]:
    """Split a gap around the compounds in it (``land bridge``/``landbridge``)."""
    if s0 == s1 or v0 == v1:
        return [_Segment(False, s0, s1, v0, v1)]
    spans: dict[str, list[tuple[int, int]]] = {}
    for i in range(s0, s1):
        joined = ""
        for j in range(i, min(i + _MAX_COMPOUND, s1)):
            joined += _compound_key(source[j])
            spans.setdefault(joined, []).append((i, j + 1))
    segments: list[_Segment] = []
    at_s, at_v = s0, v0
    j = v0
    while j < v1:
        match = _find_compound(variant, j, v1, at_s, spans)
        if match is None:
            j += 1
            continue
        (i, i_end), j_end = match
        if at_s < i or at_v < j:
            segments.append(_Segment(False, at_s, i, at_v, j))
        segments.append(_Segment(True, i, i_end, j, j_end, compound=True))
        at_s, at_v = i_end, j_end
        j = j_end
    if at_s < s1 or at_v < v1:
        segments.append(_Segment(False, at_s, s1, at_v, v1))
    return segments


def _find_compound(
    variant: Sequence[Token],
    j: int,
    v1: int,
    after: int,
    spans: dict[str, list[tuple[int, int]]],
) -> tuple[tuple[int, int], int] | None:
    """Find the longest compound at variant word ``j`` and source word ``after`` or later.

    A compound pairs k source words with m variant words (k + m >= 3) whose
    keys, concatenated, are equal.
    """
    joined = ""
    best: tuple[tuple[int, int], int] | None = None
    for end in range(j, min(j + _MAX_COMPOUND, v1)):
        joined += _compound_key(variant[end])
        for i, i_end in spans.get(joined, ()):
            if i >= after and (i_end - i) + (end + 1 - j) >= 3:
                best = ((i, i_end), end + 1)
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
    words = sum(segments[i].s1 - segments[i].s0 for i in range(run[0], run[1] + 1))
    source_gap, variant_gap = gap.s1 - gap.s0, gap.v1 - gap.v0
    return source_gap >= 1 and max(source_gap, variant_gap) >= 2 * words + 2


def _letters(surface: str) -> str:
    """Return the letters and digits of a surface form, in compatibility form."""
    return "".join(char for char in unicodedata.normalize("NFKC", surface) if char.isalnum())


def _cosmetic_edits(
    source_text: str, source: Sequence[Token], variant_text: str, variant: Sequence[Token]
) -> list[Edit]:
    """Return the cost-free edits of equal words: case and spelling variants."""
    edits = []
    for src, var in zip(source, variant, strict=True):
        src_surface = source_text[src.start : src.end]
        var_surface = variant_text[var.start : var.end]
        # The same surface has the same letters: only a different one is looked at.
        if src.norm != var.norm or (
            src_surface != var_surface and _letters(src_surface) != _letters(var_surface)
        ):
            edits.append(
                Edit("replace", src_surface, var_surface, cosmetic=True,
                     source_start=src.start, source_end=src.end,
                     variant_start=var.start, variant_end=var.end)
            )
    return edits


def _after(tokens: Sequence[Token], index: int) -> int:
    """Return the offset just after word ``index - 1`` (where an empty side sits)."""
    if index > 0:
        return tokens[index - 1].end
    return tokens[0].start if tokens else 0


def _rebase(edits: Sequence[Edit], start: int) -> tuple[Edit, ...]:
    """Make the edits' variant offsets relative to the scored span at ``start``."""
    return tuple(
        replace(
            edit,
            variant_start=None if edit.variant_start is None else edit.variant_start - start,
            variant_end=None if edit.variant_end is None else edit.variant_end - start,
        )
        for edit in edits
    )


def _edit(
    source_text: str,
    source: Sequence[Token],
    variant_text: str,
    variant: Sequence[Token],
    material: Material | None = None,
    *,
    cosmetic: bool = False,
    trim: bool = False,
    source_at: int = 0,
    variant_at: int = 0,
) -> Edit:
    """Build one edit between the surface words of ``source`` and ``variant``.

    ``source_at``/``variant_at`` locate an empty side (an insertion point).
    """
    op: EditOp = "replace" if source and variant else "insert" if variant else "delete"
    return Edit(
        op,
        " ".join(source_text[token.start : token.end] for token in source),
        " ".join(variant_text[token.start : token.end] for token in variant),
        material,
        cosmetic,
        trim,
        source_start=source[0].start if source else source_at,
        source_end=source[-1].end if source else source_at,
        variant_start=variant[0].start if variant else variant_at,
        variant_end=variant[-1].end if variant else variant_at,
    )


def _material(
    source_text: str,
    source: Sequence[Token],
    source_first: bool,
    variant_text: str,
    variant: Sequence[Token],
    variant_first: bool,
) -> Material | None:
    """Name what a costly edit changes that matters, by precedence, or None.

    ``*_first`` says whether the first token is the passage's first word.
    """
    if _negations(source) != _negations(variant):
        return "negation"
    if _numbers(source) != _numbers(variant):
        return "number"
    if _modals(source) != _modals(variant):
        return "modal"
    # Names are compared on spelling keys of the casefolded words, so a
    # capitalised spelling variant ("judgment"/"Judgement") is never a name.
    source_names = _names(source_text, source, source_first)
    variant_names = _names(variant_text, variant, variant_first)
    if not source_names and not variant_names:
        return None
    source_keys = Counter(_known_spelling_key(token.norm) for token in source)
    variant_keys = Counter(_known_spelling_key(token.norm) for token in variant)
    if source_names - variant_keys or variant_names - source_keys:
        return "name"
    return None


def _negations(tokens: Sequence[Token]) -> int:
    """Count the negations among the words ("don't" holds one)."""
    return sum(t.norm in _NEGATIONS or t.norm.endswith("n't") for t in tokens)


def _numbers(tokens: Sequence[Token]) -> list[str]:
    """The numbers among the words, digits or number words, sorted (as a count compares)."""
    return sorted(t.norm for t in tokens if t.norm[:1].isdigit() or t.norm in _NUMBER_WORDS)


def _modals(tokens: Sequence[Token]) -> list[str]:
    """The modal verbs among the words, contractions reduced to the modal, sorted."""
    modals: list[str] = []
    for token in tokens:
        norm = token.norm
        if norm in _NEGATED_MODALS:
            norm = _NEGATED_MODALS[norm]
        elif norm.endswith("n't"):
            norm = norm[:-3]
        elif norm.endswith("'ll"):
            norm = "will"
        if norm in _MODALS:
            modals.append(norm)
    modals.sort()
    return modals


def _names(text: str, tokens: Sequence[Token], first_is_passage_start: bool) -> Counter[str]:
    """Count the spelling keys of the capitalised words that are names.

    Not names: "I", courtesy titles (Mr, Mrs, Dr ...) and words at a
    sentence start.
    """
    names: Counter[str] = Counter()
    for index, token in enumerate(tokens):
        surface = text[token.start : token.end]
        if not surface[:1].isupper() or surface == "I" or surface.startswith(("I'", "I’")):
            continue
        if token.norm in _TITLES:
            continue
        if (index == 0 and first_is_passage_start) or _sentence_start(text, token.start):
            continue
        names[spelling_key(token.norm)] += 1
    return names


def _sentence_start(text: str, position: int) -> bool:
    """Tell whether the word at ``position`` opens the text or a sentence."""
    index = position - 1
    while index >= 0 and (text[index].isspace() or text[index] in _SKIP_BACK):
        index -= 1
    return index < 0 or text[index] in _SENTENCE_END
