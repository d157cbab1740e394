"""Quoted words -> the stretches of reference text they come from.

In: the reference documents (tokens, sentence starts, transcript turns) and
one piece of a quotation (its words between marks and ellipses). Out:
:class:`Part` s, each a run of the piece's words matched to a run of one
reference document's words.

0. **Words.** A reference's time codes (on a line of their own, as in a
   caption file, or in brackets) and the furniture of its printed pages
   (page numbers, running headers and footers, footnote markers glued to a
   word's full stop or comma: :mod:`dedup.layout`) are no
   words of it: left out, the words on either side of a caption's timing
   or a page break are next to each other.
1. **Candidates.** Each reference document is cut into overlapping windows
   of ``WINDOW`` words (step ``WINDOW // 2``, so any ``WINDOW // 2`` words lie
   inside one window), and the windows' word-bigram sets go into a
   containment index that answers as datasketch's MinHash LSH Ensemble
   (:func:`dedup.candidates.containment_index`).
   The piece is queried in sub-windows of ``WINDOW // 2`` words: a window
   that holds at least ``containment`` of a sub-window's bigrams is a
   candidate, however long the window's sentence is. Candidate windows of
   one document that touch or lie close are merged into a region, widened
   by the piece's length on each side, and cut to the turns of the allowed
   speakers.
2. **Local alignment.** The piece is aligned to each region word by word
   (rapidfuzz ``Indel`` opcodes on spelling keys, as the fidelity stage
   does); the equal blocks are chained left to right, each gap costing
   its larger side in words (a chain that gains nothing by a block still
   takes it), and the best chain is the matched stretch.
   Two blocks never chain across source words that hold a sentence
   boundary (a sentence start, or whole sentences; the end or the start of
   one sentence left out is an omission): skipping a sentence is a splice,
   found as two parts. A chain that leaves words of the piece out is
   aligned again in the region's words before and after its sentences
   (the region's alignment may pair words with a copy in the sentence
   before the one that holds them all), and a chain that starts with a
   few words ending a sentence gives way to one that starts with the next
   sentence when that is as good.
   Words of the piece left over at either edge of a chain (fewer than
   ``MIN_PART``) stand for as many source words beside it, in its
   sentence, or, when the outermost of them stands a few words further on
   (``he would succeed`` for ``he was going to succeed``), or is two of
   them written as one (``is notacceptable`` for ``is not acceptable``),
   for the source words up to it.
   Of regions whose best chains are as good (two versions of a speech),
   the one nearest a given place wins (the quotation's other pieces:
   :mod:`dedup.verdicts`), then one whose chain is whole sentences, then
   the first.
3. **The rest.** Words of the piece left over on either side (at least
   ``MIN_PART``) are looked up again the same way, so a piece glued from
   two passages gives two parts.
4. **At an ellipsis.** A piece after an ellipsis that is not found on its
   own (fewer than ``MIN_PART`` words, ``“... do even… more.”``, or more that
   no chain holds) is looked for word for word in the ``WINDOW``
   words after the piece before it (:meth:`Matcher.exact_after`), and one
   before an ellipsis in the ``WINDOW`` words before the piece after it
   (:meth:`Matcher.exact_before`, ``“I will… be specific”``).

Always holds: parts of one piece do not overlap in the piece and are
returned in piece order; every part has at least ``MIN_PART`` matched words
(or all the words of a shorter piece, matched exactly).
"""

from __future__ import annotations

import bisect
import itertools
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Indel

from dedup.attribution import Turn
from dedup.candidates import ContainmentIndex, containing, containment_index
from dedup.fidelity import spelling_key
from dedup.layout import footnote_markers, page_furniture
from dedup.models import Sentence
from dedup.quotes import extract
from dedup.shingle import punctuated, shingles, time_notes, token_columns

WINDOW = 24
"""Words per indexed reference window."""
MIN_PART = 3
"""Fewest matched words for a stretch of a quotation to count as found."""
_MAX_LEFT_OUT = 4
"""Most source words a quotation's first or last words may leave out to join its chain."""
_PLACES_AT_ONCE = 256
"""Places of a word made Python ints at a time, as ``Matcher.exact`` goes through them."""

Allowed = Callable[[Turn], bool]


