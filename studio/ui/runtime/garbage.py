"""Python's cyclic garbage collector, run on the UI thread only.

Left alone, Python collects on whichever thread happens to allocate. If a collection there frees
a QObject caught in a reference cycle, its destructor runs on the wrong thread, cannot stop the
Qt timers it owned, and those timers later fire on freed memory: a crash. qutebrowser avoids
this the same way: automatic collection off, a timer collecting on the UI thread instead.

A full collection walks every object the collector tracks: with a thousand results arrived, one
took 55-70 ms on the UI thread, the longest stall of the window while jobs ran (bench/README.md,
UI responsiveness). So what survives a full collection is frozen (`gc.freeze`): the next one
walks only what was made since, and comes after three middle collections instead of Python's
ten, so that walk is shorter. Frozen objects that later become cyclic garbage wait for a
complete collection, made when the studio is quiet (no job running) and the frozen set has
grown by half since the last one, and every ten minutes whatever it is doing. While garbage is
being made the collector looks every 25 ms, so each young collection has little to walk; an
idle window is looked at less and less often.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

#: A complete collection (frozen objects included) at most this often, in seconds.
COMPLETE_EVERY = 60.0
#: ... and at least this often, quiet or not: a job held for a key, or one another studio runs,
#: keeps the window from ever being quiet, and what was frozen must not be kept for ever.
COMPLETE_ANYWAY = 600.0
#: How often to look while garbage is made, and at most when none is (ms). Every 100 ms, a
#: young collection walked everything the engine's threads had made meanwhile: up to 36 ms of
#: the UI thread; every 25 ms, the longest stretch of UI-thread work fell to 25-30 ms
#: (bench/README.md, UI responsiveness).
BUSY_IDLE_MS = (25, 400)
#: A full collection with the middle one that follows this many (Python's own: 10). Each walks
#: only what survived since the last (the rest is frozen), so more often means shorter: with
#: 2,000 results arriving, one after ten middle collections took up to 40 ms of the UI thread.
FULL_AFTER_MIDDLE = 3


class UiThreadGarbageCollector(QObject):
    """Disables automatic collection and collects from a timer on the thread that owns it."""

    def __init__(
        self, parent: QObject | None = None, *, interval_ms: tuple[int, int] = BUSY_IDLE_MS
    ) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        #: Whether the window is quiet enough for a complete collection (set by the window).
        self.quiet: Callable[[], bool] | None = None
        self._complete_at = time.monotonic()
        self._frozen_after_complete = gc.get_freeze_count()
        gc.disable()
        self._busy_ms, self._idle_ms = interval_ms
        self._timer = QTimer(self)
        self._timer.setInterval(self._busy_ms)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        """Collect what is due; look again soon while there is garbage to collect, and less
        and less often while there is none (an idle window should not wake its CPU)."""
        collected = self.collect_due()
        busy = self._busy_ms if collected else min(self._idle_ms, self._timer.interval() * 2)
        if busy != self._timer.interval():
            self._timer.setInterval(busy)

    def collect_due(self) -> bool:
        """Collect the generations whose allocation counts passed their thresholds.

        Often (every 25 ms), so each young-generation collection has little to walk: checked
        once a second, a busy second (thousands of downloads' worth of objects) made one pause
        of tens of milliseconds on the UI thread. A full collection walks only what is not
        frozen (what survived the young ones since the last), then freezes the survivors.
        Whether anything was collected."""
        counts, (young, middle, full) = gc.get_count(), gc.get_threshold()
        thresholds = (young, middle, min(full, FULL_AFTER_MIDDLE))
        due = [count > threshold for count, threshold in zip(counts, thresholds, strict=True)]
        # As Python decides: the oldest generation is considered only when a middle collection
        # is due anyway (its count grows by one per middle collection).
        if due[2] and due[1]:
            gc.collect(2)
            gc.freeze()  # survivors: out of the next full collection's walk
        elif due[1]:
            gc.collect(1)
        elif due[0]:
            gc.collect(0)
        elif self._complete_collection_due():
            self.collect_complete()
        else:
            return False
        return True

    def _complete_collection_due(self) -> bool:
        if self.quiet is None:
            return False
        since = time.monotonic() - self._complete_at
        if since >= COMPLETE_ANYWAY:
            return True
        if since < COMPLETE_EVERY:
            return False
        grown = gc.get_freeze_count() - self._frozen_after_complete
        return grown > self._frozen_after_complete // 2 and self.quiet()

    def collect_complete(self) -> None:
        """Collect everything, frozen objects included, and freeze the survivors again."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self._frozen_after_complete = gc.get_freeze_count()
        self._complete_at = time.monotonic()

    def stop(self) -> None:
        """Collect everything now, on this thread, and give collection back to Python."""
        self._timer.stop()
        gc.unfreeze()  # what open_studio froze after start-up is collectable again
        gc.collect()
        if self._was_enabled:
            gc.enable()
