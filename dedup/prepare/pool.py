"""Worker processes: how many, and a pool whose workers end with the process that started them.

``default_jobs`` (one process for a small corpus, where starting workers
costs more than they save; else every core) and ``workers``, a
``ProcessPoolExecutor`` stopped at once when its user fails or is
interrupted, whose forked workers inherit numba's set-up and exit as soon
as their parent is gone (``exit_with_parent``). The audit's and the
fidelity stage's pools are these too.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from dedup.jit import set_up as set_up_numba

PARALLEL_MIN_CHARS = 750_000
"""Less text than this is scanned in one process when no number of jobs is given."""


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
