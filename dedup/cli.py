"""The ``dedup`` command: options -> config -> library call -> files -> exit code.

A thin layer: every option is turned into a :class:`ScanConfig` once, here;
the library does the work; :class:`DedupError` becomes a one-line error with
exit code 1, and a bad option (click's check, or the library's
:class:`ConfigError`) exit code 2, a usage error.

Exit codes: 0 every file read; 1 fatal error or nothing readable; 2 usage
error; 3 the scan finished but some files were skipped; 4 (audit) a
quotation got a label named by ``--fail-on``.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import os
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import click
from jinja2 import UndefinedError

from dedup import Checker, __version__, audit, check, scan
from dedup.checklist import EACH_FORMATS, EachFormat, check_lines
from dedup.config import MAX_SEED, AuditConfig, ScanConfig
from dedup.engines import ENGINES
from dedup.errors import ConfigError, DedupError, InputError, OutputError
from dedup.ingest import KINDS_READ, is_dedup_report
from dedup.ingest.dataset import INPUT_FORMATS
from dedup.models import Document, Edit, Quote, QuoteSource, Report, Skipped
from dedup.report import (
    PAGE_CLUSTERS,
    PAGE_QUOTATIONS,
    TABLE_LIMIT,
    read_json,
    report_to_dict,
    write_csv,
    write_html,
    write_json,
    write_markdown,
    write_quotes_csv,
    write_reports,
)
from dedup.report.cluster_files import CLUSTERS_FOLDER, OUT_FORMATS, ClusterFiles
from dedup.report.json_writer import line_number, report_json, write_atomic
from dedup.report.view import count, edit_words

_DEFAULTS = ScanConfig()


_SIZE_UNITS = {"": 1, "K": 10**3, "M": 10**6, "G": 10**9}


def _byte_size(ctx: click.Context, param: click.Parameter, value: str) -> int:
    """Bytes from ``5000000``, ``500K``, ``20MB`` or ``1.5G`` (powers of 1000)."""
    text = value.strip().upper().removesuffix("B")
    unit = text[-1:] if text[-1:] in _SIZE_UNITS else ""
    try:
        size = int(float(text.removesuffix(unit) or "x") * _SIZE_UNITS[unit])
    except (ValueError, OverflowError):  # "x", "inf", "nan"
        size = 0
    if size < 1:
        raise click.BadParameter(
            f"{value!r} is not a size; give bytes or a number with K, M or G (for example 20MB)"
        )
    return size


def _check_writable(folder: Path) -> None:
    """Fail before any work when the report cannot be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        reason = error.strerror or str(error)
        if folder.exists() and not folder.is_dir():  # mkdir's "File exists" says nothing
            reason = "it is a file, not a folder"
        raise OutputError(f"cannot write to output folder {folder}: {reason}") from None


@contextmanager
def _output_folder(folder: Path) -> Iterator[None]:
    """Check ``folder`` is writable (creating it); remove what was created if the run fails.

    A usage error found by the library (``--master`` without ``--engine
    spark``, a file given as the folder) or an interrupted run leaves no
    empty output folder behind; a folder that existed, or holds anything,
    is kept.
    """
    missing = [path for path in (folder, *folder.parents) if not path.exists()]
    _check_writable(folder)
    try:
        yield
    except BaseException:
        for path in missing:  # deepest first; stops at the first that is not empty
            try:
                path.rmdir()
            except OSError:
                break
        raise


class _StageLine:
    """Progress on stderr: one line per stage, updated in place on a terminal."""

    def __init__(self) -> None:
        self.stage = ""
        self.total = 0
        self.live = sys.stderr.isatty()

    def _finish(self) -> None:
        """End the line of the stage that ran; most report only their start (0/1)."""
        if self.live and self.stage:
            click.echo(f"\rdedup: {self.stage} {self.total}/{self.total}", err=True)

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage == "done":
            self._finish()
            return
        if stage != self.stage:
            self._finish()
            self.stage = stage
            if not self.live:
                click.echo(f"dedup: {stage}...", err=True)
        self.total = total
        if self.live:
            click.echo(f"\rdedup: {stage} {done}/{total}", err=True, nl=False)


