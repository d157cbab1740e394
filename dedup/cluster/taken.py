"""What choosing takes, shared by its two parts: the taken units and the joins between keys.

In: the keys of the units the chosen matches took, with their spans, and
pairs of keys to join. Out: ``TakenUnits`` (the taken units' spans, by
document and start) and ``UnionFind`` (the groups the joins make, each named
by its smallest key, worked out by a compiled loop). ``choosing`` fills them
from the matches, then ``place`` reads the spans and adds its own joins: its
own module so that ``place`` needs nothing of ``choosing``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from dedup.candidates import first_seen
from dedup.jit import njit


class UnionFind:
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
class TakenUnits:
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
    ) -> TakenUnits:
        """The units ``key`` (repeats allowed) with their spans."""
        keys, once = np.unique(np.asarray(key, dtype=np.int64), return_index=True)
        docs, starts, ends = (np.asarray(column, dtype=np.int64)[once]
                              for column in (doc, start, end))
        order = np.lexsort((starts, docs))
        return cls(docs[order], starts[order], ends[order], keys[order])
