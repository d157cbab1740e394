"""Folder -> Report: the stages of a scan and of an audit, top to bottom.

No algorithm lives here: each line hands one stage the few values it needs
and passes its result on. The stages of a scan are: ingest, segment,
tokenize and build units, shingle, MinHash LSH candidates, exact
verification, clustering, fidelity scoring. An audit shares ingest and
segment, then: transcript turns and a containment index of the reference
documents, quotations and their speakers in each media document, matching
and verdicts.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from dedup.attribution import speakers, turns
from dedup.audit import audit_document
from dedup.candidates import candidate_pairs, verify
from dedup.cluster import build_groups
from dedup.config import AuditConfig, ScanConfig
from dedup.ingest import load_corpus
from dedup.matching import Matcher, reference
from dedup.models import Cluster, Corpus, Document, Quote, Report, Sentence
from dedup.quotes import extract
from dedup.segment import Segmenter, build_segmenter, segment
from dedup.shingle import shingles, tokenize
from dedup.units import UnitTokens, build_units
from dedup.variants import score_groups

Progress = Callable[[str, int, int], None]

logger = logging.getLogger(__name__)


def _ignore(stage: str, done: int, total: int) -> None:
    """Progress callback that reports nowhere."""


def run(folder: Path, config: ScanConfig, *, progress: Progress | None = None) -> Report:
    """Scan ``folder`` with ``config`` and return the report."""
    tell = progress or _ignore
    tell("ingest", 0, 1)
    corpus = load_corpus(folder, reference_globs=config.reference_globs,
                         max_file_size=config.max_file_size)
    documents = corpus.documents

    segmenter, all_sentences = segment_documents(documents, tell)
    units: list[UnitTokens] = []
    shingle_sets: list[set[str]] = []
    sentence_count = 0
    for index, doc in enumerate(documents):
        sentences = all_sentences[index]
        tokens = tokenize(doc.text)
        doc_units = build_units(index, doc.text, sentences, tokens, min_words=config.min_words,
                                max_window=config.max_window, first_id=len(units))
        norms = [token.norm for token in tokens]
        shingle_sets.extend(
            shingles(norms[u.token_start : u.token_end], config.shingle_size) for u in doc_units
        )
        units.extend(doc_units)
        sentence_count += len(sentences)

    pairs = candidate_pairs(shingle_sets, num_perm=config.num_perm, threshold=config.threshold,
                            seed=config.seed, progress=tell)
    matches = verify(pairs, shingle_sets, threshold=config.threshold)
    tell("cluster", 0, 1)
    groups = build_groups(units, matches, documents,
                          boilerplate_min_docs=config.boilerplate_min_docs,
                          boilerplate_max_words=config.boilerplate_max_words)
    tell("fidelity", 0, len(groups))
    clusters = score_groups(groups, documents, material_weight=config.material_weight,
                            min_words=config.min_words)
    tell("done", 1, 1)

    settings = {**config.as_dict(), "segmenter": segmenter.model, "manifest": corpus.manifest}
    stats = _stats(corpus, clusters, sentences=sentence_count, units=len(units),
                   candidates=len(pairs), verified=len(matches))
    return Report(settings, documents, tuple(clusters), corpus.skipped, stats)


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


def run_audit(folder: Path, config: AuditConfig, *, progress: Progress | None = None) -> Report:
    """Audit every quotation of the media documents in ``folder`` against its references."""
    tell = progress or _ignore
    tell("ingest", 0, 1)
    corpus = load_corpus(folder, reference_globs=config.reference_globs)
    documents = corpus.documents
    segmenter, sentences = segment_documents(documents, tell)
    tell("index", 0, 1)
    references = [
        reference(index, doc.text, tokenize(doc.text), sentences[index],
                  turns(doc.text, doc.title))
        for index, doc in enumerate(documents) if doc.role == "reference"
    ]
    matcher = Matcher(references, num_perm=config.num_perm, containment=config.containment,
                      seed=config.seed)
    media = [doc for doc in documents if doc.role == "media"]
    quotes: list[Quote] = []
    for done, doc in enumerate(media):
        tell("quotes", done, len(media))
        quotations = extract(doc.text)
        quotes.extend(audit_document(doc, quotations, speakers(doc.text, quotations), matcher,
                                     documents, material_weight=config.material_weight,
                                     first_id=len(quotes) + 1))
    tell("done", 1, 1)
    settings = {**config.as_dict(), "segmenter": segmenter.model, "manifest": corpus.manifest}
    labels = Counter(quote.label for quote in quotes)
    stats = {
        "documents": len(documents),
        "reference_documents": len(references),
        "media_documents": len(media),
        "skipped": len(corpus.skipped),
        "sentences": sum(len(s) for s in sentences),
        "quotes": len(quotes),
        "labels": {label: labels[label] for label in sorted(labels)},
    }
    return Report(settings, documents, (), corpus.skipped, stats, tuple(quotes))


def _stats(corpus: Corpus, clusters: Sequence[Cluster], **counts: int) -> dict[str, Any]:
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
