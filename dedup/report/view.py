"""report.json values -> the figures and rows the human-readable formats show.

In: the report as JSON values (``report_to_dict`` or a loaded ``report.json``).
Out: frozen views (documents, findings, per-outlet rows, clusters ordered
by reach or most worth a look) that the HTML, CSV and Markdown writers share.

Always holds: nothing here re-scores or re-aligns text. A finding is what
the JSON says: a quotation of the ``quotes`` list when the report has one,
else a non-canonical member of a cluster; counts and means are taken over
those findings as they are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dedup.models import SPLICE_ELSEWHERE

LABELS: tuple[str, ...] = (
    "verbatim", "cosmetic", "altered", "paraphrase", "unsourced", "misattributed",
)
"""Every verdict a finding can carry, from most to least faithful."""


@dataclass(frozen=True)
class DocView:
    """A document as the reports name it."""

    id: str
    path: str
    role: str
    title: str | None
    outlet: str | None
    date: str | None
    url: str | None
    chars: int
    reference_words: float | None = None
    """Share of a media document's words found in the references (``dedup.overlap``)."""
    reference_word_pairs: float | None = None

    @property
    def source(self) -> str:
        """Who published it: the outlet, else the file path."""
        return self.outlet or self.path

    @property
    def link(self) -> str | None:
        """The URL when it is a plain web address (never ``javascript:`` and the like)."""
        url = (self.url or "").strip()
        return url if url.lower().startswith(("https://", "http://")) else None


@dataclass(frozen=True)
class Finding:
    """One verdict: a quotation, or a cluster member measured against its original."""

    kind: str
    doc: str
    label: str
    fidelity: float | None


@dataclass(frozen=True)
class OutletRow:
    """The findings of one outlet (or of one file that names none)."""

    name: str
    documents: int
    total: int
    counts: tuple[int, ...]
    mean: float | None


def documents(data: Mapping[str, Any]) -> dict[str, DocView]:
    """The report's documents by id, in report order."""
    return {
        d["id"]: DocView(
            id=d["id"],
            path=d["path"],
            role=d.get("role") or "media",
            title=d.get("title"),
            outlet=d.get("outlet"),
            date=d.get("date"),
            url=d.get("url"),
            chars=int(d.get("chars") or 0),
            reference_words=d.get("reference_words"),
            reference_word_pairs=d.get("reference_word_pairs"),
        )
        for d in data.get("documents", [])
    }


