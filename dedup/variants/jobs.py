"""``score_groups``: the groups cut into batches of variant text, scored on the workers in order."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace

from dedup.cluster import Documents, Group, canonical_order
from dedup.layout import page_furniture
from dedup.memory import collection_paused
from dedup.models import Cluster
from dedup.prepare import runs_of, workers
from dedup.variants.clusters import numbered_clusters
from dedup.variants.members import Made, Work, clusters_of

BATCH_CHARS = 1_000_000
"""Most characters of variant text scored per batch when several processes share the work."""

PARALLEL_MIN_CHARS = 250_000
"""Less variant text than this is scored in this process, whatever the number of jobs.

Starting the workers, and sending them the texts and their members back,
costs more than a second core saves on so little (see ``score_groups``).
"""


def score_groups(
    groups: Sequence[Group],
    documents: Documents,
    *,
    material_weight: float,
    min_words: int,
    jobs: int = 1,
    boilerplate_min_docs: int = 2,
    boilerplate_max_words: int | None = None,
) -> list[Cluster]:
    """Score every variant of every group against its canonical member.

    Groups are independent, so with ``jobs`` above 1 batches of them are
    scored in that many processes, unless they hold less than
    ``PARALLEL_MIN_CHARS`` of variant text (a corpus of 10,000 sentences
    of news holds about 125,000: 0.11 s in this process, 0.14-0.24 s with
    two workers); the clusters are the same for any number of jobs. The
    collector is paused, and does not collect after: the Spark engine
    scores one group per call. A cluster is boilerplate
    when its group is, or when its members are a template of fewer than
    ``boilerplate_max_words`` words in common (``_templated``; None: no
    such test), and it still holds ``boilerplate_min_docs`` documents
    (members dropped, or left to a cluster of their own, can leave fewer).
    """
    with collection_paused(collect=False):
        # Characters of variant text per group, to cut the groups into batches.
        sizes = [sum(s.end - s.start for index, s in enumerate(group.members)
                     if index != group.canonical) for group in groups]
        # At least four batches per job, so that no core waits long for the last one.
        bounds = _batch_bounds(sizes, max(1, min(BATCH_CHARS, sum(sizes) // (4 * max(1, jobs)))))
        # Each batch's texts are made as it is handed out, and let go once it
        # is scored: the texts of all groups and all their members are never
        # held at once.
        furniture = _Furniture(documents)
        batches = ([_work(group, documents, material_weight, min_words, furniture)
                    for group in groups[lo:hi]] for lo, hi in bounds)
        if jobs <= 1 or len(bounds) <= 1 or sum(sizes) < PARALLEL_MIN_CHARS:
            scored: Iterator[list[Made]] = map(_score_batch, batches)
            clusters = numbered_clusters(groups, scored, boilerplate_min_docs,
                                         boilerplate_max_words)
        else:
            with workers(max_workers=min(jobs, len(bounds))) as pool:
                in_order = _scored_in_order(pool, batches, ahead=2 * jobs)
                clusters = numbered_clusters(groups, in_order, boilerplate_min_docs,
                                             boilerplate_max_words)
        return furniture.restored(clusters)


class _Furniture:
    """Each document's page furniture (:mod:`dedup.layout`), blanked in the texts scored.

    A running header stands at the top of every page of a PDF's text with
    no blank line under it: a passage alone cannot tell it from the words
    of the page (its furniture is judged on shape), the whole document can
    (it repeats). So a member's text across a page break is scored with
    the document's furniture as spaces, and the member keeps its text.
    """

    def __init__(self, documents: Documents) -> None:
        self.documents = documents
        self.found: dict[int, list[tuple[int, int]]] = {}
        self.blanked: dict[str, str] = {}
        """The text of each document some member's furniture was blanked in, by id."""

    def text(self, doc: int, start: int, end: int) -> str:
        """``documents[doc].text[start:end]``, its page furniture as spaces."""
        document = self.documents[doc]
        text = document.text[start:end]
        if "\f" not in text:  # furniture the passage cannot judge stands at a page break
            return text
        if doc not in self.found:
            self.found[doc] = page_furniture(document.text)
        lines = [(max(a, start), min(b, end)) for a, b in self.found[doc] if a < end and b > start]
        if not lines:
            return text
        self.blanked[document.id] = document.text
        pieces = []
        at = start
        for a, b in lines:
            pieces += [document.text[at:a], " " * (b - a)]
            at = b
        return "".join(pieces) + document.text[at:end]

    def restored(self, clusters: list[Cluster]) -> list[Cluster]:
        """The clusters with each member's text as its document has it."""
        if not self.blanked:
            return clusters
        return [replace(cluster, members=tuple(
            replace(member, text=self.blanked[member.doc][member.start : member.end])
            if member.doc in self.blanked else member for member in cluster.members))
            for cluster in clusters]


def _scored_in_order(
    pool: ProcessPoolExecutor, batches: Iterator[list[Work]], *, ahead: int
) -> Iterator[list[Made]]:
    """Each batch scored by the pool, in order, with at most ``ahead`` handed out at a time.

    ``Executor.map`` would take every batch from the generator at once, so
    every group's texts would be made before the first batch is scored.
    """
    waiting: deque[Future[list[Made]]] = deque()
    for batch in batches:
        waiting.append(pool.submit(_score_batch, batch))
        if len(waiting) >= ahead:
            yield waiting.popleft().result()
    while waiting:
        yield waiting.popleft().result()


def _work(group: Group, documents: Documents, material_weight: float,
          min_words: int, furniture: _Furniture | None = None) -> Work:
    """The canonical text, the texts of the other members and the places of all of one group."""
    furniture = furniture or _Furniture(documents)
    canonical = group.members[group.canonical]
    source = furniture.text(canonical.doc, canonical.start, canonical.end)
    variants = [furniture.text(s.doc, s.start, s.end)
                for index, s in enumerate(group.members) if index != group.canonical]
    places = tuple((documents[s.doc].id, s.start, s.end) for s in group.members)
    references = frozenset(index for index, s in enumerate(group.members)
                           if documents[s.doc].role == "reference")
    return Work(source, variants, material_weight, min_words, places, group.canonical,
                group.order or tuple(canonical_order(group.members, documents)), references)


def _batch_bounds(sizes: Sequence[int], most: int | None = None) -> list[tuple[int, int]]:
    """Runs ``(lo, hi)`` of groups with about ``most`` characters of variant text each."""
    return runs_of(sizes, BATCH_CHARS if most is None else most)


def _score_batch(batch: Sequence[Work]) -> list[Made]:
    """Each group's clusters: members with their fidelity, and where the canonical one is.

    A variant is dropped when fewer than ``min_words`` words align. The
    members are made here, in the worker, rather than in the main process.
    """
    with collection_paused(collect=False):
        return [clusters_of(item) for item in batch]