def _summary(report: Report, out: Path) -> str:
    docs = report.documents
    refs = sum(d.role == "reference" for d in docs)
    labels: Counter[str] = Counter()
    for cluster in report.clusters:
        labels.update(m.label for i, m in enumerate(cluster.members) if i != cluster.canonical)
    members = sum(len(c.members) for c in report.clusters)
    boiler = sum(c.boilerplate for c in report.clusters)
    lines = [
        f"Scanned {count(len(docs), 'document')} ({refs} reference, {len(docs) - refs} media), "
        f"{len(report.skipped)} skipped.",
        f"Found {count(len(report.clusters), 'cluster')} ({boiler} boilerplate) with "
        f"{count(members, 'passage')}.",
        "Variants: " + ", ".join(f"{labels[k]} {k}" for k in
                                 ("verbatim", "cosmetic", "altered", "paraphrase")) + ".",
    ]
    by_id = {d.id: d for d in docs}
    widest = sorted(
        (c for c in report.clusters if not c.boilerplate),
        key=lambda c: (-len({m.doc for m in c.members}), -len(c.members), int(c.id[1:])),
    )[:5]
    if widest:
        lines.append("Most widely shared:")
    width = max([4, *(len(c.id) for c in widest)])  # c1043 and on keep the column
    for cluster in widest:
        canonical = cluster.members[cluster.canonical]
        text = " ".join(canonical.text.split())
        text = text if len(text) <= 72 else text[:69] + "..."
        shared = len({m.doc for m in cluster.members})
        lines.append(f"  {cluster.id:>{width}}  {shared} documents, {len(cluster.members)} "
                     f"passages, original in {by_id[canonical.doc].path}")
        lines.append(" " * (width + 4) + text)
    lines.append(f"Report: {out / 'report.json'}")
    lines.append(f"Review: {out / 'report.html'} (also clusters.csv, summary.md)")
    return "\n".join(lines)


def _nothing_readable(inputs: Sequence[Path], report: Report, input_format: str) -> str:
    """The error for a run that read no document, with why: all skipped, or none to read."""
    message = f"no readable documents in {', '.join(map(str, inputs))}"
    if report.skipped:
        return f"{message}: {len(report.skipped)} skipped (the warnings above say why)"
    (folder, *others) = inputs
    if input_format == "folder":
        mine = (" besides a dedup report, which is not read back"
                if not others and is_dedup_report(folder / "report.json") else "")
        return (f"{message}: {'they hold' if others else 'it holds'} no {KINDS_READ} "
                f"file{mine} (other files are ignored)")
    subfolders = sorted(child.name for child in folder.iterdir()
                        if child.is_dir() and child.name[0] not in "._") if folder.is_dir() else []
    if subfolders:  # a partitioned dataset (lang=en/part-0.jsonl ...)
        return (f"{message}: the part files of a dataset are read from the folder itself, "
                f"not from its subfolders ({', '.join(subfolders[:3])}"
                f"{' ...' if len(subfolders) > 3 else ''}); give a subfolder")
    return f"{message}: the dataset holds no records"


def _warn_unmatched_references(report: Report, references: Sequence[str],
                               input_format: str) -> None:
    """Warn when ``--reference`` was given and matched no document: all are media then."""
    if not references or not report.documents:
        return
    if any(doc.role == "reference" for doc in report.documents):
        return
    example = report.documents[0].path
    if input_format == "folder":  # a record's path is file#id; the glob sees the file
        example = example.split("#", 1)[0]
    globs = ", ".join(repr(glob) for glob in references)
    click.echo(f"warning: --reference {globs} matches no document, so every document is "
               "media (a GLOB is matched against each document's path in the folder and its "
               f"file name, such as {example})", err=True)


