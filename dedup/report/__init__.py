"""Writers that turn a :class:`dedup.models.Report` into files people read.

``report.json`` is the single source of truth; ``report.html``,
``clusters.csv`` and ``summary.md`` are rendered from its values alone, so
``dedup report`` can redo them from a saved JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dedup.report.csv_writer import render_csv, write_csv
from dedup.report.html import PAGE_CLUSTERS, PAGE_QUOTATIONS, TABLE_LIMIT, render_html, write_html
from dedup.report.json_writer import (
    SCHEMA,
    read_json,
    report_to_dict,
    write_atomic,
    write_json,
)
from dedup.report.markdown import render_markdown, write_markdown
from dedup.report.quotes_csv import quotes_csv, render_quotes_csv, write_quotes_csv

__all__ = [
    "PAGE_CLUSTERS",
    "PAGE_QUOTATIONS",
    "TABLE_LIMIT",
    "SCHEMA",
    "quotes_csv",
    "render_csv",
    "render_html",
    "read_json",
    "render_markdown",
    "render_quotes_csv",
    "report_to_dict",
    "write_atomic",
    "write_csv",
    "write_html",
    "write_json",
    "write_markdown",
    "write_quotes_csv",
    "write_reports",
]


def write_reports(data: Mapping[str, Any], out_dir: Path, *,
                  html_limit: int | None = PAGE_CLUSTERS,
                  html_quote_limit: int | None = PAGE_QUOTATIONS,
                  html_table_limit: int | None = TABLE_LIMIT) -> list[Path]:
    """Write ``report.html``, ``clusters.csv`` and ``summary.md`` into ``out_dir``.

    And ``quotes.csv`` when the report holds an audit's quotations, as the
    audit wrote it. ``data`` is the report as JSON values (``report_to_dict``
    or a loaded ``report.json``). Each file is written atomically. Returns
    their paths. ``html_limit``, ``html_quote_limit`` and ``html_table_limit``
    are the most clusters, quotations and rows of a table ``report.html``
    shows (None: all).
    """
    written = [out_dir / "report.html", out_dir / "clusters.csv", out_dir / "summary.md"]
    write_html(data, written[0], limit=html_limit, quote_limit=html_quote_limit,
               table_limit=html_table_limit)
    write_csv(data, written[1])
    write_markdown(data, written[2])
    if data.get("quotes"):
        written.append(out_dir / "quotes.csv")
        write_quotes_csv(data, written[-1])
    return written
