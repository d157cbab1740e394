"""Folder or dataset -> audit Report on Apache Spark: ``dedup.pipeline.run_audit``, spread out.

The stage functions are the local engine's; only the orchestration
differs. The record (the reference documents, megabytes of transcripts) is
small; the media (millions of articles) are not, and each is audited
independently of the others (:mod:`dedup.verdicts`):

- ingest: as the scan's Spark engine does (``dedup.engines.spark.ingest``):
  a folder on the driver, a JSONL or Parquet dataset on the executors;
- on the driver: the Punkt model trained on the first documents exactly as
  the local engine trains it (only they are fetched), and the reference
  documents (only they come to the driver, for a dataset);
- broadcast: the segmenter and the reference documents' texts. Each Python
  worker builds the references and the matcher from them once (the first
  task it runs; later tasks find them built): rebuilding is as quick as
  unpickling a built matcher would be, and the texts are a fraction of its
  size (``docs/spark.md`` gives the figures);
- per partition of documents, on the executors: each document's sentences
  (counted, for the report's stats), and for each media document its
  quotations, their speakers and verdicts (``verdicts.audit_media``) and
  its word overlap with the references (``reference_overlap`` over the
  references' words and the partition's media documents' words: a media
  document's figures depend on it and the references alone);
- on the driver: the quotes (only they, the counts and the overlap come
  back) numbered in document order (``verdicts.numbered``).

Always holds: the report equals the local engine's for the same inputs and
settings, byte for byte once written.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from dedup.config import AuditConfig
from dedup.engines.spark import ingest, spark_session
from dedup.engines.spark_io import first_texts
from dedup.ingest.dataset import Dataset
from dedup.matching import Matcher
from dedup.models import Corpus, Document, Overlap, Quote, Report
from dedup.overlap import reference_overlap
from dedup.passages import Words, words_of
from dedup.pipeline import (
    Progress,
    audit_matcher,
    audit_stats,
    warn_without_references,
)
from dedup.segment import MAX_TRAINING_CHARS, Segmenter, build_segmenter, segment
from dedup.verdicts import audit_media, numbered

# What a partition sends back per document: its index, its number of
# sentences, and for a media document its quotes and its overlap.
Row = tuple[int, int, list[Quote] | None, Overlap | None]


def _ignore(stage: str, done: int, total: int) -> None:
    """Progress callback that reports nowhere."""


def run_audit(
    folder: Path | Sequence[Path],
    config: AuditConfig,
    *,
    master: str | None = None,
    progress: Progress | None = None,
    dataset: Dataset | None = None,
) -> Report:
    """Audit the media documents of ``folder`` (or the ``dataset`` at that path) on Spark.

    Runs on ``master``, else on the active Spark session.
    """
    with spark_session(master) as session:
        return _audit(session, folder, config, progress or _ignore, dataset)


@dataclass(frozen=True)
class _Shared:
    """What every executor receives once (a broadcast) to build the matcher."""

    token: str
    """Tells one audit's broadcast from another's in a reused Python worker."""
    segmenter: Segmenter
    record: list[tuple[int, Document]]
    """The reference documents with their index, in document order."""
    config: AuditConfig


def _audit(session: Any, folder: Path | Sequence[Path], config: AuditConfig, tell: Progress,
           dataset: Dataset | None) -> Report:
    """The stages, as in ``dedup.pipeline.audit_corpus``, with the executors auditing."""
    sc = session.sparkContext
    parts = sc.defaultParallelism
    tell("ingest", 0, 1)
    found = ingest(session, folder, config.reference_globs, config.max_file_size, dataset, parts)
    docs, sizes, skipped, manifest = found.docs, found.sizes, found.skipped, found.manifest
    tell("segment", 0, len(sizes))
    sc.setJobDescription("dedup: segmenter, record")
    segmenter = build_segmenter(first_texts(docs, sizes, MAX_TRAINING_CHARS))
    if found.documents is not None:
        record = [(index, doc) for index, doc in enumerate(found.documents)
                  if doc.role == "reference"]
    else:  # the dataset's references, and those beside it
        record = sorted(docs.filter(lambda kv: kv[1].role == "reference").collect(),
                        key=lambda kv: kv[0])
    tell("index", 0, 1)  # built on the executors, from the broadcast
    shared = sc.broadcast(_Shared(uuid.uuid4().hex, segmenter, record, config))
    tell("quotes", 0, len(sizes))
    sc.setJobDescription("dedup: quotes")
    rows: list[Row] = sorted(docs.mapPartitions(partial(_audit_partition, shared)).collect(),
                             key=lambda row: row[0])
    tell("quotes", len(sizes), len(sizes))
    sc.setJobDescription("dedup: report")
    documents = (found.documents if found.documents is not None
                 else tuple(doc for _, doc in sorted(docs.collect(), key=lambda kv: kv[0])))
    docs.unpersist()
    found.docs.unpersist()
    shared.destroy()
    warn_without_references(documents, config)
    quotes = numbered(listed for _, _, listed, _ in rows if listed is not None)
    overlap = {documents[index].id: figures for index, _, _, figures in rows
               if figures is not None}
    tell("done", 1, 1)
    corpus = Corpus(documents, skipped, manifest)
    settings = {**config.as_dict(), "segmenter": segmenter.model, "manifest": manifest}
    stats = audit_stats(corpus, quotes, sentences=sum(count for _, count, _, _ in rows))
    return Report(settings, documents, (), skipped, stats, tuple(quotes), overlap)


_built: tuple[str, Matcher, dict[int, Document], Words] | None = None
"""In a Python worker: the last broadcast's token, its matcher, references and their words."""


def _record(shared: _Shared) -> tuple[Matcher, dict[int, Document], Words]:
    """The matcher, the references by index and their words: built once per worker and audit."""
    global _built
    if _built is None or _built[0] != shared.token:
        _built = None  # the previous audit's matcher goes before this one is built
        record = shared.record
        matcher = audit_matcher(((index, doc, segment(index, doc.text, shared.segmenter))
                                 for index, doc in record), shared.config)
        _built = (shared.token, matcher, dict(record), words_of([doc.text for _, doc in record]))
    return _built[1], _built[2], _built[3]


def _audit_partition(broadcast: Any, items: Iterable[tuple[int, Document]]) -> Iterator[Row]:
    """Each document of a partition: its sentences counted; a media document's quotes, overlap."""
    shared: _Shared = broadcast.value
    documents = list(items)
    media = [doc for _, doc in documents if doc.role == "media"]
    if media:  # else no matcher is needed (nor built)
        matcher, references, words = _record(shared)
        overlap = _overlap(words, [doc for _, doc in shared.record], media)
    weight = shared.config.material_weight
    for index, doc in documents:
        count = len(segment(index, doc.text, shared.segmenter))
        if doc.role == "media":
            yield (index, count, audit_media(doc, matcher, references, material_weight=weight),
                   overlap.get(doc.id))
        else:
            yield index, count, None, None


def _overlap(words: Words, record: list[Document], media: list[Document]) -> dict[str, Overlap]:
    """``reference_overlap`` of the media documents, over the references' words and theirs."""
    if not media:
        return {}
    found = words_of([doc.text for doc in media])
    joined = Words.join([words.ids, found.ids], [words.starts, found.starts],
                        [words.ends, found.ends], [np.diff(words.offsets), np.diff(found.offsets)])
    return reference_overlap(joined, [*record, *media])
