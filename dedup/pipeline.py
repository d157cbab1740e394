"""Folder -> Report: the stages of a scan and of an audit, top to bottom.

No algorithm lives here: each line hands one stage the few values it needs
and passes its result on. The stages of a scan are: ingest, segment,
tokenize and build units, shingle, MinHash signatures (these per document,
on all cores, in ``dedup.prepare``), LSH candidates, exact verification,
passages (seed and extend over the words, for the reuse units miss) and
each media document's word overlap with the references, clustering,
fidelity scoring. An audit shares ingest and segment, then:
transcript turns and a containment index of the reference documents,
quotations and their speakers in each media document, matching and verdicts
(these per media document, on all cores, in ``dedup.verdicts``),
and each media document's word overlap with the references, as in a scan.

Besides ``progress``, ``run`` takes ``timings``, called once per stage with
the stage's name and its wall-clock seconds; the per-document stages run
together, and with the training of the segmenter (``train``), so their
seconds are the wall-clock time of that phase shared out in proportion to
the time spent in each. Timings never reach the
report, which stays the same from run to run.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from dedup.attribution import turns
from dedup.candidates import (
    KeyBlocks,
    bands,
    class_key_pairs,
    verify_ranges,
)
from dedup.checked import checked_document
from dedup.cluster import build_groups, overlap_free
from dedup.config import AuditConfig, ScanConfig
from dedup.errors import ConfigError
from dedup.ingest import load_corpus, reference_inputs
from dedup.ingest.dataset import Dataset, load_dataset
from dedup.matching import Matcher, reference
from dedup.memory import collection_paused, give_back_freed_memory
from dedup.models import Cluster, Corpus, Document, Quote, Report, Sentence, Skipped
from dedup.overlap import reference_overlap
from dedup.passages import Words, passages_of, words_of
from dedup.prepare import Settings, default_jobs, prepare
from dedup.segment import Segmenter, Segmenters, build_segmenter, segment
from dedup.variants import score_groups, unmark_story_quotes
from dedup.verdicts import audit_documents

Progress = Callable[[str, int, int], None]
Timings = Callable[[str, float], None]

logger = logging.getLogger(__name__)


def _ignore(stage: str, done: int, total: int) -> None:
    """Progress callback that reports nowhere."""


class _Clock:
    """Tells ``timings`` the seconds since the previous stage ended."""

    def __init__(self, timings: Timings | None) -> None:
        self.timings = timings
        self.last = time.perf_counter()

    def __call__(self, stage: str) -> None:
        now = time.perf_counter()
        if self.timings is not None:
            self.timings(stage, now - self.last)
        self.last = now

    def share(self, seconds: dict[str, float]) -> None:
        """Share the time since the last stage among stages that ran together."""
        now = time.perf_counter()
        total = sum(seconds.values())
        if self.timings is not None:
            for stage, spent in seconds.items():
                self.timings(stage, (now - self.last) * spent / total if total else 0.0)
        self.last = now


def run(
    folder: Path | Sequence[Path],
    config: ScanConfig,
    *,
    progress: Progress | None = None,
    timings: Timings | None = None,
    dataset: Dataset | None = None,
) -> Report:
    """Scan ``folder`` (or folders and files, or the ``dataset`` at that path) with ``config``."""
    tell = progress or _ignore
    clock = _Clock(timings)
    with collection_paused():  # one collection at the end (see dedup.memory)
        tell("ingest", 0, 1)
        corpus = (load_corpus(folder, reference_globs=config.reference_globs,
                              max_file_size=config.max_file_size) if dataset is None
                  else dataset_with_record(dataset_path(folder), dataset, config))
        documents = corpus.documents
        jobs = config.jobs or default_jobs(sum(len(doc.text) for doc in documents))
        clock("ingest")

        tell("segment", 0, len(documents))
        number, width = bands(config.threshold, config.num_perm)
        settings = Settings(config.shingle_size, config.num_perm, config.seed, config.min_words,
                            config.max_window, bands=(number, width))
        # Punkt trains on the corpus while the workers tokenise (see dedup.prepare).
        # With one job by default (a small corpus), Punkt trains in a process
        # of its own where the machine has another core and the corpus is
        # long enough to pay for it (see dedup.prepare); --jobs 1 keeps one.
        prepared = prepare([doc.text for doc in documents],
                           lambda: build_segmenter(doc.text for doc in documents), settings,
                           jobs=jobs, train_apart=config.jobs is None and default_jobs() > 1)
        segmenter = prepared.segmenter
        tell("segment", len(documents), len(documents))
        give_back_freed_memory()
        clock.share(prepared.seconds)

        tell("candidates", 0, 1)
        # The band keys are the largest arrays and are let go once banded.
        pairs = class_key_pairs(prepared.band_keys, jobs=jobs, release=True)
        prepared = replace(prepared, band_keys=KeyBlocks([]))
        give_back_freed_memory()
        clock("lsh")
        # Clustering never takes two overlapping passages of one document: such
        # matches are counted, not handed on.
        apart = overlap_free(pairs, prepared.doc, prepared.start, prepared.end)
        matches, verified = verify_ranges(pairs, prepared.fingerprints, prepared.ranges,
                                          threshold=config.threshold, sizes=prepared.sizes,
                                          apart=apart, jobs=jobs)
        candidates = len(pairs)
        del pairs, apart  # the largest arrays left: let them go
        # Nor are the shingles needed past verification (empty copies, not views).
        prepared = replace(prepared, fingerprints=prepared.fingerprints[:0].copy(),
                           ranges=prepared.ranges[:0].copy(), sizes=prepared.sizes[:0].copy())
        give_back_freed_memory()
        clock("verify")
        tell("passages", 0, 1)
        passages = passages_of(prepared.words, jobs=jobs)
        overlap = reference_overlap(prepared.words, documents)
        prepared = replace(prepared, words=Words.join([], [], [], []))  # no longer needed
        give_back_freed_memory()
        clock("passages")
        tell("cluster", 0, 1)
        units = prepared.units
        groups = build_groups(units, matches, documents,
                              boilerplate_min_docs=config.boilerplate_min_docs,
                              boilerplate_max_words=config.boilerplate_max_words,
                              passages=passages)
        del matches, passages
        clock("cluster")
        tell("fidelity", 0, len(groups))
        clusters = score_groups(groups, documents, material_weight=config.material_weight,
                                min_words=config.min_words, jobs=jobs,
                                boilerplate_min_docs=config.boilerplate_min_docs,
                                boilerplate_max_words=config.boilerplate_max_words)
        clusters = unmark_story_quotes(clusters)
        del groups  # not walked by the collection that ends the scan
        tell("done", 1, 1)

        settings_out = {**config.as_dict(), "segmenter": segmenter.model,
                        "manifest": corpus.manifest}
        stats = scan_stats(corpus, clusters, sentences=prepared.sentences, units=len(units),
                           candidates=candidates, verified=verified)
        report = Report(settings_out, documents, tuple(clusters), corpus.skipped, stats,
                        overlap=overlap)
    clock("fidelity")
    return report


def segment_documents(
    documents: Sequence[Document], tell: Progress
) -> tuple[Segmenter, list[tuple[Sentence, ...]]]:
    """The segmenter for the corpus and the sentences of every document."""
    tell("segment", 0, len(documents))
    segmenter = build_segmenter(doc.text for doc in documents)
    sentences = []
    for index, doc in enumerate(documents):
        sentences.append(segment(index, doc.text, segmenter))
        tell("segment", index + 1, len(documents))
    return segmenter, sentences


def dataset_path(folder: Path | Sequence[Path]) -> Path:
    """A dataset's one path (``dedup.scan`` refuses several)."""
    if not isinstance(folder, Path):
        raise ConfigError("a dataset is read from one path")
    return folder


