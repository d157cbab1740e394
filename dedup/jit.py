"""numba's compiler for dedup's loops, cached where the process can write a cache.

In: a Python function (dedup's loops over NumPy arrays). Out: its compiled
version, as ``numba.njit(cache=True, nogil=True)`` makes it.

Always holds: a loop compiles whether or not a cache can be written. numba
writes its cache beside the installed package, else in the user's cache
folder (``~/.cache/numba``), else in ``NUMBA_CACHE_DIR`` when that is set;
where none of them is writable (a read-only install run by an account with
no home, as a service or a container often is) ``numba.njit(cache=True)``
raises ``RuntimeError: cannot cache function ...: no locator available``
while the module is imported, so no scan ran at all. Then each loop is
compiled in each process instead (the 20 to 30 s of the first scan after
installing, every time), with one warning that says how to keep a cache.
No folder is made up for it: numba's cache files are pickles, and a folder
another account may have made (a fixed name in ``/tmp``) is no place to
load them from.

``set_up`` sets up what numba sets up at a process's first compiled call
(its typing and target registries), so that worker processes forked
after it inherit it rather than each set it up again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numba

logger = logging.getLogger(__name__)

_warned = False


def njit(**options: Any) -> Callable[[Callable[..., Any]], Any]:
    """``numba.njit(cache=True, nogil=True, **options)``, uncached where no cache can be written.

    Used as ``@njit()``, or ``@njit(inline="always")`` for a loop's helper.
    """

    def compile_(function: Callable[..., Any]) -> Any:
        global _warned
        try:
            return numba.njit(cache=True, nogil=True, **options)(function)
        except RuntimeError as error:  # raised before compiling: the cache has no folder
            if "no locator available" not in str(error):
                raise
            if not _warned:
                _warned = True
                logger.warning(
                    "numba can write no cache of dedup's compiled loops in %s or in the "
                    "user's cache folder: they are compiled again in each run (20 to 30 s); "
                    "set NUMBA_CACHE_DIR to a folder this account can write to keep them",
                    Path(function.__code__.co_filename).parent,
                )
        return numba.njit(nogil=True, **options)(function)

    return compile_


def set_up() -> None:
    """Set up numba's typing and target registries here, as a first compiled call would.

    About 0.17 s, once per process (importing numba's lowering modules and
    registering their functions), whichever compiled loop is called first;
    a process forked afterwards inherits them. No loop is compiled or
    loaded here. It is a saving only: where a numba release has moved these
    internals, the workers set up as they did before it.
    """
    try:
        from numba.core.registry import cpu_target

        cpu_target.target_context.refresh()
        cpu_target.typing_context.refresh()
    except (ImportError, AttributeError):  # numba's internals, not its API
        return
