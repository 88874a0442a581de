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
        generation = -1
        for number in range(3):
            if counts[number] > thresholds[number]:
                generation = number
        if generation >= 0:
            gc.collect(generation)

    def stop(self) -> None:
        """Collect everything now, on this thread, and give collection back to Python."""
        self._timer.stop()
        gc.unfreeze()  # what open_studio froze after start-up is collectable again
        gc.collect()
        if self._was_enabled:
            gc.enable()
