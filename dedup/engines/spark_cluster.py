"""The cluster and fidelity stages on Spark: connected components, then each scored where it is.

In: the verified matches (an RDD), the passages and the units' spans. Out:
the clusters, as the local engine's ``build_groups`` and
``score_groups`` give them. Connected components (large-star/small-star
rounds, ``_components``) of the units and passages linked by the matches
and by ``overlap_links``; per component, on the executors,
``choose_keyed`` takes the matches and places the passages; components of
the groups linked at their ``merge_keys``; per component, ``merge_runs``,
the canonical member and ``score_groups``. Needs no import of pyspark: it
calls the RDDs it is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from dedup.candidates import Match
from dedup.cluster import (
    Segment,
    choose_keyed,
    describe_groups,
    merge_keys,
    merge_runs,
    overlap_links,
    passage_hulls,
    segment_bases,
)
from dedup.config import ScanConfig
from dedup.models import Cluster, Document
from dedup.passages import Passage
from dedup.prepare import COLUMNS
from dedup.units import UnitTokens, unit_of_row
from dedup.variants import score_groups, unmark_story_quotes

DOC, START, END = (COLUMNS.index(name) for name in ("doc", "start", "end"))


@dataclass(frozen=True)
class Placing:
    """What placing the passages per component needs besides the component's units."""

    passages: list[Passage]
    sources: frozenset[int]
    """The ``reference`` documents, whose passages go first."""
    first_id: int
    """The number of units: passage nodes and new segments are numbered from it."""


def clusters_on_spark(parts: int, matches: Any, rows: Any, docs: Any,
                      config: ScanConfig, placing: Placing) -> list[Cluster]:
    """Matches and passages -> numbered clusters; each component's work on executors.

    ``choose`` and ``place_passages`` run per connected component of the
    units and passages linked by the matches and by ``overlap_links`` over
    the units' spans and the passages' hulls, ``merge_runs`` per connected
    component of the groups linked at their ``merge_keys`` (the module
    docstring of ``dedup.cluster`` says why the result is the same); only
    the clusters come back, and the driver numbers them in document order.
    """
    sc = matches.context
    first_id = placing.first_id
    bases = segment_bases(placing.passages)
    # Passage i is node first_id + i of the graph (after every unit).
    placed = sc.parallelize([(first_id + index, (index, bases[index], passage))
                             for index, passage in enumerate(placing.passages)], parts)
    hulls = placed.flatMap(lambda kv: ((doc, (kv[0], start, end))
                                       for doc, start, end in passage_hulls(kv[1][2])))
    by_first = matches.map(lambda m: (m[0], m))
    ends = matches.flatMap(lambda m: ((m[0], None), (m[1], None)))
    units = (rows.cogroup(ends, parts)
             .flatMap(lambda kv: ((kv[0], row) for row in kv[1][0] if kv[1][1]))
             .cache())
    overlaps = (units.map(lambda kv: (kv[1][DOC], (kv[0], kv[1][START], kv[1][END])))
                .union(hulls)
                .groupByKey(parts)
                .flatMap(lambda kv: overlap_links(kv[1])))
    label = _components(matches.map(lambda m: (m[0], m[1])).union(overlaps), parts).cache()
    # A passage that overlaps nothing is a component of its own.
    passages = (placed.leftOuterJoin(label, parts)
                .map(lambda kv: (kv[0] if kv[1][1] is None else kv[1][1], kv[1][0])))
    choose_part = partial(_choose, placing.sources, first_id)
    groups = (label.groupWith(units, by_first)
              .flatMap(_to_component)
              .union(passages)
              .groupByKey(parts)
              .flatMap(lambda kv: choose_part(kv[1]))
              .cache())
    meeting = (groups.flatMap(lambda kv: ((place, (kv[0], before))
                                          for place, before in merge_keys(kv[1])))
               .groupByKey(parts)
               .flatMap(_meeting_links))
    # A group that meets no other is a component of its own.
    runs = (groups.leftOuterJoin(_components(meeting, parts), parts)
            .map(lambda kv: (kv[0] if kv[1][1] is None else kv[1][1], (kv[0], kv[1][0])))
            .cache())
    needed = (runs.flatMap(lambda kv: ((segment.doc, kv[0]) for segment in kv[1][1]))
              .cogroup(docs, parts)
              .flatMap(lambda kv: ((component, (kv[0], document))
                                   for component in set(kv[1][0]) for document in kv[1][1])))
    scored = (runs.cogroup(needed, parts)
              .flatMap(partial(_merge_and_score, config))
              .collect())
    units.unpersist()
    label.unpersist()
    groups.unpersist()
    runs.unpersist()
    ordered = sorted(scored, key=lambda row: row[0])
    return unmark_story_quotes([replace(cluster, id=f"c{number}")
                                for number, (_, cluster) in enumerate(ordered, start=1)])


