"""Verified matches and shared passages -> groups of passages, each with its canonical member.

Three steps, each linear in the number of matches (plus a sort):

1. **Choose** which matches to believe. Units overlap (a sentence sits inside
   windows and contains fragments), so matches are taken best first: by
   exact similarity, then whole sentences before quotation fragments, then
   smaller units first (an exact sentence repeat is kept as a sentence, not
   swallowed by the paragraph around it, nor cut at its quotation marks). A match is
   taken when each of its units is either already taken or overlaps no taken
   unit of its document. Taken matches are joined with union-find. Then the
   passages of :mod:`dedup.passages` add what the matches do not explain
   (:func:`place_passages`): a side that mostly overlaps a taken span joins
   its group, a side that overlaps none becomes a new segment.
2. **Merge runs**: when every member of one group is directly followed, in
   its document, by a member of another group of the same size, the two
   travel together (a quotation of several sentences) and become one group
   of longer passages. Repeated until nothing changes.
3. **Canonical member**: from a ``reference`` document if there is one; then
   the earliest dated; then, of those nearly as long as the longest, the one
   whose words hold the words of the most members, as a copy or a trimmed
   copy (syndicated copy: the version most papers print, not one paper's
   longer edit of it); then the longest (in words); ties go to the earliest
   document and position. A group whose passages have a median length
   under ``boilerplate_max_words`` words and that recurs in at least
   ``boilerplate_min_docs`` documents is a stock formula (a greeting, an
   attribution such as "told BBC Radio 4's Today programme"):
   ``boilerplate``. Once scored, a template (a feed's header line or a
   byline: a short frame filled in with other words in each document) is
   marked too (``dedup.variants``). The final clusters keep the mark only
   when their documents share nothing else (``dedup.variants.unmark_story_quotes``).

Splitting the work (the Spark engine does, per connected component):

- ``choose`` decides a match from the matches taken before it that share a
  unit with it or hold a unit overlapping one of its units in the same
  document (``_fits`` looks at nothing else), and it takes them
  in one fixed order. So on the graph whose nodes are units and whose edges
  are the matches and the links of ``overlap_links`` (which join every two
  overlapping units of a document through a chain), ``choose`` run on the
  matches of each connected component alone takes the same matches; its
  groups never span two components.
- ``place_passages`` decides a passage from the spans taken in its two
  documents that overlap the hull of its hits there (its sides lie inside
  the hulls): taken units, and the segments of passages placed before it,
  which lie inside those passages' hulls. So the graph gains a node per
  passage, its hull in each of its two documents joining ``overlap_links``
  beside the units' spans; per component, the matches are taken as above
  (a component is a union of the units' components), then the component's
  passages are placed in the scan's order, keeping their indices. A new
  segment's id comes from its passage's index and hit (``segment_bases``),
  not from how many were placed before it, so ids are the same and unique
  across components. Groups holding a new segment never merge (it neither
  starts nor ends a sentence) and ``describe_groups`` orders groups by
  their first member, so where such groups sit in ``merge_runs``'s order
  changes nothing.
- ``merge_runs`` joins a group only with one of the same size (sizes never
  change) whose members directly follow its members, so two groups that
  ever join meet at a key of ``merge_keys``; and what a join looks up lies
  in the joined groups. So run on each connected component of the graph of
  groups linked at a shared key, with the groups in the order ``choose``
  gives them (by their smallest id, ``choose_keyed``), it gives the same
  runs.
- ``describe_groups`` sorts by first member, and no two groups share one.

Always holds: the passages of one document taken into groups never overlap;
every group has at least two members; members are in document order.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any

import numpy as np
import numpy.typing as npt

from dedup.candidates import Match, Matches, first_seen
from dedup.jit import njit
from dedup.models import Document
from dedup.passages import MIN_WORDS, Passage
from dedup.shingle import has_word, normalised_words
from dedup.units import FRAGMENT, KINDS, TABLE_COLUMNS, UnitTable, UnitTokens

Units = Sequence[UnitTokens] | Mapping[int, UnitTokens]
"""Units by id: all of them, or those of one connected component."""
Documents = Sequence[Document] | Mapping[int, Document]
"""Documents by index: all of them, or those one component's groups need."""
Passages = Sequence[Passage] | Mapping[int, Passage]
"""Passages by their index in the scan's list: all of them, or those of one component."""


