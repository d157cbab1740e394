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

import contextlib
import ctypes
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
    hash64_many,
    min_hashes_of_ranges,
    permutations,
    set_sizes,
)
from dedup.passages import Words, span_type
from dedup.segment import Segmenter
from dedup.shingle import Normalised, shingles_at, token_columns
from dedup.units import TABLE_COLUMNS, UnitTable, unit_rows

COLUMNS = TABLE_COLUMNS
"""The columns of the unit rows of a batch (a ``UnitTable``)."""

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
    joined = {}
    for name in list(arrays):
        empty, *parts = arrays.pop(name)
        joined[name] = _concatenate(parts, empty)
        del parts
        give_back_freed_memory()  # the parts came in small blocks, kept by glibc
    rows = joined["units"]
    doc, start, end = (rows[:, COLUMNS.index(name)].astype(np.int64)
                       for name in ("doc", "start", "end"))
    return Prepared(sentences, UnitTable(rows), joined["fingerprints"], joined["ranges"],
                    joined["sizes"], SignatureBlocks(blocks), seconds, doc, start, end,
                    Words.join(*words))


def give_back_freed_memory() -> None:
    """Return the heap's free pages to the system (glibc only; elsewhere nothing).

    Each large stage frees arrays of hundreds of MB among small objects
    that stay; glibc keeps such freed heap memory, so the process would
    hold the peak of every stage at once. At 1M sentences this returns
    about 600 MB after the per-document stages.
    """
    with contextlib.suppress(AttributeError, OSError):
        ctypes.CDLL(None).malloc_trim(0)


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
    """Segment, tokenise, build units, shingle and sign one run of documents.

    Memory stays linear in the text and small per token: tokens, units and
    fingerprints are arrays, the shingle strings are made a window at a time
    (``SHINGLE_WINDOW``), and signatures are computed a block of units at a
    time, so one huge document costs no more per word than many small ones.
    """
    first, texts, segmenter, settings = item
    clock = time.perf_counter
    seconds = {"segment": 0.0, "shingle": 0.0, "signatures": 0.0}
    units: list[npt.NDArray[np.int32]] = [np.empty((0, len(COLUMNS)), dtype=np.int32)]
    sentences = 0
    known = Normalised()
    hashes = Hashes()  # of words
    offset_type = span_type(texts)
    word_ids: list[npt.NDArray[np.uint64]] = []
    word_starts: list[npt.NDArray[np.signedinteger]] = []
    word_ends: list[npt.NDArray[np.signedinteger]] = []
    # The fingerprint of the shingle at every position, and each unit's range of them.
    flat: list[Fingerprints] = []
    used = 0
    offsets: list[Ranges] = [np.empty((0, 2), dtype=np.int64)]
    for doc, text in enumerate(texts, start=first):
        started = clock()
        spans = segmenter.spans(text)
        segmented = clock()
        table, fingerprints, ranges, words = _units_and_shingles(
            doc, text, spans, settings, known, hashes, offset_type)
        units.append(table)
        flat.append(fingerprints)
        offsets.append(ranges + used)
        used += len(fingerprints)
        word_ids.append(words[0])
        word_starts.append(words[1])
        word_ends.append(words[2])
        sentences += len(spans)
        seconds["segment"] += segmented - started
        seconds["shingle"] += clock() - segmented
    started = clock()
    fingerprints = _concatenate(flat, np.empty(0, dtype=np.uint64))
    del flat
    ranges = _concatenate(offsets, offsets[0])
    sizes = set_sizes(fingerprints, ranges)
    a, b = permutations(settings.num_perm, settings.seed)
    signatures = min_hashes_of_ranges(fingerprints.astype(np.uint32), ranges,
                                      (a[: settings.banded], b[: settings.banded]))
    seconds["signatures"] += clock() - started
    words = (np.concatenate([np.empty(0, dtype=np.uint64), *word_ids]),
             np.concatenate([np.empty(0, dtype=offset_type), *word_starts]),
             np.concatenate([np.empty(0, dtype=offset_type), *word_ends]),
             np.array([len(ids) for ids in word_ids], dtype=np.int64))
    return Batch(sentences, _concatenate(units, units[0]), fingerprints, ranges, sizes,
                 signatures, seconds, words)


def _units_and_shingles(
    doc: int,
    text: str,
    spans: list[tuple[int, int]],
    settings: Settings,
    known: Normalised,
    hashes: Hashes,
    offset_type: type[np.signedinteger],
) -> tuple[npt.NDArray[np.int32], Fingerprints, Ranges, tuple[npt.NDArray[Any], ...]]:
    """One document's unit rows, its fingerprints, each unit's range of them, and its words.

    The fingerprints are those of the shingle at each token position, then
    one for each unit of ``shingle_size`` words or fewer, in unit order. The
    words (ids, character starts and ends) are for the passages stage.
    """
    size = settings.shingle_size
    starts, ends, norms = token_columns(text, known)
    rows = unit_rows(text, spans, starts, ends, min_words=settings.min_words,
                     max_window=settings.max_window)
    words = (hashes.of(norms),
             np.array(starts, dtype=offset_type), np.array(ends, dtype=offset_type))
    del starts, ends
    positions = _fingerprints_at(norms, size)
    lo, hi = rows[:, 5], rows[:, 6]
    long = hi - lo > size
    short = np.flatnonzero(~long)
    own = np.fromiter((hash64(" ".join(norms[a:b])) for a, b in
                       zip(lo[short].tolist(), hi[short].tolist(), strict=True)),
                      dtype=np.uint64, count=len(short))
    ranges = np.empty((len(rows), 2), dtype=np.int64)
    ranges[long, 0] = lo[long]
    ranges[long, 1] = hi[long] - size + 1
    ranges[short, 0] = len(positions) + np.arange(len(short))
    ranges[short, 1] = ranges[short, 0] + 1
    table = np.empty((len(rows), len(COLUMNS)), dtype=np.int32)
    table[:, 0], table[:, 1:] = doc, rows
    return table, _concatenate([positions, own], positions), ranges, words


SHINGLE_WINDOW = 1 << 16
"""Shingle strings made at once when fingerprinting a document."""


def _fingerprints_at(norms: Sequence[str], size: int) -> Fingerprints:
    """``hash64`` of ``shingles_at(norms, size)``, made ``SHINGLE_WINDOW`` shingles at a time.

    Not through a ``Hashes`` cache: most shingles are new to it, and hashing
    them all costs less than finding the new ones (0.68 against 0.92 s for
    1.15M shingles of the benchmark's news, 58% of them seen before).
    """
    count = max(0, len(norms) - size + 1)
    result = np.empty(count, dtype=np.uint64)
    for at in range(0, count, SHINGLE_WINDOW):
        window = shingles_at(norms[at : at + SHINGLE_WINDOW + size - 1], size)
        result[at : at + len(window)] = hash64_many(window)
    return result


def _concatenate(parts: list[npt.NDArray[Any]], empty: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """The parts joined; a single part as it is, not copied."""
    filled = [part for part in parts if len(part)]
    if len(filled) == 1:
        return filled[0]
    return np.concatenate([empty, *filled])
