"""Documents -> units, shingle sets and MinHash signatures, on all cores.

The per-document stages (segment, tokenise, build units, shingle, MinHash
signatures) depend on nothing outside their document, so the corpus is cut
into batches of whole documents, in order, and the batches run in ``jobs``
worker processes (``concurrent.futures.ProcessPoolExecutor``); with one job
they run here, in this process. Each batch sends back plain rows and NumPy
arrays, and the batches are joined in document order.

Shingles are kept as fingerprints, datasketch's ``sha1_hash64`` of their
UTF-8 bytes (whose low 32 bits are the ``sha1_hash32`` MinHash starts
from): one per token position of the corpus, the shingle that starts there,
and a unit's shingle set is the set of the fingerprints in its range of
positions (a unit of ``shingle_size`` words or fewer has one fingerprint of
its own). Two different shingles would have to share all 64 bits to be
taken for one.

Always holds: the result is the same for any number of jobs (units are
numbered in document order, and every value is computed from its own
document); each worker measures the seconds it spends in each stage.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from dedup.candidates import (
    Hashes,
    SignatureBlocks,
    Signatures,
    hash64,
    min_hashes_of_ranges,
    permutations,
    set_sizes,
)
from dedup.passages import Words, span_type
from dedup.segment import Segmenter
from dedup.shingle import Normalised, shingles_at, token_columns
from dedup.units import KINDS, UnitTable, unit_rows

# The columns of a ``UnitTable``, and the number of each unit kind there.
COLUMNS = ("doc", "kind", "first", "last", "start", "end", "lo", "hi", "head", "tail")
_KIND = {kind: number for number, kind in enumerate(KINDS)}

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
    banded: int
    """How many of the ``num_perm`` MinHash values LSH bands use (the first ones)."""


Fingerprints = npt.NDArray[np.uint64]
Ranges = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Batch:
    """The units of a run of documents, in order, with their shingles and signatures."""

    sentences: int
    units: npt.NDArray[np.int32]
    fingerprints: Fingerprints
    ranges: Ranges
    sizes: Ranges
    signatures: Signatures
    seconds: dict[str, float]
    words: tuple[npt.NDArray[np.uint64], npt.NDArray[np.signedinteger],
                 npt.NDArray[np.signedinteger], npt.NDArray[np.int64]]
    """Ids, character starts and ends of every word, and words per document (for passages)."""


@dataclass(frozen=True)
class Prepared:
    """All units of a corpus, numbered in document order.

    Unit ``i`` has the shingle set ``set(fingerprints[ranges[i, 0]:ranges[i, 1]])``
    of ``sizes[i]`` shingles, and the first ``banded`` MinHash values
    ``signatures`` (row ``i``, in the blocks the batches made). ``doc``,
    ``start`` and ``end`` say where each unit is; ``words`` are the words of
    every document, for the passages stage.
    """

    sentences: int
    units: UnitTable
    fingerprints: Fingerprints
    ranges: Ranges
    sizes: Ranges
    signatures: SignatureBlocks
    seconds: dict[str, float]
    doc: Ranges
    start: Ranges
    end: Ranges
    words: Words


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
    batches = batch_bounds(texts, jobs)
    work = [(first, list(texts[first:last]), segmenter, settings) for first, last in batches]
    if jobs <= 1 or len(work) <= 1:
        return _join(map(run_batch, work), settings)
    with ProcessPoolExecutor(max_workers=min(jobs, len(work))) as pool:
        return _join(pool.map(run_batch, work), settings)


def _join(results: Iterable[Batch], settings: Settings) -> Prepared:
    """Join the batches in order, letting go of each once its arrays are taken."""
    seconds: dict[str, float] = {}
    arrays: dict[str, list[npt.NDArray[Any]]] = {
        "units": [np.empty((0, len(COLUMNS)), dtype=np.int32)],
        "fingerprints": [np.empty(0, dtype=np.uint64)],
        "ranges": [np.empty((0, 2), dtype=np.int64)],
        "sizes": [np.empty(0, dtype=np.int64)],
    }
    blocks: list[Signatures] = []
    words: list[list[npt.NDArray[Any]]] = [[], [], [], []]
    shift = sentences = 0
    for batch in results:
        arrays["units"].append(batch.units)
        arrays["ranges"].append(batch.ranges + shift)
        shift += len(batch.fingerprints)
        arrays["fingerprints"].append(batch.fingerprints)
        arrays["sizes"].append(batch.sizes)
        blocks.append(batch.signatures)
        for part, array in zip(words, batch.words, strict=True):
            part.append(array)
        sentences += batch.sentences
        for stage, value in batch.seconds.items():
            seconds[stage] = seconds.get(stage, 0.0) + value
    # One array at a time, letting go of its parts: never all parts and all joins at once.
    joined = {name: np.concatenate(arrays.pop(name)) for name in list(arrays)}
    rows = joined["units"]
    doc, start, end = (rows[:, COLUMNS.index(name)].astype(np.int64)
                       for name in ("doc", "start", "end"))
    return Prepared(sentences, UnitTable(rows), joined["fingerprints"], joined["ranges"],
                    joined["sizes"], SignatureBlocks(blocks), seconds, doc, start, end,
                    Words.join(*words))


def batch_bounds(texts: Sequence[str], jobs: int) -> list[tuple[int, int]]:
    """Cut the documents into runs of about equal size, in order."""
    return bounds_of_sizes([len(text) for text in texts], jobs)


def bounds_of_sizes(sizes: Sequence[int], jobs: int) -> list[tuple[int, int]]:
    """``batch_bounds`` from the documents' lengths alone."""
    total = sum(sizes)
    # At least four batches per job so that a slow batch does not leave a core idle.
    size = max(1, min(BATCH_CHARS, total // max(1, 4 * jobs)))
    batches: list[tuple[int, int]] = []
    first = used = 0
    for index, length in enumerate(sizes):
        used += length
        if used >= size:
            batches.append((first, index + 1))
            first, used = index + 1, 0
    if first < len(sizes):
        batches.append((first, len(sizes)))
    return batches


def run_batch(item: tuple[int, list[str], Segmenter, Settings]) -> Batch:
    """Segment, tokenise, build units, shingle and sign one run of documents."""
    first, texts, segmenter, settings = item
    clock = time.perf_counter
    size = settings.shingle_size
    seconds = {"segment": 0.0, "shingle": 0.0, "signatures": 0.0}
    units: list[tuple[int, int, int, int, int, int, int, int, bool, bool]] = []
    sentences = 0
    known = Normalised()
    hashes = Hashes()  # of shingles and of words
    offset_type = span_type(texts)
    word_ids: list[npt.NDArray[np.uint64]] = []
    word_starts: list[npt.NDArray[np.signedinteger]] = []
    word_ends: list[npt.NDArray[np.signedinteger]] = []
    # The fingerprint of the shingle at every position, and each unit's range of them.
    flat: list[int] = []
    offsets: list[int] = []
    for doc, text in enumerate(texts, start=first):
        started = clock()
        spans = segmenter.spans(text)
        segmented = clock()
        starts, ends, norms = token_columns(text, known)
        rows = unit_rows(text, spans, starts, ends, min_words=settings.min_words,
                         max_window=settings.max_window)
        word_ids.append(np.fromiter(map(hashes.__getitem__, norms), dtype=np.uint64,
                                    count=len(norms)))
        word_starts.append(np.array(starts, dtype=offset_type))
        word_ends.append(np.array(ends, dtype=offset_type))
        base = len(flat)
        flat.extend(map(hashes.__getitem__, shingles_at(norms, size)))
        for row in rows:
            lo, hi = row[5], row[6]
            if hi - lo > size:
                offsets.extend((base + lo, base + hi - size + 1))
            else:  # one shingle of all its words
                offsets.extend((len(flat), len(flat) + 1))
                flat.append(hash64(" ".join(norms[lo:hi])))
        units.extend((doc, _KIND[row[0]], *row[1:]) for row in rows)
        sentences += len(spans)
        seconds["segment"] += segmented - started
        seconds["shingle"] += clock() - segmented
    started = clock()
    fingerprints = np.array(flat, dtype=np.uint64)
    ranges = np.array(offsets, dtype=np.int64).reshape(-1, 2)
    sizes = set_sizes(flat, ranges)
    a, b = permutations(settings.num_perm, settings.seed)
    signatures = min_hashes_of_ranges(fingerprints.astype(np.uint32), ranges,
                                      (a[: settings.banded], b[: settings.banded]))
    seconds["signatures"] += clock() - started
    table = np.array(units, dtype=np.int32).reshape(-1, len(COLUMNS))
    words = (np.concatenate([np.empty(0, dtype=np.uint64), *word_ids]),
             np.concatenate([np.empty(0, dtype=offset_type), *word_starts]),
             np.concatenate([np.empty(0, dtype=offset_type), *word_ends]),
             np.array([len(ids) for ids in word_ids], dtype=np.int64))
    return Batch(sentences, table, fingerprints, ranges, sizes, signatures, seconds, words)
