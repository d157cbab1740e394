"""Report -> a folder of cluster part files, for reports too big for one file.

``--out-format jsonl`` or ``parquet`` writes, besides ``report.json``, the
folder ``clusters/`` of part files holding one row per cluster, each row
the cluster exactly as ``report.json`` holds it (``cluster_dicts``): id,
canonical, boilerplate, documents, members with their edits. In Parquet the
same fields are typed columns (``PARQUET_SCHEMA``). The local engine writes
JSONL as one part file; the Spark engine writes either format from its
executors, one part file per partition (``dedup.engines.spark_io``).

Always holds: the folder is written under a temporary name beside its
final place and renamed into it once complete, so a reader sees the
previous folder, or none, or the whole new one, never part of one; the
rows are in cluster order (``c1, c2, ...``), and reading the part files in
name order gives that order.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from dedup.models import Report
from dedup.report.json_writer import cluster_dicts

OUT_FORMATS = ("json", "jsonl", "parquet")
"""What ``--out-format`` accepts; ``json`` writes ``report.json`` alone."""

CLUSTERS_FOLDER = "clusters"
"""The folder of part files, inside the output folder."""

PARQUET_SCHEMA = (
    "id STRING, canonical INT, boilerplate BOOLEAN, documents INT, "
    "members ARRAY<STRUCT<doc: STRING, start: INT, end: INT, line: INT, text: STRING, "
    "fidelity: DOUBLE, label: STRING, trimmed: BOOLEAN, against: INT, "
    "edits: ARRAY<STRUCT<op: STRING, source: STRING, variant: STRING, material: STRING, "
    "cosmetic: BOOLEAN, trim: BOOLEAN, source_start: INT, source_end: INT, "
    "variant_start: INT, variant_end: INT>>>>"
)
"""The Parquet columns (Spark DDL): the fields of a cluster in ``report.json``."""


@dataclass(frozen=True)
class ClusterFiles:
    """Where and how to write the cluster part files."""

    folder: Path
    format: Literal["jsonl", "parquet"]


def cluster_rows(report: Report) -> Iterator[dict[str, Any]]:
    """The clusters of ``report`` as ``report.json`` holds them, in order."""
    return cluster_dicts(report.clusters, {doc.id: doc.text for doc in report.documents})


def jsonl_line(row: dict[str, Any]) -> str:
    r"""One cluster row as a JSONL line (without its line break).

    The characters besides ``\n`` that ``str.splitlines`` ends a line at and
    JSON leaves unescaped (U+0085, U+2028, U+2029: a line separator pasted
    from a word processor) are escaped, so that the file splits into its
    rows however it is read.

    Example:
        >>> jsonl_line({"text": "a\u2028b"})
        '{"text": "a\\u2028b"}'

    """
    line = json.dumps(row, ensure_ascii=False)
    if "\x85" in line or "\u2028" in line or "\u2029" in line:  # rare: translate only then
        line = line.translate(_LINE_BREAKS)
    return line


_LINE_BREAKS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def write_cluster_files(report: Report, target: ClusterFiles) -> Path:
    """Write the clusters as one JSONL part file into ``target.folder``, atomically."""
    if target.format != "jsonl":
        from dedup.errors import ConfigError

        raise ConfigError(f"{target.format} cluster files are written by the Spark engine: "
                          "add --engine spark, or use --out-format jsonl")
    target.folder.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(dir=target.folder.parent,
                                      prefix=f".{target.folder.name}.", suffix=".tmp"))
    try:
        with (temporary / "part-00000.jsonl").open("w", encoding="utf-8", newline="\n") as out:
            for row in cluster_rows(report):
                out.write(jsonl_line(row) + "\n")
        os.chmod(temporary, 0o777 & ~_umask())
        replace_folder(temporary, target.folder)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return target.folder


def replace_folder(complete: Path, folder: Path) -> None:
    """Put the ``complete`` folder at ``folder``, moving any previous one aside first."""
    old = None
    if folder.exists():
        old = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.", suffix=".old"))
        os.replace(folder, old / folder.name)
    os.replace(complete, folder)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
