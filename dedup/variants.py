"""Groups of passages -> report clusters with a fidelity score per variant.

Each non-canonical member is aligned word by word to the canonical passage
(:func:`dedup.fidelity.score`); its span is narrowed to the words that align,
so reporting words around a quotation ("..., Stoltenberg said.") are not
counted as part of the copy. Where a reference original has other reference
versions in the cluster, a media document's member is measured against the
nearest of them (``Member.against``).

A variant whose aligned part is shorter than ``min_words`` words is dropped
(a "Thank you very much." that matched as the edge of a longer unit), as
is one none of whose words align (a passage's side that joined a group
through a longer unit holding it, scored against a canonical member it
shares nothing with), and so is a group left with fewer than two members.
The variants a group's canonical member drops are scored once more,
against the first of them, with the group's other members: a sentence
that joins the copies of two sources is the bridge between them, and each
copy keeps its cluster. A reference's member among those that align with
them is their original in the place of a media document's (the words a
speech as delivered adds to the prepared text, the group's original).
A cluster is boilerplate when its group is, or when it is a template (a
short frame its members fill in with other words, a feed's header or a
byline: ``_templated``), it still recurs in ``boilerplate_min_docs``
documents, and those documents do not share the rest of one story
(:func:`unmark_story_quotes`).

Always holds: ``member.text == documents[doc].text[start:end]``; the
canonical member has fidelity 1.0; cluster ids ``c1, c2, ...`` follow the
order of the groups, which is document order.
"""

from __future__ import annotations

import functools
from collections import Counter, deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from typing import NamedTuple

from dedup.cluster import Documents, Group, canonical_order
from dedup.fidelity import Scored, score
from dedup.layout import page_furniture
from dedup.memory import collection_paused, give_back_freed_memory
from dedup.models import Cluster, Member
from dedup.prepare import runs_of, workers
from dedup.quotes import Quotation, extract
from dedup.shingle import count_words, has_word, outside_links, word_count

BATCH_CHARS = 1_000_000
"""Most characters of variant text scored per batch when several processes share the work."""

PARALLEL_MIN_CHARS = 250_000
"""Less variant text than this is scored in this process, whatever the number of jobs.

Starting the workers, and sending them the texts and their members back,
costs more than a second core saves on so little (see ``score_groups``).
"""


class _Work(NamedTuple):
    """One group as a worker needs it: the texts, and where each member sits."""

    source: str
    variants: list[str]
    material_weight: float
    min_words: int
    places: tuple[tuple[str, int, int], ...] = ()
    """``(document id, start, end)`` of each member, in the group's order."""
    canonical: int = 0
    order: tuple[int, ...] = ()
    """The members by the canonical rule: who heads the cluster of the dropped ones."""
    references: frozenset[int] = frozenset()
    """The members that are in reference documents."""


_Made = list[tuple[int, tuple[Member, ...]]]
"""A group's clusters: where the canonical member is among the members, and the members."""


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
            scored: Iterator[list[_Made]] = map(_score_batch, batches)
            clusters = _clusters(groups, scored, boilerplate_min_docs, boilerplate_max_words)
        else:
            with workers(max_workers=min(jobs, len(bounds))) as pool:
                clusters = _clusters(groups, _scored_in_order(pool, batches, ahead=2 * jobs),
                                     boilerplate_min_docs, boilerplate_max_words)
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
    pool: ProcessPoolExecutor, batches: Iterator[list[_Work]], *, ahead: int
) -> Iterator[list[_Made]]:
    """Each batch scored by the pool, in order, with at most ``ahead`` handed out at a time.

    ``Executor.map`` would take every batch from the generator at once, so
    every group's texts would be made before the first batch is scored.
    """
    waiting: deque[Future[list[_Made]]] = deque()
    for batch in batches:
        waiting.append(pool.submit(_score_batch, batch))
        if len(waiting) >= ahead:
            yield waiting.popleft().result()
    while waiting:
        yield waiting.popleft().result()