@dataclass(frozen=True)
class Reference:
    """A reference document prepared for matching.

    Its words are kept as columns, not an object each (a year of
    transcripts is tens of millions of words): ``starts[i]`` and
    ``ends[i]`` are word ``i``'s span in ``text``, ``keys[i]`` its spelling
    key (each distinct key one string, shared by all references).
    """

    doc: int
    text: str
    starts: Sequence[int]
    ends: Sequence[int]
    keys: tuple[str, ...]
    sentence_starts: tuple[int, ...]
    turns: tuple[Turn, ...]
    turn_starts: tuple[int, ...]
    quoted: Sequence[int] = ()
    """Per word, 1 if it lies inside a quotation of the reference's own (a
    press release's or agency copy's ``“...,” he said.``), else 0 (as
    ``bytes``); all 0 in a transcript without quotation marks."""
    punctuated: bool = True
    """Whether the record has sentence punctuation; automatic captions have
    none, and their sentences are their cues, cut by time."""

    def turn_at(self, token: int) -> Turn:
        """The turn that holds token ``token``."""
        index = bisect.bisect_right(self.turn_starts, token) - 1
        return self.turns[max(0, index)]


@dataclass(frozen=True)
class Part:
    """Piece words ``[var_lo, var_hi)`` matched to words ``[src_lo, src_hi)`` of a reference."""

    ref: int
    src_lo: int
    src_hi: int
    var_lo: int
    var_hi: int
    matched: int


@dataclass(frozen=True)
class _Chain:
    value: float
    matched: int
    src_lo: int
    src_hi: int
    var_lo: int
    var_hi: int


def reference(
    doc: int, text: str, sentences: Sequence[Sentence], turns: Sequence[Turn],
    known: dict[str, str] | None = None,
) -> Reference:
    """Prepare one reference document: its words, keys, sentence starts and turn starts in words.

    A transcript's time codes (``0:05`` on a line of its own between a
    caption's words, a caption file's cue timings, ``[00:01:23]``) and its
    page furniture (``Page 2 of 3`` and a running header between two
    pages of a PDF's text) and footnote markers (``justice.12``) are no
    words: left out, the words around them are next to each other.
    ``known`` keeps one string per spelling key, for all the references
    it is given with (else each reference keeps its own). The words are
    :func:`dedup.shingle.tokenize`'s, read as columns (a ``Token`` per word
    of a 5 MB transcript was 200 MB while it was prepared).
    """
    starts, ends, norms = token_columns(text)
    notes = sorted(time_notes(text) + page_furniture(text) + footnote_markers(text))
    if notes:
        at = np.searchsorted(np.array([start for start, _ in notes], dtype=np.int64), starts,
                             side="right") - 1
        note_ends = np.array([end for _, end in notes], dtype=np.int64)
        kept = (at < 0) | (starts >= note_ends[np.maximum(at, 0)])
        starts, ends = starts[kept], ends[kept]
        norms = list(itertools.compress(norms, kept.tolist()))
    sentence_starts = np.unique(np.searchsorted(
        starts, np.fromiter((s.start for s in sentences), dtype=np.int64), side="left"))
    turn_starts = np.searchsorted(
        starts, np.fromiter((t.start for t in turns), dtype=np.int64), side="left")
    fragments = sorted((f.start, f.end) for q in extract(text) for f in q.fragments)
    quoted = np.zeros(len(starts), dtype=np.uint8)
    if fragments:
        at = np.searchsorted(np.array([start for start, _ in fragments], dtype=np.int64),
                             starts, side="right") - 1
        fragment_ends = np.array([end for _, end in fragments], dtype=np.int64)
        quoted[(at >= 0) & (starts < fragment_ends[np.maximum(at, 0)])] = 1
    one = (known if known is not None else {}).setdefault
    forms = {norm: one(key, key) for norm in dict.fromkeys(norms) for key in [spelling_key(norm)]}
    offsets, width = ("i", np.int32) if len(text) < 2**31 else ("q", np.int64)
    return Reference(doc, text, array(offsets, starts.astype(width).tobytes()),
                     array(offsets, ends.astype(width).tobytes()),
                     tuple(map(forms.__getitem__, norms)), tuple(sentence_starts.tolist()),
                     tuple(turns), tuple(turn_starts.tolist()), quoted.tobytes(),
                     punctuated(text, len(norms)))


