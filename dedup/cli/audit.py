"""``dedup audit``: folders of media and references -> ``dedup.audit`` -> report files."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import click

from dedup import audit
from dedup.cli.shared import (
    AUDIT_LABELS,
    FOLDERS,
    ID_FIELD,
    MASTER,
    MAX_FILE_SIZE,
    QUIET,
    REFERENCE,
    TEXT_FIELD,
    StageLine,
    nothing_readable,
    output_folder,
    warn_unmatched_references,
    write_all,
)
from dedup.config import AuditConfig
from dedup.engines import ENGINES
from dedup.errors import ConfigError, DedupError
from dedup.ingest.dataset import INPUT_FORMATS
from dedup.models import Document, Quote, Report
from dedup.report.view import count

AUDIT_LISTED = 20
"""Most media documents the audit's summary lists, those with the most flagged quotations."""


def _audit_summary(report: Report, out: Path) -> str:
    """The verdicts, then per media document: quotations audited, each label, mean fidelity.

    Past ``AUDIT_LISTED`` media documents, those with the most altered or
    misattributed quotations: a folder of a thousand papers printed two
    thousand lines, the ones to read first among them.
    """
    docs = report.documents
    refs = sum(d.role == "reference" for d in docs)
    media = [d for d in docs if d.role == "media"]
    quotes_of: dict[str, list[Quote]] = {d.id: [] for d in media}
    for quote in report.quotes:
        quotes_of.setdefault(quote.doc, []).append(quote)
    labels: Counter[str] = Counter(q.label for q in report.quotes)
    lines = [
        f"Audited {count(len(report.quotes), 'quotation')} in "
        f"{count(len(media), 'media document')} against "
        f"{count(refs, 'reference document')}, {len(report.skipped)} skipped.",
    ]
    if report.quotes:
        lines.append("Verdicts: " + ", ".join(f"{labels[k]} {k}" for k in AUDIT_LABELS
                                              if labels[k]) + ".")
    listed = media
    if len(media) > AUDIT_LISTED:
        def flagged(doc: Document) -> int:
            return sum(q.label in ("altered", "misattributed") for q in quotes_of[doc.id])

        listed = sorted(media, key=flagged, reverse=True)[:AUDIT_LISTED]
        lines.append(f"The {AUDIT_LISTED} media documents with the most altered or "
                     "misattributed quotations:")
    for doc in listed:
        quotes = quotes_of[doc.id]
        counted: Counter[str] = Counter(q.label for q in quotes)
        scores = [q.fidelity for q in quotes if q.fidelity is not None]
        mean = f"{sum(scores) / len(scores):.2f}" if scores else "-"
        outlet = f" ({doc.outlet})" if doc.outlet else ""
        lines.append(f"  {doc.path}{outlet}")
        counts = ", ".join(f"{counted[k]} {k}" for k in AUDIT_LABELS if counted[k])
        lines.append(f"    {count(len(quotes), 'quotation')}: {counts or 'none'}; "
                     f"mean fidelity {mean}")
    if len(listed) < len(media):
        lines.append(f"  ... and {count(len(media) - len(listed), 'more media document')} "
                     "(all in quotes.csv)")
    lines.append(f"Report: {out / 'report.json'}, {out / 'quotes.csv'}")
    lines.append(f"Review: {out / 'report.html'}")
    return "\n".join(lines)


@click.command("audit")
@FOLDERS
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("dedup-report"), show_default=True,
              help="Folder for report.json, quotes.csv, report.html and summary.md "
                   "(created if missing).")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="folder",
              show_default=True,
              help="FOLDER is a folder of documents, or a dataset path: a JSONL file or "
                   "folder of part files, or Parquet (--engine spark), one record each; its "
                   "records with role reference, or matching --reference, are the record.")
@ID_FIELD
@TEXT_FIELD
@REFERENCE
@click.option("--fail-on", "fail_on", multiple=True, type=click.Choice(AUDIT_LABELS),
              help="Exit with code 4 when any quotation gets this label (repeatable).")
@MAX_FILE_SIZE
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for the media documents [default: one per core, "
                   "one for less than 750,000 characters]; the report is the same for any number.")
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
              help="Where the media documents are audited: this machine, or Apache Spark "
                   "(pip install 'dedup[spark]'); the report is the same.")
@MASTER
@QUIET
def audit_command(
    folder: tuple[Path, ...],
    out: Path,
    input_format: str,
    id_field: str,
    text_field: str,
    references: Sequence[str],
    fail_on: Sequence[str],
    max_file_size: int,
    jobs: int | None,
    engine: str,
    master: str | None,
    quiet: bool,
) -> None:
    """Check every quotation in the media documents of FOLDER against the references.

    FOLDER may be several folders and files (``dedup audit article.html
    transcripts/ --reference 'transcripts/*'``). Writes OUT/report.json
    (with a ``quotes`` list) and OUT/quotes.csv and prints a summary per
    media document. Exit code 0, or 3 when some files were skipped, 4 when
    a quotation got a --fail-on label, 1 when nothing could be read.
    """
    try:
        config = AuditConfig(reference_globs=tuple(references), max_file_size=max_file_size,
                             jobs=jobs)
        with output_folder(out):
            report = audit(folder, config, progress=None if quiet else StageLine(),
                           engine=engine, master=master, input_format=input_format,
                           id_field=id_field, text_field=text_field)
            for skipped in report.skipped:
                click.echo(f"warning: skipped {skipped.path}: {skipped.reason}", err=True)
            warn_unmatched_references(report, references, input_format)
            write_all(report, out, quotes=True)
    except ConfigError as error:
        raise click.UsageError(str(error)) from None
    except DedupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(_audit_summary(report, out))
    if not report.documents:
        raise click.ClickException(nothing_readable(folder, report, input_format))
    failed = sorted({q.label for q in report.quotes} & set(fail_on))
    if failed:
        click.echo(f"dedup: quotations labelled {', '.join(failed)} (--fail-on)", err=True)
        click.get_current_context().exit(4)
    click.get_current_context().exit(report.exit_code)
