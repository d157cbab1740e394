"""report.json values -> ``report.html``, one self-contained page for reviewers.

In: the report as JSON values. Out: one HTML file with its CSS and script
inline (no network, works from ``file://``), rendered by Jinja2 with
autoescaping from ``templates/report.html.j2``.

Always holds: every piece of document text reaches the page through Jinja's
escaping, as element text or a quoted attribute; no report data is embedded
in the script (it reads ``data-`` attributes), and a Content-Security-Policy
lets only the page's own style and script run (by their SHA-256), so even a
slip in escaping could not run a document's ``<script>``. The page never
recomputes a finding: the side-by-side diffs slice the member and canonical
texts at the edit offsets the JSON carries; an edit without offsets (the
words an audit's splice skips) is listed, not highlighted, and so is every
edit of a diff whose offsets do not fit its texts.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from dedup.report import view
from dedup.report.json_writer import write_atomic

_TEMPLATES = "templates"


@dataclass(frozen=True)
class Piece:
    """A stretch of passage text; ``kind`` is None for unchanged text.

    Kinds: ``del`` (left out), ``ins`` (added), ``rep`` (replaced), ``cos``
    (cosmetic), ``trim`` (outside a partial quote), ``gap`` (the empty point
    where the other side has words), ``out`` (the reporter's words between a
    quotation's fragments, no edit). ``number`` is the edit's 1-based number.
    """

    text: str
    kind: str | None = None
    number: int = 0
    material: str | None = None


@dataclass(frozen=True)
class Diff:
    """A variant beside its original, with the edits numbered."""

    source: tuple[Piece, ...]
    variant: tuple[Piece, ...]
    edits: tuple[Mapping[str, Any], ...]
    highlighted: bool
    marked: tuple[bool, ...] = ()
    """Per edit: whether it is highlighted in the texts."""


def _kind(edit: Mapping[str, Any], side: str) -> str:
    """The piece kind of an edit on the ``source`` or ``variant`` side."""
    if edit.get("trim"):
        return "trim" if side == "source" else "gap"
    if edit.get("cosmetic"):
        return "cos"
    op = edit.get("op")
    if op == "replace":
        return "rep"
    if op == "delete":
        return "del" if side == "source" else "gap"
    return "ins" if side == "variant" else "gap"


def _spans(
    text: str, edits: Sequence[Mapping[str, Any]], side: str
) -> list[tuple[int, int, int]] | None:
    """The (start, end, edit index) of each edit on one side, or None if unusable.

    An edit with no offsets at all (a splice's skipped words) has no span.
    Unusable: an offset missing, outside the text, out of order, or a slice
    that does not start with the edit's first word.
    """
    spans = []
    at = 0
    for index, edit in enumerate(edits):
        if all(edit.get(f"{s}_{end}") is None
               for s in ("source", "variant") for end in ("start", "end")):
            continue
        start, end = edit.get(f"{side}_start"), edit.get(f"{side}_end")
        if not isinstance(start, int) or not isinstance(end, int):
            return None
        if not at <= start <= end <= len(text):
            return None
        words = str(edit.get(side) or "").split(" ")
        if not text[start:end].startswith(words[0]):
            return None
        spans.append((start, end, index))
        at = end
    return spans


def _pieces(text: str, spans: Sequence[tuple[int, int, int]],
            edits: Sequence[Mapping[str, Any]], side: str) -> tuple[Piece, ...]:
    """Cut ``text`` at the spans into plain and highlighted pieces."""
    pieces: list[Piece] = []
    at = 0
    for start, end, index in spans:
        if start > at:
            pieces.append(Piece(text[at:start]))
        edit = edits[index]
        pieces.append(Piece(text[start:end], _kind(edit, side), index + 1, edit.get("material")))
        at = end
    if at < len(text):
        pieces.append(Piece(text[at:]))
    return tuple(pieces)


def _unquoted(pieces: tuple[Piece, ...], spans: Sequence[tuple[int, int]]) -> tuple[Piece, ...]:
    """``pieces`` with the unchanged text inside ``spans`` cut out as ``out`` pieces."""
    result: list[Piece] = []
    at = 0
    for piece in pieces:
        start, end = at, at + len(piece.text)
        at = end
        cuts = [(max(a, start), min(b, end)) for a, b in spans if a < end and b > start]
        if piece.kind is not None or not cuts:
            result.append(piece)
            continue
        here = start
        for a, b in cuts:
            if a > here:
                result.append(Piece(piece.text[here - start:a - start]))
            result.append(Piece(piece.text[a - start:b - start], "out"))
            here = b
        if here < end:
            result.append(Piece(piece.text[here - start:]))
    return tuple(result)


def _between(quote: Mapping[str, Any]) -> list[tuple[int, int]]:
    """Spans of a quotation's ``text`` between its fragments: the reporter's words.

    A quotation interrupted by its attribution (``“A”, he said, “B”``) has
    a ``text`` that runs from its first fragment to its last.
    """
    fragments = quote.get("fragments") or []
    return [(a["end"] - quote["start"], b["start"] - quote["start"])
            for a, b in zip(fragments, fragments[1:], strict=False) if a["end"] < b["start"]]


def quote_text(quote: Mapping[str, Any]) -> tuple[Piece, ...]:
    """An audited quotation's text, the words between its fragments shown as not quoted."""
    return _unquoted((Piece(quote["text"]),), _between(quote))


def quote_diff(quote: Mapping[str, Any]) -> Diff:
    """:func:`diff` of an audited quotation against its source passage.

    The words between the quotation's fragments are shown as not quoted.
    """
    result = diff(quote["source"]["text"], quote["text"], quote.get("edits") or [])
    between = _between(quote)
    return replace(result, variant=_unquoted(result.variant, between)) if between else result


def diff(source: str, variant: str, edits: Sequence[Mapping[str, Any]]) -> Diff:
    """Lay ``variant`` beside ``source`` with the JSON's edits highlighted on both sides.

    Example:
        >>> edit = {"op": "replace", "source": "will", "variant": "would",
        ...         "source_start": 3, "source_end": 7, "variant_start": 3, "variant_end": 8}
        >>> [p.text for p in diff("It will go", "It would go", [edit]).variant]
        ['It ', 'would', ' go']

    """
    source_spans = _spans(source, edits, "source")
    variant_spans = _spans(variant, edits, "variant")
    if source_spans is None or variant_spans is None or (edits and not source_spans):
        return Diff((Piece(source),), (Piece(variant),), tuple(edits), False,
                    (False,) * len(edits))
    spanned = {index for _, _, index in source_spans}
    return Diff(
        _pieces(source, source_spans, edits, "source"),
        _pieces(variant, variant_spans, edits, "variant"),
        tuple(edits),
        True,
        tuple(index in spanned for index in range(len(edits))),
    )


def _histogram_bars(values: Sequence[float | None]) -> list[dict[str, Any]]:
    """Geometry of the fidelity histogram: eleven bars in a 440 x 160 box."""
    counts = view.histogram(values)
    top = max(counts) or 1
    names = [f"{i / 10:.1f}–{(i + 1) / 10:.1f}" for i in range(10)] + ["1.0"]
    bars = []
    for i, count in enumerate(counts):
        height = round(110 * count / top, 1)
        bars.append({"x": 8 + i * 39, "y": round(130 - height, 1), "height": height,
                     "count": count, "name": names[i], "tick": names[i].split("–")[0],
                     "low": i < 5})
    return bars


CHART_OUTLETS = 15
"""The per-outlet chart shows the outlets with the most findings, no more: a
folder of files that name no outlet has one row per file, all in the table."""


TABLE_ROWS = 20
"""A table of more rows (documents, outlets) is folded, one click away: BBC's
2,226 documents and 642 outlets (files that name none) ran 97,000 px
before the first cluster and the filters."""


TABLE_LIMIT = 1000
"""A table (documents, outlets) lists at most this many rows: the documents
that are references or have findings on the page first, the outlets with the
most findings. A folder of 50,000 posts made a page of 27 MB, 22 of them
its two tables of 50,000 and 31,898 rows; report.json lists every document."""


def _documents_to_list(docs: Mapping[str, view.DocView], listed: set[str],
                       limit: int | None) -> list[view.DocView]:
    """The documents the table lists, in report order: all, or ``limit`` worth a look first.

    The references first (the record each finding is measured against),
    then the documents with findings on the page (``listed``), then the rest.
    """
    if limit is None or len(docs) <= limit:
        return list(docs.values())
    order = {doc_id: index for index, doc_id in enumerate(docs)}
    first = sorted(docs.values(), key=lambda d: (d.role != "reference", d.id not in listed,
                                                 order[d.id]))[:limit]
    return sorted(first, key=lambda d: order[d.id])


def _short(name: str, width: int = 22, head: int = 6) -> str:
    """``name`` in at most ``width`` characters: its first ``head``, "…", its end.

    Files that name no outlet stand for one: their paths share a long
    beginning (``newspapers/rawtexts/courts/...``) and differ at the end.
    """
    if len(name) <= width:
        return name
    return name[:head] + "…" + name[len(name) - (width - 1 - head):]


def _outlet_bars(rows: Sequence[view.OutletRow]) -> list[dict[str, Any]]:
    """Geometry of the per-outlet chart: one stacked bar of label shares per outlet."""
    bars = []
    for index, row in enumerate(rows[:CHART_OUTLETS]):
        x = 0.0
        parts = []
        for label, count in zip(view.LABELS, row.counts, strict=True):
            if count:
                width = round(260 * count / row.total, 1)
                parts.append({"label": label, "x": round(x, 1), "width": width, "count": count})
                x += width
        bars.append({"y": 6 + index * 28, "name": _short(row.name), "full": row.name,
                     "parts": parts, "mean": row.mean, "total": row.total})
    return bars


def _menu(docs: Mapping[str, view.DocView], clusters: Sequence[Mapping[str, Any]],
          quotes: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The outlets and documents the filter menu lists: those of a finding on the page.

    The filter shows a version or quotation by its document, or by the
    document of the text it is measured against (``listed``), and by its
    own document's outlet (``sources``). Any other entry finds nothing: of
    BBC's 4,452 entries (each file an outlet and a document) 2,976 did.
    """
    mine: set[str] = set()
    against: set[str] = set()
    for cluster in clusters:
        members = cluster["members"]
        for member in view.variants(cluster):
            mine.add(member["doc"])
            at = member.get("against")
            against.add(members[cluster["canonical"] if at is None else at]["doc"])
    for quote in quotes:
        mine.add(quote["doc"])
        if quote.get("source"):
            against.add(quote["source"]["doc"])
    return {
        "sources": sorted({docs[d].source if d in docs else d for d in mine}),
        "listed": mine | against,
    }


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("dedup.report", _TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _asset(name: str) -> str:
    return resources.files("dedup.report").joinpath(_TEMPLATES, name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


PAGE_CLUSTERS = 1000
"""Clusters a page shows at most: those most worth a look (:func:`view.worth_a_look`).

A browser reads a page at about 3 MB a second: PAN's 9,887 clusters made
one of 37 MB that took 11 s to open, and a scan of a million sentences
would make one of hundreds of MB that no browser opens. The page says how
many more clusters the report holds; all are in ``clusters.csv``.
"""


PAGE_QUOTATIONS = 5000
"""Quotations a page shows at most, those most worth a look (:func:`view.quotes_worth_a_look`).

An audit of 100,000 sentences of news with no references found 15,138
quotations, a page of 13.7 MB; ten times that opens in no browser.
"""


def render_html(data: Mapping[str, Any], *, limit: int | None = PAGE_CLUSTERS,
                quote_limit: int | None = PAGE_QUOTATIONS,
                table_limit: int | None = TABLE_LIMIT) -> str:
    """Render the report (JSON values) as one self-contained HTML page.

    ``limit`` is the most clusters it shows, ``quote_limit`` the most
    quotations, ``table_limit`` the most rows of a table (None: all).

    Example:
        >>> page = render_html({"documents": [], "clusters": []})
        >>> page.startswith("<!DOCTYPE html>")
        True

    """
    return "".join(html_chunks(data, limit=limit, quote_limit=quote_limit,
                               table_limit=table_limit))


def html_chunks(data: Mapping[str, Any], *, limit: int | None = PAGE_CLUSTERS,
                quote_limit: int | None = PAGE_QUOTATIONS,
                table_limit: int | None = TABLE_LIMIT) -> Iterator[str]:
    """:func:`render_html`'s page, a piece at a time as the template renders it.

    A large report's page is tens of MB: written as it is rendered, it is
    never held whole in memory.
    """
    docs = view.documents(data)
    quotes = view.quotes(data)
    clusters = view.worth_a_look(list(data.get("clusters", [])))
    shown = clusters if limit is None else clusters[:limit]
    shown_quotes = quotes if quote_limit is None else view.quotes_worth_a_look(quotes, quote_limit)
    found = view.findings(data)
    rows = view.outlet_rows(data)
    menu = _menu(docs, shown, shown_quotes)
    css, script = _asset("report.css"), _asset("report.js")
    template = _environment().get_template("report.html.j2")
    return template.generate(
        data=data,
        docs=docs,
        quotes=quotes,
        audit=view.is_audit(data),
        clusters=clusters,
        shown=shown,
        shown_quotes=shown_quotes,
        labels=view.LABELS,
        finding_kind="quotations" if quotes else "variants",
        label_counts=view.label_counts(found),
        mean_fidelity=view.mean(f.fidelity for f in found),
        rows=rows,
        table_docs=_documents_to_list(docs, menu["listed"], table_limit),
        table_outlets=rows if table_limit is None else rows[:table_limit],
        histogram=_histogram_bars([f.fidelity for f in found]),
        outlet_bars=_outlet_bars(rows),
        table_rows=TABLE_ROWS,
        variants=view.for_review,
        share=view.share,
        diff=diff,
        quote_diff=quote_diff,
        quote_text=quote_text,
        **menu,
        css=css,
        script=script,
        css_hash=_sha256(css),
        script_hash=_sha256(script),
    )


def write_html(data: Mapping[str, Any], path: Path, *, limit: int | None = PAGE_CLUSTERS,
               quote_limit: int | None = PAGE_QUOTATIONS,
               table_limit: int | None = TABLE_LIMIT) -> None:
    """Write ``report.html`` atomically, as it is rendered; limits as for :func:`render_html`."""
    write_atomic(path, html_chunks(data, limit=limit, quote_limit=quote_limit,
                                   table_limit=table_limit))
