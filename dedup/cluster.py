"""Verified matches -> groups of passages, each with its canonical member.

Three steps, each linear in the number of matches (plus a sort):

1. **Choose** which matches to believe. Units overlap (a sentence sits inside
   windows and contains fragments), so matches are taken best first: by
   exact similarity, then whole sentences before quotation fragments, then
   smaller units first (an exact sentence repeat is kept as a sentence, not
   swallowed by the paragraph around it, nor cut at its quotation marks). A match is
   taken when each of its units is either already taken or overlaps no taken
   unit of its document. Taken matches are joined with union-find.
2. **Merge runs**: when every member of one group is directly followed, in
   its document, by a member of another group of the same size, the two
   travel together (a quotation of several sentences) and become one group
   of longer passages. Repeated until nothing changes.
3. **Canonical member**: from a ``reference`` document if there is one; then
   the earliest dated; then the longest (in words); ties go to the earliest
   document and position. A group whose passages have a median length under
   ``boilerplate_max_words`` words and that recurs in at least
   ``boilerplate_min_docs`` documents is a stock formula (a greeting, an
   attribution such as "told BBC Radio 4's Today programme"): ``boilerplate``.

Splitting the work (the Spark engine does, per connected component):

- ``choose`` decides a match from the matches taken before it that share a
  unit with it or hold a unit overlapping one of its units in the same
  document (``_TakenSpans.fits`` looks at nothing else), and it takes them
  in one fixed order. So on the graph whose nodes are units and whose edges
  are the matches and the links of ``overlap_links`` (which join every two
  overlapping units of a document through a chain), ``choose`` run on the
  matches of each connected component alone takes the same matches; its
  groups never span two components.
- ``merge_runs`` joins a group only with one of the same size (sizes never
  change) whose members directly follow its members, so two groups that
  ever join meet at a key of ``merge_keys``; and what a join looks up lies
  in the joined groups. So run on each connected component of the graph of
  groups linked at a shared key, with the groups in the order ``choose``
  gives them (by their smallest unit, ``choose_keyed``), it gives the same
  runs.
- ``describe_groups`` sorts by first member, and no two groups share one.

Always holds: the passages of one document taken into groups never overlap;
every group has at least two members; members are in document order.
"""

from __future__ import annotations

import bisect
import statistics
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from dedup.candidates import Match
from dedup.models import Document
from dedup.units import UnitTokens

Units = Sequence[UnitTokens] | Mapping[int, UnitTokens]
"""Units by id: all of them, or those of one connected component."""
Documents = Sequence[Document] | Mapping[int, Document]
"""Documents by index: all of them, or those one component's groups need."""


@dataclass(frozen=True)
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


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, item: int) -> int:
        root = self.parent.setdefault(item, item)
        while root != self.parent[root]:
            root = self.parent[root]
        while item != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, first: int, second: int) -> None:
        a, b = self.find(first), self.find(second)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


class _TakenSpans:
    """The spans already taken in each document, for overlap checks."""

    def __init__(self) -> None:
        self.starts: dict[int, list[int]] = defaultdict(list)
        self.spans: dict[int, list[tuple[int, int, int]]] = defaultdict(list)

    def fits(self, unit: UnitTokens) -> bool:
        u = unit.unit
        spans = self.spans[u.doc]
        at = bisect.bisect_left(self.starts[u.doc], u.start)
        for start, end, key in spans[max(0, at - 1) : at + 1]:
            if key == u.id:
                return True
            if start < u.end and u.start < end:
                return False
        return True

    def take(self, unit: UnitTokens) -> None:
        u = unit.unit
        at = bisect.bisect_left(self.starts[u.doc], u.start)
        spans = self.spans[u.doc]
        if at < len(spans) and spans[at][2] == u.id:
            return
        self.starts[u.doc].insert(at, u.start)
        spans.insert(at, (u.start, u.end, u.id))