@dataclass(frozen=True, slots=True)
class Segment:
    """A passage of one document: a unit, or several adjacent units merged."""

    doc: int
    first: int
    last: int
    start: int
    end: int
    words: int
    starts_sentence: bool
    ends_sentence: bool

    @classmethod
    def of(cls, unit: UnitTokens) -> Segment:
        """The segment a single unit covers."""
        u = unit.unit
        return cls(u.doc, u.first, u.last, u.start, u.end, unit.token_end - unit.token_start,
                   unit.starts_sentence, unit.ends_sentence)

    def joined(self, following: Segment) -> Segment:
        """The segment extended over the one that directly follows it."""
        return Segment(self.doc, self.first, following.last, self.start, following.end,
                       self.words + following.words, self.starts_sentence,
                       following.ends_sentence)

    def precedes(self, other: Segment) -> bool:
        """Whether ``other`` starts at the sentence after this one ends."""
        return (
            self.doc == other.doc
            and self.ends_sentence
            and other.starts_sentence
            and other.first == self.last + 1
        )


@dataclass(frozen=True)
class Group:
    """Passages found to be versions of one another."""

    members: tuple[Segment, ...]
    canonical: int
    boilerplate: bool
    order: tuple[int, ...] = ()
    """The members by ``canonical_order``, worked out once (empty: not worked out)."""


