"""report.json values -> ``clusters.csv``: one row per cluster member.

In: the report as JSON values. Out: CSV text with a header row, clusters in
report order and members in cluster order, written atomically.

Always holds: one row per member, the original included (``original`` is
``yes``); ``text`` is the member's exact text; ``edits`` lists the edits as
``source -> variant`` with the material kind in brackets, separated by
`` | ``. Cells that a spreadsheet would run as a formula (starting with
``=``, ``+``, ``-``, ``@``, tab or carriage return) are prefixed with ``'``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from dedup.report import view
from dedup.report.json_writer import write_atomic

COLUMNS: tuple[str, ...] = (
    "cluster", "original", "against", "against_line", "doc", "path", "outlet", "role", "date",
    "line", "start", "end", "label", "fidelity", "trimmed", "material", "edits", "text",
)


class RowWriter:
    r"""``csv.writer`` rows ending in a line feed; a row holding a carriage return is quoted whole.

    Python 3.11's writer leaves a field with a lone "\r" unquoted when rows
    end in "\n" (3.12 quotes it), and readers then cut the row there: the
    text of a file with old Mac line ends. Quoting every field of such a
    row reads the same everywhere; other rows are written as before.
    """

    def __init__(self, out: io.StringIO) -> None:
        self._minimal = csv.writer(out, lineterminator="\n")
        self._quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def writerow(self, row: list[object]) -> None:
        """Write one row, every field quoted when one holds a carriage return."""
        carriage = any(isinstance(field, str) and "\r" in field for field in row)
        (self._quoted if carriage else self._minimal).writerow(row)


def cell(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _edit(edit: Mapping[str, Any]) -> str:
    kind = f" [{edit['material']}]" if edit.get("material") else ""
    kind = " [cosmetic]" if edit.get("cosmetic") else kind
    kind = " [trim]" if edit.get("trim") else kind
    return f"{edit.get('source', '')} -> {edit.get('variant', '')}{kind}"


def render_csv(data: Mapping[str, Any]) -> str:
    """The members of every cluster as CSV text.

    Example:
        >>> render_csv({"documents": [], "clusters": []}).splitlines()[0][:24]
        'cluster,original,against'

    """
    return "".join(csv_chunks(data))


def csv_chunks(data: Mapping[str, Any]) -> Iterator[str]:
    """:func:`render_csv`'s text, a cluster at a time: a large report's is never held whole."""
    docs = view.documents(data)
    out = io.StringIO()
    writer = RowWriter(out)
    writer.writerow(list(COLUMNS))
    for cluster in data.get("clusters", []):
        yield out.getvalue()
        out.seek(0)
        out.truncate()
        for index, member in enumerate(cluster["members"]):
            doc = docs.get(member["doc"])
            edits = member.get("edits") or []
            material = sorted({e["material"] for e in edits if e.get("material")})
            row = (
                cluster["id"],
                "yes" if index == cluster["canonical"] else "no",
                *_against(cluster, member),
                member["doc"],
                doc.path if doc else "",
                doc.outlet if doc else "",
                doc.role if doc else "",
                doc.date if doc else "",
                member.get("line"),
                member["start"],
                member["end"],
                member["label"],
                member["fidelity"],
                "yes" if member.get("trimmed") else "no",
                " ".join(material),
                " | ".join(_edit(e) for e in edits),
                member["text"],
            )
            writer.writerow([cell(value) for value in row])
    yield out.getvalue()


def _against(cluster: Mapping[str, Any], member: Mapping[str, Any]) -> tuple[str, Any]:
    """The document and line of the version a member is measured against, if not the original.

    The line tells two versions in one document apart (a page with the
    remarks as prepared, then as delivered), and a version from the
    original's own document: it is the ``line`` of that version's row.
    """
    against = member.get("against")
    if against is None:
        return "", None
    version = cluster["members"][against]
    return str(version["doc"]), version.get("line")


def write_csv(data: Mapping[str, Any], path: Path) -> None:
    """Write ``clusters.csv`` atomically."""
    write_atomic(path, csv_chunks(data))
