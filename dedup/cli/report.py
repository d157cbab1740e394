"""``dedup report``: an existing ``report.json`` -> HTML, CSV or Markdown, written again."""

from __future__ import annotations

import functools
from pathlib import Path

import click
from jinja2 import UndefinedError

from dedup.cli.shared import check_writable
from dedup.errors import ConfigError, DedupError, InputError
from dedup.report import (
    PAGE_CLUSTERS,
    PAGE_QUOTATIONS,
    TABLE_LIMIT,
    read_json,
    write_csv,
    write_html,
    write_markdown,
    write_reports,
)


def _check_report_outputs(report_json: Path, outputs: dict[str, Path | None]) -> None:
    """Refuse an output that would overwrite REPORT, or another output, before writing any.

    ``--csv report.json`` once replaced the report it rendered with its CSV.
    """
    taken = {report_json.resolve(): "REPORT"}
    for option, path in outputs.items():
        if path is None:
            continue
        where = path.resolve()
        if where in taken:
            raise click.UsageError(f"{option} {path} is the file {taken[where]} names; "
                                   "give each output a file of its own")
        taken[where] = option


@click.command("report")
@click.argument("report_json", metavar="REPORT",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--html", "html_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the HTML report to this file.")
@click.option("--csv", "csv_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the members of every cluster as CSV to this file.")
@click.option("--markdown", "markdown_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the Markdown summary to this file.")
@click.option("--max-clusters", type=click.IntRange(min=0), default=PAGE_CLUSTERS,
              show_default=True,
              help="Most clusters the HTML report shows, those most worth a look (0: all).")
@click.option("--max-quotations", type=click.IntRange(min=0), default=PAGE_QUOTATIONS,
              show_default=True,
              help="Most quotations the HTML report shows, those most worth a look (0: all).")
@click.option("--max-rows", type=click.IntRange(min=0), default=TABLE_LIMIT, show_default=True,
              help="Most rows of the HTML report's documents and outlets tables: references "
                   "and documents with findings on the page, outlets with the most (0: all).")
def report_command(
    report_json: Path, html_out: Path | None, csv_out: Path | None, markdown_out: Path | None,
    max_clusters: int, max_quotations: int, max_rows: int,
) -> None:
    """Render REPORT (a report.json) as HTML, CSV or Markdown.

    The JSON alone is read; nothing is scanned again. With no option, writes
    report.html, clusters.csv and summary.md beside REPORT (and quotes.csv
    for an audit's report).
    """
    _check_report_outputs(report_json, {"--html": html_out, "--csv": csv_out,
                                        "--markdown": markdown_out})
    try:
        data = read_json(report_json)
        try:
            limit, quote_limit = max_clusters or None, max_quotations or None
            table_limit = max_rows or None
            if not (html_out or csv_out or markdown_out):
                written = write_reports(data, report_json.parent, html_limit=limit,
                                        html_quote_limit=quote_limit,
                                        html_table_limit=table_limit)
            else:
                written = []
                html = functools.partial(write_html, limit=limit, quote_limit=quote_limit,
                                         table_limit=table_limit)
                for path, write in ((html_out, html), (csv_out, write_csv),
                                    (markdown_out, write_markdown)):
                    if path is not None:
                        check_writable(path.parent)
                        write(data, path)
                        written.append(path)
        except (KeyError, IndexError, TypeError, ValueError, AttributeError,
                UndefinedError) as error:
            # A field missing or of the wrong type (in the HTML template,
            # Jinja2's UndefinedError); each file is written atomically, so
            # none is left half-made.
            raise InputError(f"{report_json} is a damaged dedup report "
                             f"({type(error).__name__}: {error})") from None
    except ConfigError as error:
        raise click.UsageError(str(error)) from None
    except DedupError as error:
        raise click.ClickException(str(error)) from None
    for path in written:
        click.echo(f"Wrote {path}")