def _write_all(report: Report, out: Path, *, quotes: bool = False,
               cluster_files: bool = False) -> None:
    """Write report.json and the files rendered from it (and quotes.csv), as one set.

    Each file is written under a hidden name first and the set renamed into
    place only when all are complete, so an interrupted or failed run leaves
    the previous report.json, report.html, clusters.csv and summary.md as
    they were, never a new report.json beside an old report.html. A scan
    over an audit's report removes the audit's quotes.csv, and a run that
    writes no cluster part files (``cluster_files``) an earlier run's
    ``clusters/`` folder of them.
    """
    data = report_to_dict(report)
    writers: list[tuple[str, Callable[[Path], None]]] = [
        ("report.json", lambda path: write_json(report, path)),
        ("report.html", lambda path: write_html(data, path)),
        ("clusters.csv", lambda path: write_csv(data, path)),
        ("summary.md", lambda path: write_markdown(data, path)),
    ]
    if quotes:
        writers.append(("quotes.csv", lambda path: write_quotes_csv(data, path)))
    # An earlier audit's quotes.csv would sit beside a scan's report as if it were its own.
    stale = out / "quotes.csv"
    stale_quotes = (not quotes and stale.is_file()
                    and is_dedup_report(out / "report.json"))
    # Likewise an earlier --out-format run's clusters/: the clusters of another report.
    parts = out / CLUSTERS_FOLDER
    stale_parts = (not cluster_files and _holds_only_part_files(parts)
                   and is_dedup_report(out / "report.json"))
    staged: list[tuple[Path, Path]] = []
    try:
        for name, write in writers:
            staged.append((out / f".{name}.dedup-new", out / name))
            write(staged[-1][0])
        for new, final in staged:
            os.replace(new, final)
    except BaseException:
        for new, _ in staged:
            new.unlink(missing_ok=True)
        raise
    if stale_quotes:
        stale.unlink(missing_ok=True)
    if stale_parts:
        shutil.rmtree(parts, ignore_errors=True)


def _holds_only_part_files(folder: Path) -> bool:
    """Whether ``folder`` is one of cluster part files (``part-*``, Spark's ``_SUCCESS``, ``.crc``).

    Only such a folder is removed as stale: never one holding anything else.
    """
    try:
        names = [child.name for child in folder.iterdir()]
    except OSError:
        return False
    return folder.is_dir() and not folder.is_symlink() and all(
        name.startswith(("part-", "_", ".")) and not (folder / name).is_dir() for name in names)


# Options that scan and audit share, defined once.
_REFERENCE = click.option(
    "--reference", "references", multiple=True, metavar="GLOB",
    help="Documents whose path matches GLOB are reference sources (repeatable); "
         "overrides the roles of manifest.csv. A file or folder given by its path is "
         "one, and is read too if FOLDER does not hold it.")
_MAX_FILE_SIZE = click.option(
    "--max-file-size", callback=_byte_size, default="100MB", metavar="SIZE", show_default=True,
    help="Skip files larger than this (bytes, or with K, M, G).")


class _Warnings(logging.Handler):
    """The library's warnings (a manifest date that is no date) as ``warning:`` lines on stderr.

    Skipped files are left out: the commands name them from the report,
    which holds those of every engine.
    """

    def emit(self, record: logging.LogRecord) -> None:
        if not hasattr(record, "skipped"):
            click.echo(f"warning: {record.getMessage()}", err=True)


@click.group()
@click.version_option(__version__, prog_name="dedup")
def main() -> None:
    """Find duplicate and variant passages and quotations across documents."""
    library = logging.getLogger("dedup")
    if not any(isinstance(handler, _Warnings) for handler in library.handlers):
        library.addHandler(_Warnings(logging.WARNING))


@main.command("scan")
@click.argument("folder", nargs=-1, required=True, metavar="FOLDER...",
                type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("dedup-report"), show_default=True,
              help="Folder for report.json, report.html, clusters.csv and summary.md "
                   "(created if missing).")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="folder",
              show_default=True,
              help="FOLDER is a folder of documents, or a dataset path: a JSONL file or "
                   "folder of part files, or Parquet (--engine spark), one record each.")
@click.option("--out-format", type=click.Choice(OUT_FORMATS), default="json", show_default=True,
              help="Besides report.json, jsonl or parquet (--engine spark) also writes the "
                   "clusters as part files into OUT/clusters/.")
@click.option("--id-field", default="id", show_default=True,
              help="Field of a dataset record holding its id (--input-format jsonl/parquet).")
@click.option("--text-field", default="text", show_default=True,
              help="Field of a dataset record holding its text (--input-format jsonl/parquet).")
@_REFERENCE
@click.option("--shingle-size", type=click.IntRange(min=1), default=_DEFAULTS.shingle_size,
              show_default=True, help="Words per shingle.")
@click.option("--num-perm", type=click.IntRange(min=16), default=_DEFAULTS.num_perm,
              show_default=True, help="MinHash permutations.")