def _to_component(item: tuple[int, tuple[Any, Any, Any]]) -> Iterator[tuple[int, Any]]:
    """A unit, and the matches it is the first unit of, sent to its component."""
    unit, (labels, rows, matches) = item
    for component in labels:
        for row in rows:
            yield component, (unit, row)
        for match in matches:
            yield component, match


def _choose(sources: frozenset[int], first_id: int,
            items: Iterable[Any]) -> list[tuple[int, list[Segment]]]:
    """``choose`` on the matches and passages of one component, each group keyed by its smallest id.

    ``items`` are the component's units ``(id, row)``, matches ``(i, j,
    similarity)`` and passages ``(index, base, passage)`` (their index in
    the scan's list and the base of their new segments' ids).
    """
    table: dict[int, UnitTokens] = {}
    found: list[Match] = []
    passages: dict[int, Passage] = {}
    bases: dict[int, int] = {}
    for item in items:
        if len(item) == 2:
            table[item[0]] = unit_of_row(item[0], item[1])
        elif isinstance(item[2], Passage):
            passages[item[0]], bases[item[0]] = item[2], item[1]
        else:
            found.append(Match(*item))
    return choose_keyed(table, found, passages, sources=sources, first_id=first_id, bases=bases)


def _meeting_links(item: tuple[Any, Iterable[tuple[int, bool]]]) -> Iterator[tuple[int, int]]:
    """Groups that meet at one ``merge_keys`` key: each one ending there with each starting."""
    groups = list(item[1])
    for before, ends in groups:
        if ends:
            for after, starts in groups:
                if not starts and after != before:
                    yield before, after


def _merge_and_score(
    config: ScanConfig,
    item: tuple[int, tuple[Iterable[tuple[int, list[Segment]]], Iterable[tuple[int, Document]]]],
) -> list[tuple[tuple[int, int], Cluster]]:
    """``merge_runs``, canonical members and fidelity for one component of groups."""
    groups, needed = item[1]
    documents = dict(needed)
    runs = merge_runs([members for _, members in sorted(groups, key=lambda kv: kv[0])])
    described = describe_groups(runs, documents,
                                boilerplate_min_docs=config.boilerplate_min_docs,
                                boilerplate_max_words=config.boilerplate_max_words)
    scored = []
    for group in described:
        first = group.members[0]
        for cluster in score_groups([group], documents, material_weight=config.material_weight,
                                    min_words=config.min_words,
                                    boilerplate_min_docs=config.boilerplate_min_docs,
                                    boilerplate_max_words=config.boilerplate_max_words):
            scored.append(((first.doc, first.start), cluster))
    return scored


def _components(links: Any, parts: int) -> Any:
    """``(node, smallest node of its connected component)`` for every linked node.

    Large-star and small-star rounds (Kiveris et al. 2014, "Connected
    Components in MapReduce and Beyond"), each two shuffles of the links,
    until the links form stars: then every node links to its component's
    smallest node. O(log n) rounds. The large star of a round also checks
    whether its links were stars already (``_large_star``), so no extra
    pass compares rounds.
    """
    sc = links.context
    edges = links.filter(lambda e: e[0] != e[1]).map(lambda e: (max(e), min(e))).cache()
    while True:
        unsettled = sc.accumulator(0)
        small = (edges.flatMap(lambda e: (e, (e[1], e[0])))
                 .groupByKey(parts)
                 .flatMap(partial(_large_star, unsettled))
                 .groupByKey(parts)
                 .flatMap(_small_star)
                 .cache())
        small.count()
        edges.unpersist()
        edges = small
        if unsettled.value == 0:
            break
    roots = edges.map(lambda e: (e[1], e[1])).distinct(parts)
    return edges.union(roots)


def _large_star(unsettled: Any, item: tuple[int, Iterable[int]]) -> Iterator[tuple[int, int]]:
    """Link each larger neighbour of a node to the smallest of its neighbourhood.

    Counts in ``unsettled`` a node that is neither a root (all neighbours
    larger) nor a leaf (one smaller neighbour): while there is none, the
    links are stars around each component's smallest node.
    """
    node, neighbours = item
    around = set(neighbours)
    smallest = min(around | {node})
    if smallest != node and len(around) > 1:
        unsettled.add(1)
    for other in around:
        if other > node:
            yield other, smallest


def _small_star(item: tuple[int, Iterable[int]]) -> Iterator[tuple[int, int]]:
    """Link a node and its smaller neighbours to the smallest of them."""
    node, smaller = item
    around = set(smaller) | {node}
    smallest = min(around)
    for other in around:
        if other != smallest:
            yield other, smallest
