"""Verified matches and shared passages -> groups of passages, each with its canonical member.

Three steps, each linear in the number of matches (plus a sort):

1. **Choose** which matches to believe, best first, and join them into
   groups (``dedup.cluster.choosing``: the order in ``ranking``, the loop
   that takes them in ``greedy``). Then the passages of :mod:`dedup.passages`
   add what the matches do not explain (:func:`place_passages`,
   ``dedup.cluster.place``): a side that mostly overlaps a taken span joins
   its group, a side that overlaps none becomes a new segment.
2. **Merge runs**: when every member of one group is directly followed, in
   its document, by a member of another group of the same size, the two
   travel together (a quotation of several sentences) and become one group
   of longer passages. Repeated until nothing changes (``dedup.cluster.runs``).
3. **Canonical member**: from a ``reference`` document if there is one,
   else by date, then by how many members' words its words hold, then by
   length (the full rule, and the ``boilerplate`` mark of stock formulas:
   ``dedup.cluster.canonical``).

The groups' shapes (``Segment``, ``Group``) are in ``dedup.cluster.shapes``;
what the two parts of step 1 share (the taken units, the union-find) in
``dedup.cluster.taken``.

Splitting the work (the Spark engine does, per connected component):

- ``choose`` decides a match from the matches taken before it that share a
  unit with it or hold a unit overlapping one of its units in the same
  document (``greedy._fits`` looks at nothing else), and it takes them
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

from collections.abc import Mapping, Sequence

from dedup.candidates import Match
from dedup.cluster.canonical import canonical_order, describe_groups
from dedup.cluster.choosing import choose, choose_keyed, overlap_free, overlap_links
from dedup.cluster.place import JOIN_OVERLAP, passage_hulls, place_passages, segment_bases
from dedup.cluster.runs import merge_keys, merge_runs
from dedup.cluster.shapes import Documents, Group, Passages, Segment, Units
from dedup.passages import Passage

__all__ = [
    "JOIN_OVERLAP",
    "Documents",
    "Group",
    "Passages",
    "Segment",
    "Units",
    "build_groups",
    "canonical_order",
    "choose",
    "choose_keyed",
    "describe_groups",
    "merge_keys",
    "merge_runs",
    "overlap_free",
    "overlap_links",
    "passage_hulls",
    "place_passages",
    "reference_documents",
    "segment_bases",
]


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
