"""``score``: one variant against its passage, the edits, the fidelity and the label.

In: the canonical passage and one occurrence. Out: ``Scored``. Walks the
aligned segments of ``dedup.fidelity.align``, asks the rule modules what
each gap is (``speech``, ``names``, ``material``), turns each into an
``Edit`` with its offsets, and sums the cost into the fidelity. The
formula and the labels are in ``dedup.fidelity``'s docstring.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from dedup.fidelity.align import align_words, body_of, core_of
from dedup.fidelity.edges import cut_word, marks_cut, through_sentence_end
from dedup.fidelity.material import material_of, names_moved, numbers_moved
from dedup.fidelity.names import (
    acronym_gloss,
    clipped_name,
    dropped_forenames,
    lower_case_acronym,
    only_titles,
    referent_gloss,
    spelt_acronym,
)
from dedup.fidelity.numbers import same_number
from dedup.fidelity.special import is_special, negated_stems
from dedup.fidelity.speech import disfluent, fillers, mark, note, time_code, transcribers_note
from dedup.fidelity.spelling import compound_keys, key_ids
from dedup.fidelity.vocabulary import FILLERS, MAX_BRACKETED, MIN_QUOTE_WORDS
from dedup.fidelity.words import Words, bracketed, normalised
from dedup.models import Edit, EditOp, Fidelity, Label, Material
from dedup.shingle import without_footnote_mark

TRIM_COST = 0.25
"""Cost of each source word a partial quote leaves out at its start or end."""


@dataclass(frozen=True)
class Scored:
    """A variant's fidelity and the span of ``variant_text`` it was scored on."""

    fidelity: Fidelity
    start: int
    end: int
    cost: float = 0.0
    aligned: bool = True
    """Whether any word of the variant aligns with the passage (else the span is all of it)."""


_REMEMBERED_WORDS = 1 << 17
"""Most distinct words the caches below hold before they start afresh (about 60 MB).

Half of the 1M-sentence benchmark corpus holds about 80,000.
"""