@click.option("--threshold", type=click.FloatRange(min=0.0, max=1.0, min_open=True),
              default=_DEFAULTS.threshold, show_default=True,
              help="Jaccard similarity of shingle sets for two passages to match.")
@click.option("--seed", type=click.IntRange(min=0, max=MAX_SEED), default=_DEFAULTS.seed,
              show_default=True, help="MinHash seed.")
@click.option("--min-words", type=click.IntRange(min=1), default=_DEFAULTS.min_words,
              show_default=True, help="Shortest passage, in words, that can match.")
@click.option("--max-window", type=click.IntRange(min=1), default=_DEFAULTS.max_window,
              show_default=True, help="Most adjacent sentences indexed as one unit.")
@_MAX_FILE_SIZE
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for the per-document stages [default: one per core, "
                   "one for less than 750,000 characters]; the report is the same for any number.")
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
              help="Where the scan runs: this machine, or Apache Spark (pip install "
                   "'dedup[spark]'); the report is the same.")
@click.option("--master", default=None, metavar="URL",
              help="Spark master for --engine spark (local[4], spark://host:7077, yarn).")
@click.option("--quiet", "-q", is_flag=True, help="No progress on stderr.")
def scan_command(
    folder: tuple[Path, ...],
    out: Path,
    input_format: str,
    out_format: str,
    id_field: str,
    text_field: str,
    references: Sequence[str],
    shingle_size: int,
    num_perm: int,
    threshold: float,
    seed: int,
    min_words: int,
    max_window: int,
    max_file_size: int,
    jobs: int | None,
    engine: str,
    master: str | None,
    quiet: bool,
) -> None:
    """Find passages that appear in more than one place in FOLDER.

    FOLDER may be several folders and files: documents are then named by
    their path from the folder that holds them all. Writes OUT/report.json
    and prints a summary. Exit code 0 when every file was read, 3 when some
    were skipped, 1 when nothing could be read.
    """
    try:
        config = ScanConfig(
            shingle_size=shingle_size,
            num_perm=num_perm,
            threshold=threshold,
            seed=seed,
            min_words=min_words,
            max_window=max_window,
            max_file_size=max_file_size,
            reference_globs=tuple(references),
            jobs=jobs,
        )
        with _output_folder(out):
            report = scan(folder, config, progress=None if quiet else _StageLine(),
                          engine=engine, master=master, input_format=input_format,
                          id_field=id_field, text_field=text_field,
                          cluster_files=None if out_format == "json" else ClusterFiles(
                              out / CLUSTERS_FOLDER, out_format))  # type: ignore[arg-type]
            for skipped in report.skipped:
                click.echo(f"warning: skipped {skipped.path}: {skipped.reason}", err=True)
            _warn_unmatched_references(report, references, input_format)
            _write_all(report, out, cluster_files=out_format != "json")
    except ConfigError as error:
        raise click.UsageError(str(error)) from None
    except DedupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(_summary(report, out))
    if not report.documents:
        raise click.ClickException(_nothing_readable(folder, report, input_format))
    click.get_current_context().exit(report.exit_code)


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
@main.command("report")
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
                        _check_writable(path.parent)
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


_AUDIT_LABELS = ("verbatim", "cosmetic", "altered", "paraphrase", "unsourced", "misattributed")


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
        lines.append("Verdicts: " + ", ".join(f"{labels[k]} {k}" for k in _AUDIT_LABELS
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
        counts = ", ".join(f"{counted[k]} {k}" for k in _AUDIT_LABELS if counted[k])
        lines.append(f"    {count(len(quotes), 'quotation')}: {counts or 'none'}; "
                     f"mean fidelity {mean}")
    if len(listed) < len(media):
        lines.append(f"  ... and {count(len(media) - len(listed), 'more media document')} "
                     "(all in quotes.csv)")
    lines.append(f"Report: {out / 'report.json'}, {out / 'quotes.csv'}")
    lines.append(f"Review: {out / 'report.html'}")
    return "\n".join(lines)


@main.command("audit")
@click.argument("folder", nargs=-1, required=True, metavar="FOLDER...",
                type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("dedup-report"), show_default=True,
              help="Folder for report.json, quotes.csv, report.html and summary.md "
                   "(created if missing).")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="folder",
              show_default=True,
              help="FOLDER is a folder of documents, or a dataset path: a JSONL file or "
                   "folder of part files, or Parquet (--engine spark), one record each; its "
                   "records with role reference, or matching --reference, are the record.")
@click.option("--id-field", default="id", show_default=True,
              help="Field of a dataset record holding its id (--input-format jsonl/parquet).")
@click.option("--text-field", default="text", show_default=True,
              help="Field of a dataset record holding its text (--input-format jsonl/parquet).")
@_REFERENCE
@click.option("--fail-on", "fail_on", multiple=True, type=click.Choice(_AUDIT_LABELS),
              help="Exit with code 4 when any quotation gets this label (repeatable).")
@_MAX_FILE_SIZE
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for the media documents [default: one per core, "
                   "one for less than 750,000 characters]; the report is the same for any number.")
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
              help="Where the media documents are audited: this machine, or Apache Spark "
                   "(pip install 'dedup[spark]'); the report is the same.")
