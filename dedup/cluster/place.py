"""Step 1, second part: the shared passages placed beside the taken units, as segments of groups.

In: the passages of :mod:`dedup.passages`, the units the chosen matches
took (``TakenUnits``) and their joins (``UnionFind``). Out: the new
segments, by id, and more joins. The passages add what the matches do not
explain: a side that mostly overlaps a taken span joins its group, a side
that overlaps none becomes a new segment (the full rule:
``place_passages``). Its own module: the placing is a compiled loop over a
growing arena of each document's taken spans, the stage's largest piece.

Also here, for the Spark engine: ``segment_bases`` (new segments' ids that
do not depend on which passages are placed together) and ``passage_hulls``
(where a passage lies in its two documents).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import repeat
from typing import Any

import numpy as np
import numpy.typing as npt

from dedup.cluster.shapes import Passages, Segment
from dedup.cluster.taken import TakenUnits, UnionFind
from dedup.jit import njit
from dedup.passages import MIN_WORDS, Passage


def segment_bases(passages: Sequence[Passage]) -> list[int]:
    """Where each passage's new segment ids begin, after ``first_id``: two per hit.

    A segment's id depends on its passage, the hit its stretch starts at and
    its side, not on which passages are placed with it: the same in one
    component as in the whole scan.
    """
    bases = [0]
    for passage in passages:
        bases.append(bases[-1] + 2 * len(passage.hits))
    return bases[:-1]


JOIN_OVERLAP = 0.5
"""Share of the shorter of two passages of a document they must share to be one passage."""


def place_passages(
    passages: Passages,
    taken: TakenUnits,
    joined: UnionFind,
    *,
    first_id: int,
    bases: Sequence[int] | Mapping[int, int] | None = None,
    sources: frozenset[int] = frozenset(),
    min_words: int = MIN_WORDS,
) -> dict[int, Segment]:
    """Join the passages' words to the groups; the new segments, by id.

    Passages with a ``sources`` document go first, then those covering more
    words. Hits whose words are already taken in both documents (by a unit
    or an earlier passage) are explained and dropped; each unbroken stretch
    of the rest with at least ``min_words`` words gives a pair of sides. A
    side that overlaps a taken span by at least ``JOIN_OVERLAP`` of the
    shorter of the two is that span's unit or segment (a newspaper's piece of
    an agency sentence joins the group of that sentence; three documents
    sharing a passage form one group); a side that overlaps taken spans less
    leaves the stretches of its hits that overlap nothing taken in either
    document (a passage that runs a few words into a taken sentence keeps
    the rest), placed in the same way, and drops the other hits; a side that
    overlaps none is a new segment, numbered
    ``first_id + bases[index] + 2 * hit + side`` (``hit``: the row its
    stretch starts at; ``bases`` default to ``segment_bases(passages)``).
    New segments start and end sentences only by chance, so they never
    merge into runs.

    ``passages`` may be a mapping from their index in the scan's list:
    placed in the same order, a part of them gives the same segments and
    the same unions as long as it holds every passage and taken unit that
    overlaps its passages (``dedup.cluster``'s docstring).

    The passages are placed by a compiled loop (:func:`_place_batch`) over
    their hits joined into one array, a batch of passages at a time: at a
    million sentences there are hundreds of thousands of passages, too
    many for a few NumPy calls each.
    """
    if bases is None:
        if not isinstance(passages, Sequence):  # not an assert: "python -O" drops those
            raise TypeError("place_passages needs bases for a part of the passages")
        bases = segment_bases(passages)
    if isinstance(passages, Mapping):
        indices, listed = list(passages), list(passages.values())
    else:
        indices, listed = list(range(len(passages))), list(passages)
    index = np.array(indices, dtype=np.int64)
    first = np.array([p.first for p in listed], dtype=np.int64)
    second = np.array([p.second for p in listed], dtype=np.int64)
    words = np.array([p.words for p in listed], dtype=np.int64)
    chosen = np.array(sorted(sources), dtype=np.int64)
    outside = ~(np.isin(first, chosen) | np.isin(second, chosen))
    order = np.lexsort((index, second, first, -words, outside))
    base = np.array([bases[i] for i in indices], dtype=np.int64) + first_id
    hits = _uniform([p.hits for p in listed])
    sizes = np.array([len(h) for h in hits], dtype=np.int64)
    spans = _SpanArena.of(taken, first, second)
    extra: dict[int, Segment] = {}
    for at in range(0, len(order), _PLACE_BATCH):
        batch = order[at : at + _PLACE_BATCH]
        # bytes.join copies hundreds of thousands of small arrays far faster than np.concatenate.
        joined_hits = np.frombuffer(b"".join([hits[i] for i in batch.tolist()]),
                                    dtype=hits[0].dtype).reshape(-1, 8)
        offsets = np.zeros(len(batch) + 1, dtype=np.int64)
        np.cumsum(sizes[batch], out=offsets[1:])
        made, pairs = spans.place(joined_hits, offsets, first[batch], second[batch],
                                  base[batch], min_words)
        keys, docs, starts, ends, made_words = (column.tolist() for column in made.T)
        extra.update(zip(keys, map(Segment, docs, repeat(-1), repeat(-1), starts, ends,
                                   made_words, repeat(False), repeat(False)), strict=True))
        joined.join(pairs[:, 0], pairs[:, 1])
    return extra


_PLACE_BATCH = 65536
"""Passages whose hits are joined into one array at a time (bounds the copy)."""


def _uniform(arrays: list[npt.NDArray[np.integer[Any]]]) -> list[npt.NDArray[np.integer[Any]]]:
    """The arrays, as 64-bit C-ordered ones unless they share one dtype and are C-ordered."""
    if arrays and all(a.dtype == arrays[0].dtype and a.flags.c_contiguous for a in arrays):
        return arrays
    return [np.ascontiguousarray(a, dtype=np.int64) for a in arrays]


_CANNOT = -2
"""``_target``'s answer for a side that overlaps taken spans but none enough to join."""


class _SpanArena:
    """The spans taken in each document, by units and by placed passages (disjoint).

    Each document's spans lie sorted by start in a region of three shared
    arrays (start, end, key); a region that fills moves to the end of the
    arrays with twice the room, so the compiled loop never allocates per span.
    A document starts with room for ``SPARE`` new segments per passage side
    it holds (a passage mostly makes one).
    """

    SPARE = 1

    def __init__(self, size: int, docs: int) -> None:
        self.lo = np.zeros(size, dtype=np.int64)
        self.hi = np.zeros(size, dtype=np.int64)
        self.key = np.zeros(size, dtype=np.int64)
        self.begin = np.zeros(docs, dtype=np.int64)
        self.count = np.zeros(docs, dtype=np.int64)
        self.room = np.zeros(docs, dtype=np.int64)
        self.used = np.zeros(1, dtype=np.int64)

    @classmethod
    def of(
        cls, taken: TakenUnits, first: npt.NDArray[np.int64], second: npt.NDArray[np.int64]
    ) -> _SpanArena:
        """The taken units' spans, with room in each document for a segment per passage side."""
        docs = 1 + max(int(taken.doc.max(initial=-1)), int(first.max(initial=-1)),
                       int(second.max(initial=-1)))
        counts = np.bincount(taken.doc, minlength=docs)
        room = counts + cls.SPARE * np.bincount(np.concatenate([first, second]),
                                                minlength=docs) + 1
        arena = cls(int(room.sum()), docs)
        arena.room[:] = room
        arena.begin[1:] = np.cumsum(room)[:-1]
        arena.count[:] = counts
        arena.used[0] = room.sum()
        # Each unit's place: its document's region, then its rank there.
        rank = np.arange(len(taken.doc)) - np.searchsorted(taken.doc, taken.doc)
        place = arena.begin[taken.doc] + rank
        arena.lo[place], arena.hi[place], arena.key[place] = taken.start, taken.end, taken.key
        return arena

    def place(
        self,
        hits: npt.NDArray[np.int64],
        offsets: npt.NDArray[np.int64],
        first: npt.NDArray[np.int64],
        second: npt.NDArray[np.int64],
        base: npt.NDArray[np.int64],
        min_words: int,
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Place the passages in order: new segments ``(key, doc, start, end, words)``, unions."""
        made = np.empty((2 * len(hits), 5), dtype=np.int64)
        pairs = np.empty((len(hits), 2), dtype=np.int64)
        self.lo, self.hi, self.key, counts = _place_batch(
            hits, offsets, first, second, base, min_words, JOIN_OVERLAP, self.lo, self.hi,
            self.key, self.begin, self.count, self.room, self.used, made, pairs)
        return made[: counts[0]], pairs[: counts[1]]


@njit()
def _place_batch(hits, offsets, first, second, base, min_words, join,  # type: ignore[no-untyped-def]
                 lo, hi, key, begin, count, room, used, made, pairs):
    """``place_passages``'s loop over one batch of passages, in their order."""
    counts = np.zeros(2, dtype=np.int64)  # segments made, unions
    free = np.zeros(0, dtype=np.bool_)
    untaken = np.zeros(0, dtype=np.bool_)
    for p in range(len(offsets) - 1):
        part = hits[offsets[p] : offsets[p + 1]]
        n = len(part)
        if len(free) < n:
            free = np.zeros(2 * n, dtype=np.bool_)
            untaken = np.zeros(2 * n, dtype=np.bool_)
        doc_a, doc_b = first[p], second[p]
        for hit in range(n):
            free[hit] = not (
                _overlaps(lo, hi, begin[doc_a], count[doc_a], part[hit, 2], part[hit, 3])
                and _overlaps(lo, hi, begin[doc_b], count[doc_b], part[hit, 6], part[hit, 7]))
        i = np.int64(0)  # not the literal 0, which would compile ``_place_piece`` once more
        while i < n:
            if not free[i]:
                i += 1
                continue
            end = i
            while end < n and free[end]:
                end += 1
            result = _place_piece(part, i, end, doc_a, doc_b, base[p], min_words, join,
                                  lo, hi, key, begin, count, room, used, made, pairs, counts)
            lo, hi, key = result[0], result[1], result[2]
            if result[3]:  # a straddling side: its stretches that overlap nothing taken, once
                for hit in range(i, end):
                    untaken[hit] = not (
                        _overlaps(lo, hi, begin[doc_a], count[doc_a], part[hit, 2], part[hit, 3])
                        or _overlaps(lo, hi, begin[doc_b], count[doc_b], part[hit, 6],
                                     part[hit, 7]))
                j = i
                while j < end:
                    if not untaken[j]:
                        j += 1
                        continue
                    stop = j
                    while stop < end and untaken[stop]:
                        stop += 1
                    result = _place_piece(part, j, stop, doc_a, doc_b, base[p], min_words,
                                          join, lo, hi, key, begin, count, room, used, made,
                                          pairs, counts)
                    lo, hi, key = result[0], result[1], result[2]
                    j = stop
            i = end
    return lo, hi, key, counts


@njit()
def _place_piece(part, start, stop, doc_a, doc_b, base, min_words, join,  # type: ignore[no-untyped-def]
                 lo, hi, key, begin, count, room, used, made, pairs, counts):
    """Place hits ``start:stop`` of a passage; whether a side could not be placed."""
    covered = 0
    reach = part[start, 0]
    for i in range(start, stop):
        covered += max(0, part[i, 1] - max(part[i, 0], reach))
        reach = max(reach, part[i, 1])
    if covered < min_words:
        return lo, hi, key, False
    a_lo, a_hi, a_words_lo, a_words_hi = part[start, 2], part[start, 3], part[start, 0], \
        part[start, 1]
    b_lo, b_hi, b_words_lo, b_words_hi = part[start, 6], part[start, 7], part[start, 4], \
        part[start, 5]
    for i in range(start + 1, stop):
        a_lo, a_hi = min(a_lo, part[i, 2]), max(a_hi, part[i, 3])
        a_words_lo, a_words_hi = min(a_words_lo, part[i, 0]), max(a_words_hi, part[i, 1])
        b_lo, b_hi = min(b_lo, part[i, 6]), max(b_hi, part[i, 7])
        b_words_lo, b_words_hi = min(b_words_lo, part[i, 4]), max(b_words_hi, part[i, 5])
    target_a = _target(lo, hi, key, begin[doc_a], count[doc_a], a_lo, a_hi, join)
    target_b = _target(lo, hi, key, begin[doc_b], count[doc_b], b_lo, b_hi, join)
    if target_a == _CANNOT or target_b == _CANNOT:
        return lo, hi, key, True
    if target_a == -1:
        target_a = base + 2 * start
        _made(made, counts, target_a, doc_a, a_lo, a_hi, a_words_hi - a_words_lo)
        lo, hi, key = _insert(lo, hi, key, begin, count, room, used, doc_a, a_lo, a_hi,
                              target_a)
    if target_b == -1:
        target_b = base + 2 * start + 1
        _made(made, counts, target_b, doc_b, b_lo, b_hi, b_words_hi - b_words_lo)
        lo, hi, key = _insert(lo, hi, key, begin, count, room, used, doc_b, b_lo, b_hi,
                              target_b)
    pairs[counts[1], 0], pairs[counts[1], 1] = target_a, target_b
    counts[1] += 1
    return lo, hi, key, False


@njit()
def _made(made, counts, target, doc, start, end, words):  # type: ignore[no-untyped-def]
    """Record a new segment."""
    row = counts[0]
    made[row, 0], made[row, 1], made[row, 2], made[row, 3], made[row, 4] = \
        target, doc, start, end, words
    counts[0] += 1


@njit()
def _overlaps(lo, hi, begin, count, start, end):  # type: ignore[no-untyped-def]
    """Whether ``[start, end)`` overlaps a span of the region (the first ending after ``start``)."""
    low, high = begin, begin + count
    while low < high:
        middle = (low + high) // 2
        if hi[middle] > start:
            high = middle
        else:
            low = middle + 1
    return low < begin + count and lo[low] < end


@njit()
def _target(lo, hi, key, begin, count, start, end, join):  # type: ignore[no-untyped-def]
    """The span ``[start, end)`` joins: its key, -1 for none (a new one), ``_CANNOT``.

    It joins the span sharing most with it (the first such, by start) among
    those sharing at least ``join`` of the shorter of the two.
    """
    low, high = begin, begin + count
    while low < high:  # the first span starting at or after ``start``
        middle = (low + high) // 2
        if lo[middle] < start:
            low = middle + 1
        else:
            high = middle
    best, best_shared, overlapping = -1, 0, False
    for j in range(max(begin, low - 1), begin + count):
        if lo[j] >= end:
            break
        shared = min(hi[j], end) - max(lo[j], start)
        if shared <= 0:
            continue
        overlapping = True
        if shared >= join * min(hi[j] - lo[j], end - start) and shared > best_shared:
            best, best_shared = key[j], shared
    if overlapping and best == -1:
        return _CANNOT
    return best


@njit()
def _insert(lo, hi, key, begin, count, room, used, doc, start, end, value):  # type: ignore[no-untyped-def]
    """Add a span to ``doc``'s region, in order; the arrays (new ones when they grew)."""
    if count[doc] == room[doc]:  # move the region to the end, with twice the room
        size = 2 * room[doc] + 1
        if used[0] + size > len(lo):
            grown = max(2 * len(lo), used[0] + size)
            lo, hi, key = _grown(lo, grown), _grown(hi, grown), _grown(key, grown)
        old = begin[doc]
        for i in range(count[doc]):
            lo[used[0] + i], hi[used[0] + i], key[used[0] + i] = lo[old + i], hi[old + i], \
                key[old + i]
        begin[doc], room[doc] = used[0], size
        used[0] += size
    low, high = begin[doc], begin[doc] + count[doc]
    while low < high:  # after the spans sorting before or equal to it (bisect.insort)
        middle = (low + high) // 2
        if (start, end, value) < (lo[middle], hi[middle], key[middle]):
            high = middle
        else:
            low = middle + 1
    for i in range(begin[doc] + count[doc], low, -1):
        lo[i], hi[i], key[i] = lo[i - 1], hi[i - 1], key[i - 1]
    lo[low], hi[low], key[low] = start, end, value
    count[doc] += 1
    return lo, hi, key


@njit()
def _grown(array, size):  # type: ignore[no-untyped-def]
    """``array`` copied into a longer one."""
    result = np.zeros(size, dtype=array.dtype)
    for i in range(len(array)):  # no slice assignment: its error path compiles str()
        result[i] = array[i]
    return result


def passage_hulls(passage: Passage) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """``(doc, start, end)`` spanning the passage's hits in each of its two documents.

    Everything ``place_passages`` makes of the passage lies inside these,
    and everything it looks at overlaps them.
    """
    hits = passage.hits
    return ((passage.first, int(hits[:, 2].min()), int(hits[:, 3].max())),
            (passage.second, int(hits[:, 6].min()), int(hits[:, 7].max())))
