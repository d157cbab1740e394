"""Which matches ``choose`` takes, tried best first: the greedy loop over the units' places.

In: the rows of each match's two units, in rank order, and the unit columns
(document, start, end). Out: for each match, whether it is taken: each of
its units is taken already or overlaps no taken unit of its document. Its
own module: one compiled loop with a Fenwick tree of the taken places,
checked by the tests against comparing each unit with every taken one.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from dedup.jit import njit


def greedy(
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
    """``greedy``'s loop: a match at a time, with a Fenwick tree of taken places.

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
