"""Documents -> units, shingle sets and MinHash signatures, on all cores.

The per-document stages (segment, tokenise, build units, shingle, MinHash
signatures) depend on nothing outside their document, so the corpus is cut
into batches of whole documents, in order, and the batches run in ``jobs``
worker processes (``concurrent.futures.ProcessPoolExecutor``); with one job
they run here, in this process. Each batch sends back plain rows and NumPy
arrays, and the batches are joined in document order.

Always holds: the result is the same for any number of jobs (units are
numbered in document order, and every value is computed from its own
document); each worker measures the seconds it spends in each stage.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np

from dedup.candidates import Signatures, hash32, min_hashes_of_ranges, permutations
from dedup.segment import Segmenter
from dedup.shingle import shingles, shingles_at, token_columns
from dedup.units import UnitRow, UnitTokens, unit_rows, unit_tokens

BATCH_CHARS = 2_000_000
"""Most characters of text in one batch (fewer when that leaves a job idle)."""


@dataclass(frozen=True)
class Settings:
    """What the per-document stages need from the scan config."""

    shingle_size: int
    num_perm: int
    seed: int
    min_words: int
    max_window: int


@dataclass(frozen=True)
class Batch:
    """The units of a run of documents, in order, with their shingle sets and signatures."""

    sentences: int
    units: tuple[tuple[int, UnitRow], ...]
    shingle_sets: tuple[set[str], ...]
    signatures: Signatures
    seconds: dict[str, float]


@dataclass(frozen=True)
class Prepared:
    """All units of a corpus, numbered in document order."""

    sentences: int
    units: list[UnitTokens]
    shingle_sets: list[set[str]]
    signatures: Signatures
    seconds: dict[str, float]


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def prepare(
    texts: Sequence[str], segmenter: Segmenter, settings: Settings, *, jobs: int
) -> Prepared:
    """Run the per-document stages over ``texts`` in ``jobs`` processes."""
    batches = _batches(texts, jobs)
    work = [(first, list(texts[first:last]), segmenter, settings) for first, last in batches]
    if jobs <= 1 or len(work) <= 1:
        results = [_run_batch(item) for item in work]
    else:
        with ProcessPoolExecutor(max_workers=min(jobs, len(work))) as pool:
            results = list(pool.map(_run_batch, work))
    units: list[UnitTokens] = []
    shingle_sets: list[set[str]] = []
    seconds: dict[str, float] = {}
    for batch in results:
        for doc, row in batch.units:
            units.append(unit_tokens(doc, len(units), row))
        shingle_sets.extend(batch.shingle_sets)
        for stage, value in batch.seconds.items():
            seconds[stage] = seconds.get(stage, 0.0) + value
    rows = [batch.signatures for batch in results]
    signatures = (np.concatenate(rows) if rows
                  else np.empty((0, settings.num_perm), dtype=np.uint32))
    return Prepared(sum(b.sentences for b in results), units, shingle_sets, signatures, seconds)


def _batches(texts: Sequence[str], jobs: int) -> list[tuple[int, int]]:
    """Cut the documents into runs of about equal size, in order."""
    total = sum(len(text) for text in texts)
    # At least four batches per job so that a slow batch does not leave a core idle.
    size = max(1, min(BATCH_CHARS, total // max(1, 4 * jobs)))
    batches: list[tuple[int, int]] = []
    first = used = 0
    for index, text in enumerate(texts):
        used += len(text)
        if used >= size:
            batches.append((first, index + 1))
            first, used = index + 1, 0
    if first < len(texts):
        batches.append((first, len(texts)))
    return batches


def _run_batch(item: tuple[int, list[str], Segmenter, Settings]) -> Batch:
    """Segment, tokenise, build units, shingle and sign one run of documents."""
    first, texts, segmenter, settings = item
    clock = time.perf_counter
    size = settings.shingle_size
    seconds = {"segment": 0.0, "shingle": 0.0, "signatures": 0.0}
    units: list[tuple[int, UnitRow]] = []
    shingle_sets: list[set[str]] = []
    sentences = 0
    known: dict[str, str] = {}
    hashes: dict[str, int] = {}
    # The input hashes of every unit's shingles, as ranges of one flat list.
    flat: list[int] = []
    offsets = [0]
    for doc, text in enumerate(texts, start=first):
        started = clock()
        spans = segmenter.spans(text)
        segmented = clock()
        starts, ends, norms = token_columns(text, known)
        rows = unit_rows(text, spans, starts, ends, min_words=settings.min_words,
                         max_window=settings.max_window)
        # The shingle starting at each token, hashed once per document.
        grams = shingles_at(norms, size)
        base = len(flat)
        for gram in grams:
            value = hashes.get(gram)
            if value is None:
                value = hashes[gram] = hash32(gram)
            flat.append(value)
        for row in rows:
            lo, hi = row[5], row[6]
            if hi - lo > size:
                shingle_sets.append(set(grams[lo : hi - size + 1]))
                offsets.extend((base + lo, base + hi - size + 1))
            else:  # one shingle of all its words
                (gram,) = shingle_set = shingles(norms[lo:hi], size)
                shingle_sets.append(shingle_set)
                offsets.extend((len(flat), len(flat) + 1))
                flat.append(hash32(gram))
        units.extend((doc, row) for row in rows)
        sentences += len(spans)
        seconds["segment"] += segmented - started
        seconds["shingle"] += clock() - segmented
    started = clock()
    signatures = min_hashes_of_ranges(np.array(flat, dtype=np.uint32),
                                      np.array(offsets[1:], dtype=np.int64).reshape(-1, 2),
                                      permutations(settings.num_perm, settings.seed))
    seconds["signatures"] += clock() - started
    return Batch(sentences, tuple(units), tuple(shingle_sets), signatures, seconds)
