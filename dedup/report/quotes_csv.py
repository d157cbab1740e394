"""report.json values -> ``quotes.csv``: one row per audited quotation, written atomically.

In: the report as JSON values (``report_to_dict`` or a loaded ``report.json``),
so ``dedup report`` renders an audit's ``quotes.csv`` again from the JSON alone.
Columns: id, document path, outlet, line, start, end, speaker, short, label,
fidelity (empty when unsourced), flags (``;``-separated), source document
path, line, start, end and speaker, material edits (``kind: source -> quoted``,
``;``-separated), the quotation and the source text, and, for a quotation of
more than one passage (spliced, or cut at an ellipsis), where each is
(``path line N, chars A-B``, ``;``-separated). Same report, same bytes.
Cells a spreadsheet would run as a formula are prefixed with ``'``, as in
``clusters.csv``.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dedup.models import Report
from dedup.report.csv_writer import RowWriter, cell
from dedup.report.json_writer import report_to_dict, write_atomic

COLUMNS = (
    "id", "doc", "path", "outlet", "line", "start", "end", "speaker", "short", "label",
    "fidelity", "flags", "source_path", "source_line", "source_start", "source_end",
    "source_speaker", "material_edits",
    "text", "source_text", "passages",
)


def _row(quote: Mapping[str, Any], paths: dict[str, str],
         outlets: dict[str, str]) -> list[object]:
    source = quote.get("source")
    material = "; ".join(f"{e['material']}: {e['source']} -> {e['variant']}"
                         for e in quote.get("edits") or [] if e.get("material"))
    fidelity = quote.get("fidelity")
    passages = quote.get("passages") or []
    return [
        quote["id"], quote["doc"], paths[quote["doc"]], outlets[quote["doc"]],
        quote.get("line", ""), quote["start"], quote["end"], quote.get("speaker") or "",
        "yes" if quote.get("short") else "no", quote["label"],
        "" if fidelity is None else fidelity, ";".join(quote.get("flags") or []),
        paths[source["doc"]] if source else "", source.get("line", "") if source else "",
        source["start"] if source else "", source["end"] if source else "",
        (source.get("speaker") or "") if source else "",
        material, quote["text"], source["text"] if source else "",
        "; ".join(f"{paths[p['doc']]} line {p.get('line', '?')}, chars {p['start']}-{p['end']}"
                  for p in passages) if len(passages) > 1 else "",
    ]


def render_quotes_csv(data: Mapping[str, Any]) -> str:
    """The quotes of a report's JSON values as CSV text (header row first).

    Example:
        >>> render_quotes_csv({"documents": [], "quotes": []}).splitlines()[0][:15]
        'id,doc,path,out'

    """
    documents = data.get("documents", [])
    paths = {d["id"]: d["path"] for d in documents}
    outlets = {d["id"]: d.get("outlet") or "" for d in documents}
    out = io.StringIO()
    writer = RowWriter(out)
    writer.writerow(list(COLUMNS))
    for quote in data.get("quotes") or []:
        writer.writerow([cell(value) for value in _row(quote, paths, outlets)])
    return out.getvalue()


def quotes_csv(report: Report) -> str:
    """The quotes of ``report`` as CSV text (header row first)."""
    return render_quotes_csv(report_to_dict(report))


def write_quotes_csv(report: Report | Mapping[str, Any], path: Path) -> None:
    """Write ``quotes.csv`` atomically, from a report or its JSON values."""
    data = report_to_dict(report) if isinstance(report, Report) else report
    write_atomic(path, render_quotes_csv(data))
