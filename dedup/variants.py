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

from collections.abc import Sequence

from dedup.cluster import Documents, Group
from dedup.fidelity import score
from dedup.models import Cluster, Member
from dedup.shingle import tokenize


def score_groups(
    groups: Sequence[Group],
    documents: Documents,
    *,
    material_weight: float,
    min_words: int,
) -> list[Cluster]:
    """Score every variant of every group against its canonical member."""
    clusters: list[Cluster] = []
    for group in groups:
        canonical = group.members[group.canonical]
        source = documents[canonical.doc].text[canonical.start : canonical.end]
        members: list[Member] = []
        canonical_at = 0
        for index, segment in enumerate(group.members):
            doc = documents[segment.doc]
            if index == group.canonical:
                canonical_at = len(members)
                members.append(Member(doc.id, segment.start, segment.end, source))
                continue
            scored = score(source, doc.text[segment.start : segment.end],
                           material_weight=material_weight)
            start, end = segment.start + scored.start, segment.start + scored.end
            if len(tokenize(doc.text, start, end)) < min_words:
                continue
            members.append(
                Member(
                    doc=doc.id,
                    start=start,
                    end=end,
                    text=doc.text[start:end],
                    fidelity=scored.fidelity.fidelity,
                    label=scored.fidelity.label,
                    edits=scored.fidelity.edits,
                    trimmed=scored.fidelity.trimmed,
                )
            )
        if len(members) > 1:
            number = len(clusters) + 1
            clusters.append(Cluster(f"c{number}", canonical_at, tuple(members), group.boilerplate))
    return clusters
