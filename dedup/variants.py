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

from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor

from dedup.cluster import Documents, Group
from dedup.fidelity import Scored, score
from dedup.models import Cluster, Member
from dedup.shingle import word_count

BATCH_CHARS = 1_000_000
"""Most characters of variant text scored per batch when several processes share the work."""

_Work = tuple[str, list[str], float, int]


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
    work = [_work(group, documents, material_weight, min_words) for group in groups]
    total = sum(len(text) for item in work for text in item[1])
    # At least four batches per job, so that no core waits long for the last one.
    batches = list(_batches(work, max(1, min(BATCH_CHARS, total // (4 * max(1, jobs))))))
    if jobs <= 1 or len(batches) <= 1:
        scored = [_score_batch(batch) for batch in batches]
    else:
        with ProcessPoolExecutor(max_workers=min(jobs, len(batches))) as pool:
            scored = list(pool.map(_score_batch, batches))
    found = iter([variants for batch in scored for variants in batch])
    clusters: list[Cluster] = []
    for group in groups:
        canonical = group.members[group.canonical]
        source = documents[canonical.doc].text[canonical.start : canonical.end]
        variants = iter(next(found))
        members: list[Member] = []
        canonical_at = 0
        for index, segment in enumerate(group.members):
            doc = documents[segment.doc]
            if index == group.canonical:
                canonical_at = len(members)
                members.append(Member(doc.id, segment.start, segment.end, source))
                continue
            result = next(variants)
            if result is None:  # too few words aligned
                continue
            start, end = segment.start + result.start, segment.start + result.end
            members.append(
                Member(
                    doc=doc.id,
                    start=start,
                    end=end,
                    text=doc.text[start:end],
                    fidelity=result.fidelity.fidelity,
                    label=result.fidelity.label,
                    edits=result.fidelity.edits,
                    trimmed=result.fidelity.trimmed,
                )
            )
        if len(members) > 1:
            number = len(clusters) + 1
            clusters.append(Cluster(f"c{number}", canonical_at, tuple(members), group.boilerplate))
    return clusters


def _work(group: Group, documents: Documents, material_weight: float,
          min_words: int) -> _Work:
    """The canonical text and the texts of the other members of one group."""
    canonical = group.members[group.canonical]
    source = documents[canonical.doc].text[canonical.start : canonical.end]
    variants = [documents[s.doc].text[s.start : s.end]
                for index, s in enumerate(group.members) if index != group.canonical]
    return source, variants, material_weight, min_words


def _batches(work: Sequence[_Work], most: int | None = None) -> Iterator[list[_Work]]:
    """Runs of groups holding about ``most`` (``BATCH_CHARS``) characters of variants each."""
    most = BATCH_CHARS if most is None else most
    batch: list[_Work] = []
    size = 0
    for item in work:
        batch.append(item)
        size += sum(len(text) for text in item[1])
        if size >= most:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _score_batch(batch: Sequence[_Work]) -> list[list[Scored | None]]:
    """Each variant of each group scored, or None when fewer than ``min_words`` align."""
    results = []
    for source, variants, material_weight, min_words in batch:
        scored: list[Scored | None] = []
        for text in variants:
            result = score(source, text, material_weight=material_weight)
            # The span's words, as in the document: the pattern looks at nothing outside it.
            enough = word_count(text, result.start, result.end) >= min_words
            scored.append(result if enough else None)
        results.append(scored)
    return results
