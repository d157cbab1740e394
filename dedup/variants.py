"""Groups of passages -> report clusters with a fidelity score per variant.

Each non-canonical member is aligned word by word to the canonical passage
(:func:`dedup.fidelity.score`); its span is narrowed to the words that align,
so reporting words around a quotation ("..., Stoltenberg said.") are not
counted as part of the copy.

Always holds: ``member.text == documents[doc].text[start:end]``; the
canonical member has fidelity 1.0; cluster ids ``c1, c2, ...`` follow the
order of the groups, which is document order.
"""

from __future__ import annotations

from collections.abc import Sequence

from dedup.cluster import Group
from dedup.fidelity import score
from dedup.models import Cluster, Document, Member


def score_groups(
    groups: Sequence[Group],
    documents: Sequence[Document],
    *,
    material_weight: float,
) -> list[Cluster]:
    """Score every variant of every group against its canonical member."""
    clusters = []
    for number, group in enumerate(groups, start=1):
        canonical = group.members[group.canonical]
        source = documents[canonical.doc].text[canonical.start : canonical.end]
        members = []
        for index, segment in enumerate(group.members):
            doc = documents[segment.doc]
            if index == group.canonical:
                members.append(Member(doc.id, segment.start, segment.end, source))
                continue
            scored = score(source, doc.text[segment.start : segment.end],
                           material_weight=material_weight)
            start, end = segment.start + scored.start, segment.start + scored.end
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
        clusters.append(Cluster(f"c{number}", group.canonical, tuple(members), group.boilerplate))
    return clusters
