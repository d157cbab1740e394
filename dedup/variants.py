"""Groups of passages -> report clusters with a fidelity score per variant.

Each non-canonical member is aligned word by word to the canonical passage
(:func:`dedup.fidelity.score`); its span is narrowed to the words that align,
so reporting words around a quotation ("..., Stoltenberg said.") are not
counted as part of the copy.

A variant whose aligned part is shorter than ``min_words`` words is dropped
(a "Thank you very much." that matched as the edge of a longer unit), and
so is a group left with fewer than two members.

Always holds: ``member.text == documents[doc].text[start:end]``; the
canonical member has fidelity 1.0; cluster ids ``c1, c2, ...`` follow the
order of the groups, which is document order.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import NamedTuple

from dedup.cluster import Documents, Group
from dedup.fidelity import Scored, score
from dedup.models import Cluster, Member
from dedup.shingle import count_words

BATCH_CHARS = 1_000_000
"""Most characters of variant text scored per batch when several processes share the work."""


class _Work(NamedTuple):
    """One group as a worker needs it: the texts, and where each member sits."""

    source: str
    variants: list[str]
    material_weight: float
    min_words: int
    places: tuple[tuple[str, int, int], ...] = ()
    """``(document id, start, end)`` of each member, in the group's order."""
    canonical: int = 0


def score_groups(
    groups: Sequence[Group],
    documents: Documents,
    *,
    material_weight: float,
    min_words: int,
    jobs: int = 1,
) -> list[Cluster]:
    """Score every variant of every group against its canonical member.

    Groups are independent, so with ``jobs`` above 1 batches of them are
    scored in that many processes; the clusters are the same for any
    number of jobs.
    """
    with _collection_paused():
        # Characters of variant text per group, to cut the groups into batches.
        sizes = [sum(s.end - s.start for index, s in enumerate(group.members)
                     if index != group.canonical) for group in groups]
        # At least four batches per job, so that no core waits long for the last one.
        bounds = _batch_bounds(sizes, max(1, min(BATCH_CHARS, sum(sizes) // (4 * max(1, jobs)))))
        # Each batch's texts are made as it is handed out, and let go once it
        # is scored: the texts of all groups and all their members are never
        # held at once.
        batches = ([_work(group, documents, material_weight, min_words) for group in groups[lo:hi]]
                   for lo, hi in bounds)
        if jobs <= 1 or len(bounds) <= 1:
            scored: Iterator[list[tuple[int, tuple[Member, ...]]]] = map(_score_batch, batches)
            return _clusters(groups, scored)
        with ProcessPoolExecutor(max_workers=min(jobs, len(bounds))) as pool:
            return _clusters(groups, pool.map(_score_batch, batches))


def _clusters(
    groups: Sequence[Group], scored: Iterator[list[tuple[int, tuple[Member, ...]]]]
) -> list[Cluster]:
    """The clusters of the groups left with two members or more, numbered in order."""
    clusters: list[Cluster] = []
    found = (members for batch in scored for members in batch)
    for group, (canonical_at, members) in zip(groups, found, strict=True):
        if len(members) > 1:
            number = len(clusters) + 1
            clusters.append(Cluster(f"c{number}", canonical_at, members, group.boilerplate))
    return clusters


@contextmanager
def _collection_paused() -> Iterator[None]:
    """No cyclic garbage collection while the stage runs (nothing it makes is cyclic).

    The stage makes and unpickles millions of small objects, each few
    hundred of which start a collection; with the scan's objects in memory
    (and inherited by forked workers) these took a third of the stage at 1M
    sentences.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _work(group: Group, documents: Documents, material_weight: float,
          min_words: int) -> _Work:
    """The canonical text, the texts of the other members and the places of all of one group."""
    canonical = group.members[group.canonical]
    source = documents[canonical.doc].text[canonical.start : canonical.end]
    variants = [documents[s.doc].text[s.start : s.end]
                for index, s in enumerate(group.members) if index != group.canonical]
    places = tuple((documents[s.doc].id, s.start, s.end) for s in group.members)
    return _Work(source, variants, material_weight, min_words, places, group.canonical)


def _batch_bounds(sizes: Sequence[int], most: int | None = None) -> list[tuple[int, int]]:
    """Runs ``(lo, hi)`` of groups with about ``most`` characters of variant text each."""
    most = BATCH_CHARS if most is None else most
    bounds: list[tuple[int, int]] = []
    first = size = 0
    for index, chars in enumerate(sizes):
        size += chars
        if size >= most:
            bounds.append((first, index + 1))
            first, size = index + 1, 0
    if first < len(sizes):
        bounds.append((first, len(sizes)))
    return bounds


def _score_batch(batch: Sequence[_Work]) -> list[tuple[int, tuple[Member, ...]]]:
    """Each group's members with their fidelity, and where its canonical member is among them.

    A variant is dropped when fewer than ``min_words`` words align. The
    members are made here, in the worker, rather than in the main process.
    """
    with _collection_paused():
        return [_members(item) for item in batch]


def _members(item: _Work) -> tuple[int, tuple[Member, ...]]:
    """One group's members, and the index of the canonical one among them."""
    # Copies repeat word for word within a group: each distinct text is scored once.
    seen: dict[str, Scored | None] = {}
    variants = iter(item.variants)
    members: list[Member] = []
    canonical_at = 0
    for index, (doc, start, end) in enumerate(item.places):
        if index == item.canonical:
            canonical_at = len(members)
            members.append(Member(doc, start, end, item.source))
            continue
        text = next(variants)
        if text not in seen:
            seen[text] = _scored(item.source, text, item.material_weight, item.min_words)
        result = seen[text]
        if result is None:  # too few words aligned
            continue
        members.append(
            Member(
                doc=doc,
                start=start + result.start,
                end=start + result.end,
                text=text[result.start : result.end],
                fidelity=result.fidelity.fidelity,
                label=result.fidelity.label,
                edits=result.fidelity.edits,
                trimmed=result.fidelity.trimmed,
            )
        )
    return canonical_at, tuple(members)


def _scored(source: str, text: str, material_weight: float, min_words: int) -> Scored | None:
    """The variant ``text`` scored, or None when fewer than ``min_words`` of its words align."""
    result = score(source, text, material_weight=material_weight)
    # The span's words, as in the document: the pattern looks at nothing outside it.
    # Counting stops at ``min_words``: a long span costs no more than a short one.
    enough = count_words(text, [(result.start, result.end)], most=min_words) >= min_words
    return result if enough else None