def run_audit(folder: Path | Sequence[Path], config: AuditConfig, *,
              progress: Progress | None = None, dataset: Dataset | None = None) -> Report:
    """Audit every quotation of the media documents in ``folder`` (or folders and files).

    Or of the ``dataset`` at that path: its records with the role
    ``reference`` (or whose id ``config.reference_globs`` matches), and the
    files and folders outside it that ``config.reference_globs`` names by
    path (:func:`outside_record`), are the record.
    """
    with collection_paused():
        tell = progress or _ignore
        tell("ingest", 0, 1)
        corpus = (load_corpus(folder, reference_globs=config.reference_globs,
                              max_file_size=config.max_file_size) if dataset is None
                  else dataset_with_record(dataset_path(folder), dataset, config))
        warn_without_references(corpus.documents, config)
        return audit_corpus(corpus, config, tell)


def dataset_with_record(path: Path, dataset: Dataset, config: ScanConfig | AuditConfig) -> Corpus:
    """The records of the dataset at ``path``, then the record beside it (``outside_record``)."""
    records = load_dataset(path, dataset, reference_globs=config.reference_globs)
    return with_record(records, outside_record(path, config.reference_globs,
                                               config.max_file_size))


def outside_record(path: Path, reference_globs: Sequence[str], max_file_size: int) -> Corpus:
    """The files and folders outside the dataset at ``path`` that ``--reference`` names by path.

    Read on this machine, all of them references: ``dedup audit
    articles.jsonl --input-format jsonl --reference transcripts/`` audits
    the articles against the transcripts, and ``dedup scan`` finds what
    they copy of them, as ``--reference archive/`` does beside a folder.
    Empty when no reference GLOB is such a path.
    """
    places = reference_inputs([path], reference_globs)
    if not places:
        return Corpus(())
    corpus = load_corpus(places[0] if len(places) == 1 else places,
                         reference_globs=reference_globs, max_file_size=max_file_size)
    return replace(corpus, documents=tuple(replace(doc, role="reference")
                                           for doc in corpus.documents))


