"""Word alignment of a source passage and a variant, and the stretch that is the quotation.

In: two ``Words``. Out: ``Segment``s, runs of aligned words and the gaps
between them, in source order. The alignment is rapidfuzz's ``Indel``
(longest common subsequence) on spelling-key ids, a window at a time for
very large pairs (``equal_blocks``); of the alignments that keep as many
words, one with fewer runs is taken (``_gathered``); a gap's compound
written as one word or two is one aligned segment (``_split_gap``); an
ellipsis in the variant marks a cut (``_cuts_at_ellipses``). ``core_of``
drops chance matches at the edges and ``body_of`` the context around the
quotation.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import NamedTuple

from rapidfuzz.distance import Indel

from dedup.fidelity.edges import attached, marks_cut, negation_before, opens, swapped_end
from dedup.fidelity.speech import disfluent
from dedup.fidelity.spelling import compound_keys
from dedup.fidelity.vocabulary import MAX_COMPOUND
from dedup.fidelity.words import Words


class Segment(NamedTuple):
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


def body_of(source: Words, variant: Words, core: Sequence[Segment]) -> list[Segment]:
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
    before = attached(variant, first.v0, -1, first.s0)
    if before and opens(variant.text, variant.starts[first.v0 - before], before):
        body.insert(0, Segment(False, first.s0 - before, first.s0, first.v0 - before, first.v0))
    elif negation_before(variant, first.v0):
        body.insert(0, Segment(False, first.s0, first.s0, first.v0 - 1, first.v0))
    after = (attached(variant, last.v1 - 1, 1, source.size - last.s1)
             or swapped_end(source, last.s1, variant, last.v1))
    if after:
        body.append(Segment(False, last.s1, last.s1 + after, last.v1, last.v1 + after))
    return body


def align_words(source: Words, variant: Words) -> list[Segment]:
    """Cut both texts' words into aligned segments and gaps, in text order."""
    segments: list[Segment] = []
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
        segments.append(Segment(True, s0, s1, v0, v1))
        s, v = s1, v1
    if s < source.size or v < variant.size:
        segments.extend(_split_gap(source, variant, s, source.size, v, variant.size))
    return segments


Block = tuple[int, int, int, int]


def _cuts_at_ellipses(blocks: list[Block], source: Words, variant: Words) -> list[Block]:
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
        if q1 != v0 or p1 == s0 or marks_cut(variant, v0):
            continue  # not a cut, or one at its ellipsis already
        for shift in range(1, min(q1 - q0, p1) + 1):  # back: the cut's words end it too
            if keys[p1 - shift] != keys[s0 - shift]:
                break
            if marks_cut(variant, v0 - shift):
                out[index] = (p0, p1 - shift, q0, q1 - shift)
                out[index + 1] = (s0 - shift, s1, v0 - shift, v1)
                break
        else:
            for shift in range(1, min(v1 - v0, s1 - s0) + 1):  # forward
                if keys[p1 + shift - 1] != keys[s0 + shift - 1]:
                    break
                if marks_cut(variant, v0 + shift):
                    out[index] = (p0, p1 + shift, q0, q1 + shift)
                    out[index + 1] = (s0 + shift, s1, v0 + shift, v1)
                    break
    return [block for block in out if block[1] > block[0]]


def _disfluent_gap(source: Words, variant: Words, blocks: Sequence[Block]) -> bool:
    """Whether words one side leaves out between two runs are disfluencies (``disfluent``)."""
    for (_, p1, _, q1), (s0, _, v0, _) in itertools.pairwise(blocks):
        if (q1 == v0 and disfluent(source, p1, s0)) or (p1 == s0 and disfluent(variant, q1, v0)):
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


def _split_gap(source: Words, variant: Words, s0: int, s1: int, v0: int, v1: int
               ) -> list[Segment]:
    """Split a gap around the compounds in it (``land bridge``/``landbridge``)."""
    if s0 == s1 or v0 == v1 or s1 - s0 + v1 - v0 < 3:  # a compound has three words or more
        return [Segment(False, s0, s1, v0, v1)]
    source_keys = list(map(compound_keys.__getitem__, source.norms[s0:s1]))
    variant_keys = list(map(compound_keys.__getitem__, variant.norms[v0:v1]))
    if any(key.endswith("'d") for key in source_keys + variant_keys):
        source_keys = _spell_out_d(source_keys, variant.norms[v0:v1])
        variant_keys = _spell_out_d(variant_keys, source.norms[s0:s1])
    if not (_starts_one_of(variant_keys, source_keys) or _starts_one_of(source_keys, variant_keys)):
        return [Segment(False, s0, s1, v0, v1)]  # most gaps: no compound can start anywhere
    spans: dict[str, list[tuple[int, int]]] = {}
    for i in range(s0, s1):
        joined = ""
        for j in range(i, min(i + MAX_COMPOUND, s1)):
            joined += source_keys[j - s0]
            spans.setdefault(joined, []).append((i, j + 1))
    segments: list[Segment] = []
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
            segments.append(Segment(False, at_s, i, at_v, j))
        segments.append(Segment(True, i, i_end, j, j_end, compound=True))
        at_s, at_v = i_end, j_end
        j = j_end
    if at_s < s1 or at_v < v1:
        segments.append(Segment(False, at_s, s1, at_v, v1))
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
    for end in range(j, min(j + MAX_COMPOUND, len(keys))):
        joined += keys[end]
        for i, i_end in spans.get(joined, ()):
            if i >= after and (i_end - i) + (end + 1 - j) >= 3:
                best = ((i, i_end), end + 1 - j)
                break
    return best


def core_of(segments: Sequence[Segment]) -> tuple[int, int] | None:
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


def _chance(segments: Sequence[Segment], run: tuple[int, int], gap: Segment) -> bool:
    """Tell whether an edge run of aligned words is too short for the gap beside it."""
    source_gap, variant_gap = gap.s1 - gap.s0, gap.v1 - gap.v0
    if source_gap < 1 or max(source_gap, variant_gap) < 4:
        return False  # the run has a word at least, so the gap would need four
    words = sum(segments[i].s1 - segments[i].s0 for i in range(run[0], run[1] + 1))
    return max(source_gap, variant_gap) >= 2 * words + 2
