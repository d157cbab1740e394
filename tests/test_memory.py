"""The cyclic collector during a scan: paused, then one collection, leaving nothing behind."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

import dedup
from dedup.memory import collection_paused


class _Node:
    """An object that can sit in a reference cycle and be watched through a weak reference."""

    def __init__(self) -> None:
        self.other: _Node | None = None


def _cycle() -> weakref.ref[_Node]:
    """A two-object cycle that only the cyclic collector can free, watched through one."""
    first, second = _Node(), _Node()
    first.other, second.other = second, first
    return weakref.ref(first)


@pytest.fixture
def collector_on() -> Iterator[None]:
    """The collector on, with nothing pending, and left as it was found."""
    enabled = gc.isenabled()
    gc.enable()
    gc.collect()
    yield
    if not enabled:
        gc.disable()


@pytest.mark.usefixtures("collector_on")
def test_a_cycle_made_while_paused_is_freed_on_leaving() -> None:
    with collection_paused():
        assert not gc.isenabled()
        watched = _cycle()
        gc.collect(0)  # an explicit collection still runs; only the automatic ones pause
        watched_later = _cycle()
    assert gc.isenabled()
    assert watched() is None
    assert watched_later() is None


@pytest.mark.usefixtures("collector_on")
def test_the_collection_on_leaving_walks_only_what_was_made_inside() -> None:
    before = _cycle()
    with collection_paused():
        inside = _cycle()
    assert inside() is None
    assert before() is not None  # frozen during the pause: not walked
    assert gc.get_freeze_count() == 0  # and back with the others
    gc.collect()
    assert before() is None


@pytest.mark.usefixtures("collector_on")
def test_objects_the_caller_froze_stay_frozen() -> None:
    before = _cycle()
    gc.freeze()
    try:
        with collection_paused():
            inside = _cycle()
        assert inside() is None
        gc.collect()
        assert before() is not None  # still frozen: no collection walks it
    finally:
        gc.unfreeze()
    gc.collect()
    assert before() is None


@pytest.mark.usefixtures("collector_on")
def test_a_worker_pause_leaves_the_cycle_for_later() -> None:
    with collection_paused(collect=False):
        watched = _cycle()
    assert gc.isenabled()
    assert watched() is not None
    gc.collect()
    assert watched() is None


@pytest.mark.usefixtures("collector_on")
def test_an_inner_pause_neither_collects_nor_turns_the_collector_on() -> None:
    with collection_paused():
        with collection_paused():
            watched = _cycle()
        assert not gc.isenabled()
        assert watched() is not None
    assert watched() is None


@pytest.mark.usefixtures("collector_on")
def test_a_collector_turned_off_by_the_caller_stays_off() -> None:
    gc.disable()
    with collection_paused():
        watched = _cycle()
    assert not gc.isenabled()
    assert watched() is not None
    gc.collect()
    assert watched() is None


@pytest.mark.usefixtures("collector_on")
def test_a_scan_runs_with_the_collector_paused(inputs_dir: Path) -> None:
    during: set[bool] = set()
    report = dedup.scan(inputs_dir, jobs=1,
                        progress=lambda stage, done, total: during.add(gc.isenabled()))
    assert during == {False}
    assert gc.isenabled()
    assert report.clusters


class _Marker:
    """A plain object a caller holds while it scans."""


def _scan_holding(folder: Path) -> tuple[weakref.ref[_Marker], dedup.Report]:
    held = _Marker()
    return weakref.ref(held), dedup.scan(folder, jobs=1)


@pytest.fixture
def no_automatic_collection(collector_on: None) -> Iterator[None]:
    """The collector on but never due: what a large scan is like between full collections."""
    thresholds = gc.get_threshold()
    gc.set_threshold(1 << 30)
    yield
    gc.set_threshold(*thresholds)


@pytest.mark.usefixtures("no_automatic_collection")
def test_a_scan_leaves_nothing_of_its_callers_alive(inputs_dir: Path) -> None:
    # NLTK's lookup of the missing punkt_tab model (the suite runs without it)
    # leaves its frame in a cycle with its exception, and the frame links to
    # every caller's: uncollected, it keeps their locals after they return.
    watched, report = _scan_holding(inputs_dir)
    assert watched() is None
    assert report.clusters
