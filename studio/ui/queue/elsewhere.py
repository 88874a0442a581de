"""No ghost jobs in the queue: while it shows unfinished jobs, the engine is asked every few
seconds about those it does not run (`studio.engine.claims.sweep`), so a job that nobody polls
is taken over, and one that another process runs says where instead of "Running"."""

from __future__ import annotations

import asyncio
import logging

from PySide6.QtCore import QObject, QTimer

from studio.ui.kit.bridge import TaskRunner
from studio.ui.kit.engine_api import EngineApi
from studio.ui.queue.queue_model import QueueModel

log = logging.getLogger("studio.ui")

#: How often the queue's unfinished jobs are looked at again (ms): a job a killed studio left
#: is taken over within this time, and one another process finishes is shown done.
SWEEP_MS = 3000


class ElsewhereWatch(QObject):
    """Asks the engine about the queue's unfinished jobs; what changed arrives as engine events."""

    def __init__(
        self, model: QueueModel, engine: EngineApi, tasks: TaskRunner, parent: QObject
    ) -> None:
        super().__init__(parent)
        self._model, self._engine, self._tasks = model, engine, tasks
        self._sweeping: asyncio.Task[object] | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(SWEEP_MS)
        self.timer.timeout.connect(self.sweep)

    def start(self) -> None:
        """Look now (after the window's `resume`), then every `SWEEP_MS`."""
        self.timer.start()
        self.sweep()

    def sweep(self) -> asyncio.Task[object] | None:
        if not self._model.active_count():
            return None  # nothing shown as running: nothing to ask (an idle window stays idle)
        if self._sweeping is not None and not self._sweeping.done():
            return None
        shown = {
            record.id: (record.updated_at, str(record.elsewhere) if record.elsewhere else None)
            for record in self._model.records()
            if not record.is_final
        }
        self._sweeping = self._tasks.spawn(
            self._engine.sweep(shown),
            on_error=lambda error: log.info("looking at unfinished jobs failed: %s", error),
        )
        return self._sweeping