class _UnionFind:
    """Keys joined pairwise into groups, each group named by its smallest key.

    The pairs are collected as arrays and the groups worked out once, by a
    compiled loop: at a million sentences there are hundreds of thousands
    of joins, too many for a Python call each.
    """

    def __init__(self) -> None:
        self._pairs: list[npt.NDArray[np.int64]] = []

    def join(self, first: npt.NDArray[np.integer[Any]],
             second: npt.NDArray[np.integer[Any]]) -> None:
        """Join each key of ``first`` with the key of ``second`` at the same index."""
        self._pairs.append(np.stack([np.asarray(first, dtype=np.int64),
                                     np.asarray(second, dtype=np.int64)], axis=1))

    def roots(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Every key joined so far, in order, and the smallest key of its group."""
        joined = np.concatenate([np.empty((0, 2), dtype=np.int64), *self._pairs]).ravel()
        # ``np.unique(joined, return_inverse=True)``, sorting only the distinct keys.
        first, inverse = first_seen(joined.view(np.uint64))
        distinct = joined[first]
        order = np.argsort(distinct)
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        keys, at = distinct[order], rank[inverse].reshape(-1, 2)
        return keys, keys[_smallest_joined(at[:, 0], at[:, 1], len(keys))]


@njit()
def _smallest_joined(first, second, count):  # type: ignore[no-untyped-def]
    """For each of ``count`` items, the smallest item joined to it through the pairs."""
    parent = np.arange(count)
    for pair in range(len(first)):
        a, b = first[pair], second[pair]
        while parent[a] != a:  # to the roots, halving the paths on the way
            parent[a] = parent[parent[a]]
            a = parent[a]
        while parent[b] != b:
            parent[b] = parent[parent[b]]
            b = parent[b]
        if a < b:
            parent[b] = a
        elif b < a:
            parent[a] = b
    # Every parent is smaller than its child, so in increasing order each
    # parent's root is known before its children's.
    for item in range(count):
        parent[item] = parent[parent[item]]
    return parent


@dataclass(frozen=True)
class _TakenUnits:
    """The units the chosen matches took, each once, by document and start (they never overlap).

    ``place_passages`` starts from their spans.
    """

    doc: npt.NDArray[np.int64]
    start: npt.NDArray[np.int64]
    end: npt.NDArray[np.int64]
    key: npt.NDArray[np.int64]

    @classmethod
    def of(
        cls,
        key: npt.NDArray[np.integer[Any]],
        doc: npt.NDArray[np.integer[Any]],
        start: npt.NDArray[np.integer[Any]],
        end: npt.NDArray[np.integer[Any]],
    ) -> _TakenUnits:
        """The units ``key`` (repeats allowed) with their spans."""
        keys, once = np.unique(np.asarray(key, dtype=np.int64), return_index=True)
        docs, starts, ends = (np.asarray(column, dtype=np.int64)[once]
                              for column in (doc, start, end))
        order = np.lexsort((starts, docs))
        return cls(docs[order], starts[order], ends[order], keys[order])


@dataclass(frozen=True)
class _UnitColumns:
    """What ``choose`` reads of each unit, as arrays indexed by unit (``UnitTable`` columns)."""

    doc: npt.NDArray[np.integer[Any]]
    first: npt.NDArray[np.integer[Any]]
    last: npt.NDArray[np.integer[Any]]
    start: npt.NDArray[np.integer[Any]]
    end: npt.NDArray[np.integer[Any]]
    fragment: npt.NDArray[np.integer[Any]]
    words: npt.NDArray[np.integer[Any]]
    head: npt.NDArray[np.integer[Any]]
    tail: npt.NDArray[np.integer[Any]]
    ids: npt.NDArray[np.int64] | None
    """The unit ids of the rows, sorted, when the units are one component's; else row = id."""

    @classmethod
    def of(cls, units: Units) -> _UnitColumns:
        rows: npt.NDArray[np.integer[Any]]
        ids = None
        if isinstance(units, UnitTable):
            rows = units.rows
        else:
            if isinstance(units, Mapping):
                ids = np.array(sorted(units), dtype=np.int64)
                listed = [units[key] for key in ids.tolist()]
            else:
                listed = list(units)
            rows = np.array([(u.unit.doc, KINDS.index(u.unit.kind), u.unit.first, u.unit.last,
                              u.unit.start, u.unit.end, u.token_start, u.token_end,
                              u.starts_sentence, u.ends_sentence) for u in listed],
                            dtype=np.int64).reshape(-1, len(TABLE_COLUMNS))
        column = {name: rows[:, index] for index, name in enumerate(TABLE_COLUMNS)}
        return cls(column["doc"], column["first"], column["last"], column["start"],
                   column["end"], (column["kind"] == FRAGMENT).astype(np.int8),
                   column["hi"] - column["lo"], column["head"], column["tail"], ids)

    def rows(self, units: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """The rows of these unit ids."""
        return units if self.ids is None else np.searchsorted(self.ids, units)

    def segments(self, units: Sequence[int]) -> list[Segment]:
        """The segments these units cover (``Segment.of`` without reading the units)."""
        rows = self.rows(np.array(units, dtype=np.int64))
        columns = [column[rows].tolist() for column in (
            self.doc, self.first, self.last, self.start, self.end, self.words)]
        flags = [column[rows].astype(bool).tolist() for column in (self.head, self.tail)]
        return list(map(Segment, *columns, *flags))


def overlap_free(
    pairs: npt.NDArray[np.int64],
    doc: npt.NDArray[np.integer[Any]],
    start: npt.NDArray[np.integer[Any]],
    end: npt.NDArray[np.integer[Any]],
) -> npt.NDArray[np.bool_]:
    """For each pair of units, whether they do not overlap (``choose`` skips those that do).

    A compiled loop: with tens of millions of pairs, NumPy's gathers of
    each column for both sides cost seconds and as many temporaries.
    """
    result: npt.NDArray[np.bool_] = _overlap_free(pairs, doc, start, end)
    return result


@njit()
def _overlap_free(pairs, doc, start, end):  # type: ignore[no-untyped-def]
    """``overlap_free``, one pair at a time."""
    result = np.empty(len(pairs), dtype=np.bool_)
    for p in range(len(pairs)):
        a, b = pairs[p, 0], pairs[p, 1]
        result[p] = not (doc[a] == doc[b] and start[a] < end[b] and start[b] < end[a])
    return result


def choose(
    units: Units,
    matches: Sequence[Match],
    passages: Passages = (),
    *,
    sources: frozenset[int] = frozenset(),
) -> list[list[Segment]]:
    """Take the best non-overlapping matches, then the passages, and join them into groups.

    ``sources`` are the documents whose passages are placed first (the
    ``reference`` documents); see :func:`place_passages`. Matches are
    ranked with NumPy (similarity, fragments, size, then the unit numbers),
    then tried in that order by a compiled loop (:func:`_greedy`), so that
    millions of matches never become millions of Python objects.
    """
    return [members for _, members in choose_keyed(units, matches, passages, sources=sources)]


def choose_keyed(
    units: Units,
    matches: Sequence[Match],
    passages: Passages = (),
    *,
    sources: frozenset[int] = frozenset(),
    first_id: int | None = None,
    bases: Sequence[int] | Mapping[int, int] | None = None,
) -> list[tuple[int, list[Segment]]]:
    """``choose``'s groups, in its order, each with its smallest id (the order's key).

    New passage segments are numbered from ``first_id`` (default: the number
    of units) by ``bases`` (default: ``segment_bases(passages)``); one
    component's part of the work passes the whole scan's, so ids stay unique.
    """
    found = Matches.of(matches)
    unit = _UnitColumns.of(units)
    first, second, similarity = found.first, found.second, found.similarity
    # Rows of the unit columns (the ids themselves unless ``units`` is one component's).
    row_a, row_b = unit.rows(first), unit.rows(second)
    # A match inside one passage of a document (a sentence and the window
    # around it) can never be taken: leave it out before sorting.
    # Rows as int32 where they fit, like the scan's pairs: one compiled ``_overlap_free``.
    index = np.int32 if len(unit.doc) <= np.iinfo(np.int32).max else np.int64
    apart = overlap_free(np.stack([row_a, row_b], axis=1).astype(index), unit.doc, unit.start,
                         unit.end)
    first, second, similarity = first[apart], second[apart], similarity[apart]
    row_a, row_b = row_a[apart], row_b[apart]
    fragments = unit.fragment[row_a] + unit.fragment[row_b]
    size = unit.words[row_a].astype(np.int64) + unit.words[row_b]
    order = ranked(similarity, fragments, size, first, second)
    accepted = order[_greedy(row_a[order], row_b[order], unit.doc, unit.start, unit.end)]
    # The taken matches in rank order; only they are gathered from the ids.
    first, second = first[accepted], second[accepted]
    rows = np.concatenate([row_a[accepted], row_b[accepted]])
    taken = _TakenUnits.of(np.concatenate([first, second]), unit.doc[rows],
                           unit.start[rows], unit.end[rows])
    joined = _UnionFind()
    joined.join(first, second)
    if passages:
        extra = place_passages(passages, taken, joined,
                               first_id=len(units) if first_id is None else first_id,
                               bases=bases, sources=sources)
    else:
        extra = {}
    found_keys, roots = joined.roots()
    if not len(found_keys):
        return []
    keys = found_keys.tolist()
    covered = [key for key in keys if key not in extra]
    segments = extra | dict(zip(covered, unit.segments(covered), strict=True))
    members = [segments[key] for key in keys]
    # A group's root is its smallest key: groups in the order of their
    # first key, members by place, ties in key order.
    order = np.lexsort((np.array([s.start for s in members], dtype=np.int64),
                        np.array([s.doc for s in members], dtype=np.int64), roots))
    roots = roots[order]
    placed = [members[i] for i in order.tolist()]
    edges = [0, *(np.flatnonzero(roots[1:] != roots[:-1]) + 1).tolist(), len(placed)]
    return [(int(roots[begin]), placed[begin:end])
            for begin, end in zip(edges[:-1], edges[1:], strict=True)]


RANKED_VALUES = 1 << 15
"""Most distinct similarities, and (fragments, size) pairs, that ``ranked`` numbers to count."""


def ranked(
    similarity: npt.NDArray[np.float64],
    fragments: npt.NDArray[np.integer[Any]],
    size: npt.NDArray[np.int64],
    first: npt.NDArray[np.int64],
    second: npt.NDArray[np.int64],
) -> npt.NDArray[np.intp]:
    """``np.lexsort((second, first, size, fragments, -similarity))``: the matches' rank order.

    The matches come in pair order (by ``first``, then ``second``) and hold
    few distinct similarities and (fragments, size) pairs: a few thousand
    among 9M matches of syndicated copy. Then each is numbered in a small
    table and two stable counting passes put the matches in order, by
    (fragments, size), then by similarity (:func:`_counted_order`): 0.4 s
    where sorting took 2.3 s. Otherwise, stable sorts, last key first, of
    the keys packed two into one where they fit (the unit ids in 31 bits
    each, the sizes in 40), which ``lexsort`` took twice as long for.
    """
    if not len(first):
        return np.empty(0, dtype=np.intp)
    keys: list[npt.NDArray[Any]]
    if (min(int(first.min()), int(second.min()), int(size.min())) >= 0
            and max(int(first.max()), int(second.max())) < 1 << 31
            and int(size.max()) < 1 << 40):
        pairs = (first.astype(np.int64) << 32) | second
        sizes = (fragments.astype(np.int64) << 40) | size
        if (bool(np.all(pairs[1:] >= pairs[:-1])) and int(fragments.min()) >= 0
                and bool(similarity.min() >= 0)):  # NaN fails this too
            # +0.0 turns a -0.0 into 0.0; a non-negative double's bits order as it does,
            # and so do non-negative sizes' as unsigned integers.
            bits = np.ascontiguousarray(similarity + 0.0, dtype=np.float64).view(np.uint64)
            order: npt.NDArray[np.intp] = _counted_order(bits, sizes.view(np.uint64),
                                                         RANKED_VALUES)
            if len(order) == len(first):
                return order
        keys = [pairs, sizes, -similarity]
    else:
        keys = [second, first, size, fragments, -similarity]
    order = np.argsort(keys[0], kind="stable")
    for key in keys[1:]:
        order = order[np.argsort(key[order], kind="stable")]
    return order


@njit()
def _counted_order(similarity_bits, sizes, most):  # type: ignore[no-untyped-def]
    """Rows by similarity (descending), then ``sizes``, ties in row order; empty if too varied.

    ``similarity_bits`` are non-negative doubles' bits, which order as the
    doubles do. Each key's distinct values are numbered (:func:`_numbered`)
    and ranked, then the rows are placed by a stable counting pass on the
    sizes' ranks and another on the similarities'. Empty when either key
    has more than ``most`` distinct values.
    """
    size_id, size_values, sizes_ok = _numbered(sizes, most)
    similarity_id, similarity_values, similarities_ok = _numbered(similarity_bits, most)
    if not (sizes_ok and similarities_ok):
        return np.empty(0, dtype=np.intp)
    size_rank = np.empty(len(size_values), dtype=np.int64)
    for rank, number in enumerate(np.argsort(size_values)):
        size_rank[number] = rank
    similarity_rank = np.empty(len(similarity_values), dtype=np.int64)
    for rank, number in enumerate(np.argsort(similarity_values)):
        similarity_rank[number] = len(similarity_values) - 1 - rank  # the highest first
    by_size = _counting_pass(np.arange(len(sizes)), size_id, size_rank)
    return _counting_pass(by_size, similarity_id, similarity_rank)


@njit()
def _numbered(keys, most):  # type: ignore[no-untyped-def]
    """Each key's number among the distinct keys, these keys, and whether they are ``most`` at most.

    Numbered in order of first sight, in an open-addressing table of about
    ``2 * most`` slots; when there are more, it stops, and the numbers are
    not all given.
    """
    slots, bits = 16, 4
    while slots < 2 * most:
        slots, bits = 2 * slots, bits + 1
    shift = np.uint64(64 - bits)
    last = np.int64(slots - 1)
    table = np.zeros(slots, dtype=np.uint64)
    number = np.full(slots, -1, dtype=np.int32)
    numbers = np.empty(len(keys), dtype=np.int32)
    values = np.empty(most, dtype=np.uint64)
    count = 0
    for index in range(len(keys)):
        key = keys[index]
        slot = np.int64((key * np.uint64(0x9E3779B97F4A7C15)) >> shift)
        while number[slot] >= 0 and table[slot] != key:
            slot = (slot + np.int64(1)) & last
        if number[slot] < 0:
            if count == most:
                return numbers, values[:count], False
            table[slot] = key
            number[slot] = count
            values[count] = key
            count += 1
        numbers[index] = number[slot]
    return numbers, values[:count], True


@njit()
def _counting_pass(rows, numbers, rank):  # type: ignore[no-untyped-def]
    """``rows`` stably ordered by ``rank[numbers[row]]`` (ranks from 0 to ``len(rank) - 1``)."""
    starts = np.zeros(len(rank) + 1, dtype=np.int64)
    for row in rows:
        starts[rank[numbers[row]] + 1] += 1
    for value in range(len(rank)):
        starts[value + 1] += starts[value]
    placed = np.empty(len(rows), dtype=np.intp)
    for row in rows:
        digit = rank[numbers[row]]
        placed[starts[digit]] = row
        starts[digit] += 1
    return placed


def _greedy(
    row_a: npt.NDArray[np.int64],
    row_b: npt.NDArray[np.int64],
    doc: npt.NDArray[np.integer[Any]],
    start: npt.NDArray[np.integer[Any]],
    end: npt.NDArray[np.integer[Any]],
) -> npt.NDArray[np.bool_]:
    """Which matches ``choose`` takes, tried in the order given.

    A match is taken when each of its units is taken already or overlaps
    no taken unit of its document. The units of the matches are placed once
    in (document, start) order; taken units never overlap, so a unit can
    overlap only the last taken one placed before its start and the first
    placed at or after it. Those are looked for among the few places
    around it that can overlap it (``_NEAR_PLACES`` at most each way), and
    else found in a Fenwick tree of the taken places (compiled: one pass,
    no object per match).
    """
    # The rows of the matches' units, each once, then in (document, start)
    # order; rows index the unit columns, so a mark and a lookup per row do.
    matched = np.zeros(len(doc), dtype=np.bool_)
    matched[row_a] = True
    matched[row_b] = True
    rows = np.flatnonzero(matched)
    order = np.lexsort((rows, start[rows], doc[rows]))
    rows = rows[order]
    place = np.empty(len(doc), dtype=np.int64)
    place[rows] = np.arange(len(rows))
    place_a, place_b = place[row_a], place[row_b]
    docs = doc[rows].astype(np.int64)
    starts = start[rows].astype(np.int64)
    ends = end[rows].astype(np.int64)
    # For each place: its document's places, the first place of that
    # document starting at or after it, and the furthest end of the places
    # of its document up to it (no place before one whose reach is at most
    # a start overlaps that start).
    doc_first = np.searchsorted(docs, docs, side="left")
    doc_last = np.searchsorted(docs, docs, side="right")
    keyed = docs * (int(starts.max(initial=0)) + 1) + starts
    at_or_after = np.searchsorted(keyed, keyed, side="left")
    # Each document's ends lifted above the last one's, so one running maximum does.
    lift = docs * (int(ends.max(initial=0)) + 1)
    reach = np.maximum.accumulate(ends + lift) - lift
    # A row per place, so that what the loop reads of a place is in one cache line.
    places = np.stack([starts, ends, reach, doc_first, doc_last, at_or_after], axis=1)
    accepted: npt.NDArray[np.bool_] = _take_greedily(place_a, place_b, places)
    return accepted


_NEAR_PLACES = 32
"""Places ``_fits`` looks through each way before it asks the Fenwick tree."""


@njit()
def _take_greedily(place_a, place_b, places):  # type: ignore[no-untyped-def]
    """``_greedy``'s loop: a match at a time, with a Fenwick tree of taken places.

    ``places`` has a row per place: start, end, reach, its document's first
    place and the place after its last, and the first place at its start.
    """
    count = len(places)
    tree = np.zeros(count + 1, dtype=np.int64)
    taken = np.zeros(count, dtype=np.bool_)
    accepted = np.zeros(len(place_a), dtype=np.bool_)
    for m in range(len(place_a)):
        if _fits(place_a[m], places, tree, taken) and _fits(place_b[m], places, tree, taken):
            accepted[m] = True
            for place in (place_a[m], place_b[m]):
                if not taken[place]:
                    taken[place] = True
                    index = place + 1
                    while index <= count:
                        tree[index] += 1
                        index += index & -index
    return accepted


@njit()
def _fits(place, places, tree, taken):  # type: ignore[no-untyped-def]
    """Whether the unit at ``place`` is taken, or overlaps no taken unit of its document.

    Before its start: walking back from it, the first taken place decides;
    none does once the walk leaves the document or reaches places that end
    by its start (their reach). From its start on: walking on while places
    start before its end, any taken one overlaps. A walk longer than
    ``_NEAR_PLACES`` leaves that side to the Fenwick tree.
    """
    if taken[place]:
        return True
    start, end = places[place, 0], places[place, 1]
    doc_first, doc_last, boundary = places[place, 3], places[place, 4], places[place, 5]
    left = _NEAR_PLACES  # steps the walk has left; none: ask the tree
    at = boundary - 1
    while left > 0 and at >= doc_first and places[at, 2] > start:
        if taken[at]:
            if places[at, 1] > start:
                return False
            break
        at -= 1
        left -= 1
    if left == 0:
        before = _taken_before(tree, boundary)  # taken places before the boundary
        if before > 0:
            last = _kth_taken(tree, before)
            if last >= doc_first and places[last, 1] > start:
                return False
    left = _NEAR_PLACES
    at = boundary
    while left > 0 and at < doc_last and places[at, 0] < end:
        if taken[at]:
            return False
        at += 1
        left -= 1
    if left == 0:
        before = _taken_before(tree, boundary)
        if before < _taken_before(tree, len(taken)):
            following = _kth_taken(tree, before + 1)
            if following < doc_last and places[following, 0] < end:
                return False
    return True


@njit()
def _taken_before(tree, place):  # type: ignore[no-untyped-def]
    """How many places before ``place`` are taken."""
    total = 0
    index = place
    while index > 0:
        total += tree[index]
        index -= index & -index
    return total


@njit()
def _kth_taken(tree, k):  # type: ignore[no-untyped-def]
    """The place of the ``k``-th taken place (from 1)."""
    count = len(tree) - 1
    step = 1
    while step * 2 <= count:
        step *= 2
    index = 0
    while step > 0:
        if index + step <= count and tree[index + step] < k:
            index += step
            k -= tree[index]
        step //= 2
    return index


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
    taken: _TakenUnits,
    joined: _UnionFind,
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
        assert isinstance(passages, Sequence), "bases are needed for a part of the passages"
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
        cls, taken: _TakenUnits, first: npt.NDArray[np.int64], second: npt.NDArray[np.int64]
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


def overlap_links(spans: Iterable[tuple[int, int, int]]) -> Iterator[tuple[int, int]]:
    """Pairs of units that chain together every two overlapping units of one document.

    ``spans`` are ``(unit id, start, end)``; each unit overlapping an earlier
    one (by start) is linked to the one reaching furthest, which it overlaps.
    """
    reach: tuple[int, int] | None = None  # (end, unit) of the furthest-reaching unit so far
    for unit, start, end in sorted(spans, key=lambda span: (span[1], span[0])):
        if reach is not None and start < reach[0]:
            yield reach[1], unit
        if reach is None or end > reach[0]:
            reach = (end, unit)


def merge_keys(members: Sequence[Segment]) -> Iterator[tuple[tuple[int, int, int], bool]]:
    """Where a group may meet another in ``merge_runs``: ``(doc, sentence, size)`` keys.

    ``True`` marks the sentence after a member that ends one, ``False`` the
    sentence a member starts; a group joins another only where its ``True``
    key is the other's ``False`` key.
    """
    size = len(members)
    for segment in members:
        if segment.ends_sentence:
            yield (segment.doc, segment.last + 1, size), True
        if segment.starts_sentence:
            yield (segment.doc, segment.first, size), False


def merge_runs(groups: Sequence[Sequence[Segment]]) -> list[list[Segment]]:
    """Join groups whose members all directly follow the members of another.

    Groups are tried in order of number; after a join the same group is
    tried again. A join only removes the starts of the joined group, so no
    group tried before it can have become joinable: going on from there
    gives the same groups as starting over.
    """
    live: dict[int, list[Segment]] = {i: list(members) for i, members in enumerate(groups)}
    owner = {(s.doc, s.first): key for key, members in live.items() for s in members
             if s.starts_sentence}
    starts = {(s.doc, s.first): s for members in live.values() for s in members
              if s.starts_sentence}
    keys = sorted(live)
    position = 0
    while position < len(keys):
        key = keys[position]
        members = live.get(key)
        joined = None if members is None else _joined(key, members, live, owner, starts)
        if members is None or joined is None:
            position += 1
            continue
        following, other = joined
        for segment in following:
            del owner[(segment.doc, segment.first)], starts[(segment.doc, segment.first)]
        live[key] = [s.joined(f) for s, f in zip(members, following, strict=True)]
        for segment in live[key]:
            if segment.starts_sentence:
                starts[(segment.doc, segment.first)] = segment
        del live[other]
    return [sorted(m, key=lambda s: (s.doc, s.start)) for _, m in sorted(live.items())]


def _joined(
    key: int,
    members: list[Segment],
    live: dict[int, list[Segment]],
    owner: dict[tuple[int, int], int],
    starts: dict[tuple[int, int], Segment],
) -> tuple[list[Segment], int] | None:
    """The members that directly follow ``members`` and their group, if they all do."""
    following = [starts.get((s.doc, s.last + 1)) for s in members]
    if any(f is None or not s.precedes(f) for s, f in zip(members, following, strict=True)):
        return None
    found = [f for f in following if f is not None]
    owners = {owner[(f.doc, f.first)] for f in found}
    if len(owners) != 1:
        return None
    (other,) = owners
    if other == key or len(live[other]) != len(members):
        return None
    return found, other


def canonical_order(members: Sequence[Segment], documents: Documents) -> list[int]:
    """The indices of the members, best canonical first (the rule in the module docstring)."""
    explains = _explains(members, documents)

    def rank(item: tuple[int, Segment]) -> tuple[int, int, str, int, int, int, int]:
        index, segment = item
        doc = documents[segment.doc]
        return (
            0 if doc.role == "reference" else 1,
            0 if doc.date else 1,
            doc.date or "",
            -explains[index],
            -segment.words,
            segment.doc,
            segment.start,
        )

    return [index for index, _ in sorted(enumerate(members), key=rank)]


EXPLAINED_MOST_VERSIONS = 64
"""Most distinct versions of a group compared with each other by ``_explains``."""

NEARLY_AS_LONG = (3, 0.1)
"""How many words, or what share of its words, a member ``_explains`` counts for may lack
beside the longest member: whichever is more."""


def _explains(members: Sequence[Segment], documents: Documents) -> list[int]:
    """For each member, how many members' words its own words hold, in a row (itself too).

    Syndicated copy with no reference and no date: the wire's text is the
    version most papers print, in whole or in part, not the longest one (a
    paper that adds a word, or writes ``76 per cent`` for ``76%``, prints
    the longest). A member's words hold another's when the other's words,
    normalised, are a run of its own: a copy, or a trimmed copy. A group
    of more distinct versions than ``EXPLAINED_MOST_VERSIONS`` (each paper
    editing its own copy) counts copies only, so the work stays linear.
    A member much shorter than the longest (by more than three words and a
    tenth of them, ``NEARLY_AS_LONG``) counts 0: the longer members hold
    words it lacks (a copy that runs into the next sentence), which it
    would leave out of their span.
    All 1 in a group with a reference member: a reference is the original,
    and of several (a release and its corrected version), the longest.
    """
    # Two members: the longer holds the shorter, or neither holds the other.
    if len(members) < 3 or any(documents[s.doc].role == "reference" for s in members):
        return [1] * len(members)
    texts = [" " + " ".join(normalised_words(documents[s.doc].text, s.start, s.end)) + " "
             for s in members]
    copies = Counter(texts)
    if len(copies) > EXPLAINED_MOST_VERSIONS:
        held = copies
    else:
        held = Counter({text: sum(count for other, count in copies.items() if other in text)
                        for text in copies})
    longest = max(s.words for s in members)
    least = longest - max(NEARLY_AS_LONG[0], NEARLY_AS_LONG[1] * longest)
    return [held[text] if s.words >= least else 0 for s, text in zip(members, texts, strict=True)]


def build_groups(
    units: Units,
    matches: Sequence[Match],
    documents: Documents,
    *,
    boilerplate_min_docs: int,
    boilerplate_max_words: int,
    passages: Sequence[Passage] = (),
) -> list[Group]:
    """Groups of passages with their canonical member, in document order."""
    sources = reference_documents(documents)
    return describe_groups(merge_runs(choose(units, matches, passages, sources=sources)),
                           documents, boilerplate_min_docs=boilerplate_min_docs,
                           boilerplate_max_words=boilerplate_max_words)


def reference_documents(documents: Documents) -> frozenset[int]:
    """The indices of the ``reference`` documents, whose passages are placed first."""
    numbered = documents.items() if isinstance(documents, Mapping) else enumerate(documents)
    return frozenset(i for i, doc in numbered if doc.role == "reference")


def describe_groups(
    runs: Iterable[Sequence[Segment]],
    documents: Documents,
    *,
    boilerplate_min_docs: int,
    boilerplate_max_words: int,
) -> list[Group]:
    """Each run of passages as a group with its canonical member, in document order."""
    groups = []
    for run in runs:
        members = join_continuations(run, documents)
        order = tuple(canonical_order(members, documents))
        distinct_docs = len({s.doc for s in members})
        boilerplate = (
            statistics.median(s.words for s in members) < boilerplate_max_words
            and distinct_docs >= boilerplate_min_docs
        )
        groups.append(Group(tuple(members), order[0], boilerplate, order))
    return sorted(groups, key=lambda g: (g.members[0].doc, g.members[0].start))


def join_continuations(members: Sequence[Segment], documents: Documents) -> list[Segment]:
    """The members, with a passage's new segment joined to a member of its document it touches.

    A sentence match can take only part of a copy: a media sentence that
    holds a whole copied passage matches the first of the source's two
    sentences that passage spans, and the passage stage places the rest of
    the source side as a new segment of the same group, right after it.
    Scored apart, each against the canonical member, the two halves lose
    each other's words. So two members of one document with nothing but
    spaces and punctuation between them, one of them a passage's new
    segment (``first == -1``), are one member. Members are in document order.
    """
    joined: list[Segment] = []
    for segment in sorted(members, key=lambda s: (s.doc, s.start)):
        if joined and joined[-1].doc == segment.doc and -1 in (joined[-1].first, segment.first) \
                and joined[-1].end <= segment.start \
                and not has_word(documents[segment.doc].text, joined[-1].end, segment.start):
            before = joined[-1]
            joined[-1] = Segment(before.doc, before.first, max(before.last, segment.last),
                                 before.start, segment.end, before.words + segment.words,
                                 before.starts_sentence, segment.ends_sentence)
        else:
            joined.append(segment)
    return joined


def passage_hulls(passage: Passage) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """``(doc, start, end)`` spanning the passage's hits in each of its two documents.

    Everything ``place_passages`` makes of the passage lies inside these,
    and everything it looks at overlaps them.
    """
    hits = passage.hits
    return ((passage.first, int(hits[:, 2].min()), int(hits[:, 3].max())),
            (passage.second, int(hits[:, 6].min()), int(hits[:, 7].max())))
