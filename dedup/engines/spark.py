"""Folder -> Report on Apache Spark: the stages of ``dedup.pipeline.run``, spread out.

The only module that imports pyspark (an optional extra: ``pip install
'dedup[spark]'``). The stage functions are the local engine's; only the
orchestration differs:

- on the driver: ingest (``load_corpus``) and training the Punkt model on
  the corpus exactly as the local engine does; the model is broadcast;
- per partition (a run of whole documents): segment, tokenise, build units,
  shingle and sign (``dedup.prepare.run_batch``, same seed and scheme);
- shuffle on the signature: identical signatures form a class; shuffle on
  ``(band, band values)`` of one signature per class: classes equal on a
  band pair their members, as ``class_band_pairs`` finds them;
- two joins bring each candidate pair its shingle sets, and the exact
  Jaccard similarity is computed where the pair is (``shared / union``, the
  division ``verify_ranges`` makes);
- on the driver: the verified matches are collected and ``build_groups``
  chooses, joins and merges them (a global, sequential choice);
- per group, on the executors: the fidelity stage (``score_groups``); the
  driver numbers the clusters in group order.

Always holds: the report equals the local engine's for the same folder and
settings, byte for byte once written.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

from dedup.candidates import FULL_CLASS, HUBS, Match, bands
from dedup.cluster import Group, build_groups
from dedup.config import ScanConfig
from dedup.errors import ConfigError
from dedup.ingest import load_corpus
from dedup.models import Cluster, Document, Report
from dedup.passages import find_passages
from dedup.pipeline import Progress, scan_stats
from dedup.prepare import COLUMNS, Batch, Settings, batch_bounds, run_batch
from dedup.segment import Segmenter, build_segmenter
from dedup.units import UnitTable
from dedup.variants import score_groups

INSTALL = "the spark engine needs pyspark and Java 17+: pip install 'dedup[spark]'"

# A unit as verification needs it: its shingle fingerprints, document, start, end.
UnitSet = tuple[frozenset[int], int, int, int]
_DOC, _START, _END = (COLUMNS.index(name) for name in ("doc", "start", "end"))


def _ignore(stage: str, done: int, total: int) -> None:
    """Progress callback that reports nowhere."""


def run(
    folder: Path,
    config: ScanConfig,
    *,
    master: str | None = None,
    progress: Progress | None = None,
) -> Report:
    """Scan ``folder`` with ``config`` on Spark (``master``, else the active session)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise ConfigError(INSTALL) from None
    active = SparkSession.getActiveSession()
    if active is None:
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
            raise ConfigError(f"cannot start Spark: {str(error).splitlines()[0]}") from None
    else:
        session = active
    try:
        return _scan(session.sparkContext, folder, config, progress or _ignore)
    finally:
        if active is None:
            session.stop()


