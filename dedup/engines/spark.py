"""Folder -> Report on Apache Spark: the stages of ``dedup.pipeline.run``, spread out.

The only module that imports pyspark (an optional extra: ``pip install
'dedup[spark]'``). The stage functions are the local engine's; only the
orchestration differs:

- ingest: a folder is read on the driver (``load_corpus``, as locally); a
  JSONL or Parquet dataset on the executors (``dedup.engines.spark_io``);
- on the driver: the Punkt model trained on the first documents exactly as
  the local engine trains it (only they are fetched), then broadcast;
- per run of whole documents (the runs ``dedup.prepare`` cuts, gathered
  where the documents are): segment, tokenise, build units, shingle and
  sign (``dedup.prepare.run_batch``, same seed and scheme);
- shuffle on the band keys: rows with identical keys form a class; shuffle
  on ``(band, band key)`` of one row per class: classes equal on a band
  pair their members (through the hubs of a bucket of more than
  ``FULL_BUCKET`` classes), as ``class_key_pairs`` finds them;
- two joins bring each candidate pair its shingle sets, and the exact
  Jaccard similarity is computed where the pair is (``shared / union``, the
  division ``verify_ranges`` makes);
- on the driver, the passages stage and the media documents' overlap with
  the references (over the words of the texts, ``words_of``, as the local
  engine finds them from its workers' words);
- connected components (large-star/small-star rounds:
  ``dedup.engines.spark_cluster``) of the units and passages linked by the
  matches and by ``overlap_links`` over the units' spans and the passages'
  hulls; per component, on the executors, ``choose_keyed`` takes the
  matches and places the passages;
- connected components of the groups linked at their ``merge_keys``; per
  component, on the executors, ``merge_runs``, the canonical member
  (``describe_groups``) and the fidelity stage (``score_groups``), with the
  documents the component needs joined in;
- on the driver: the clusters (only they come back) are numbered in
  document order.

Why per component gives the local result: see ``dedup.cluster``'s docstring.
No matches, units or groups are collected on the driver; it holds the
documents (the passages stage and the report need them), the passages and
the clusters. Each phase's Spark jobs
carry its name (``dedup: banding`` ...) in the Spark UI and event log.

Always holds: the report equals the local engine's for the same folder and
settings, byte for byte once written.
"""

from __future__ import annotations

import bisect
import os
import shutil
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

from dedup.candidates import FULL_BUCKET, FULL_CLASS, HUBS, bands
from dedup.cluster import (
    reference_documents,
)
from dedup.config import ScanConfig
from dedup.engines.spark_cluster import DOC, END, START, Placing, clusters_on_spark
from dedup.engines.spark_io import first_texts, read_dataset, write_clusters
from dedup.errors import DedupError
from dedup.ingest import document_of, load_corpus
from dedup.ingest.dataset import Dataset
from dedup.models import Corpus, Document, Report, Skipped
from dedup.overlap import reference_overlap
from dedup.passages import passages_of, words_of
from dedup.pipeline import (
    Progress,
    dataset_path,
    outside_record,
    record_after,
    scan_stats,
    skipped_of,
)
from dedup.prepare import Batch, Settings, bounds_of_sizes, run_batch
from dedup.report.cluster_files import ClusterFiles
from dedup.segment import MAX_TRAINING_CHARS, Segmenter, build_segmenter

INSTALL = "the spark engine needs pyspark and Java 17+: pip install 'dedup[spark]'"

# A unit as verification needs it: its shingle fingerprints, document, start, end.
UnitSet = tuple[frozenset[int], int, int, int]


def _ignore(stage: str, done: int, total: int) -> None:
    """Progress callback that reports nowhere."""


def run(
    folder: Path | Sequence[Path],
    config: ScanConfig,
    *,
    master: str | None = None,
    progress: Progress | None = None,
    dataset: Dataset | None = None,
    cluster_files: ClusterFiles | None = None,
) -> Report:
    """Scan ``folder`` (or the ``dataset`` at that path) with ``config`` on Spark.

    Runs on ``master``, else on the active Spark session.
    """
    with spark_session(master) as session:
        report = _scan(session, folder, config, progress or _ignore, dataset)
        if cluster_files is not None:
            session.sparkContext.setJobDescription("dedup: cluster files")
            write_clusters(session, report, cluster_files, session.sparkContext.defaultParallelism)
        return report


