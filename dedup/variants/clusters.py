"""The scored groups -> the report's clusters: numbered, and boilerplate told from quotation.

``numbered_clusters`` keeps the groups with two members or more, numbered
in order, and marks a cluster boilerplate when its group is or when it is a
template (``_templated``: a short frame its members fill in with other
words); ``unmark_story_quotes`` unmarks a boilerplate cluster whose
documents share the rest of one story.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import replace

from dedup.cluster import Group
from dedup.memory import give_back_freed_memory
from dedup.models import Cluster, Member
from dedup.shingle import count_words, word_count
from dedup.variants.members import Made


def numbered_clusters(groups: Sequence[Group], scored: Iterator[list[Made]],
                      boilerplate_min_docs: int = 2,
                      boilerplate_max_words: int | None = None) -> list[Cluster]:
    """The clusters of the groups with two members or more, numbered in order.

    The heap is trimmed after each batch: the batches' texts and pickles,
    freed among the members that stay, left 0.4 GB of free pages in the
    process at 1M sentences.
    """
    clusters: list[Cluster] = []
    found = (made for batch in _trimmed_after_each(scored) for made in batch)
    for group, made in zip(groups, found, strict=True):
        for canonical_at, members in made:
            if len(members) > 1:
                number = len(clusters) + 1
                boilerplate = len({member.doc for member in members}) >= boilerplate_min_docs \
                    and (group.boilerplate or boilerplate_max_words is not None
                         and _templated(members, boilerplate_max_words))
                clusters.append(Cluster(f"c{number}", canonical_at, members, boilerplate))
    return clusters


def _templated(members: Sequence[Member], most_words: int) -> bool:
    """Whether the members are a template: a short frame filled in with different words.

    A feed's header (``23:19 27/01/00: Page 1 (HHH) SHOWBIZ Posh``) or a
    byline recurs in every story with another time, date, page, catchline
    or name: what the documents share is its frame, not a passage. So a
    cluster is one when most of its members keep fewer than ``most_words``
    words of the original (the words they hold but those a costly edit put
    in, which a copy keeps all of) and its members put in two different
    fillings at least. A short copy alone is no template: the length rule
    of :mod:`dedup.cluster` is what marks a group of short copies. Nor is
    a quotation that several papers changed the same way (one filling),
    nor a news sentence whose number one paper changed (it keeps all its
    other words).
    """
    kept, fillings = 0, set()
    for member in members:
        fields = [edit for edit in member.edits if not edit.cosmetic and not edit.trim]
        filling = tuple(edit.variant.casefold() for edit in fields if edit.variant)
        if filling:
            fillings.add(filling)
        put_in = sum(word_count(edit.variant) for edit in fields)
        # Counted up to what decides it: a passage of thousands of words costs no more.
        kept += count_words(member.text, [(0, len(member.text))],
                            most=most_words + put_in) - put_in < most_words
    return len(fillings) >= 2 and 2 * kept > len(members)


def unmark_story_quotes(clusters: Sequence[Cluster]) -> list[Cluster]:
    """The clusters, with the boilerplate mark taken off the quotations of one story.

    Length and reach alone mark a short quotation that every paper copies
    from the agency ("I got used to it.") like a formula ("By Pat Clarke,
    PA News"). The difference is the documents: a story's papers share
    its other passages too, a formula's documents share nothing else. So
    a marked cluster keeps its mark only when fewer than half the pairs of
    its documents are joined, directly or through one another, by
    unmarked clusters. The clusters are the final ones of a scan, so both
    engines call this on the same list.
    """
    marked = [index for index, cluster in enumerate(clusters) if cluster.boilerplate]
    if not marked:
        return list(clusters)
    wanted = {member.doc for index in marked for member in clusters[index].members}
    joins: dict[str, list[int]] = {}  # a marked cluster's document -> unmarked clusters holding it
    for index, cluster in enumerate(clusters):
        if not cluster.boilerplate:
            for member in cluster.members:
                if member.doc in wanted:
                    joins.setdefault(member.doc, []).append(index)
    kept = list(clusters)
    for index in marked:
        if _story_shared(sorted({member.doc for member in clusters[index].members}), joins):
            kept[index] = replace(clusters[index], boilerplate=False)
    return kept


def _story_shared(docs: Sequence[str], joins: dict[str, list[int]]) -> bool:
    """Whether at least half the pairs of ``docs`` are joined through the clusters in ``joins``."""
    parent = {doc: doc for doc in docs}

    def root(doc: str) -> str:
        while parent[doc] != doc:
            parent[doc] = doc = parent[parent[doc]]
        return doc

    first_holder: dict[int, str] = {}  # an unmarked cluster -> the first of ``docs`` it holds
    for doc in docs:
        for cluster in joins.get(doc, ()):
            holder = first_holder.setdefault(cluster, doc)
            if holder != doc:
                parent[root(doc)] = root(holder)
    sizes = Counter(map(root, docs))
    joined = sum(size * (size - 1) // 2 for size in sizes.values())
    return 2 * joined >= len(docs) * (len(docs) - 1) // 2


def _trimmed_after_each(batches: Iterator[list[Made]]) -> Iterator[list[Made]]:
    for batch in batches:
        yield batch
        give_back_freed_memory()