def with_record(corpus: Corpus, record: Corpus) -> Corpus:
    """A dataset's documents, then the record read beside it (``outside_record``), numbered on."""
    if not record.documents and not record.skipped:
        return corpus
    return Corpus((*corpus.documents, *record_after(record, len(corpus.documents))),
                  skipped_of(corpus.skipped, record.skipped), record.manifest)


def record_after(record: Corpus, count: int) -> tuple[Document, ...]:
    """The documents of ``record`` numbered on after ``count`` documents: d{count + 1}, ..."""
    return tuple(replace(doc, id=f"d{count + number}")
                 for number, doc in enumerate(record.documents, start=1))


def skipped_of(*skipped: Sequence[Skipped]) -> tuple[Skipped, ...]:
    """The skipped files and records of several readings, in order of path and reason."""
    return tuple(sorted((item for items in skipped for item in items),
                        key=lambda item: (item.path, item.reason)))


def warn_without_references(documents: Sequence[Document], config: AuditConfig) -> None:
    """Warn that no quotation can be sourced when no document is a reference."""
    if (documents and not config.reference_globs  # unmatched globs: the CLI says so
            and not any(doc.role == "reference" for doc in documents)):
        # Else every quotation is "unsourced", as if the record lacked it.
        logger.warning("no reference documents, so no quotation can be sourced: "
                       "give their roles in manifest.csv, or --reference GLOB")


class IndexedRecord:
    """The record read and indexed once, and quotations checked against it one at a time.

    The references of ``references`` are those the manifests or
    ``config.reference_globs`` name; when neither names any, every document
    read. The others are left out: they are not the record, and not the
    text checked. Each :meth:`check` is the audit of the record and the
    checked text (:mod:`dedup.checked`), its last document, as
    ``audit_corpus`` makes it, and its report the same whatever was checked
    before: what depends on the checked text is made anew (Punkt's
    training, which reads the checked text while the record is shorter
    than its training text; its sentences; its word overlap), and the
    record's reading, sentences, matcher and words are kept while the
    segmenter cuts the record as before.
    """

    def __init__(self, references: Path | Sequence[Path], config: AuditConfig, *,
                 progress: Progress | None = None) -> None:
        tell = progress or _ignore
        with collection_paused():
            tell("ingest", 0, 1)
            corpus = load_corpus(references, reference_globs=config.reference_globs,
                                 max_file_size=config.max_file_size)
            record = [doc for doc in corpus.documents if doc.role == "reference"]
            if not record and not config.reference_globs:  # no roles: all of it is the record
                record = list(corpus.documents)
            self.corpus = replace(corpus, documents=tuple(
                replace(doc, id=f"d{number}", role="reference")
                for number, doc in enumerate(record, start=1)))
            self.config = config
            texts = [doc.text for doc in self.corpus.documents]
            self._segmenters = Segmenters()
            tell("segment", 0, len(texts))
            self._segmenter = self._segmenters(texts)
            self._sentences: list[tuple[Sentence, ...]] = []
            for index, text in enumerate(texts):
                self._sentences.append(segment(index, text, self._segmenter))
                tell("segment", index + 1, len(texts))
            tell("index", 0, 1)
            self._matcher = self._index(self._sentences)
            self._words = words_of(texts)
            self._lock = threading.Lock()
            tell("index", 1, 1)

    def _index(self, sentences: Sequence[tuple[Sentence, ...]]) -> Matcher:
        """The matcher over the record cut in ``sentences``."""
        return audit_matcher(((index, doc, cut) for index, (doc, cut)
                              in enumerate(zip(self.corpus.documents, sentences, strict=True))),
                             self.config)

    def check(self, text: str, speaker: str | None = None, *,
              progress: Progress | None = None) -> Report:
        """The audit of ``text`` (``speaker`` its speaker, if it names none) against the record."""
        tell = progress or _ignore
        # One check at a time: the segmenter, sentences and matcher kept go together.
        with self._lock, collection_paused():
            record = self.corpus.documents
            checked = checked_document(text, speaker, f"d{len(record) + 1}")
            documents = (*record, checked)
            segmenter = self._segmenters(doc.text for doc in documents)
            if segmenter is not self._segmenter:  # Punkt read the checked text: cut anew
                sentences = [segment(index, doc.text, segmenter)
                             for index, doc in enumerate(record)]
                if sentences != self._sentences:  # kept together, or not at all
                    self._matcher, self._sentences = self._index(sentences), sentences
                self._segmenter = segmenter
            count = sum(map(len, self._sentences)) + len(segment(len(record), checked.text,
                                                                   segmenter))
            overlap = reference_overlap(self._words.then(words_of([checked.text])), documents)
            tell("quotes", 0, 1)
            jobs = self.config.jobs or default_jobs(sum(len(doc.text) for doc in documents))
            quotes = audit_documents([len(record)], self._matcher, documents,
                                     material_weight=self.config.material_weight, jobs=jobs,
                                     progress=lambda done: tell("quotes", done, 1))
            tell("done", 1, 1)
            corpus = replace(self.corpus, documents=documents)
            settings = {**self.config.as_dict(), "segmenter": segmenter.model,
                        "manifest": corpus.manifest}
            stats = audit_stats(corpus, quotes, sentences=count)
        return Report(settings, documents, (), corpus.skipped, stats, tuple(quotes), overlap)