@click.option("--master", default=None, metavar="URL",
              help="Spark master for --engine spark (local[4], spark://host:7077, yarn).")
@click.option("--quiet", "-q", is_flag=True, help="No progress on stderr.")
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
        with _output_folder(out):
            report = audit(folder, config, progress=None if quiet else _StageLine(),
                           engine=engine, master=master, input_format=input_format,
                           id_field=id_field, text_field=text_field)
            for skipped in report.skipped:
                click.echo(f"warning: skipped {skipped.path}: {skipped.reason}", err=True)
            _warn_unmatched_references(report, references, input_format)
            _write_all(report, out, quotes=True)
    except ConfigError as error:
        raise click.UsageError(str(error)) from None
    except DedupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(_audit_summary(report, out))
    if not report.documents:
        raise click.ClickException(_nothing_readable(folder, report, input_format))
    failed = sorted({q.label for q in report.quotes} & set(fail_on))
    if failed:
        click.echo(f"dedup: quotations labelled {', '.join(failed)} (--fail-on)", err=True)
        click.get_current_context().exit(4)
    click.get_current_context().exit(report.exit_code)


def _edit_words(edit: Edit) -> str:
    """One edit as a reader says it (:func:`dedup.report.view.edit_words`)."""
    return edit_words(dataclasses.asdict(edit))


def _where(document: Document, source: QuoteSource) -> str:
    """Where a passage of the record is, by line and characters, and who said it."""
    said_by = f", said by {source.speaker}" if source.speaker else ""
    about = ", ".join(part for part in (document.outlet, document.date) if part)
    return (f"{document.path} line {line_number(document.text, source.start)}, chars "
            f"{source.start}-{source.end}{f' ({about})' if about else ''}{said_by}:")


def _check_summary(report: Report) -> str:
    """Each quotation of the checked text: its verdict, its edits and where the record has it."""
    by_id = {doc.id: doc for doc in report.documents}
    record = sum(doc.role == "reference" for doc in report.documents)
    lines: list[str] = []
    for quote in report.quotes:
        speaker = f"{quote.speaker}: " if quote.speaker else ""
        if lines:
            lines.append("")
        lines.append(f"“{' '.join(quote.text.split())}”")
        if quote.source is None or quote.fidelity is None:
            where = "its speaker's turns of the record" if quote.speaker else "the record"
            lines.append(f"  {speaker}unsourced: fewer than half of its words are in {where} "
                         f"({count(record, 'reference document')})")
            continue
        shown = (*quote.flags, "short") if quote.short else quote.flags  # words said by many
        flags = f" ({', '.join(shown)})" if shown else ""
        lines.append(f"  {speaker}{quote.label}, fidelity {quote.fidelity:.2f}{flags}")
        edits = [_edit_words(edit) for edit in quote.edits if not edit.trim]
        if edits:
            lines.append(f"  Edits: {'; '.join(edits)}")
        if len(quote.passages) > 1:  # a splice, or an ellipsis: where each piece is
            lines.append(f"  Sources, its {len(quote.passages)} passages in its order:")
            for number, passage in enumerate(quote.passages, start=1):
                lines.append(f"  {number}. {_where(by_id[passage.doc], passage)}")
                lines.append(f"    {' '.join(passage.text.split())}")
        else:
            lines.append(f"  Source: {_where(by_id[quote.source.doc], quote.source)}")
            lines.append(f"    {' '.join(quote.source.text.split())}")
    if not report.quotes:
        lines.append("No quotation to check in the text.")
    return "\n".join(lines)


