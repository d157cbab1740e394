"""Python lists of arrays <-> numba's typed ``List``, made by cached compiled functions.

In: arrays of one type (the blocks of band keys). Out: a typed ``List`` of
them that compiled code can take (:func:`typed_list`), and back
(:func:`listed`).

Its own module because the banding (:mod:`~dedup.candidates.banding`) and
the classes of identical rows (:mod:`~dedup.candidates.class_pairs`) both
hand blocks to compiled loops this way, and numba's own list functions are
not cached: made here, they compile once, not in every process.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy.typing as npt
from numba.typed import List

from dedup.jit import njit


def typed_list(arrays: Sequence[npt.NDArray[Any]]) -> Any:
    """A typed ``List`` of the arrays (at least one, all of one type), for compiled code.

    Built by cached compiled functions: ``List(arrays)`` calls numba's own
    list functions, which are not cached and so compile in every process
    (with ``listed``, 0.5 s of every scan).
    """
    result = _list_of(arrays[0])
    for part in arrays[1:]:
        _append_to(result, part)
    return result


def listed(arrays: Any) -> list[npt.NDArray[Any]]:
    """The arrays of a typed ``List``, as a Python list (see ``typed_list``)."""
    return [_item_of(arrays, index) for index in range(_length_of(arrays))]


@njit()
def _list_of(first):  # type: ignore[no-untyped-def]
    """A typed List holding ``first``."""
    result = List()
    result.append(first)
    return result


@njit()
def _append_to(arrays, array):  # type: ignore[no-untyped-def]
    """Append ``array`` to the typed List ``arrays``."""
    arrays.append(array)


@njit()
def _length_of(arrays):  # type: ignore[no-untyped-def]
    """The length of the typed List ``arrays``."""
    return len(arrays)


@njit()
def _item_of(arrays, index):  # type: ignore[no-untyped-def]
    """Item ``index`` of the typed List ``arrays``."""
    return arrays[index]
