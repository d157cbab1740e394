"""What the commands share: options, the output folder, progress, warnings, writing reports.

The options two commands take (``--reference``, ``--max-file-size``), the
output folder (checked writable before a scan starts, its files replaced
only when all are written), the progress line on stderr, the library's
warnings as lines on stderr, and the report files of a scan or an audit.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import click

from dedup.config import ScanConfig
from dedup.errors import OutputError
from dedup.ingest import KINDS_READ, is_dedup_report
from dedup.models import Report
from dedup.report import (
    report_to_dict,
    write_csv,
    write_html,
    write_json,
    write_markdown,
    write_quotes_csv,
)
from dedup.report.cluster_files import CLUSTERS_FOLDER

DEFAULTS = ScanConfig()


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


def check_writable(folder: Path) -> None:
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
def output_folder(folder: Path) -> Iterator[None]:
    """Check ``folder`` is writable (creating it); remove what was created if the run fails.

    A usage error found by the library (``--master`` without ``--engine
    spark``, a file given as the folder) or an interrupted run leaves no
    empty output folder behind; a folder that existed, or holds anything,
    is kept.
    """
    missing = [path for path in (folder, *folder.parents) if not path.exists()]
    check_writable(folder)
    try:
        yield
    except BaseException:
        for path in missing:  # deepest first; stops at the first that is not empty
            try:
                path.rmdir()
            except OSError:
                break
        raise


class StageLine:
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
        """Show ``done`` of ``total`` of ``stage`` (the library's progress callback)."""
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


def nothing_readable(inputs: Sequence[Path], report: Report, input_format: str) -> str:
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


def warn_unmatched_references(report: Report, references: Sequence[str],
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


def write_all(report: Report, out: Path, *, quotes: bool = False,
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
REFERENCE = click.option(
    "--reference", "references", multiple=True, metavar="GLOB",
    help="Documents whose path matches GLOB are reference sources (repeatable); "
         "overrides the roles of manifest.csv. A file or folder given by its path is "
         "one, and is read too if FOLDER does not hold it.")
MAX_FILE_SIZE = click.option(
    "--max-file-size", callback=_byte_size, default="100MB", metavar="SIZE", show_default=True,
    help="Skip files larger than this (bytes, or with K, M, G).")
FOLDERS = click.argument("folder", nargs=-1, required=True, metavar="FOLDER...",
                         type=click.Path(exists=True, path_type=Path))
ID_FIELD = click.option(
    "--id-field", default="id", show_default=True,
    help="Field of a dataset record holding its id (--input-format jsonl/parquet).")
TEXT_FIELD = click.option(
    "--text-field", default="text", show_default=True,
    help="Field of a dataset record holding its text (--input-format jsonl/parquet).")
MASTER = click.option(
    "--master", default=None, metavar="URL",
    help="Spark master for --engine spark (local[4], spark://host:7077, yarn).")
QUIET = click.option("--quiet", "-q", is_flag=True, help="No progress on stderr.")


class Warnings(logging.Handler):
    """The library's warnings (a manifest date that is no date) as ``warning:`` lines on stderr.

    Skipped files are left out: the commands name them from the report,
    which holds those of every engine.
    """

    def emit(self, record: logging.LogRecord) -> None:
        """Print the warning, unless it names a skipped file."""
        if not hasattr(record, "skipped"):
            click.echo(f"warning: {record.getMessage()}", err=True)


AUDIT_LABELS = ("verbatim", "cosmetic", "altered", "paraphrase", "unsourced", "misattributed")