@main.command("check")
@click.argument("text", required=False)
@click.argument("references", nargs=-1, metavar="REFERENCE...",
                type=click.Path(exists=True, path_type=Path))
@click.option("--speaker", metavar="NAME",
              help="Who is said to have said it (for a quotation given without its "
                   "attribution): the words must be in that speaker's turns of the record.")
@click.option("--reference", "reference_globs", multiple=True, metavar="GLOB",
              help="Only the documents whose path matches GLOB are the record (repeatable) "
                   "[default: those manifest.csv calls reference, else all]. A file or "
                   "folder given by its path is, and is read too if REFERENCE does not hold it.")
@click.option("--each", "each", type=click.Path(exists=True, dir_okay=False, allow_dash=True,
                                               path_type=Path),
              default=None, metavar="FILE",
              help="Check each quotation of FILE (- for standard input), one a line, "
                   "against a record read once (no TEXT): prints a line of JSON each.")
@click.option("--each-format", type=click.Choice(EACH_FORMATS), default="jsonl",
              show_default=True,
              help='The lines of --each FILE: JSON objects ({"text": ..., "speaker": ...}, '
                   "other fields echoed), or plain text.")
@click.option("--out", "out", type=click.Path(path_type=Path), default=None, metavar="DIR",
              help="Also write report.json, quotes.csv, report.html and summary.md into this "
                   "folder; with --each, the FILE to write the lines to (not standard output).")
@click.option("--fail-on", "fail_on", multiple=True, type=click.Choice(_AUDIT_LABELS),
              help="Exit with code 4 when a quotation gets this label (repeatable).")
@click.option("--json", "as_json", is_flag=True,
              help="Print the report as report.json holds it, not the verdicts as text.")
@_MAX_FILE_SIZE
@click.option("--quiet", "-q", is_flag=True, help="No progress on stderr.")
@click.pass_context
def check_command(
    ctx: click.Context,
    text: str | None,
    references: tuple[Path, ...],
    speaker: str | None,
    reference_globs: Sequence[str],
    each: Path | None,
    each_format: EachFormat,
    out: Path | None,
    fail_on: Sequence[str],
    as_json: bool,
    max_file_size: int,
    quiet: bool,
) -> None:
    """Check a quotation someone read or heard against the record in REFERENCE.

    TEXT is the quotation (quotation marks optional), or a passage that
    quotes between marks, or - to read it from standard input. Prints each
    quotation's verdict, the edits from the record's words, and where the
    record has them. With --each FILE, no TEXT: each line of FILE is checked
    and gets a line of JSON, its report or its error. Exit code 0, 3 when
    some reference files were skipped or some --each lines failed, 4 when
    a quotation got a --fail-on label, 1 when no reference could be read.
    """
    text, references = _check_arguments(ctx, text, references, each, out)
    if each is not None:
        if speaker is not None:
            raise click.UsageError("--speaker is for one TEXT: with --each, give each line's "
                                   'speaker in its "speaker" field (--each-format jsonl)')
        _check_each(each, each_format, references, reference_globs, out, fail_on,
                    max_file_size, quiet)
        return
    if each_format != "jsonl":
        raise click.UsageError("--each-format is the format of the --each FILE: give --each")
    assert text is not None  # _check_arguments: TEXT is given without --each
    if text == "-":
        text = sys.stdin.read()
    try:
        config = AuditConfig(reference_globs=tuple(reference_globs),
                             max_file_size=max_file_size)
        report = check(text, references, config, speaker=speaker,
                       progress=None if quiet else _StageLine())
        for skipped in report.skipped:
            click.echo(f"warning: skipped {skipped.path}: {skipped.reason}", err=True)
        _require_record(report.documents, references, reference_globs, report.skipped)
        if out is not None:
            with _output_folder(out):
                _write_all(report, out, quotes=True)
    except ConfigError as error:
        raise click.UsageError(str(error)) from None
    except DedupError as error:
        raise click.ClickException(str(error)) from None
    if as_json:  # for a newsroom's tools: the same bytes as report.json
        click.echo("".join(report_json(report)), nl=False)
    else:
        click.echo(_check_summary(report))
    failed = sorted({q.label for q in report.quotes} & set(fail_on))
    if failed:
        click.echo(f"dedup: quotations labelled {', '.join(failed)} (--fail-on)", err=True)
        click.get_current_context().exit(4)
    click.get_current_context().exit(report.exit_code)


