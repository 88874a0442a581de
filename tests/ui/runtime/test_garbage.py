"""The UI thread's collector: young garbage often, full collections only once the oldest
generation has grown by a quarter (Python's own rule), cycles still freed in the end."""

from __future__ import annotations

import gc
import weakref

from studio.ui.runtime.garbage import UiThreadGarbageCollector


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def test_full_collections_wait_for_the_oldest_generation_to_grow(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    collector = UiThreadGarbageCollector()
    collected: list[int] = []
    real_collect = gc.collect
    monkeypatch.setattr(gc, "collect", lambda generation=2: collected.append(generation) or 0)
    thresholds = gc.get_threshold()
    try:
        gc.set_threshold(1, 1, 1)
        counts = iter([(5, 5, 5)] * 3)
        monkeypatch.setattr(gc, "get_count", lambda: next(counts))
        collector._long_lived = len(gc.get_objects(generation=2))  # as after a full collection
        collector.collect_due()  # nothing added since: a middle collection instead
        kept = [Node() for _ in range(collector._long_lived // 2 + 10)]
        real_collect(1)
        real_collect(1)  # the new objects now sit in the oldest generation
        collector.collect_due()  # grown by more than a quarter: the full collection is due
        assert collected == [1, 2]
        assert kept
    finally:
        gc.set_threshold(*thresholds)
        monkeypatch.undo()
        collector.stop()


def test_cyclic_garbage_is_still_freed_on_the_ui_thread() -> None:
    collector = UiThreadGarbageCollector()
    thresholds = gc.get_threshold()
    try:
        a, b = Node(), Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        del a, b
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