def _overlap(first: UnitTokens, second: UnitTokens) -> bool:
    a, b = first.unit, second.unit
    return a.doc == b.doc and a.start < b.end and b.start < a.end


def overlap_free(
    pairs: npt.NDArray[np.int64],
    doc: npt.NDArray[np.int64],
    start: npt.NDArray[np.int64],
    end: npt.NDArray[np.int64],
) -> npt.NDArray[np.bool_]:
    """For each pair of units, whether they do not overlap (``choose`` skips those that do)."""
    a, b = pairs[:, 0], pairs[:, 1]
    overlapping = (doc[a] == doc[b]) & (start[a] < end[b]) & (start[b] < end[a])
    result: npt.NDArray[np.bool_] = ~overlapping
    return result


def choose(units: Units, matches: Sequence[Match]) -> list[list[Segment]]:
    """Take the best non-overlapping matches and join them into groups."""
    return [members for _, members in choose_keyed(units, matches)]


def choose_keyed(units: Units, matches: Sequence[Match]) -> list[tuple[int, list[Segment]]]:
    """``choose``'s groups, in its order, each with its smallest unit id (the order's key)."""
    def rank(match: Match) -> tuple[float, int, int, int, int]:
        a, b = units[match.first], units[match.second]
        fragments = (a.unit.kind == "fragment") + (b.unit.kind == "fragment")
        size = a.token_end - a.token_start + b.token_end - b.token_start
        return (-match.similarity, fragments, size, match.first, match.second)

    # A match inside one passage of a document (a sentence and the window
    # around it) can never be taken: leave it out before sorting.
    ordered = sorted((m for m in matches if not _overlap(units[m.first], units[m.second])),
                     key=rank)
    taken = _TakenSpans()
    joined = _UnionFind()
    for match in ordered:
        a, b = units[match.first], units[match.second]
        if _overlap(a, b) or not (taken.fits(a) and taken.fits(b)):
            continue
        taken.take(a)
        taken.take(b)
        joined.union(match.first, match.second)
    groups: dict[int, tuple[int, list[Segment]]] = {}
    for key in sorted(joined.parent):
        groups.setdefault(joined.find(key), (key, []))[1].append(Segment.of(units[key]))
    return [(first, sorted(members, key=lambda s: (s.doc, s.start)))
            for first, members in groups.values()]


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


def canonical_index(members: Sequence[Segment], documents: Documents) -> int:
    """Index of the canonical member, by the rule in the module docstring."""
    def rank(item: tuple[int, Segment]) -> tuple[int, int, str, int, int, int]:
        index, segment = item
        doc = documents[segment.doc]
        return (
            0 if doc.role == "reference" else 1,
            0 if doc.date else 1,
            doc.date or "",
            -segment.words,
            segment.doc,
            segment.start,
        )

    return min(enumerate(members), key=rank)[0]


def build_groups(
    units: Units,
    matches: Sequence[Match],
    documents: Documents,
    *,
    boilerplate_min_docs: int,
    boilerplate_max_words: int,
) -> list[Group]:
    """Groups of passages with their canonical member, in document order."""
    return describe_groups(merge_runs(choose(units, matches)), documents,
                           boilerplate_min_docs=boilerplate_min_docs,
                           boilerplate_max_words=boilerplate_max_words)


def describe_groups(
    runs: Iterable[Sequence[Segment]],
    documents: Documents,
    *,
    boilerplate_min_docs: int,
    boilerplate_max_words: int,
) -> list[Group]:
    """Each run of passages as a group with its canonical member, in document order."""
    groups = []
    for members in runs:
        canonical = canonical_index(members, documents)
        distinct_docs = len({s.doc for s in members})
        boilerplate = (
            statistics.median(s.words for s in members) < boilerplate_max_words
            and distinct_docs >= boilerplate_min_docs
        )
        groups.append(Group(tuple(members), canonical, boilerplate))
    return sorted(groups, key=lambda g: (g.members[0].doc, g.members[0].start))