def _forget_words_past_limit() -> None:
    """Start the word caches afresh when they hold too many words (between two pairs)."""
    if max(len(normalised), len(key_ids), len(compound_keys), len(is_special),
           len(negated_stems)) > _REMEMBERED_WORDS:
        _source_words.cache_clear()  # its key ids are from the numbering that goes
        normalised.clear()
        key_ids.clear()
        key_ids.numbers.clear()
        compound_keys.clear()
        is_special.clear()
        negated_stems.clear()


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
    variant = Words(variant_text)
    segments = align_words(source, variant)
    core = core_of(segments)
    if core is None:
        return _unaligned(source, variant, material_weight)
    body = body_of(source, variant, segments[core[0] : core[1] + 1]) if context else list(segments)
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
    lead_mark = first.s0 > 0 and mark(source, 0, first.s0)
    tail_mark = last.s1 < source.size and mark(source, last.s1, source.size)
    lead = first.s0 if first.s0 and (lead_mark or note(source, 0, first.s0)) else 0
    tail = source.size - last.s1 if last.s1 < source.size and (tail_mark or note(
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
        if segment is last and cut_word(source, s0, s1, variant, v0, v1):
            # "... by the Russian mili…": a post cut at its length limit
            # quotes part of a word; the cut is the ellipsis's, a trim.
            # One trim with the words the quotation leaves out after it.
            edits.append(_edit(source, s0, source.size, variant, v1, v1, start, trim=True,
                               variant_at=variant.ends[v0]))
            cut_words += source.size - s0
            trailing = False
            continue
        if (s0 == s1 or mark(source, s0, s1)) and (v0 == v1 or mark(variant, v0, v1)):
            # A footnote's marker a PDF's text glues to a word ("justice.12
            # NATO"), on either side: no edit at all.
            noted += s1 - s0
            continue
        timed = v0 == v1 and time_code(source, s0, s1)
        if (timed or s0 == s1 and (disfluent(variant, v0, v1) or time_code(variant, v0, v1))
                or v0 == v1 and disfluent(source, s0, s1)):
            edits.append(_edit(source, s0, s1, variant, v0, v1, start, cosmetic=True,
                               source_at=_after(source, s0), variant_at=_after(variant, v0)))
            cosmetic = True
            noted += s1 - s0 if timed else 0
            continue
        material = material_of(source, s0, s1, s0 == 0, variant, v0, v1, segment is first)
        if material == "number":
            if moved_numbers is None:
                moved_numbers = numbers_moved(source, variant, body)
            if moved_numbers:
                material = material_of(source, s0, s1, s0 == 0, variant, v0, v1, segment is first,
                                       moved_numbers=moved_numbers)
        if material == "name":
            if moved is None:
                moved = names_moved(source, variant, body)
            if moved:
                material = material_of(source, s0, s1, s0 == 0, variant, v0, v1, segment is first,
                                       moved)
        if v0 == v1 and material is None and marks_cut(variant, v0):
            edits.append(_edit(source, s0, s1, variant, v0, v1, start, trim=True,
                               variant_at=_after(variant, v0)))
            cut_words += s1 - s0
            continue
        if material is None and (same_number(source.norms[s0:s1], variant.norms[v0:v1])
                                 or spelt_acronym(source, s0, s1, variant, v0, v1)
                                 or lower_case_acronym(source, s0, s1, variant, v0, v1)
                                 or clipped_name(source, s0, s1, variant, v0, v1)):
            edits.append(_edit(source, s0, s1, variant, v0, v1, start, cosmetic=True))
            cosmetic = True
            continue
        if material in (None, "name") and (only_titles(source, s0, s1, variant, v0, v1)
                                           or dropped_forenames(source, s0, s1, variant, v0, v1)):
            edits.append(_edit(source, s0, s1, variant, v0, v1, start, cosmetic=True,
                               source_at=_after(source, s0), variant_at=_after(variant, v0)))
            cosmetic = True
            continue
        if material in (None, "name") and s1 - s0 <= MAX_BRACKETED and bracketed(
                variant, v0, v1):
            edits.append(_edit(source, s0, s1, variant, v0, v1, start, cosmetic=True,
                               source_at=_after(source, s0)))
            cosmetic = True
            continue
        if material in (None, "name") and (
                v0 == v1 and (transcribers_note(source, s0, s1) or acronym_gloss(source, s0, s1)
                              or referent_gloss(source, s0, s1))
                or s0 == s1 and (acronym_gloss(variant, v0, v1)
                                 or referent_gloss(variant, v0, v1))):
            edits.append(_edit(source, s0, s1, variant, v0, v1, start, cosmetic=True,
                               source_at=_after(source, s0), variant_at=_after(variant, v0)))
            cosmetic = True
            continue
        edits.append(
            _edit(source, s0, s1, variant, v0, v1, start, material,
                  source_at=_after(source, s0), variant_at=_after(variant, v0))
        )
        cost += _gap_cost(s1 - s0 - fillers(source, s0, s1), v1 - v0 - fillers(variant, v0, v1),
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
    if not FILLERS.isdisjoint(source.norms):
        spoken -= fillers(source, 0, source.size)
        noted += fillers(source, first.s0, last.s1)
    inside = source.size - trimmed_words - noted
    label: Label
    if 2 * matched < inside or matched < min(MIN_QUOTE_WORDS, spoken / 2):
        label = "paraphrase"
    elif costly:
        label = "altered"
    else:
        label = "cosmetic" if cosmetic else "verbatim"
    end = through_sentence_end(variant_text, variant.ends[max(last.v1, 1) - 1])
    fidelity = Fidelity(_fidelity(cost, source.size), label, tuple(edits), trimmed_words > 0)
    return Scored(fidelity, start, end, cost)


def _verbatim(source: Words) -> Scored:
    """What ``score`` finds for a copy equal to the passage, without aligning it.

    Verbatim copies are common (news repeats agency copy word for word):
    they align in one run, so nothing is trimmed, edited or left as context.
    """
    end = through_sentence_end(source.text, source.ends[-1])
    return Scored(Fidelity(_fidelity(0.0, source.size), "verbatim", (), False),
                  source.starts[0], end, 0.0)


@lru_cache(maxsize=64)
def _source_words(text: str) -> Words:
    """The words of a canonical passage, which is scored against each of its variants."""
    return Words(text)


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


def _unaligned(source: Words, variant: Words, material_weight: float) -> Scored:
    """Score a variant none of whose words align: one edit over everything."""
    variant_text = variant.text
    start = len(variant_text) - len(variant_text.lstrip())
    end = max(start, len(variant_text.rstrip()))
    if not source.norms and not variant.norms:
        return Scored(Fidelity(1.0, "verbatim"), start, end)
    material = material_of(source, 0, source.size, True, variant, 0, variant.size, True)
    cost = _gap_cost(source.size, variant.size, material, material_weight)
    edit = _edit(source, 0, source.size, variant, 0, variant.size, start, material,
                 variant_at=start)
    fidelity = Fidelity(_fidelity(cost, source.size), "paraphrase", (edit,))
    return Scored(fidelity, start, end, cost, aligned=False)


def _letters(surface: str) -> str:
    """Return the letters and digits of a surface form, in compatibility form."""
    return "".join(char for char in unicodedata.normalize("NFKC", without_footnote_mark(surface))
                   if char.isalnum())


def _cosmetic_edits(
    source: Words, s0: int, s1: int, variant: Words, v0: int, v1: int, shift: int
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


def _rewrapped(source: Words, s0: int, s1: int, variant: Words, v0: int, v1: int) -> bool:
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


def _after(words: Words, index: int) -> int:
    """Return the offset just after word ``index - 1`` (where an empty side sits)."""
    if index > 0:
        return words.ends[index - 1]
    return words.starts[0] if words.starts else 0


def _edit(
    source: Words,
    s0: int,
    s1: int,
    variant: Words,
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
