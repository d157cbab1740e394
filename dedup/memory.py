"""How a scan keeps its memory, and the time Python spends managing it, down.

Two process-wide matters that every large stage shares: glibc keeps the
pages of freed arrays, and Python's cyclic collector walks every object it
tracks, again and again, while a scan makes millions of them.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
from collections.abc import Iterator


def give_back_freed_memory() -> None:
    """Return the heap's free pages to the system (glibc only; elsewhere nothing).

    Each large stage frees arrays of hundreds of MB among small objects
    that stay; glibc keeps such freed heap memory, so the process would
    hold the peak of every stage at once. At 1M sentences this returns
    about 600 MB after the per-document stages, and the band keys (made
    in blocks of a few MB) once banded.
    """
    with contextlib.suppress(AttributeError, OSError):
        ctypes.CDLL(None).malloc_trim(0)


@contextlib.contextmanager
def collection_paused(*, collect: bool = True) -> Iterator[None]:
    """No cyclic garbage collection inside; one collection on leaving if ``collect``.

    A scan makes millions of small objects that live to its end (segments,
    groups, members, edits) and none in a cycle, and each collection walks
    every object of its generation: a 1M-sentence scan spent 8.2 s in them,
    as the objects climbed the generations one by one. One collection at
    the end moves them all to the oldest at once and frees what libraries
    left in cycles (NLTK's lookup of a model that is not installed leaves
    its frame and exception in one, which kept the calling frames' locals
    alive after the scan returned). That collection walks only the objects
    made inside: the ones from before are frozen meanwhile (``gc.freeze``),
    which saves a walk of the whole heap, NLTK's, NumPy's and SciPy's
    modules included (0.09 s a scan, whatever its size); they go back to
    the oldest generation on leaving, unless the caller had frozen objects
    of its own, which stay as they were. Left alone if the collector was
    off already. Stages that run many times in a scan pass
    ``collect=False``, and so do forked workers (a collection there would
    walk, and so copy, every page they share with the main process).
    """
    enabled = gc.isenabled()
    gc.disable()
    freeze = enabled and collect and gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            if collect:
                gc.collect()
            if freeze:
                gc.unfreeze()
