"""Datasets in and cluster part files out, on Spark's executors, for the Spark engine.

In: a JSONL or Parquet dataset path (:mod:`dedup.ingest.dataset` says what
one holds). JSONL part files (listed as the local engine lists them, when
the driver sees the path) are read whole on the executors and cut into
records by the local reader (:func:`dedup.ingest.dataset.jsonl_records`);
Parquet rows are read by Spark and checked by the same function the local
reader uses for a record (:func:`dedup.ingest.dataset.field_record`). Out:
``(index, Document)`` pairs, numbered in id order, still on the executors,
and the records skipped (collected: they are few, and the report lists them).
Out: the clusters as part files (:mod:`dedup.report.cluster_files`), one
per partition, written by the executors into a temporary folder that is
then renamed into place.

Needs no import of pyspark: it calls the session and RDDs it is given.

Always holds: a JSONL dataset gives the documents and skipped records the
local engine's :func:`~dedup.ingest.dataset.load_dataset` gives.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from dedup.errors import OutputError
from dedup.ingest.dataset import (
    Dataset,
    Keyed,
    dataset_files,
    field_record,
    jsonl_records,
    settle,
)
from dedup.ingest.records import METADATA_FIELDS
from dedup.models import Report, Skipped
from dedup.report.cluster_files import PARQUET_SCHEMA, ClusterFiles, cluster_rows, jsonl_line


def read_dataset(session: Any, path: Path, dataset: Dataset, parts: int) -> tuple[Any,
                                                                                 list[Skipped]]:
    """``(index, Text)`` of the dataset's records in id order (an RDD), and those skipped."""
    if path.exists():
        # The executors (and Spark's own reader) resolve a relative path from
        # their working folder, the driver's only until the driver changes its own.
        path = Path(os.path.abspath(path))
    if dataset.format == "jsonl":
        found = _jsonl_found(session.sparkContext, path, dataset, parts)
    else:
        frame = session.read.parquet(str(path))
        wanted = {dataset.id_field, dataset.text_field, "role", *METADATA_FIELDS}
        columns = [f"`{name}`" for name in frame.columns if name in wanted]
        found = (frame.selectExpr(*columns, "input_file_name() AS `__file`").rdd
                 .map(partial(_parquet_row, dataset)))
    found = found.cache()
    settled = (found.filter(lambda item: not isinstance(item, Skipped))
               .map(lambda item: (item[0][0], item))
               .groupByKey(parts)
               .map(lambda kv: settle(kv[1]))
               .cache())
    repeated = settled.flatMap(lambda kv: kv[1])
    skipped = found.filter(lambda item: isinstance(item, Skipped)).union(repeated).collect()
    texts = (settled.flatMap(lambda kv: ((text.path, text) for text in kv[0]))
             .sortByKey(numPartitions=parts)
             .values()
             .zipWithIndex()
             .map(lambda kv: (kv[1], kv[0])))
    found.unpersist()
    return texts, sorted(skipped, key=lambda item: (item.path, item.reason))


def _jsonl_found(sc: Any, path: Path, dataset: Dataset, parts: int) -> Any:
    """The keyed and the skipped records of a JSONL dataset (an RDD).

    A path this machine sees is listed here, as the local engine lists it
    (``dataset_files``), and each part file is read by path on an executor:
    Hadoop's paths would take ``[1]`` or ``{a,b}`` in a name for a pattern,
    fail on a ``:`` in a file name, and skip a file named ``_...`` even when
    it is the dataset. Any other path (``hdfs://...``) is Spark's to read.
    """
    if not path.exists():
        return sc.binaryFiles(str(path)).flatMap(partial(_jsonl_file, dataset))
    files = [(relative, str(location)) for relative, location in dataset_files(path)]
    return (sc.parallelize(files, max(1, min(parts, len(files))))
            .flatMap(partial(_jsonl_path, dataset)))


def _jsonl_path(dataset: Dataset, item: tuple[str, str]) -> Iterator[Keyed | Skipped]:
    """The keyed records and the skipped ones of the part file ``(name, location)``."""
    relative, location = item
    try:
        data = Path(location).read_bytes()
    except OSError as error:
        yield Skipped(relative, f"cannot be read ({error.strerror or error})")
        return
    yield from _jsonl_file(dataset, (relative, data))


def _jsonl_file(dataset: Dataset, item: tuple[str, bytes]) -> Iterator[Keyed | Skipped]:
    """The keyed records and the skipped ones of one JSONL part file."""
    uri, data = item
    keyed, skipped = jsonl_records(uri.rstrip("/").rsplit("/", 1)[-1], data,
                                   id_field=dataset.id_field, text_field=dataset.text_field)
    yield from keyed
    yield from skipped


def _parquet_row(dataset: Dataset, row: Any) -> Keyed | Skipped:
    """One Parquet row as a keyed record, or why it is skipped."""
    fields = row.asDict()
    file_name = str(fields.pop("__file")).rstrip("/").rsplit("/", 1)[-1]
    key = fields.get(dataset.id_field)
    return field_record(fields, file_name, 0, label=f"record {key}",
                        id_field=dataset.id_field, text_field=dataset.text_field)


def first_texts(texts: Any, sizes: Sequence[int], chars: int) -> Iterable[str]:
    """The texts of the first documents, as many as ``chars`` characters need, in order.

    Fetched from the executors only when iterated (a packaged Punkt model
    needs no training text).
    """
    used = count = 0
    for size in sizes:
        if used >= chars:
            break
        used += size + 2
        count += 1
    wanted = count
    yield from (text.text for _, text in
                sorted(texts.filter(lambda kv: kv[0] < wanted).collect(), key=lambda kv: kv[0]))


def write_clusters(session: Any, report: Report, target: ClusterFiles, parts: int) -> None:
    """Write the report's clusters as part files into ``target.folder``, from the executors.

    Written under a temporary name beside the folder, then renamed into place
    with Hadoop's file system calls (so the folder may be on HDFS or any file
    system Spark writes to, as long as the driver can see it too).
    """
    sc = session.sparkContext
    lines = [jsonl_line(row) for row in cluster_rows(report)]
    rdd = sc.parallelize(lines, max(1, min(parts, len(lines))))
    # Absolute when this machine sees the folder's parent (the CLI has made
    # it): Hadoop takes a relative "run:1/clusters" for a URI of scheme "run".
    folder = str(target.folder.absolute() if target.folder.parent.is_dir() else target.folder)
    temporary = f"{folder.rstrip('/')}.{uuid.uuid4().hex}.tmp"
    if target.format == "jsonl":
        rdd.saveAsTextFile(temporary)
    else:
        session.read.schema(PARQUET_SCHEMA).json(rdd).write.parquet(temporary)
    hadoop = sc._jvm.org.apache.hadoop.fs  # noqa: SLF001 - py4j gateway, no public API for this
    complete, final = hadoop.Path(temporary), hadoop.Path(folder)
    files = complete.getFileSystem(sc._jsc.hadoopConfiguration())  # noqa: SLF001
    old = hadoop.Path(f"{folder.rstrip('/')}.{uuid.uuid4().hex}.old")
    had = files.exists(final)
    if had and not files.rename(final, old):
        raise OutputError(f"cannot move the previous {folder} aside")
    if not files.rename(complete, final):
        raise OutputError(f"cannot rename {temporary} to {folder}")
    if had:
        files.delete(old, True)
