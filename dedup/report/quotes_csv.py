"""Report -> ``quotes.csv``: one row per audited quotation, written atomically.

Columns: id, document path, outlet, start, end, speaker, short, label,
fidelity (empty when unsourced), flags (``;``-separated), source document
path, start, end and speaker, material edits (``kind: source -> quoted``,
``;``-separated), the quotation and the source text. Same report, same bytes.
Cells a spreadsheet would run as a formula are prefixed with ``'``, as in
``clusters.csv``.
"""

from __future__ import annotations

import io
from pathlib import Path

from dedup.models import Quote, Report
from dedup.report.csv_writer import RowWriter, cell
from dedup.report.json_writer import write_atomic

COLUMNS = (
    "id", "doc", "path", "outlet", "start", "end", "speaker", "short", "label", "fidelity",
    "flags", "source_path", "source_start", "source_end", "source_speaker", "material_edits",
    "text", "source_text",
)


def _row(quote: Quote, paths: dict[str, str], outlets: dict[str, str]) -> list[object]:
    source = quote.source
    material = "; ".join(f"{e.material}: {e.source} -> {e.variant}"
                         for e in quote.edits if e.material)
    return [
        quote.id, quote.doc, paths[quote.doc], outlets[quote.doc], quote.start, quote.end,
        quote.speaker or "", "yes" if quote.short else "no", quote.label,
        "" if quote.fidelity is None else quote.fidelity, ";".join(quote.flags),
        paths[source.doc] if source else "", source.start if source else "",
        source.end if source else "", (source.speaker or "") if source else "", material,
        quote.text, source.text if source else "",
    ]


def quotes_csv(report: Report) -> str:
    """The quotes of ``report`` as CSV text (header row first)."""
    paths = {d.id: d.path for d in report.documents}
    outlets = {d.id: d.outlet or "" for d in report.documents}
    out = io.StringIO()
    writer = RowWriter(out)
    writer.writerow(list(COLUMNS))
    for quote in report.quotes:
        writer.writerow([cell(value) for value in _row(quote, paths, outlets)])
    return out.getvalue()


def write_quotes_csv(report: Report, path: Path) -> None:
    """Write ``quotes.csv`` atomically."""
    write_atomic(path, quotes_csv(report))