@contextmanager
def spark_session(master: str | None) -> Iterator[Any]:
    """The Spark session to run on: one started on ``master``, else the active session.

    One it started is stopped at the end. Raises DedupError without pyspark
    or Java, or when Spark does not start.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise DedupError(INSTALL) from None
    active = SparkSession.getActiveSession()
    if active is None:
        missing = _no_java()
        if missing:
            raise DedupError(f"cannot start Spark: {missing}; the spark engine needs Java 17+ "
                             "(set JAVA_HOME to its folder, or put java on the PATH)")
        # Executors must run the Python (and the dedup) the driver runs.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = SparkSession.builder.appName("dedup").config("spark.ui.showConsoleProgress",
                                                                "false")
        if master:
            builder = builder.master(master)
        try:
            session = builder.getOrCreate()
            session.sparkContext.setLogLevel("ERROR")
        except Exception as error:  # Java missing or the master unreachable
            raise DedupError(f"cannot start Spark: {str(error).splitlines()[0]}") from None
    else:
        session = active
    try:
        yield session
    finally:
        session.sparkContext.setJobDescription(None)  # type: ignore[arg-type]  # None clears it
        if active is None:
            session.stop()


def _no_java() -> str | None:
    """Why PySpark could not launch its JVM here, or None: no ``java`` where it looks.

    PySpark's ``spark-class`` runs ``$JAVA_HOME/bin/java``, else the ``java``
    on the PATH; without one it fails with shell errors and a Python error
    that names no Java. A running JVM handed over in ``PYSPARK_GATEWAY_PORT``
    needs none.
    """
    if os.environ.get("PYSPARK_GATEWAY_PORT"):
        return None
    home = os.environ.get("JAVA_HOME")
    if home:
        found = shutil.which("java", path=os.path.join(home, "bin"))
        return None if found else f"JAVA_HOME is {home}, which has no bin/java"
    return None if shutil.which("java") else "no java on the PATH and JAVA_HOME is not set"


def _scan(session: Any, folder: Path | Sequence[Path], config: ScanConfig, tell: Progress,
          dataset: Dataset | None) -> Report:
    """The stages, as in ``dedup.pipeline.run``, with the executors doing the heavy ones."""
    sc = session.sparkContext
    parts = sc.defaultParallelism
    tell("ingest", 0, 1)
    found = ingest(session, folder, config.reference_globs, config.max_file_size, dataset, parts)
    docs, sizes, known = found.docs, found.sizes, found.documents
    skipped, manifest = found.skipped, found.manifest
    tell("segment", 0, len(sizes))
    sc.setJobDescription("dedup: segment, shingle, sign")
    segmenter = build_segmenter(first_texts(docs, sizes, MAX_TRAINING_CHARS))
    number, width = bands(config.threshold, config.num_perm)
    settings = Settings(config.shingle_size, config.num_perm, config.seed, config.min_words,
                        config.max_window, bands=(number, width))
    bounds = bounds_of_sizes(sizes, parts)
    firsts = [first for first, _ in bounds]
    model = sc.broadcast(segmenter)
    # Each run of documents is gathered where its documents are read.
    prepared = (docs.map(lambda kv: (bisect.bisect_right(firsts, kv[0]) - 1,
                                     (kv[0], kv[1].text)))
                .groupByKey(max(1, len(bounds)))
                .map(partial(_prepare, model, settings, firsts))
                .cache())
    shapes = sorted(prepared.map(_shape).collect())
    sentences = sum(count for _, _, count in shapes)
    offsets = np.cumsum([0] + [units for _, units, _ in shapes]).tolist()
    tell("segment", len(sizes), len(sizes))

    tell("candidates", 0, 1)
    sc.setJobDescription("dedup: banding")
    numbered = prepared.map(lambda item: (offsets[item[0]], item[1])).cache()
    # Identical band keys form a class, banded once, as class_key_pairs
    # does locally: a sentence repeated thousands of times stays linear.
    classes = (numbered.flatMap(_class_keys)
               .groupByKey(parts)
               .map(lambda kv: (kv[0], sorted(kv[1])))
               .cache())
    kept = classes.map(lambda kv: (kv[1][0], _kept(kv[1])))
    between = (classes.flatMap(_rep_band_keys)
               .groupByKey(parts)
               .flatMap(_bucket_pairs)
               .distinct(parts)
               .join(kept, parts)
               .map(lambda kv: (kv[1][0], kv[1][1]))
               .join(kept, parts)
               .flatMap(lambda kv: _product(kv[1][0], kv[1][1])))
    pairs = (classes.flatMap(lambda kv: _inside(kv[1]))
             .union(between)
             .distinct(parts)
             .cache())
    candidates = pairs.count()
    classes.unpersist()
    sets = numbered.flatMap(_unit_sets)
    checked = (pairs.join(sets, parts)
               .map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
               .join(sets, parts)
               .map(partial(_similarity, config.threshold))
               .filter(lambda row: row[2] >= config.threshold)
               .cache())
    sc.setJobDescription("dedup: verification")
    verified = checked.count()
    matches = checked.filter(lambda row: row[3]).map(lambda row: row[:3]).cache()
    matches.count()
    pairs.unpersist()
    checked.unpersist()

    # The passages stage and the report need every document: the driver
    # holds them from here on.
    sc.setJobDescription("dedup: passages")
    documents = (known if known is not None
                 else tuple(doc for _, doc in sorted(docs.collect(), key=lambda kv: kv[0])))
    tell("passages", 0, 1)
    words = words_of([doc.text for doc in documents])
    passages = passages_of(words)
    overlap = reference_overlap(words, documents)
    del words
    tell("cluster", 0, 1)
    sc.setJobDescription("dedup: clusters")
    rows = numbered.flatMap(_unit_rows)
    clusters = clusters_on_spark(parts, matches, rows, docs, config,
                                 Placing(passages, reference_documents(documents), offsets[-1]))
    prepared.unpersist()
    numbered.unpersist()
    matches.unpersist()
    sc.setJobDescription("dedup: report")
    docs.unpersist()
    tell("done", 1, 1)
    settings_out = {**config.as_dict(), "segmenter": segmenter.model, "manifest": manifest}
    stats = scan_stats(Corpus(documents, skipped, manifest), clusters, sentences=sentences,
                       units=offsets[-1], candidates=candidates, verified=verified)
    return Report(settings_out, documents, tuple(clusters), skipped, stats, overlap=overlap)


@dataclass(frozen=True)
class Ingested:
    """The documents read, as the stages on Spark need them."""

    docs: Any
    """``(index, Document)`` in document order (an RDD, cached)."""
    sizes: list[int]
    """The documents' lengths in characters, in order."""
    documents: tuple[Document, ...] | None
    """The documents, when the driver read them (a folder); None for a dataset."""
    skipped: tuple[Skipped, ...]
    manifest: str | None
    """``Corpus.manifest``; None for a dataset."""