def audit_corpus(corpus: Corpus, config: AuditConfig, tell: Progress) -> Report:
    """The audit of a corpus read: each media document's quotations against the references."""
    with collection_paused():
        documents = corpus.documents
        segmenter, sentences = segment_documents(documents, tell)
        tell("index", 0, 1)
        matcher = audit_matcher(((index, doc, sentences[index])
                                 for index, doc in enumerate(documents) if doc.role == "reference"),
                                config)
        media = [index for index, doc in enumerate(documents) if doc.role == "media"]
        overlap = reference_overlap(words_of([doc.text for doc in documents]), documents)
        tell("quotes", 0, len(media))
        jobs = config.jobs or default_jobs(sum(len(doc.text) for doc in documents))
        quotes = audit_documents(media, matcher, documents,
                                 material_weight=config.material_weight, jobs=jobs,
                                 progress=lambda done: tell("quotes", done, len(media)))
        tell("done", 1, 1)
        settings = {**config.as_dict(), "segmenter": segmenter.model, "manifest": corpus.manifest}
        stats = audit_stats(corpus, quotes, sentences=sum(len(s) for s in sentences))
    return Report(settings, documents, (), corpus.skipped, stats, tuple(quotes), overlap)


def audit_matcher(record: Iterable[tuple[int, Document, Sequence[Sentence]]],
                  config: AuditConfig) -> Matcher:
    """The matcher over the reference documents ``(index, document, its sentences)``, in order."""
    known: dict[str, str] = {}  # one string per spelling key, for all references
    references = [reference(index, doc.text, sentences, turns(doc.text, doc.title), known)
                  for index, doc, sentences in record]
    del known
    return Matcher(references, num_perm=config.num_perm, containment=config.containment,
                   seed=config.seed)


def audit_stats(corpus: Corpus, quotes: Sequence[Quote], *, sentences: int) -> dict[str, Any]:
    """The counts of an audit's report (``stats``): ``sentences`` of all documents."""
    documents = corpus.documents
    labels = Counter(quote.label for quote in quotes)
    return {
        "documents": len(documents),
        "reference_documents": sum(doc.role == "reference" for doc in documents),
        "media_documents": sum(doc.role == "media" for doc in documents),
        "skipped": len(corpus.skipped),
        "sentences": sentences,
        "quotes": len(quotes),
        "labels": {label: labels[label] for label in sorted(labels)},
    }


def scan_stats(corpus: Corpus, clusters: Sequence[Cluster], **counts: int) -> dict[str, Any]:
    """The counts of a scan's report (``stats``); ``counts`` come before the cluster counts."""
    labels = Counter(
        member.label
        for cluster in clusters
        for index, member in enumerate(cluster.members)
        if index != cluster.canonical
    )
    return {
        "documents": len(corpus.documents),
        "reference_documents": sum(d.role == "reference" for d in corpus.documents),
        "skipped": len(corpus.skipped),
        **counts,
        "clusters": len(clusters),
        "boilerplate_clusters": sum(c.boilerplate for c in clusters),
        "members": sum(len(c.members) for c in clusters),
        "labels": {label: labels[label] for label in sorted(labels)},
    }