def _clusters(groups: Sequence[Group], scored: Iterator[list[_Made]],
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


def _frame_only(source: str, result: Scored) -> bool:
    """Whether a trimmed variant keeps only words of ``source`` outside its quotations.

    ``Lib Dem home affairs spokesman Mark Oaten said`` is no copy of
    ``Lib Dem home affairs spokesman Mark Oaten said: "This has all the
    signs of ..."``: the quotation, most of the original, is what a copy
    reproduces; such variants, from two documents or more, are a cluster
    of their own (``_members``). Where the quotation is the lesser part
    ("called it "a disaster" and ..."), the reporter's words are the
    passage, and a copy of them stays a trimmed copy.
    """
    trims: list[tuple[int, int]] = []
    for edit in result.fidelity.edits:
        if edit.trim:
            if edit.source_start is None or edit.source_end is None:
                return False
            trims.append((edit.source_start, edit.source_end))
    if not trims:
        return False
    quoted = [(fragment.start, fragment.end)
              for quotation in _quotations(source) for fragment in quotation.fragments]
    if 2 * sum(end - start for start, end in quoted) < len(source.strip()):
        return False
    cut = sorted(trims)
    for start, end in quoted:
        at = start
        for low, high in cut:  # what of the fragment no trim covers must hold no word
            if high <= at or low >= end:
                continue
            if has_word(source, at, low):
                return False
            at = max(at, high)
        if has_word(source, at, end):
            return False
    return True


@functools.lru_cache(maxsize=256)
def _quotations(source: str) -> tuple[Quotation, ...]:
    """The quotations of an original passage, which its trimmed variants ask about in turn."""
    return extract(source)


def _trimmed_after_each(batches: Iterator[list[_Made]]) -> Iterator[list[_Made]]:
    for batch in batches:
        yield batch
        give_back_freed_memory()


def _work(group: Group, documents: Documents, material_weight: float,
          min_words: int, furniture: _Furniture | None = None) -> _Work:
    """The canonical text, the texts of the other members and the places of all of one group."""
    furniture = furniture or _Furniture(documents)
    canonical = group.members[group.canonical]
    source = furniture.text(canonical.doc, canonical.start, canonical.end)
    variants = [furniture.text(s.doc, s.start, s.end)
                for index, s in enumerate(group.members) if index != group.canonical]
    places = tuple((documents[s.doc].id, s.start, s.end) for s in group.members)
    references = frozenset(index for index, s in enumerate(group.members)
                           if documents[s.doc].role == "reference")
    return _Work(source, variants, material_weight, min_words, places, group.canonical,
                 group.order or tuple(canonical_order(group.members, documents)), references)


def _batch_bounds(sizes: Sequence[int], most: int | None = None) -> list[tuple[int, int]]:
    """Runs ``(lo, hi)`` of groups with about ``most`` characters of variant text each."""
    return runs_of(sizes, BATCH_CHARS if most is None else most)


def _score_batch(batch: Sequence[_Work]) -> list[_Made]:
    """Each group's clusters: members with their fidelity, and where the canonical one is.

    A variant is dropped when fewer than ``min_words`` words align. The
    members are made here, in the worker, rather than in the main process.
    """
    with collection_paused(collect=False):
        return [_clusters_of(item) for item in batch]


def _clusters_of(item: _Work) -> _Made:
    """A group's cluster, then the cluster of the members its canonical one leaves out.

    A group can hold two copies that one member holds both of: a sentence
    that ends the copy of one source and starts the copy of another,
    matched to the second, and a passage of the first source that lies
    inside it. Scored against the canonical member (the second source),
    the first source's passage aligns nowhere and the sentence narrows to
    the second copy. So the members left out are scored again, against the
    first of them by the canonical rule (``order``), with every other
    member but the canonical one; a member's second span must not overlap
    its first.

    A reference's member there heads that cluster in the place of a media
    document's: the speech as delivered goes on past the prepared text
    that is the group's original ("... and more aid, and it needs them
    now, not months from now."), so the papers quoting its last words are
    left out; the transcript, not the first of those papers, is their
    original. It is scored again over its second span, the words the
    papers share with it.
    """
    seen: dict[tuple[str, str], Scored | None] = {}
    texts = list(_texts(item))
    everyone = range(len(item.places))
    canonical_at, members, kept = _members(item, everyone, item.canonical, texts, {}, seen)
    made = [(canonical_at, members)]
    left_out = [index for index in item.order if index not in kept]
    if left_out:
        taken = {index: (member.start, member.end) for index, member in kept.items()}
        others = [index for index in everyone if index != item.canonical]
        at, again, held = _members(item, others, left_out[0], texts, taken, seen)
        if left_out[0] not in item.references:
            head = next((index for index in item.order
                         if index in item.references and index in held), None)
            if head is not None:
                # The reference's words the papers share, as the original.
                second = held[head]
                texts[head] = second.text
                places = list(item.places)
                places[head] = (second.doc, second.start, second.end)
                at, again, _ = _members(item._replace(places=tuple(places)), others, head,
                                        texts, taken, seen)
        made.append((at, again))
    return made


def _texts(item: _Work) -> Iterator[str]:
    """The texts of all members of the group, in order."""
    variants = iter(item.variants)
    for index in range(len(item.places)):
        yield item.source if index == item.canonical else next(variants)


def _members(
    item: _Work,
    indices: Sequence[int],
    canonical: int,
    texts: Sequence[str],
    taken: dict[int, tuple[int, int]],
    seen: dict[tuple[str, str], Scored | None],
) -> tuple[int, tuple[Member, ...], dict[int, Member]]:
    """Members ``indices`` scored against member ``canonical``: its place, them, the kept by index.

    A member whose aligned span overlaps its span in ``taken`` is left out,
    and so are the members that keep only the words around the original's
    quotation when two documents or more have such a member
    (``_frame_only``): they are a cluster of their own.
    """
    source = texts[canonical]
    results: dict[int, Scored | None] = {}
    for index in indices:
        if index != canonical:
            text = texts[index]
            # Copies repeat word for word within a group: each distinct text is scored once.
            if (source, text) not in seen:
                seen[(source, text)] = _scored(source, text, item.material_weight, item.min_words)
            results[index] = seen[(source, text)]
    framed = {index for index, result in results.items()
              if result is not None and result.fidelity.trimmed and _frame_only(source, result)}
    if len({item.places[index][0] for index in framed}) < 2:
        framed = set()  # alone, the words it shares stay a trimmed copy
    members: list[Member] = []
    kept: dict[int, Member] = {}
    canonical_at = 0
    for index in indices:
        doc, start, end = item.places[index]
        if index == canonical:
            canonical_at = len(members)
            members.append(Member(doc, start, end, source))
            kept[index] = members[-1]
            continue
        text = texts[index]
        result = results[index]
        if result is None or index in framed:  # too few words aligned, or none quoted
            continue
        first = taken.get(index)
        if first is not None and first[0] < start + result.end and start + result.start < first[1]:
            continue
        members.append(_variant(doc, start, text, result))
        kept[index] = members[-1]
    if canonical in item.references:
        _nearest_references(item, canonical, texts, taken, seen, members, kept)
    return canonical_at, tuple(members), kept


def _nearest_references(
    item: _Work,
    canonical: int,
    texts: Sequence[str],
    taken: dict[int, tuple[int, int]],
    seen: dict[tuple[str, str], Scored | None],
    members: list[Member],
    kept: dict[int, Member],
) -> None:
    """Measure each media member against the reference version it is nearest, in place.

    A speech published as prepared and as delivered, or a transcript and
    its correction, are two originals: a paper that quotes one word for
    word has not misquoted the other. So a member of a media document is
    scored against every other reference member kept with a text of its
    own, and takes the score with the higher fidelity (the original's on a
    tie) over a span holding the one scored against the original, with
    ``against`` saying which member it was measured against.

    A version is its member's text, the words it shares with the original:
    the edits' source offsets index the text ``against`` names, which a
    reviewer reads beside the copy (a correction that adds words around
    the sentence narrows to the sentence, and the words it adds are no
    part of that version).
    """
    source = texts[canonical]
    others = [index for index in kept
              if index != canonical and index in item.references and kept[index].text != source]
    if not others:
        return
    position = {index: at for at, index in enumerate(kept)}  # kept is in members' order
    versions = {other: kept[other].text for other in others}
    for index, member in kept.items():
        if index == canonical or index in item.references:
            continue
        doc, start, _ = item.places[index]
        text = texts[index]
        best: tuple[float, int, Scored] | None = None
        for other in others:
            key = (versions[other], text)
            if key not in seen:
                seen[key] = _scored(versions[other], text, item.material_weight, item.min_words)
            result = seen[key]
            if (result is None or result.fidelity.fidelity <= member.fidelity
                    or best is not None and result.fidelity.fidelity <= best[0]):
                continue
            lo, hi = start + result.start, start + result.end
            first = taken.get(index)
            # The nearer version must account for all the words the original
            # does (a shorter one that leaves some out is not nearer), and a
            # wider span must still miss the member's first span.
            if (lo > member.start or hi < member.end
                    or first is not None and first[0] < hi and lo < first[1]
                    or result.fidelity.trimmed and _frame_only(versions[other], result)):
                continue
            best = (result.fidelity.fidelity, other, result)
        if best is None:
            continue
        _, other, result = best
        members[position[index]] = kept[index] = _variant(doc, start, text, result,
                                                           position[other])


def _variant(doc: str, start: int, text: str, result: Scored,
             against: int | None = None) -> Member:
    """The member of the variant ``text`` (at ``start`` in ``doc``): its scored span and score."""
    return Member(
        doc=doc,
        start=start + result.start,
        end=start + result.end,
        text=text[result.start : result.end],
        fidelity=result.fidelity.fidelity,
        label=result.fidelity.label,
        edits=result.fidelity.edits,
        trimmed=result.fidelity.trimmed,
        against=against,
    )


def _scored(source: str, text: str, material_weight: float, min_words: int) -> Scored | None:
    """The variant ``text`` scored, or None when fewer than ``min_words`` of its words align.

    A variant none of whose words align is scored over all of its text (a
    paraphrase, fidelity 0): it is dropped however long that text is.
    """
    result = score(source, text, material_weight=material_weight)
    if not result.aligned:
        return None
    # The span's words, as in the document: the pattern looks at nothing outside it.
    # Counting stops at ``min_words``: a long span costs no more than a short one.
    # The parts of a web address are no words: a shared link is no passage.
    spans = outside_links(text, result.start, result.end)
    enough = count_words(text, spans, most=min_words) >= min_words
    return result if enough else None
