"""Step 1 of the cluster stage: verified matches (and passages) -> groups of segments.

In: the units (all, or one component's), the verified matches between
them and the shared passages. Out: groups of segments, each with its
smallest id (``choose_keyed``), in the order of that id.

Units overlap (a sentence sits inside windows and contains fragments), so
matches are taken best first: by exact similarity, then whole sentences
before quotation fragments, then smaller units first (an exact sentence
repeat is kept as a sentence, not swallowed by the paragraph around it, nor
cut at its quotation marks; the order: ``dedup.cluster.ranking``). A match is
taken when each of its units is either already taken or overlaps no taken
unit of its document (``dedup.cluster.greedy``). Taken matches are joined
with union-find. Then the passages of :mod:`dedup.passages` add what the
matches do not explain (``dedup.cluster.place``).

Also here: ``overlap_links``, the links that join every two overlapping
units of a document, for the Spark engine's connected components (the
package docstring says why ``choose`` per component takes the same matches).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from dedup.candidates import Match, Matches
from dedup.cluster.greedy import greedy
from dedup.cluster.place import place_passages
from dedup.cluster.ranking import ranked
from dedup.cluster.shapes import Passages, Segment, Units
from dedup.cluster.taken import TakenUnits, UnionFind
from dedup.jit import njit
from dedup.units import FRAGMENT, KINDS, TABLE_COLUMNS, UnitTable


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
        """The segment each of these units covers, read from the columns."""
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
    then tried in that order by a compiled loop (:func:`greedy`), so that
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
    accepted = order[greedy(row_a[order], row_b[order], unit.doc, unit.start, unit.end)]
    # The taken matches in rank order; only they are gathered from the ids.
    first, second = first[accepted], second[accepted]
    rows = np.concatenate([row_a[accepted], row_b[accepted]])
    taken = TakenUnits.of(np.concatenate([first, second]), unit.doc[rows],
                          unit.start[rows], unit.end[rows])
    joined = UnionFind()
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