def _scan(sc: Any, folder: Path, config: ScanConfig, tell: Progress) -> Report:
    """The stages, as in ``dedup.pipeline.run``, with ``sc`` doing the heavy ones."""
    tell("ingest", 0, 1)
    corpus = load_corpus(folder, reference_globs=config.reference_globs,
                         max_file_size=config.max_file_size)
    documents = corpus.documents
    texts = [doc.text for doc in documents]
    tell("segment", 0, len(documents))
    segmenter = build_segmenter(texts)
    number, width = bands(config.threshold, config.num_perm)
    settings = Settings(config.shingle_size, config.num_perm, config.seed, config.min_words,
                        config.max_window, banded=number * width)
    bounds = batch_bounds(texts, sc.defaultParallelism)
    work = [(index, first, texts[first:last]) for index, (first, last) in enumerate(bounds)]
    model = sc.broadcast(segmenter)
    prepared = (sc.parallelize(work, max(1, len(work)))
                .map(partial(_prepare, model, settings)).cache())
    shapes = sorted(prepared.map(_shape).collect(), key=lambda row: row[0])
    rows = [units for _, units, _ in shapes]
    table = UnitTable(np.concatenate([np.empty((0, len(COLUMNS)), dtype=np.int32), *rows]))
    sentences = sum(count for _, _, count in shapes)
    offsets = np.cumsum([0] + [len(units) for units in rows]).tolist()
    tell("segment", len(documents), len(documents))

    tell("candidates", 0, 1)
    numbered = prepared.map(lambda item: (offsets[item[0]], item[1])).cache()
    # Identical signatures form a class, banded once, as class_band_pairs
    # does locally: a sentence repeated thousands of times stays linear.
    classes = (numbered.flatMap(_signature_keys)
               .groupByKey()
               .map(lambda kv: (kv[0], sorted(kv[1])))
               .cache())
    kept = classes.map(lambda kv: (kv[1][0], _kept(kv[1])))
    between = (classes.flatMap(partial(_rep_band_keys, number, width))
               .groupByKey()
               .flatMap(_bucket_pairs)
               .distinct()
               .join(kept)
               .map(lambda kv: (kv[1][0], kv[1][1]))
               .join(kept)
               .flatMap(lambda kv: _product(kv[1][0], kv[1][1])))
    pairs = (classes.flatMap(lambda kv: _inside(kv[1]))
             .union(between)
             .distinct()
             .cache())
    classes.unpersist()
    candidates = pairs.count()
    sets = numbered.flatMap(_unit_sets)
    checked = (pairs.join(sets)
               .map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
               .join(sets)
               .map(partial(_similarity, config.threshold))
               .filter(lambda row: row[2] >= config.threshold)
               .collect())
    verified = len(checked)
    matches = [Match(i, j, s) for i, j, s, apart in sorted(checked) if apart]
    prepared.unpersist()
    numbered.unpersist()
    pairs.unpersist()

    tell("passages", 0, 1)
    passages = find_passages([doc.text for doc in documents])
    tell("cluster", 0, 1)
    groups = build_groups(table, matches, documents,
                          boilerplate_min_docs=config.boilerplate_min_docs,
                          boilerplate_max_words=config.boilerplate_max_words,
                          passages=passages)
    tell("fidelity", 0, len(groups))
    shared = sc.broadcast(documents)
    scored = (sc.parallelize(list(enumerate(groups)), max(1, min(len(groups),
                                                               4 * sc.defaultParallelism)))
              .map(partial(_fidelity, shared, config.material_weight, config.min_words))
              .collect())
    clusters = [replace(cluster, id=f"c{number}") for number, cluster in
                enumerate((c for _, kept in sorted(scored, key=lambda row: row[0])
                           for c in kept), start=1)]
    tell("done", 1, 1)
    settings_out = {**config.as_dict(), "segmenter": segmenter.model,
                    "manifest": corpus.manifest}
    stats = scan_stats(corpus, clusters, sentences=sentences, units=len(table),
                       candidates=candidates, verified=verified)
    return Report(settings_out, documents, tuple(clusters), corpus.skipped, stats)


def _prepare(model: Any, settings: Settings, item: tuple[int, int, list[str]]) -> tuple[int,
                                                                                        Batch]:
    """The local engine's per-document stages on one run of documents."""
    index, first, texts = item
    segmenter: Segmenter = model.value
    return index, run_batch((first, texts, segmenter, settings))


def _shape(item: tuple[int, Batch]) -> tuple[int, Any, int]:
    """What the driver keeps of a batch: its unit rows and its number of sentences."""
    index, batch = item
    return index, batch.units, batch.sentences


def _signature_keys(item: tuple[int, Batch]) -> Iterator[tuple[bytes, int]]:
    """``(signature bytes, unit)`` for every unit of a batch."""
    offset, batch = item
    for row in range(len(batch.signatures)):
        yield batch.signatures[row].tobytes(), offset + row


def _rep_band_keys(
    number: int, width: int, item: tuple[bytes, list[int]]
) -> Iterator[tuple[Any, int]]:
    """``((band, band values), first member)`` for every band of a class's signature."""
    signature, members = item
    step = width * 4  # uint32 values
    for band in range(number):
        yield (band, signature[band * step : (band + 1) * step]), members[0]


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
    """Every pair ``(i, j)``, ``i < j``, of units in one bucket."""
    yield from combinations(sorted(item[1]), 2)


def _unit_sets(item: tuple[int, Batch]) -> Iterator[tuple[int, UnitSet]]:
    """Each unit of a batch with its shingle set and where it is."""
    offset, batch = item
    values = batch.fingerprints.tolist()
    for row, ((lo, hi), unit) in enumerate(zip(batch.ranges.tolist(), batch.units.tolist(),
                                               strict=True)):
        yield offset + row, (frozenset(values[lo:hi]), unit[_DOC], unit[_START], unit[_END])


def _similarity(threshold: float,
                item: tuple[int, tuple[tuple[int, UnitSet], UnitSet]]) -> tuple[int, int, float,
                                                                                bool]:
    """``(i, j, Jaccard similarity, whether the units do not overlap)`` of a pair."""
    second, ((first, a), b) = item
    union = len(a[0] | b[0])
    similarity = (len(a[0]) + len(b[0]) - union) / union if union else 0.0
    overlapping = a[1] == b[1] and a[2] < b[3] and b[2] < a[3]
    return first, second, similarity, not overlapping


def _fidelity(shared: Any, material_weight: float, min_words: int,
              item: tuple[int, Group]) -> tuple[int, list[Cluster]]:
    """The fidelity stage for one group (its cluster, if it keeps two members)."""
    index, group = item
    documents: list[Document] = shared.value
    return index, score_groups([group], documents, material_weight=material_weight,
                               min_words=min_words)
