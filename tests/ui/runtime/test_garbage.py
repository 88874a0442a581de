"""The UI thread's collector: young garbage often; a full collection walks only what survived
since the last one (the survivors are frozen); cycles among frozen objects are freed by a
complete collection once the window is quiet."""

from __future__ import annotations

import gc
import weakref

import pytest

from studio.ui.runtime import garbage
from studio.ui.runtime.garbage import UiThreadGarbageCollector


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def _cycle() -> weakref.ref[Node]:
    a, b = Node(), Node()
    a.other, b.other = b, a
    return weakref.ref(a)


def test_survivors_of_a_full_collection_are_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    collector = UiThreadGarbageCollector()
    try:
        kept = [Node() for _ in range(500)]
        before = gc.get_freeze_count()
        monkeypatch.setattr(gc, "get_count", lambda: (10**6, 10**6, 10**6))  # all three due
        collector.collect_due()
        assert gc.get_freeze_count() >= before + len(kept)
        assert not any(node is kept[0] for node in gc.get_objects(generation=2))
    finally:
        monkeypatch.undo()
        collector.stop()


def test_a_full_collection_comes_after_a_few_middle_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    """Python waits for ten middle collections; each full one walks only what survived since
    the last, so fewer between them means a shorter pause of the UI thread."""
    collector = UiThreadGarbageCollector()
    generations: list[int] = []

    def heard(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            generations.append(info["generation"])

    gc.callbacks.append(heard)
    try:
        middle = garbage.FULL_AFTER_MIDDLE
        assert middle < gc.get_threshold()[2]
        for count, expected in ((middle, 1), (middle + 1, 2)):
            generations.clear()
            monkeypatch.setattr(gc, "get_count", lambda count=count: (10**6, 10**6, count))
            collector.collect_due()
            assert generations == [expected]
    finally:
        gc.callbacks.remove(heard)
        monkeypatch.undo()
        collector.stop()


def test_cyclic_garbage_is_still_freed_on_the_ui_thread() -> None:
    collector = UiThreadGarbageCollector()
    thresholds = gc.get_threshold()
    try:
        gone = _cycle()
        gc.set_threshold(1, 1, 1)
        for _ in range(20):
            [Node() for _ in range(3)]
            collector.collect_due()
            if gone() is None:
                break
        assert gone() is None
    finally:
        gc.set_threshold(*thresholds)
        collector.stop()


def test_frozen_cycles_are_freed_only_when_the_window_is_quiet(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    collector = UiThreadGarbageCollector()
    try:
        gone = _cycle()
        gc.freeze()  # as if it had survived a full collection, then became garbage
        monkeypatch.setattr(gc, "get_count", lambda: (0, 0, 0))  # no generation due
        monkeypatch.setattr(garbage, "COMPLETE_EVERY", 0.0)
        quiet = False
        collector.quiet = lambda: quiet
        collector.collect_due()
        assert gone() is not None  # a job is running: the pause waits
        quiet = True
        collector.collect_due()
        assert gone() is None
    finally:
        monkeypatch.undo()
        collector.stop()


def test_the_collector_looks_often_while_garbage_is_made_and_rarely_when_idle(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    collector = UiThreadGarbageCollector(interval_ms=(25, 400))
    try:
        counts = [(0, 0, 0)]
        monkeypatch.setattr(gc, "get_count", lambda: counts[0])
        for _ in range(6):
            collector._tick()  # nothing due: the window is idle
        assert collector._timer.interval() == 400
        counts[0] = (10**6, 0, 0)  # results arriving: the young generation fills
        collector._tick()
        assert collector._timer.interval() == 25
    finally:
        monkeypatch.undo()
        collector.stop()


def test_frozen_cycles_are_freed_in_the_end_even_if_the_window_is_never_quiet(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    collector = UiThreadGarbageCollector()
    try:
        gone = _cycle()
        gc.freeze()
        monkeypatch.setattr(gc, "get_count", lambda: (0, 0, 0))
        collector.quiet = lambda: False  # a job held for its key: never quiet
        collector.collect_due()
        assert gone() is not None
        monkeypatch.setattr(garbage, "COMPLETE_ANYWAY", 0.0)
        collector.collect_due()
        assert gone() is None
    finally:
        monkeypatch.undo()
        collector.stop()