def ingest(session: Any, folder: Path | Sequence[Path], reference_globs: tuple[str, ...],
           max_file_size: int, dataset: Dataset | None, parts: int) -> Ingested:
    """Read a folder (or folders and files) on the driver, or a dataset on the executors."""
    sc = session.sparkContext
    sc.setJobDescription("dedup: ingest")
    if dataset is None:
        corpus = load_corpus(folder, reference_globs=reference_globs,
                             max_file_size=max_file_size)
        docs = sc.parallelize(list(enumerate(corpus.documents)), parts).cache()
        return Ingested(docs, [len(doc.text) for doc in corpus.documents], corpus.documents,
                        corpus.skipped, corpus.manifest)
    texts, refused = read_dataset(session, dataset_path(folder), dataset, parts)
    globs = reference_globs
    docs = texts.map(lambda kv: (kv[0], document_of(f"d{kv[0] + 1}", kv[1], {}, globs)))
    docs = docs.cache()
    sizes = [size for _, size in sorted(docs.mapValues(lambda doc: len(doc.text)).collect())]
    # The record kept beside the dataset, read here as the local engine reads it.
    outside = outside_record(dataset_path(folder), reference_globs, max_file_size)
    if not outside.documents and not outside.skipped:
        return Ingested(docs, sizes, None, tuple(refused), None)
    beside = list(enumerate(record_after(outside, len(sizes)), start=len(sizes)))
    if beside:
        docs = docs.union(sc.parallelize(beside, max(1, min(parts, len(beside))))).cache()
        sizes = sizes + [len(doc.text) for _, doc in beside]
    return Ingested(docs, sizes, None, skipped_of(refused, outside.skipped), outside.manifest)


