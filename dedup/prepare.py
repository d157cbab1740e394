"""Documents -> units, shingle sets and the LSH keys of their signatures, on all cores.

The per-document stages (segment, tokenise, build units, shingle, MinHash
signatures and their band keys) depend on nothing outside their document, so the corpus is cut
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

Punkt trains on the corpus while the workers start (in a process of its
own where processes are forked, else in the main process): each worker
tokenises its first batch and hashes the shingles, which need no
sentences, before it waits for the segmenter.

Always holds: the result is the same for any number of jobs (units are
numbered in document order, and every value is computed from its own
document); each worker measures the seconds it spends in each stage.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
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
from dedup.jit import set_up as set_up_numba
from dedup.layout import page_furniture
from dedup.memory import give_back_freed_memory
from dedup.passages import Words, span_type
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


PARALLEL_MIN_CHARS = 750_000
"""Less text than this is scanned in one process when no number of jobs is given."""


TRAIN_APART_MIN_CHARS = 250_000
"""Less text than this is trained on in the scan's own process when it has one job.

Punkt's training on less is shorter than forking a process for it: fresh
scans in one process, trained here against apart, medians of five on a
quiet machine: ``inputs/`` (49,000 characters) 0.34 against 0.39 s;
1,000 sentences of news (134,000) 0.46 against 0.47 s; 3,000 (395,000)
0.84 against 0.73 s; 5,000 (622,000) 1.07 against 0.96 s.
"""


def default_jobs(chars: int | None = None) -> int:
    """Processes for a scan of ``chars`` characters: one per core this process may use.

    A small corpus gets one: each worker process costs about 0.2 s to start
    and to load numba's loops, more than the second core saves on less than
    ``PARALLEL_MIN_CHARS`` (on 2 cores, first scan of a process: the sample
    corpus, 49k characters, 0.35-0.42 s in one process against 0.57-0.63 s
    with workers; 620k characters 1.00-1.12 against 1.03-1.13 s; 905k
    characters 1.19-1.31 against 1.14-1.30 s).
    """
    if chars is not None and chars < PARALLEL_MIN_CHARS:
        return 1
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def prepare(
    texts: Sequence[str],
    segmenter: Segmenter | Callable[[], Segmenter],
    settings: Settings,
    *,
    jobs: int,
    train_apart: bool = False,
) -> Prepared:
    """Run the per-document stages over ``texts`` in ``jobs`` processes.

    ``segmenter`` may be the function that trains it (``build_segmenter``
    on the corpus). With workers, it runs while they start: a worker
    tokenises its first batch and hashes its shingles, which need no
    sentences, and then waits for it (``_Handoff``). With one job and
    ``train_apart``, where processes are forked and the texts hold
    ``TRAIN_APART_MIN_CHARS`` or more, it runs in a process of its own
    while this one does the same with the first batch
    (``_prepare_here_while_training``). Its seconds are ``seconds["train"]``.
    """
    batches = batch_bounds(texts, jobs)
    parallel = jobs > 1 and len(batches) > 1
    if parallel and not isinstance(segmenter, Segmenter):
        return _prepare_while_training(texts, batches, segmenter, settings, jobs)
    if (train_apart and not isinstance(segmenter, Segmenter)
            and multiprocessing.get_start_method() == "fork"
            and sum(len(text) for text in texts) >= TRAIN_APART_MIN_CHARS):
        return _prepare_here_while_training(texts, batches, segmenter, settings)
    started = time.perf_counter()
    ready = segmenter if isinstance(segmenter, Segmenter) else segmenter()
    seconds = {"train": time.perf_counter() - started}
    work = [(first, list(texts[first:last]), ready, settings) for first, last in batches]
    if not parallel:
        return _join(map(run_batch, work), ready, seconds)
    with workers(max_workers=min(jobs, len(work))) as pool:
        return _join(pool.map(run_batch, work), ready, seconds)


def _prepare_here_while_training(
    texts: Sequence[str],
    batches: list[tuple[int, int]],
    train: Callable[[], Segmenter],
    settings: Settings,
) -> Prepared:
    """``prepare`` in this process, with ``train`` run meanwhile in a process of its own.

    A scan in one process otherwise trains Punkt before any batch, with
    the second core idle; the first batch tokenises its documents and
    hashes their shingles (and numba sets up and loads its loops) while
    the training runs, then waits for the segmenter (``_TrainingApart.take``:
    the training's own error if it failed, or an error if its process
    ended with no word, never a wait for a segmenter that cannot come).
    """
    context = multiprocessing.get_context()
    handoff = _Handoff(context)
    apart = None
    try:
        apart = _TrainingApart(context, train, handoff)
        work = [(first, list(texts[first:last]), apart, settings) for first, last in batches]
        prepared = _join(map(run_batch, work), apart.take, {})
        return replace(prepared, seconds={"train": apart.result(), **prepared.seconds})
    finally:
        if apart is not None:
            apart.stop()
        handoff.close()


def _prepare_while_training(
    texts: Sequence[str],
    batches: list[tuple[int, int]],
    train: Callable[[], Segmenter],
    settings: Settings,
    jobs: int,
) -> Prepared:
    """``prepare`` with workers that start their batches while ``train`` runs.

    Where processes are forked, ``train`` runs in a process of its own
    (``_TrainingApart``), forked first: it trains while this process sets
    up numba for the workers it forks next (``workers``), 0.17 s that would
    otherwise come before the training. Elsewhere it runs here once the
    workers are started.
    """
    context = multiprocessing.get_context()
    handoff = _Handoff(context)
    apart = None
    try:
        if context.get_start_method() == "fork":
            apart = _TrainingApart(context, train, handoff)
        with workers(max_workers=min(jobs, len(batches)), mp_context=context,
                      initializer=_receive, initargs=(handoff,)) as pool:
            results = pool.map(run_batch, [(first, list(texts[first:last]), None, settings)
                                           for first, last in batches])
            if apart is not None:
                seconds = apart.result()
                segmenter = handoff.take()
            else:
                started = time.perf_counter()
                try:
                    segmenter = train()
                except BaseException:
                    handoff.give(None)  # the workers stop at once rather than wait
                    raise
                handoff.give(segmenter)
                seconds = time.perf_counter() - started
            return _join(results, segmenter, {"train": seconds})
    finally:
        if apart is not None:
            apart.stop()
        handoff.close()


class _TrainingApart:
    """``train`` run in a forked process, which hands the segmenter over (``_Handoff``).

    Its seconds, or the error it raised, come back through a pipe; a
    training that fails (or a process that ends without a word) releases
    the workers with no segmenter, and ``result`` raises.
    """

    def __init__(self, context: Any, train: Callable[[], Segmenter], handoff: _Handoff) -> None:
        self._handoff = handoff
        self._seconds: float | None = None
        self._answer, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_train_and_hand_over,
                                        args=(train, handoff, sender), daemon=True)
        self._process.start()
        sender.close()  # this process's copy: the pipe ends when the trainer's does

    def result(self) -> float:
        """The training's seconds, once the workers have the segmenter; else its error."""
        if self._seconds is None:
            try:
                trained, answer = self._answer.recv()
            except EOFError:
                self._handoff.give(None)
                self._process.join()
                raise RuntimeError("the process training the segmenter ended with no result "
                                   f"(exit code {self._process.exitcode})") from None
            if not trained:
                raise answer
            self._seconds = float(answer)
        return self._seconds

    def take(self) -> Segmenter:
        """The trained segmenter, in this process (``result`` first: it may raise)."""
        self.result()
        return self._handoff.take()

    def stop(self) -> None:
        """End the training process, if it still runs (the scan failed or was interrupted)."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._answer.close()


def _train_and_hand_over(train: Callable[[], Segmenter], handoff: _Handoff, answer: Any) -> None:
    """In the training process: train, hand the segmenter over, say how long it took."""
    exit_with_parent(os.getppid())
    started = time.perf_counter()
    try:
        segmenter = train()
    except BaseException as error:
        handoff.give(None)  # the workers stop at once rather than wait
        try:
            answer.send((False, error))
        except Exception:  # an error that cannot be pickled: its words
            answer.send((False, RuntimeError(f"training the segmenter failed: {error!r}")))
        return
    handoff.give(segmenter)
    answer.send((True, time.perf_counter() - started))


@contextmanager
def workers(**options: Any) -> Iterator[ProcessPoolExecutor]:
    """A process pool whose workers are stopped at once when the scan fails or is interrupted.

    Waiting for them instead (``ProcessPoolExecutor.__exit__``) can wait
    forever: after Ctrl-C the pool may break while it shuts down (CPython
    gh-107219), and then nothing reads the results the workers are writing.

    Workers forked from this process inherit numba's set-up (``dedup.jit.set_up``),
    done here once rather than at each worker's first compiled call: at
    10,000 sentences, 0.17 s of CPU less per worker.
    """
    context = options.get("mp_context") or multiprocessing.get_context()
    if context.get_start_method() == "fork":
        set_up_numba()
    initializer, initargs = options.pop("initializer", None), options.pop("initargs", ())
    pool = ProcessPoolExecutor(initializer=_start_worker,
                               initargs=(os.getpid(), initializer, initargs), **options)
    try:
        yield pool
    except BaseException:
        terminate = getattr(pool, "terminate_workers", None)  # Python 3.14
        if terminate is not None:
            terminate()
        else:
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


class _Handoff:
    """The segmenter the main process trains while the workers start their batches.

    Made before the workers and handed to each as it starts (``_receive``);
    the main process leaves the trained segmenter in a temporary file and
    sets the event, and each worker reads it once.
    """

    def __init__(self, context: Any) -> None:
        self._ready = context.Event()
        handle, self._path = tempfile.mkstemp(prefix="dedup-segmenter-", suffix=".pickle")
        os.close(handle)
        self._segmenter: Segmenter | None = None

    def give(self, segmenter: Segmenter | None) -> None:
        """Hand the workers ``segmenter`` (None: training failed, and they should stop)."""
        if segmenter is not None:
            Path(self._path).write_bytes(pickle.dumps(segmenter, pickle.HIGHEST_PROTOCOL))
        self._ready.set()

    def take(self) -> Segmenter:
        """The trained segmenter, once the main process has it."""
        if self._segmenter is None:
            self._ready.wait()
            data = Path(self._path).read_bytes()
            if not data:
                raise RuntimeError("the segmenter was not trained (see the main process's error)")
            self._segmenter = pickle.loads(data)
        return self._segmenter

    def close(self) -> None:
        Path(self._path).unlink(missing_ok=True)


_handoff: _Handoff | None = None
"""In a worker: where the main process leaves the segmenter (``prepare``)."""


_PARENT_CHECK_SECONDS = 1.0


def _start_worker(parent: int, initializer: Callable[..., object] | None,
                  initargs: tuple[Any, ...]) -> None:
    """In a new worker: watch for the end of the process that started it, then ``initializer``."""
    exit_with_parent(parent)
    if initializer is not None:
        initializer(*initargs)


def exit_with_parent(parent: int) -> None:
    """End this process as soon as ``parent``, the process that started it, is gone.

    A scan killed outright (SIGKILL: a job's time limit, the kernel's
    out-of-memory killer) cannot stop its workers, and they would wait
    forever for work on a pipe their siblings keep open. A thread here
    looks once a second whether this process has a new parent.
    """
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="dedup-parent-watch", daemon=True).start()


def _receive(handoff: _Handoff) -> None:
    global _handoff
    _handoff = handoff


def _join(results: Iterable[Batch], segmenter: Segmenter | Callable[[], Segmenter],
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


def run_batch(item: tuple[int, list[str], Segmenter | _TrainingApart | None, Settings]) -> Batch:
    """Tokenise, shingle, segment, build units and sign one run of documents.

    The words and the fingerprints of their shingles come first: they need
    no sentences, so a worker makes them while the main process may still
    be training the segmenter (``None``: the one ``prepare`` hands its
    workers; a ``_TrainingApart``: the one it trains for this process).
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
    if isinstance(segmenter, _TrainingApart):
        segmenter = segmenter.take()
    elif segmenter is None:
        assert _handoff is not None, "a batch without a segmenter runs in prepare's workers"
        segmenter = _handoff.take()
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