class Matcher:
    """Finds where pieces of quotations come from in the reference documents."""

    def __init__(
        self, references: Sequence[Reference], *, num_perm: int, containment: float, seed: int
    ) -> None:
        self.references = tuple(references)
        # The windows ``(ref, lo, hi)`` in reference order, as three columns
        # (a tuple of Python ints each was 8 to 11 bytes a reference word).
        step = WINDOW // 2
        refs, los, his = array("q"), array("q"), array("q")
        for ref_index, ref in enumerate(self.references):
            for lo in range(0, max(1, len(ref.keys) - step), step):
                refs.append(ref_index)
                los.append(lo)
                his.append(min(len(ref.keys), lo + WINDOW))
        self.windows = np.stack([np.frombuffer(column, dtype=np.int64) if column
                                 else np.zeros(0, dtype=np.int64) for column in (refs, los, his)],
                                axis=1).astype(np.int32 if max(his, default=0) < 2**31
                                               else np.int64)
        del refs, los, his
        # Each window's set is made as the index reads it and let go (all of
        # them at once were a third of an audit's peak).
        self.index: ContainmentIndex = containment_index(
            (shingles(ref.keys[lo : lo + WINDOW], 2) for ref in self.references
             for lo in range(0, max(1, len(ref.keys) - step), step)),
            num_perm=num_perm, threshold=containment, seed=seed,
        )
        # Where each word is in all the references, in reference order, for
        # the exact search of short quotations: ``ref << 32 | at`` (scanning
        # every reference word for each was quadratic, and so was asking
        # every reference for the places of a quotation's first word). One
        # array, each word's places a run of it (``_place_starts`` by the
        # word's number in ``_words``): a list of Python ints per word was
        # 40 bytes per reference word, in the main process and every worker.
        self._words: dict[str, int] = {}
        number = self._words.setdefault
        numbers = np.fromiter((number(key, len(self._words)) for ref in self.references
                               for key in ref.keys), dtype=np.int64)
        places = np.concatenate([np.empty(0, dtype=np.int64)] + [
            np.arange(len(ref.keys), dtype=np.int64) | (ref_index << 32)
            for ref_index, ref in enumerate(self.references)])
        self._places = places[np.argsort(numbers, kind="stable")]
        self._place_starts = np.zeros(len(self._words) + 1, dtype=np.int64)
        np.cumsum(np.bincount(numbers, minlength=len(self._words)), out=self._place_starts[1:])

    def _places_of(self, key: str) -> tuple[int, int]:
        """The run ``[lo, hi)`` of ``_places`` that holds the places of word ``key``."""
        word = self._words.get(key)
        if word is None:
            return 0, 0
        return int(self._place_starts[word]), int(self._place_starts[word + 1])

    def locate(self, keys: Sequence[str], allowed: Allowed,
               near: tuple[int, int] | None = None) -> list[Part]:
        """The parts of the piece with words ``keys`` found in allowed turns.

        Where two places hold the words equally well (a speech as prepared
        and as delivered, in two references or one after the other in one;
        a release and its correction), the part is at the one nearest word
        ``near[1]`` of reference ``near[0]``, or with no ``near`` the first.
        """
        parts: list[Part] = []
        todo = [(0, len(keys))]
        while todo:
            v0, v1 = todo.pop()
            if v1 - v0 < MIN_PART:
                continue
            best = self._best(keys[v0:v1], allowed, near)
            if best is None:
                continue
            ref, chain = best
            parts.append(Part(ref, chain.src_lo, chain.src_hi, v0 + chain.var_lo,
                              v0 + chain.var_hi, chain.matched))
            todo.extend([(v0 + chain.var_hi, v1), (v0, v0 + chain.var_lo)])
        return sorted(parts, key=lambda p: p.var_lo)

    def exact(self, keys: Sequence[str], allowed: Allowed) -> list[Part]:
        """The first place the words ``keys`` appear, in order, in an allowed turn."""
        size = len(keys)
        if not size:
            return []
        # The places of the quotation's rarest word, in reference order: the
        # words must stand around each, so the first that holds them all is
        # the first place of the words.
        runs = [self._places_of(key) for key in keys]
        shift = min(range(size), key=lambda at: runs[at][1] - runs[at][0])
        wanted = tuple(keys)
        first, last = runs[shift]
        for block in range(first, last, _PLACES_AT_ONCE):
            for found in self._places[block : min(last, block + _PLACES_AT_ONCE)].tolist():
                ref_index, lo = found >> 32, (found & 0xFFFFFFFF) - shift
                ref = self.references[ref_index]
                if lo >= 0 and ref.keys[lo : lo + size] == wanted and allowed(ref.turn_at(lo)):
                    return [Part(ref_index, lo, lo + size, 0, size, size)]
        return []

    def exact_after(
        self, keys: Sequence[str], ref_index: int, after: int, allowed: Allowed
    ) -> list[Part]:
        """The first place the words ``keys`` appear within ``WINDOW`` words after word ``after``.

        For a piece too short to locate on its own that follows an ellipsis
        (``“But we need to do even… more.”``): it is looked for just after
        the words the piece before it was found at, in reference
        ``ref_index``, in an allowed turn.
        """
        ref, size = self.references[ref_index], len(keys)
        if not size:
            return []
        for lo in range(after, min(len(ref.keys) - size, after + WINDOW) + 1):
            if list(ref.keys[lo : lo + size]) == list(keys) and allowed(ref.turn_at(lo)):
                return [Part(ref_index, lo, lo + size, 0, size, size)]
        return []

    def exact_before(
        self, keys: Sequence[str], ref_index: int, before: int, allowed: Allowed
    ) -> list[Part]:
        """The last place the words ``keys`` appear within ``WINDOW`` words before word ``before``.

        For a piece too short to locate on its own that an ellipsis ends
        (``“I will… be specific before they are able to conclude.”``): it is
        looked for just before the words the piece after it was found at,
        in reference ``ref_index``, in an allowed turn.
        """
        ref, size = self.references[ref_index], len(keys)
        if not size:
            return []
        for lo in range(before - size, max(-1, before - size - WINDOW - 1), -1):
            if list(ref.keys[lo : lo + size]) == list(keys) and allowed(ref.turn_at(lo)):
                return [Part(ref_index, lo, lo + size, 0, size, size)]
        return []

    def _best(self, keys: Sequence[str], allowed: Allowed,
              near: tuple[int, int] | None = None) -> tuple[int, _Chain] | None:
        """The best chain of the piece in any candidate region.

        Of chains as good, the first by ``_tie_rank``, then the first region.
        A chain's value is at most twice the number of the piece's words
        that stand in its region (its words matched, plus its blocks' words
        less their gaps), so the regions are aligned from the highest such
        bound down, and once the best value found is above a region's bound,
        neither it nor any after it can win: a year of transcripts gives a
        quotation of common words dozens of candidate regions.
        """
        regions = self._regions(keys, allowed)
        bounds = []
        for ref_index, lo, hi in regions:
            present = set(self.references[ref_index].keys[lo:hi])
            bounds.append(2 * sum(key in present for key in keys))
        best: tuple[int, _Chain] | None = None
        best_at = -1
        for at in sorted(range(len(regions)), key=lambda at: -bounds[at]):
            if best is not None and bounds[at] < best[1].value:
                break
            ref_index, lo, hi = regions[at]
            chain = _chain(self.references[ref_index], lo, hi, keys)
            if chain is None or chain.matched < min(MIN_PART, len(keys)):
                continue
            if best is None or chain.value > best[1].value or (
                    chain.value == best[1].value
                    and (self._tie_rank(ref_index, chain, near), at)
                    < (self._tie_rank(*best, near), best_at)):
                best, best_at = (ref_index, chain), at
        return best

    def _tie_rank(self, ref_index: int, chain: _Chain, near: tuple[int, int] | None
                  ) -> tuple[float, bool]:
        """Of chains as good: the nearest ``near``, then one of whole sentences, lowest first.

        A sentence that one version of a speech ends where another goes on
        ("... and more aid." / "... and more aid, and it needs them now.")
        is quoted whole from the first, not trimmed from the second.
        """
        distance = 0.0 if near is None else _distance(ref_index, chain, near)
        ref = self.references[ref_index]
        whole = (_is_start(ref.sentence_starts, chain.src_lo)
                 and (chain.src_hi == len(ref.keys)
                      or _is_start(ref.sentence_starts, chain.src_hi)))
        return distance, not whole

    def _regions(self, keys: Sequence[str], allowed: Allowed) -> list[tuple[int, int, int]]:
        """Candidate regions ``(ref, lo, hi)`` for the piece, cut to allowed turns."""
        step = WINDOW // 2
        queries = [
            shingles(keys[lo : lo + step], 2)
            for lo in range(0, max(1, len(keys) - step + 1), max(1, step // 3))
        ]
        # Window numbers follow ``(ref, lo)``, so their order is the windows'.
        found = sorted({key for keys_found in containing(self.index, queries)
                        for key in keys_found})
        hits: list[list[int]] = self.windows[found].tolist()
        regions: list[list[int]] = []
        for ref_index, lo, hi in hits:
            if regions and regions[-1][0] == ref_index and lo <= regions[-1][2] + len(keys):
                regions[-1][2] = max(regions[-1][2], hi)
            else:
                regions.append([ref_index, lo, hi])
        result = []
        for ref_index, lo, hi in regions:
            ref = self.references[ref_index]
            lo, hi = max(0, lo - len(keys)), min(len(ref.keys), hi + len(keys))
            # Only the turns from the one holding word ``lo`` to the last
            # starting before ``hi`` (a transcript has hundreds of turns).
            first = max(0, bisect.bisect_right(ref.turn_starts, lo) - 1)
            for turn_index in range(first, len(ref.turns)):
                t_lo = ref.turn_starts[turn_index]
                if t_lo >= hi:
                    break
                if not allowed(ref.turns[turn_index]):
                    continue
                t_hi = (ref.turn_starts[turn_index + 1] if turn_index + 1 < len(ref.turns)
                        else len(ref.keys))
                if max(lo, t_lo) < min(hi, t_hi):
                    result.append((ref_index, max(lo, t_lo), min(hi, t_hi)))
        return result


def _distance(ref_index: int, chain: _Chain, near: tuple[int, int]) -> float:
    """How far a chain lies from word ``near[1]`` of reference ``near[0]`` (another's: endless)."""
    if ref_index != near[0]:
        return float("inf")
    return max(0, chain.src_lo - near[1], near[1] - chain.src_hi)


def _chain(ref: Reference, lo: int, hi: int, keys: Sequence[str]) -> _Chain | None:
    """Best left-to-right chain of equal blocks between ``ref.keys[lo:hi]`` and ``keys``.

    The longest common subsequence over a whole region may pair the
    piece's words with copies in another sentence than the one that holds
    them all: "we need to" of "And we need to put our support" with "But
    we need to do even more." before "And we need to put our support on
    ...", so the chain is "But we need to" and the rest a second part, a
    splice. A chain that leaves words of the piece out is therefore
    aligned again in the region's words before and after its sentences,
    and the best of the three is kept (see also :func:`_chain_near`).
    """
    chain = _chain_near(ref, lo, hi, keys)
    if chain is None or chain.matched >= len(keys):
        return chain
    at = bisect.bisect_right(ref.sentence_starts, chain.src_lo) - 1
    first = max(lo, ref.sentence_starts[at] if at >= 0 else 0)
    at = bisect.bisect_right(ref.sentence_starts, chain.src_hi - 1)
    last = min(hi, ref.sentence_starts[at] if at < len(ref.sentence_starts) else hi)
    for other_lo, other_hi in ((lo, first), (last, hi)):
        if other_hi - other_lo < min(MIN_PART, len(keys)):
            continue
        other = _chain_near(ref, other_lo, other_hi, keys)
        if other is not None and other.value > chain.value:
            chain = other
    return chain


def _chain_near(ref: Reference, lo: int, hi: int, keys: Sequence[str]) -> _Chain | None:
    """Best chain in ``ref.keys[lo:hi]``, aligned again within the sentences it lies in.

    The longest common subsequence over a whole region may pair the
    piece's first words with copies in an earlier sentence ("We will" of
    "We will recognise" with "We have ... will deliver" before "We will
    never recognise"): blocks that cannot chain across the sentence
    boundary, so the chain would start later, with "We" an insertion. The
    chain is therefore aligned again within the sentences it lies in,
    widened by the piece's words left over on either side, and the better
    of the two is kept.
    """
    chain = _chain_in(ref, lo, hi, keys)
    if chain is None:
        return None
    at = bisect.bisect_right(ref.sentence_starts, chain.src_lo - chain.var_lo) - 1
    near_lo = max(lo, ref.sentence_starts[at] if at >= 0 else 0)
    at = bisect.bisect_right(ref.sentence_starts, chain.src_hi + len(keys) - chain.var_hi - 1)
    near_hi = min(hi, ref.sentence_starts[at] if at < len(ref.sentence_starts) else hi)
    if (near_lo, near_hi) == (lo, hi) or near_lo >= near_hi:
        return chain
    near = _chain_in(ref, near_lo, near_hi, keys)
    return near if near is not None and near.value > chain.value else chain


def _chain_in(ref: Reference, lo: int, hi: int, keys: Sequence[str]) -> _Chain | None:
    """Best left-to-right chain of equal blocks between ``ref.keys[lo:hi]`` and ``keys``.

    A chain that starts with a few words at the end of a sentence and runs
    on into the next gives way to one that starts with that next sentence,
    when that is as good: "Bennett told the jury ..." quoted from "...
    heading straight for Bennett. Bennett told the jury ...", or "She said
    she considered ..." from "..., she said. She said she considered ...".
    The longest common subsequence may pair the quotation's first words
    with the copies that end the sentence before, and the chain then takes
    them from there, leaving out the same words where the next sentence
    opens with them: the quotation's source would start in the sentence
    before (``trimmed``) with its first words left out as a stutter.
    """
    chain = _chain_from(ref, lo, hi, keys)
    if chain is None:
        return None
    at = bisect.bisect_right(ref.sentence_starts, chain.src_lo)
    if at < len(ref.sentence_starts):
        opens = ref.sentence_starts[at]  # the next sentence
        if chain.src_lo < opens < chain.src_hi and opens - chain.src_lo <= _MAX_SENTENCE_END:
            after = _chain_from(ref, opens, hi, keys)
            if after is not None and after.value >= chain.value:
                return after
    return chain


_MAX_SENTENCE_END = 3
"""Most words at the end of a sentence a chain may start with and still give way (``_chain_in``)."""


def _chain_from(ref: Reference, lo: int, hi: int, keys: Sequence[str]) -> _Chain | None:
    """Best left-to-right chain of equal blocks between ``ref.keys[lo:hi]`` and ``keys``."""
    ids: dict[str, int] = {}
    src = [ids.setdefault(k, len(ids)) for k in ref.keys[lo:hi]]
    var = [ids.setdefault(k, len(ids)) for k in keys]
    blocks = [(op.src_start + lo, op.src_end + lo, op.dest_start, op.dest_end)
              for op in Indel.opcodes(src, var) if op.tag == "equal"]
    if not blocks:
        return None
    values: list[float] = []
    links: list[int] = []
    chained: list[int] = []  # the words of each block's chain
    for j, (s0, s1, v0, _) in enumerate(blocks):
        value, link = float(s1 - s0), -1
        for i in range(j):
            p0, p1, q0, q1 = blocks[i]
            if s0 > p1 and crosses(ref.sentence_starts, p1, s0):
                continue
            candidate = values[i] + (s1 - s0) - max(s0 - p1, v0 - q1)
            # A tie chains: one changed word between two runs is an edit.
            if candidate > value or (candidate == value and link == -1):
                value, link = candidate, i
        values.append(value)
        links.append(link)
        chained.append(s1 - s0 + (chained[link] if link != -1 else 0))
    # A chain that gains nothing by its last block still ends with it ("these
    # children" for "these young children" drops "young", it does not put
    # "children" for it).
    end = max(range(len(blocks)), key=lambda j: (values[j], chained[j], -j))
    start, matched = end, 0
    at = end
    while at != -1:
        matched += blocks[at][1] - blocks[at][0]
        start = at
        at = links[at]
    src_lo, src_hi, var_lo, var_hi = blocks[start][0], blocks[end][1], blocks[start][2], \
        blocks[end][3]
    # LCS may have paired an edge word ("in the") with a copy outside the
    # chain; take the words right next to the chain when they are equal.
    while src_lo > lo and var_lo > 0 and ref.keys[src_lo - 1] == keys[var_lo - 1]:
        src_lo, var_lo, matched = src_lo - 1, var_lo - 1, matched + 1
    while src_hi < hi and var_hi < len(keys) and ref.keys[src_hi] == keys[var_hi]:
        src_hi, var_hi, matched = src_hi + 1, var_hi + 1, matched + 1
    # Quoted words left before or after the chain stand for as many source
    # words next to it, in its sentence ("worth a few euros" for "worth 188
    # million euros"): a changed first or last word is a replacement, as in
    # a scan, not an insertion beside a trimmed source.
    at = bisect.bisect_right(ref.sentence_starts, src_lo) - 1
    sentence_start = max(lo, ref.sentence_starts[at] if at >= 0 else 0)
    at = bisect.bisect_right(ref.sentence_starts, src_hi - 1)
    sentence_end = min(hi, ref.sentence_starts[at] if at < len(ref.sentence_starts) else hi)
    # Unless they are words of the sentence a few words before (or after) the
    # chain: then the source words between are left out ("We recognise" for
    # "We shall never recognise" drops "shall never", it does not put "We"
    # for "never").
    # A few words: a word or two of the quotation's edge found further
    # away in a long sentence are there by chance ("And" of "And that's the
    # only way" is not the sentence's first word, 19 words before "that's").
    head = tuple(keys[:var_lo])
    for at in range(src_lo - var_lo - 1, max(sentence_start, src_lo - var_lo - _MAX_LEFT_OUT) - 1,
                    -1) if head else ():
        if ref.keys[at : at + var_lo] == head:
            src_lo, matched, var_lo = at, matched + len(head), 0
            break
    tail = tuple(keys[var_hi:])
    for at in range(src_hi + 1, min(sentence_end - len(tail), src_hi + _MAX_LEFT_OUT) + 1
                    ) if tail else ():
        if ref.keys[at : at + len(tail)] == tail:
            src_hi, matched, var_hi = at + len(tail), matched + len(tail), len(keys)
            break
    before = min(var_lo, src_lo - sentence_start)
    after = min(len(keys) - var_hi, sentence_end - src_hi)
    # Words enough to be looked for on their own (``MIN_PART``) stand for
    # the source words beside the chain only when they reword them, holding
    # half of those words ("professional and personal credibility" for
    # "personal and professional integrity"); else they are located again
    # (``Matcher.locate``): "It was a hanging committee" before "so to
    # speak" stands for no "1994, after attending what was" before it.
    if before >= MIN_PART and not _rewords(keys[:var_lo], ref.keys[src_lo - before : src_lo]):
        before = 0
    if after >= MIN_PART and not _rewords(keys[var_hi:], ref.keys[src_hi : src_hi + after]):
        after = 0
    # A word or two left over whose outermost word stands a few words further
    # on in the sentence ("he would succeed" for "he was going to succeed",
    # "throw a punch" for "throw the first punch") stand for the source
    # words up to it, not for as many as they are: the source ends with the
    # quotation's last word, and "would" replaces "was going to".
    # So does an edge word that is two source words written as one ("is
    # notacceptable" for "is not acceptable"): the source takes both.
    lead, trail = before, after
    if 0 < var_lo < MIN_PART and before == var_lo:
        for at in range(src_lo - before, max(sentence_start, src_lo - before - _MAX_LEFT_OUT) - 1,
                        -1):
            if at < src_lo - before and ref.keys[at] == keys[0]:
                lead = src_lo - at
                break
            if at > sentence_start and ref.keys[at - 1] + ref.keys[at] == keys[0]:
                lead = src_lo - at + 1
                break
    if 0 < len(keys) - var_hi < MIN_PART and after == len(keys) - var_hi:
        for at in range(src_hi + after - 1, min(sentence_end, src_hi + after + _MAX_LEFT_OUT)):
            if at >= src_hi + after and ref.keys[at] == keys[-1]:
                trail = at + 1 - src_hi
                break
            if at + 1 < sentence_end and ref.keys[at] + ref.keys[at + 1] == keys[-1]:
                trail = at + 2 - src_hi
                break
    return _Chain(values[end] + matched, matched, src_lo - lead, src_hi + trail,
                  var_lo - before, var_hi + after)


def _rewords(quoted: Sequence[str], source: Sequence[str]) -> bool:
    """Whether at least half of the source words are among the quoted words."""
    words = set(quoted)
    return 2 * sum(key in words for key in source) >= len(source)


def crosses(sentence_starts: Sequence[int], gap_lo: int, gap_hi: int) -> bool:
    """Whether skipped source words ``[gap_lo, gap_hi)`` hold a sentence boundary.

    A sentence starts inside them, or they are whole sentences. The end of a
    sentence left out (``what was happening [to her]. She would``) is an
    omission, as its start is (``we expect. [So] this is``): no splice.
    """
    at = bisect.bisect_right(sentence_starts, gap_lo)
    if at < len(sentence_starts) and sentence_starts[at] < gap_hi:
        return True
    return _is_start(sentence_starts, gap_lo) and _is_start(sentence_starts, gap_hi)


def _is_start(sentence_starts: Sequence[int], token: int) -> bool:
    """Whether a sentence starts at ``token``."""
    at = bisect.bisect_left(sentence_starts, token)
    return at < len(sentence_starts) and sentence_starts[at] == token
