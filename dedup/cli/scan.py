"""``dedup scan``: folders -> ``ScanConfig`` -> ``dedup.scan`` -> report files and a summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import click

from dedup import scan
from dedup.cli.shared import (
    DEFAULTS,
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
from dedup.config import MAX_SEED, ScanConfig
from dedup.engines import ENGINES
from dedup.errors import ConfigError, DedupError
from dedup.ingest.dataset import INPUT_FORMATS
from dedup.models import Report
from dedup.report.cluster_files import CLUSTERS_FOLDER, OUT_FORMATS, ClusterFiles
from dedup.report.view import count


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
        lines.append(f"  {cluster.id:>{width}}  {count(shared, 'document')}, "
                     f"{len(cluster.members)} passages, original in {by_id[canonical.doc].path}")
        lines.append(" " * (width + 4) + text)
    lines.append(f"Report: {out / 'report.json'}")
    lines.append(f"Review: {out / 'report.html'} (also clusters.csv, summary.md)")
    return "\n".join(lines)


@click.command("scan")
@FOLDERS
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
@ID_FIELD
@TEXT_FIELD
@REFERENCE
@click.option("--shingle-size", type=click.IntRange(min=1), default=DEFAULTS.shingle_size,
              show_default=True, help="Words per shingle.")
@click.option("--num-perm", type=click.IntRange(min=16), default=DEFAULTS.num_perm,
              show_default=True, help="MinHash permutations.")
@click.option("--threshold", type=click.FloatRange(min=0.0, max=1.0, min_open=True),
              default=DEFAULTS.threshold, show_default=True,
              help="Jaccard similarity of shingle sets for two passages to match.")
@click.option("--seed", type=click.IntRange(min=0, max=MAX_SEED), default=DEFAULTS.seed,
              show_default=True, help="MinHash seed.")
@click.option("--min-words", type=click.IntRange(min=1), default=DEFAULTS.min_words,
              show_default=True, help="Shortest passage, in words, that can match.")
@click.option("--max-window", type=click.IntRange(min=1), default=DEFAULTS.max_window,
              show_default=True, help="Most adjacent sentences indexed as one unit.")
@MAX_FILE_SIZE
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for the per-document stages [default: one per core, "
                   "one for less than 750,000 characters]; the report is the same for any number.")
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
              help="Where the scan runs: this machine, or Apache Spark (pip install "
                   "'dedup[spark]'); the report is the same.")
@MASTER
@QUIET
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
        with output_folder(out):
            report = scan(folder, config, progress=None if quiet else StageLine(),
                          engine=engine, master=master, input_format=input_format,
                          id_field=id_field, text_field=text_field,
                          cluster_files=None if out_format == "json" else ClusterFiles(
                              out / CLUSTERS_FOLDER, out_format))  # type: ignore[arg-type]
            for skipped in report.skipped:
                click.echo(f"warning: skipped {skipped.path}: {skipped.reason}", err=True)
            warn_unmatched_references(report, references, input_format)
            write_all(report, out, cluster_files=out_format != "json")
    except ConfigError as error:
        raise click.UsageError(str(error)) from None
    except DedupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(_summary(report, out))
    if not report.documents:
        raise click.ClickException(nothing_readable(folder, report, input_format))
    click.get_current_context().exit(report.exit_code)
