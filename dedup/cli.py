"""The ``dedup`` command: options -> config -> library call -> files -> exit code.

A thin layer: every option is turned into a :class:`ScanConfig` once, here;
the library does the work; :class:`DedupError` becomes a one-line error with
exit code 1, a bad option exit code 2 (click's usage error).

Exit codes: 0 every file read; 1 fatal error or nothing readable; 2 usage
error; 3 the scan finished but some files were skipped.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import click

from dedup import __version__, scan
from dedup.config import ScanConfig
from dedup.errors import DedupError, OutputError
from dedup.models import Report
from dedup.report import write_json

_DEFAULTS = ScanConfig()


def _check_writable(folder: Path) -> None:
    """Fail before any work when the report cannot be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        reason = error.strerror or str(error)
        raise OutputError(f"cannot write to output folder {folder}: {reason}") from None


class _StageLine:
    """Progress on stderr: one line per stage, updated in place on a terminal."""

    def __init__(self) -> None:
        self.stage = ""
        self.live = sys.stderr.isatty()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage == "done":
            if self.live:
                click.echo("", err=True)
            return
        if stage != self.stage:
            if self.live and self.stage:
                click.echo("", err=True)
            self.stage = stage
            if not self.live:
                click.echo(f"dedup: {stage}...", err=True)
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
        f"Scanned {len(docs)} documents ({refs} reference, {len(docs) - refs} media), "
        f"{len(report.skipped)} skipped.",
        f"Found {len(report.clusters)} clusters ({boiler} boilerplate) with {members} passages.",
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
    for cluster in widest:
        canonical = cluster.members[cluster.canonical]
        text = " ".join(canonical.text.split())
        text = text if len(text) <= 72 else text[:69] + "..."
        sources = len({m.doc for m in cluster.members})
        lines.append(f"  {cluster.id:>4}  {sources} documents, {len(cluster.members)} passages, "
                     f"original in {by_id[canonical.doc].path}")
        lines.append(f"        {text}")
    lines.append(f"Report: {out / 'report.json'}")
    return "\n".join(lines)


@click.group()
@click.version_option(__version__, prog_name="dedup")
def main() -> None:
    """Find duplicate and variant passages and quotations across documents."""


@main.command("scan")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("dedup-report"), show_default=True,
              help="Folder for report.json (created if missing).")
@click.option("--reference", "references", multiple=True, metavar="GLOB",
              help="Documents whose path matches GLOB are reference sources (repeatable); "
                   "overrides the roles of manifest.csv.")
@click.option("--shingle-size", type=click.IntRange(min=1), default=_DEFAULTS.shingle_size,
              show_default=True, help="Words per shingle.")
@click.option("--num-perm", type=click.IntRange(min=16), default=_DEFAULTS.num_perm,
              show_default=True, help="MinHash permutations.")
@click.option("--threshold", type=click.FloatRange(min=0.0, max=1.0, min_open=True),
              default=_DEFAULTS.threshold, show_default=True,
              help="Jaccard similarity of shingle sets for two passages to match.")
@click.option("--seed", type=int, default=_DEFAULTS.seed, show_default=True,
              help="MinHash seed.")
@click.option("--min-words", type=click.IntRange(min=1), default=_DEFAULTS.min_words,
              show_default=True, help="Shortest passage, in words, that can match.")
@click.option("--max-window", type=click.IntRange(min=1), default=_DEFAULTS.max_window,
              show_default=True, help="Most adjacent sentences indexed as one unit.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for the per-document stages [default: one per core]; "
                   "the report is the same for any number.")
@click.option("--quiet", "-q", is_flag=True, help="No progress on stderr.")
def scan_command(
    folder: Path,
    out: Path,
    references: Sequence[str],
    shingle_size: int,
    num_perm: int,
    threshold: float,
    seed: int,
    min_words: int,
    max_window: int,
    jobs: int | None,
    quiet: bool,
) -> None:
    """Find passages that appear in more than one place in FOLDER.

    Writes OUT/report.json and prints a summary. Exit code 0 when every file
    was read, 3 when some were skipped, 1 when nothing could be read.
    """
    try:
        config = ScanConfig(
            shingle_size=shingle_size,
            num_perm=num_perm,
            threshold=threshold,
            seed=seed,
            min_words=min_words,
            max_window=max_window,
            reference_globs=tuple(references),
            jobs=jobs,
        )
        _check_writable(out)
        report = scan(folder, config, progress=None if quiet else _StageLine())
        for skipped in report.skipped:
            click.echo(f"warning: skipped {skipped.path}: {skipped.reason}", err=True)
        write_json(report, out / "report.json")
    except DedupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(_summary(report, out))
    if not report.documents:
        raise click.ClickException(f"no readable documents in {folder}")
    click.get_current_context().exit(report.exit_code)