def _check_arguments(ctx: click.Context, text: str | None, references: tuple[Path, ...],
                     each: Path | None, out: Path | None) -> tuple[str | None, tuple[Path, ...]]:
    """TEXT and the REFERENCE paths: with --each every argument is a REFERENCE, so no TEXT.

    And ``--out``: a folder for one TEXT, a file for --each; click's own
    checks and messages, as if each had its own option.
    """
    params = {param.name: param for param in ctx.command.params}
    if out is not None:
        kind = click.Path(dir_okay=False) if each is not None else click.Path(file_okay=False)
        kind.convert(str(out), params["out"], ctx)
    if each is None:
        if text is None:  # optional for --each alone: click would call it '[TEXT]'
            raise click.UsageError("Missing argument 'TEXT'.", ctx)
        if not references:
            raise click.MissingParameter(ctx=ctx, param=params["references"])
        return text, references
    if text is None:
        raise click.MissingParameter(ctx=ctx, param=params["references"])
    if not Path(text).exists():
        raise click.UsageError(
            f"--each reads the quotations from {each}, so every argument is a REFERENCE "
            f"of the record, and {text!r} is no file or folder: give no TEXT with --each")
    return None, (Path(text), *references)


def _require_record(documents: Sequence[Document], references: Sequence[Path],
                    reference_globs: Sequence[str], skipped: tuple[Skipped, ...]) -> None:
    """Fail when no document of ``references`` is the record: nothing to check against."""
    if any(doc.role == "reference" for doc in documents):
        return
    if reference_globs:
        globs = ", ".join(repr(glob) for glob in reference_globs)
        raise click.ClickException(
            f"--reference {globs} matches no document of "
            f"{', '.join(map(str, references))}, so there is no record to check "
            "against (a GLOB is matched against each document's path and file name)")
    raise click.ClickException(_nothing_readable(references, Report({}, (), (), skipped),
                                                 "folder"))


def _check_each(each: Path, each_format: EachFormat, references: tuple[Path, ...],
                reference_globs: Sequence[str], out: Path | None, fail_on: Sequence[str],
                max_file_size: int, quiet: bool) -> None:
    """``dedup check --each``: the record read once, then a line of JSON per line of ``each``."""
    try:
        if out is not None:
            _check_writable(out.parent)
        lines = sys.stdin.buffer if str(each) == "-" else each.open("rb")
    except OSError as error:
        raise click.ClickException(f"cannot read {each}: {error.strerror or error}") from None
    except DedupError as error:
        raise click.ClickException(str(error)) from None
    failed, labels = 0, set[str]()
    with lines:
        try:
            config = AuditConfig(reference_globs=tuple(reference_globs),
                                 max_file_size=max_file_size)
            checker = Checker(references, config, progress=None if quiet else _StageLine())
        except ConfigError as error:
            raise click.UsageError(str(error)) from None
        except DedupError as error:
            raise click.ClickException(str(error)) from None
        for skipped in checker.skipped:
            click.echo(f"warning: skipped {skipped.path}: {skipped.reason}", err=True)
        _require_record(checker.record, references, reference_globs, checker.skipped)

        def written() -> Iterator[str]:
            nonlocal failed
            for outcome in check_lines(checker, lines, each_format):
                failed += outcome.failed
                labels.update(outcome.labels)
                yield outcome.json + "\n"

        try:
            if out is None:
                for line in written():
                    click.echo(line, nl=False)
            else:
                write_atomic(out, written())
        except OSError as error:
            raise click.ClickException(f"cannot write {out or 'standard output'}: "
                                       f"{error.strerror or error}") from None
    if failed:
        click.echo(f"dedup: {count(failed, 'line')} of {each} could not be checked "
                   '(see their "error")', err=True)
    hit = sorted(labels & set(fail_on))
    if hit:
        click.echo(f"dedup: quotations labelled {', '.join(hit)} (--fail-on)", err=True)
        click.get_current_context().exit(4)
    click.get_current_context().exit(3 if failed or checker.skipped else 0)
