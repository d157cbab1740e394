"""A batch of whole documents -> units, shingle fingerprints, LSH band keys; batches joined.

``run_batch`` tokenises, hashes the shingles (which need no sentences,
so a worker makes them while Punkt may still train), segments, builds the
units and signs them, a block at a time; ``join_batches`` puts the
batches' arrays together in document order (``Prepared``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from dedup.candidates import (
    BandKeys,
    KeyBlocks,
    band_keys,
    first_seen,
    hash64,
    hash64_many,
    min_hashes_of_ranges,
    permutations,
    set_sizes,
)
from dedup.layout import page_furniture
from dedup.memory import give_back_freed_memory
from dedup.passages import Words, span_type
from dedup.prepare.training import TrainingApart, handed_over
from dedup.segment import Segmenter
from dedup.shingle import Vocabulary, token_ids
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
    bands: tuple[int, int]
    """The LSH bands and the MinHash values in each: the first ``bands * rows`` are used."""


Fingerprints = npt.NDArray[np.uint64]
Ranges = npt.NDArray[np.signedinteger[Any]]
_INT32_MAX = np.iinfo(np.int32).max


@dataclass(frozen=True)
class Batch:
    """The units of a run of documents, in order, with their shingles and band keys."""

    sentences: int
    units: npt.NDArray[np.int32]
    fingerprints: Fingerprints
    ranges: Ranges
    sizes: Ranges
    band_keys: BandKeys
    seconds: dict[str, float]
    words: tuple[npt.NDArray[np.uint64], npt.NDArray[np.signedinteger],
                 npt.NDArray[np.signedinteger], npt.NDArray[np.int64]]
    """Ids, character starts and ends of every word, and words per document (for passages)."""


@dataclass(frozen=True)
class Prepared:
    """All units of a corpus, numbered in document order.

    Unit ``i`` has the shingle set ``set(fingerprints[ranges[i, 0]:ranges[i, 1]])``
    of ``sizes[i]`` shingles, and the LSH keys of its signature's bands
    ``band_keys`` (row ``i``, in the blocks the batches made). ``doc``,
    ``start`` and ``end`` say where each unit is (views of columns of
    ``units``, not copies); ``words`` are the words of every document, for
    the passages stage.
    """

    sentences: int
    units: UnitTable
    fingerprints: Fingerprints
    ranges: Ranges
    sizes: Ranges
    band_keys: KeyBlocks
    seconds: dict[str, float]
    doc: npt.NDArray[np.int32]
    start: npt.NDArray[np.int32]
    end: npt.NDArray[np.int32]
    words: Words
    segmenter: Segmenter


def join_batches(results: Iterable[Batch], segmenter: Segmenter | Callable[[], Segmenter],
                 seconds: dict[str, float]) -> Prepared:
    """Join the batches in order, letting go of each once its arrays are taken.

    ``segmenter`` may be the function that gives it once the batches are done.
    """
    seconds = dict(seconds)
    arrays: dict[str, list[npt.NDArray[Any]]] = {
        "units": [np.empty((0, len(COLUMNS)), dtype=np.int32)],
        "fingerprints": [np.empty(0, dtype=np.uint64)],
        "ranges": [np.empty((0, 2), dtype=np.int32)],
        "sizes": [np.empty(0, dtype=np.int32)],
    }
    blocks: list[BandKeys] = []
    words: list[list[npt.NDArray[Any]]] = [[], [], [], []]
    shift = sentences = 0
    for batch in results:
        arrays["units"].append(batch.units)
        # Held through verification: int32 while the positions fit (the
        # join turns them all to int64 when some do not).
        ranges = batch.ranges + shift
        shift += len(batch.fingerprints)
        arrays["ranges"].append(ranges.astype(np.int32) if shift <= _INT32_MAX else ranges)
        arrays["fingerprints"].append(batch.fingerprints)
        arrays["sizes"].append(batch.sizes.astype(np.int32))
        blocks.append(batch.band_keys)
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
    doc, start, end = (rows[:, COLUMNS.index(name)] for name in ("doc", "start", "end"))
    ready = segmenter if isinstance(segmenter, Segmenter) else segmenter()
    return Prepared(sentences, UnitTable(rows), joined["fingerprints"], joined["ranges"],
                    joined["sizes"], KeyBlocks(blocks), seconds, doc, start, end,
                    Words.join(*words), ready)


def batch_bounds(texts: Sequence[str], jobs: int) -> list[tuple[int, int]]:
    """Cut the documents into runs of about equal size, in order."""
    return bounds_of_sizes([len(text) for text in texts], jobs)


def bounds_of_sizes(sizes: Sequence[int], jobs: int) -> list[tuple[int, int]]:
    """``batch_bounds`` from the documents' lengths alone."""
    total = sum(sizes)
    # At least four batches per job so that a slow batch does not leave a core idle.
    return runs_of(sizes, max(1, min(BATCH_CHARS, total // max(1, 4 * jobs))))


def runs_of(sizes: Sequence[int], size: int) -> list[tuple[int, int]]:
    """Runs ``(lo, hi)`` of consecutive items, each ending once it holds ``size`` or more."""
    runs: list[tuple[int, int]] = []
    first = used = 0
    for index, length in enumerate(sizes):
        used += length
        if used >= size:
            runs.append((first, index + 1))
            first, used = index + 1, 0
    if first < len(sizes):
        runs.append((first, len(sizes)))
    return runs


def run_batch(item: tuple[int, list[str], Segmenter | TrainingApart | None, Settings]) -> Batch:
    """Tokenise, shingle, segment, build units and sign one run of documents.

    The words and the fingerprints of their shingles come first: they need
    no sentences, so a worker makes them while the main process may still
    be training the segmenter (``None``: the one ``prepare`` hands its
    workers; a ``TrainingApart``: the one it trains for this process).
    Memory stays linear in the text and small per token: tokens, units and
    fingerprints are arrays, the shingle strings are made a window at a time
    (``SHINGLE_WINDOW``), and signatures are computed a block of units at a
    time, so one huge document costs no more per word than many small ones.
    """
    first, texts, segmenter, settings = item
    clock = time.perf_counter
    seconds = {"segment": 0.0, "shingle": 0.0, "signatures": 0.0}
    started = clock()
    vocabulary = Vocabulary()
    offset_type = span_type(texts)
    tokens = [_without_furniture(text, token_ids(text, vocabulary)) for text in texts]
    counts = np.array([len(numbers) for _, _, numbers in tokens], dtype=np.int64)
    numbers = _concatenate([numbers for _, _, numbers in tokens], np.empty(0, dtype=np.int64))
    shingled = _position_fingerprints(numbers, counts, vocabulary.forms, settings.shingle_size)
    no_offsets = np.empty(0, dtype=offset_type)
    words = (hash64_many(vocabulary.forms)[numbers],
             _concatenate([starts.astype(offset_type) for starts, _, _ in tokens], no_offsets),
             _concatenate([ends.astype(offset_type) for _, ends, _ in tokens], no_offsets), counts)
    seconds["shingle"] += clock() - started
    if isinstance(segmenter, TrainingApart):
        segmenter = segmenter.take()
    elif segmenter is None:
        segmenter = handed_over()
    sentences = 0
    tables: list[npt.NDArray[np.int32]] = [np.empty((0, len(COLUMNS)), dtype=np.int32)]
    for doc, text, (starts, ends, _) in zip(range(first, first + len(texts)), texts, tokens,
                                            strict=True):
        started = clock()
        spans = segmenter.spans(text)
        segmented = clock()
        rows = unit_rows(text, spans, starts, ends, min_words=settings.min_words,
                         max_window=settings.max_window)
        table = np.empty((len(rows), len(COLUMNS)), dtype=np.int32)
        table[:, 0], table[:, 1:] = doc, rows
        tables.append(table)
        sentences += len(spans)
        seconds["segment"] += segmented - started
        seconds["shingle"] += clock() - segmented
    del tokens
    started = clock()
    units = _concatenate(tables[1:], tables[0])
    del tables
    fingerprints, ranges = _fingerprints(shingled, numbers, counts, units[:, 0] - first, units,
                                         vocabulary.forms, settings.shingle_size)
    seconds["shingle"] += clock() - started
    started = clock()
    sizes = set_sizes(fingerprints, ranges)
    a, b = permutations(settings.num_perm, settings.seed)
    number, width = settings.bands
    signatures = min_hashes_of_ranges(fingerprints.astype(np.uint32), ranges,
                                      (a[: number * width], b[: number * width]))
    keys = band_keys(signatures, width)
    del signatures  # 2/3 the bytes: only the keys leave the worker
    seconds["signatures"] += clock() - started
    return Batch(sentences, units, fingerprints, ranges, sizes, keys, seconds, words)


def _without_furniture(
    text: str, tokens: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The tokens (starts, ends, numbers) of ``text`` but those of its pages' furniture.

    A running header or page number between two pages (:mod:`dedup.layout`)
    is no one's words: a sentence that runs on across the page break is
    shingled as if it were not there, and a header repeated on every page
    is no passage. Only a text with a form feed can have such lines that
    its passages could not tell on their own.
    """
    if "\f" not in text:
        return tokens
    lines = page_furniture(text)
    if not lines:
        return tokens
    starts, ends, numbers = tokens
    bounds = np.array(lines, dtype=np.int64).reshape(-1)
    # A token starts inside a line when an odd number of line bounds lie at or before it.
    keep = np.searchsorted(bounds, starts, side="right") % 2 == 0
    return starts[keep], ends[keep], numbers[keep]


def _position_fingerprints(
    numbers: npt.NDArray[np.int64], counts: npt.NDArray[np.int64], forms: list[str], size: int
) -> Fingerprints:
    """The fingerprint of the shingle at each token position of each document, in order.

    ``numbers`` are the form numbers of the documents' words, ``counts``
    words per document; a document of ``n`` words has ``n - size + 1``
    positions (none when shorter).
    """
    firsts = np.cumsum(counts) - counts  # each document's first word
    per_doc = np.maximum(counts - size + 1, 0)
    position = np.arange(per_doc.sum(), dtype=np.int64)
    position += np.repeat(firsts - (np.cumsum(per_doc) - per_doc), per_doc)
    return _hash_shingles(numbers, position, forms, size)


def _fingerprints(
    shingled: Fingerprints,
    numbers: npt.NDArray[np.int64],
    counts: npt.NDArray[np.int64],
    doc: npt.NDArray[np.int32],
    units: npt.NDArray[np.int32],
    forms: list[str],
    size: int,
) -> tuple[Fingerprints, Ranges]:
    """The fingerprints of a run of documents, and each unit's range of them.

    ``shingled`` are the documents' ``_position_fingerprints``, ``numbers``
    the form numbers of their words, ``counts`` words per document,
    ``units`` their unit rows and ``doc`` the number of each unit's
    document in the run. Each document has the
    fingerprints of the shingle at each of its token positions, then one for
    each unit of ``size`` words or fewer, in unit order.
    """
    doc = doc.astype(np.int64)
    firsts = np.cumsum(counts) - counts  # each document's first word
    per_doc = np.maximum(counts - size + 1, 0)
    lo = units[:, COLUMNS.index("lo")].astype(np.int64)
    hi = units[:, COLUMNS.index("hi")].astype(np.int64)
    long = hi - lo > size
    short = np.flatnonzero(~long)
    own = np.fromiter(
        (hash64(" ".join(map(forms.__getitem__, numbers[a:b].tolist())))
         for a, b in zip((firsts[doc[short]] + lo[short]).tolist(),
                         (firsts[doc[short]] + hi[short]).tolist(), strict=True)),
        dtype=np.uint64, count=len(short))
    # Each document's block: its positions' fingerprints, then its short units' own.
    shorts = np.bincount(doc[short], minlength=len(counts))
    block = np.cumsum(per_doc + shorts) - (per_doc + shorts)
    result = np.empty(len(shingled) + len(own), dtype=np.uint64)
    result[np.repeat(block - (np.cumsum(per_doc) - per_doc), per_doc)
           + np.arange(len(shingled))] = shingled
    # Short units come in document order, so their place in their block is their rank there.
    rank = np.arange(len(short)) - np.repeat(np.cumsum(shorts) - shorts, shorts)
    own_at = block[doc[short]] + per_doc[doc[short]] + rank
    result[own_at] = own
    ranges = np.empty((len(units), 2), dtype=np.int64)
    ranges[long, 0] = block[doc[long]] + lo[long]
    ranges[long, 1] = ranges[long, 0] + hi[long] - lo[long] - size + 1
    ranges[short, 0] = own_at
    ranges[short, 1] = own_at + 1
    return result, ranges


SHINGLE_WINDOW = 1 << 16
"""Shingle strings made at once when fingerprinting."""


def _hash_shingles(
    numbers: npt.NDArray[np.int64], position: npt.NDArray[np.int64], forms: list[str], size: int
) -> Fingerprints:
    """``hash64`` of the shingle of ``size`` words at each of the word ``position``.

    Shingles are told apart by their form numbers, so each distinct one is
    made into a string and hashed once (about half of a batch's shingles
    repeat one before them), ``SHINGLE_WINDOW`` strings at a time.
    """
    key = numbers[position]
    most = len(forms) + 1
    for step in range(1, size):
        if int(key.max(initial=0)) >= (1 << 62) // most:
            key = first_seen(key.view(np.uint64))[1]  # renumbered, still distinct
        key = key * most + numbers[position + step]
    first_of, inverse = first_seen(key.view(np.uint64))  # without np.unique's sort
    at = position[first_of]
    distinct = np.empty(len(at), dtype=np.uint64)
    for lo in range(0, len(at), SHINGLE_WINDOW):
        window = at[lo : lo + SHINGLE_WINDOW]
        columns = [list(map(forms.__getitem__, numbers[window + step].tolist()))
                   for step in range(size)]
        strings = columns[0] if size == 1 else list(map(" ".join, zip(*columns, strict=True)))
        distinct[lo : lo + len(window)] = hash64_many(strings)
    return distinct[inverse.reshape(-1)]


def _concatenate(parts: list[npt.NDArray[Any]], empty: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """The parts joined; a single part as it is, not copied."""
    filled = [part for part in parts if len(part)]
    if len(filled) == 1:
        return filled[0]
    return np.concatenate([empty, *filled])
