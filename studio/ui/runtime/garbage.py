"""Python's cyclic garbage collector, run on the UI thread only.

Left alone, Python collects on whichever thread happens to allocate. If a collection there frees
a QObject caught in a reference cycle, its destructor runs on the wrong thread, cannot stop the
Qt timers it owned, and those timers later fire on freed memory: a crash. qutebrowser avoids
this the same way: automatic collection off, a timer collecting on the UI thread instead.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class UiThreadGarbageCollector(QObject):
    """Disables automatic collection and collects from a timer on the thread that owns it."""

    def __init__(self, parent: QObject | None = None, *, interval_ms: int = 100) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        #: Objects in the oldest generation after the last full collection.
        self._long_lived = 0
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start()

    def collect_due(self) -> None:
        """Collect the generations whose allocation counts passed their thresholds.

        Often (every 100 ms), so each young-generation collection has little to walk: checked
        once a second, a busy second (thousands of downloads' worth of objects) made one pause
        of tens of milliseconds on the UI thread."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        due = [count > threshold for count, threshold in zip(counts, thresholds, strict=True)]
        # As Python decides: the oldest generation is considered only when a middle collection
        # is due anyway (its count grows by one per middle collection), and then by its growth.
        if due[2] and due[1] and self._full_collection_due():
            generation = 2
        elif due[1]:
            generation = 1
        elif due[0]:
            generation = 0
        else:
            generation = -1
        if generation >= 0:
            gc.collect(generation)
        if generation == 2:
            self._long_lived = len(gc.get_objects(generation=2))

    def _full_collection_due(self) -> bool:
        """Python's own rule for its automatic collector: a full collection (tens of ms once
        thousands of results are loaded) only once the oldest generation has grown by a quarter
        since the last one, so its cost stays proportional to what was added. `gc.collect(2)`
        alone skips that rule, and the oldest generation's count passes its threshold after
        every tenth middle collection."""
        grown = len(gc.get_objects(generation=2)) - self._long_lived
        return grown > self._long_lived // 4

    def stop(self) -> None:
        """Collect everything now, on this thread, and give collection back to Python."""
        self._timer.stop()
        gc.unfreeze()  # what open_studio froze after start-up is collectable again
        gc.collect()
        if self._was_enabled:
            gc.enable()
