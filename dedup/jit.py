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

A cached loop holds the compiled code of the loops it calls, which may
live in other modules of its package (``dedup.candidates.hashing.folded``
in the banding's loops); numba keeps a cached loop while its own file is
unchanged (numba issue #1833), so an edit to a callee's module left its
callers' old code in use. Each loop's cache is therefore stamped with the
sizes and times of every module of its package that holds compiled loops,
as well as its own file's: any change to one of them compiles them all again.

``set_up`` sets up what numba sets up at a process's first compiled call
(its typing and target registries), so that worker processes forked
after it inherit it rather than each set it up again.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import sys
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
            compiled = numba.njit(cache=True, nogil=True, **options)(function)
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
        _stamp_with_package(compiled, function)
        return compiled

    return compile_


def _stamp_with_package(compiled: Any, function: Callable[..., Any]) -> None:
    """Make ``compiled``'s cache valid only while no compiled module of its package changes.

    numba compares the stamp its index file holds with the one it makes
    for the function's own file (``(mtime, size)``); the stamp becomes that
    and ``_compiled_modules_digest`` of the package. numba's internals, not
    its API: where a numba release has moved them, its own stamp stays.
    """
    top = sys.modules.get(function.__module__.partition(".")[0])
    paths = getattr(top, "__path__", None)
    if not paths:  # a module of its own: numba's stamp of its file says it all
        return
    try:
        index = compiled._cache._cache_file
        index._source_stamp = (index._source_stamp, _compiled_modules_digest(paths[0]))
    except AttributeError:
        return


@functools.cache
def _compiled_modules_digest(package: str) -> str:
    """A digest of the path, size and time of each module under ``package`` that uses ``njit``.

    Worked out once per process, at its first compiled loop: an edit made
    while a process runs reaches its loops when it starts again.
    """
    digest = hashlib.sha256()
    for folder, subfolders, names in os.walk(package):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(names):
            path = Path(folder, name)
            try:
                if not name.endswith(".py") or b"njit(" not in path.read_bytes():
                    continue
                status = path.stat()
            except OSError:
                continue
            digest.update(f"{path.relative_to(package)}\0{status.st_size}\0"
                          f"{status.st_mtime_ns}\n".encode())
    return digest.hexdigest()


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
