"""``prepare``: the corpus cut into batches and run, here or on the workers while Punkt trains."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Sequence
from dataclasses import replace

from dedup.prepare.batch import Prepared, Settings, batch_bounds, join_batches, run_batch
from dedup.prepare.pool import workers
from dedup.prepare.training import Handoff, TrainingApart, receive
from dedup.segment import Segmenter

TRAIN_APART_MIN_CHARS = 250_000
"""Less text than this is trained on in the scan's own process when it has one job.

Punkt's training on less is shorter than forking a process for it: fresh
scans in one process, trained here against apart, medians of five on a
quiet machine: ``inputs/`` (49,000 characters) 0.34 against 0.39 s;
1,000 sentences of news (134,000) 0.46 against 0.47 s; 3,000 (395,000)
0.84 against 0.73 s; 5,000 (622,000) 1.07 against 0.96 s.
"""


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
    sentences, and then waits for it (``Handoff``). With one job and
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
        return join_batches(map(run_batch, work), ready, seconds)
    with workers(max_workers=min(jobs, len(work))) as pool:
        return join_batches(pool.map(run_batch, work), ready, seconds)


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
    the training runs, then waits for the segmenter (``TrainingApart.take``:
    the training's own error if it failed, or an error if its process
    ended with no word, never a wait for a segmenter that cannot come).
    """
    context = multiprocessing.get_context()
    handoff = Handoff(context)
    apart = None
    try:
        apart = TrainingApart(context, train, handoff)
        work = [(first, list(texts[first:last]), apart, settings) for first, last in batches]
        prepared = join_batches(map(run_batch, work), apart.take, {})
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
    (``TrainingApart``), forked first: it trains while this process sets
    up numba for the workers it forks next (``workers``), 0.17 s that would
    otherwise come before the training. Elsewhere it runs here once the
    workers are started.
    """
    context = multiprocessing.get_context()
    handoff = Handoff(context)
    apart = None
    try:
        if context.get_start_method() == "fork":
            apart = TrainingApart(context, train, handoff)
        with workers(max_workers=min(jobs, len(batches)), mp_context=context,
                     initializer=receive, initargs=(handoff,)) as pool:
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
            return join_batches(results, segmenter, {"train": seconds})
    finally:
        if apart is not None:
            apart.stop()
        handoff.close()