def _prepare(model: Any, settings: Settings, firsts: list[int],
             item: tuple[int, Iterable[tuple[int, str]]]) -> tuple[int, Batch]:
    """The local engine's per-document stages on one run of documents."""
    index, texts = item
    segmenter: Segmenter = model.value
    ordered = [text for _, text in sorted(texts, key=lambda kv: kv[0])]
    return index, run_batch((firsts[index], ordered, segmenter, settings))


def _shape(item: tuple[int, Batch]) -> tuple[int, int, int]:
    """What the driver keeps of a batch: its number of units and of sentences."""
    index, batch = item
    return index, len(batch.units), batch.sentences


def _class_keys(item: tuple[int, Batch]) -> Iterator[tuple[bytes, int]]:
    """``(band keys' bytes, unit)`` for every unit of a batch."""
    offset, batch = item
    for row in range(len(batch.band_keys)):
        yield batch.band_keys[row].tobytes(), offset + row


def _rep_band_keys(item: tuple[bytes, list[int]]) -> Iterator[tuple[int, int]]:
    """``(band key, first member)`` for every band of a class's keys.

    The band's 64-bit key and its number packed into one integer, which
    Spark shuffles faster than a tuple of bytes.
    """
    keys, members = item
    for band in range(len(keys) // 8):
        yield int.from_bytes(keys[band * 8 : (band + 1) * 8], "little") << 16 | band, members[0]


def _kept(members: list[int]) -> list[int]:
    """The members that stand for a class in pairs with other classes."""
    return members if len(members) <= FULL_CLASS else members[:HUBS]


def _inside(members: list[int]) -> Iterator[tuple[int, int]]:
    """Pairs inside a class: all of them when small, through the hubs when large."""
    hubs = len(members) if len(members) <= FULL_CLASS else HUBS
    for at in range(hubs):
        for other in members[at + 1 :]:
            yield members[at], other


def _product(first: list[int], second: list[int]) -> Iterator[tuple[int, int]]:
    """Every pair of a member of one class with a member of the other."""
    for a in first:
        for b in second:
            yield min(a, b), max(a, b)


def _bucket_pairs(item: tuple[Any, Any]) -> Iterator[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of units in one bucket: every pair when small, else hubs'.

    As ``class_key_pairs``: a bucket of more than ``FULL_BUCKET`` units pairs
    each of them with its ``HUBS`` smallest only.
    """
    members = sorted(item[1])
    if len(members) <= FULL_BUCKET:
        yield from combinations(members, 2)
        return
    for at in range(HUBS):
        for other in members[at + 1 :]:
            yield members[at], other


def _unit_sets(item: tuple[int, Batch]) -> Iterator[tuple[int, UnitSet]]:
    """Each unit of a batch with its shingle set and where it is."""
    offset, batch = item
    values = batch.fingerprints.tolist()
    for row, ((lo, hi), unit) in enumerate(zip(batch.ranges.tolist(), batch.units.tolist(),
                                               strict=True)):
        yield offset + row, (frozenset(values[lo:hi]), unit[DOC], unit[START], unit[END])


def _similarity(threshold: float,
                item: tuple[int, tuple[tuple[int, UnitSet], UnitSet]]) -> tuple[int, int, float,
                                                                                bool]:
    """``(i, j, Jaccard similarity, whether the units do not overlap)`` of a pair."""
    second, ((first, a), b) = item
    union = len(a[0] | b[0])
    similarity = (len(a[0]) + len(b[0]) - union) / union if union else 0.0
    overlapping = a[1] == b[1] and a[2] < b[3] and b[2] < a[3]
    return first, second, similarity, not overlapping


def _unit_rows(item: tuple[int, Batch]) -> Iterator[tuple[int, list[int]]]:
    """Each unit of a batch with its ``UnitTable`` row."""
    offset, batch = item
    for row, values in enumerate(batch.units.tolist()):
        yield offset + row, values
