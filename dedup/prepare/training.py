"""Punkt trained apart while the workers start, and the trained segmenter handed to them.

``TrainingApart`` trains in a forked process of its own and leaves the
segmenter in a temporary file (``Handoff``); each worker, given the
handoff as it starts (``receive``), reads it once, when its first batch
needs sentences (``handed_over``).
"""

from __future__ import annotations

import os
import pickle
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dedup.prepare.pool import exit_with_parent
from dedup.segment import Segmenter


class TrainingApart:
    """``train`` run in a forked process, which hands the segmenter over (``Handoff``).

    Its seconds, or the error it raised, come back through a pipe; a
    training that fails (or a process that ends without a word) releases
    the workers with no segmenter, and ``result`` raises.
    """

    def __init__(self, context: Any, train: Callable[[], Segmenter], handoff: Handoff) -> None:
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


def _train_and_hand_over(train: Callable[[], Segmenter], handoff: Handoff, answer: Any) -> None:
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


class Handoff:
    """The segmenter the main process trains while the workers start their batches.

    Made before the workers and handed to each as it starts (``receive``);
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
        """Remove the temporary file (the main process, once the workers are done)."""
        Path(self._path).unlink(missing_ok=True)


_handoff: Handoff | None = None
"""In a worker: where the main process leaves the segmenter (``prepare``)."""


def receive(handoff: Handoff) -> None:
    """In a new worker: keep where the segmenter will be (the pool's initializer)."""
    global _handoff
    _handoff = handoff


def handed_over() -> Segmenter:
    """In a worker: the segmenter the main process hands its workers (``receive``)."""
    assert _handoff is not None, "a batch without a segmenter runs in prepare's workers"
    return _handoff.take()