def quotes(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The audited quotations, or an empty list for a plain scan."""
    return list(data.get("quotes") or [])


def is_audit(data: Mapping[str, Any]) -> bool:
    """Whether the report is an audit's (quotations, even none), not a scan's (clusters)."""
    return "quotes" in (data.get("stats") or {})


def variants(cluster: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The members of a cluster other than its original."""
    return [m for i, m in enumerate(cluster["members"]) if i != cluster["canonical"]]


def for_review(cluster: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The variants of a cluster, those with an edit first (least faithful first), then copies.

    A story that twenty papers reprint gives clusters of twenty members,
    most of them word for word: listed in document order, the one paper
    that changed a number sits among nineteen copies. Members with the same
    fidelity keep the report's order.
    """
    return sorted(variants(cluster), key=lambda m: (not m["edits"], m.get("fidelity") or 0.0))


def count(number: int, noun: str) -> str:
    """``number`` and ``noun``, plural unless one: "1 cluster", "2 clusters", "0 documents"."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def share(value: float) -> str:
    """A share as a whole percentage, to a tenth where that would read 0% or 100% but is not.

    Example:
        >>> share(0.9977), share(0.6931), share(1.0), share(0.0004)
        ('99.8%', '69%', '100%', '0.04%')

    """
    shown = f"{value:.0%}"
    if shown in ("0%", "100%") and value not in (0.0, 1.0):
        shown = f"{value:.1%}"
        if shown in ("0.0%", "100.0%"):
            shown = f"{value:.2%}"
    return shown


def findings(data: Mapping[str, Any]) -> list[Finding]:
    """The quotations when the report has them, else every cluster variant."""
    if quotes(data):
        return [Finding("quote", q["doc"], q["label"], q.get("fidelity")) for q in quotes(data)]
    return [
        Finding("variant", m["doc"], m["label"], m.get("fidelity"))
        for c in data.get("clusters", [])
        for m in variants(c)
    ]


def label_counts(items: Iterable[Finding]) -> dict[str, int]:
    """How many findings carry each label, every label listed."""
    counts = Counter(f.label for f in items)
    return {label: counts[label] for label in LABELS}


def mean(values: Iterable[float | None]) -> float | None:
    """The mean of the known values, rounded to 4 decimals; None when there are none."""
    known = [v for v in values if v is not None]
    return round(sum(known) / len(known), 4) if known else None


def outlet_rows(data: Mapping[str, Any]) -> list[OutletRow]:
    """Per outlet: findings by label and mean fidelity, most findings first."""
    docs = documents(data)
    by_outlet: dict[str, list[Finding]] = {}
    for finding in findings(data):
        doc = docs.get(finding.doc)
        by_outlet.setdefault(doc.source if doc else finding.doc, []).append(finding)
    rows = []
    for name, items in by_outlet.items():
        counts = Counter(f.label for f in items)
        rows.append(
            OutletRow(
                name=name,
                documents=len({f.doc for f in items}),
                total=len(items),
                counts=tuple(counts[label] for label in LABELS),
                mean=mean(f.fidelity for f in items),
            )
        )
    return sorted(rows, key=lambda r: (-r.total, r.name))


def by_reach(clusters: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Clusters most widely shared first: documents, then passages, then report order."""
    order = {id(c): i for i, c in enumerate(clusters)}
    return sorted(
        clusters,
        key=lambda c: (bool(c.get("boilerplate")), -int(c["documents"]), -len(c["members"]),
                       order[id(c)]),
    )


CHANGED: tuple[str, ...] = ("altered", "misattributed")
"""The verdicts of a version whose words were changed: what a fact-checker checks first."""


def _concern(cluster: Mapping[str, Any]) -> int:
    """0: a version changed with a material edit; 1: one changed otherwise; 2: none changed."""
    changed = [m for m in variants(cluster) if m["label"] in CHANGED]
    if any(e.get("material") for m in changed for e in m.get("edits") or []):
        return 0
    return 1 if changed else 2


def worth_a_look(clusters: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Clusters most worth a look first: changed words, then reach (:func:`by_reach`).

    Those with a version altered by a material edit (a number, a negation,
    a modal, a name) come first, then those with any version altered or
    misattributed, then the rest; each group most widely shared first, and
    boilerplate last. Ordered by reach alone, BBC's page opened on stock
    lines copied word for word (a columnist's biography closing 8
    articles), and its 445 altered copies came below them.
    """
    reach = {id(c): i for i, c in enumerate(by_reach(clusters))}
    return sorted(clusters, key=lambda c: (bool(c.get("boilerplate")), _concern(c), reach[id(c)]))


def _quote_concern(quote: Mapping[str, Any]) -> int:
    """0 misattributed, 1 altered materially, 2 altered, 3 paraphrase, 4 unsourced, 5 the rest."""
    label = quote["label"]
    if label == "altered":
        return 1 if any(e.get("material") for e in quote.get("edits") or []) else 2
    return {"misattributed": 0, "paraphrase": 3, "unsourced": 4}.get(label, 5)


def quotes_worth_a_look(quotes: Sequence[Mapping[str, Any]], limit: int) -> list[Mapping[str, Any]]:
    """The ``limit`` quotations most worth a look, in report order (by document, then place).

    Misattributed first, then altered (a material edit first), paraphrased,
    unsourced (not found: to check by hand), and last the cosmetic and
    verbatim ones, whose words the record holds.
    """
    if len(quotes) <= limit:
        return list(quotes)
    order = sorted(range(len(quotes)), key=lambda i: (_quote_concern(quotes[i]), i))
    return [quotes[i] for i in sorted(order[:limit])]


def histogram(values: Iterable[float | None]) -> list[int]:
    """Counts in eleven bins: [0, 0.1), ..., [0.9, 1.0) and exactly 1.0."""
    bins = [0] * 11
    for value in values:
        if value is not None:
            bins[10 if value >= 1.0 else min(9, max(0, int(value * 10)))] += 1
    return bins


def edit_words(edit: Mapping[str, Any], words: Callable[[str], str] = str) -> str:
    """One edit as a reader says it: ``“will” → “would” (modal)``, ``added “not” (negation)``.

    ``words`` renders the source's and the variant's words (escaped, cut short).

    Example:
        >>> edit_words({"op": "replace", "source": "will", "variant": "would",
        ...             "material": "modal"})
        '“will” → “would” (modal)'

    """
    kind = (f" ({edit['material']})" if edit.get("material")
            else " (cosmetic)" if edit.get("cosmetic") else "")
    source, variant = edit.get("source", ""), edit.get("variant", "")
    if edit.get("op") == "delete" and source == SPLICE_ELSEWHERE:
        return "joined passages the record has in another order, or in another document"
    if not variant:
        return f"left out “{words(source)}”{kind}"
    if not source:
        return f"added “{words(variant)}”{kind}"
    return f"“{words(source)}” → “{words(variant)}”{kind}"
