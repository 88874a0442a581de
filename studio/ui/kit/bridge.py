"""The window's two doors to asyncio: engine events become Qt signals, and coroutines started
from slots are kept alive with their failures routed to the UI instead of vanishing."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from studio.engine.events import BalanceChanged, EngineEvent, JobChanged, JobRecord, JobRemoved
from studio.ui.kit.engine_api import EngineApi

log = logging.getLogger("studio.ui.tasks")

#: How long a job's changes are gathered before the window hears of them: a busy job moves
#: many times a second (each saved image, each poll), and each announcement costs the UI
#: thread a queue repaint; what changed within this window is shown once, as it ended.
COALESCE_MS = 25


def keep_loop_internals_out_of_logs() -> None:
    """qasync logs, at DEBUG, the arguments and result of every call it runs on a worker thread
    (`asyncio.to_thread`) and the callbacks of its timers: an API key read from the keyring, or
    one being stored, would land in any DEBUG log. Its loggers stop at INFO whatever the root
    level is; nothing of the studio's own is lost."""
    logging.getLogger("qasync").setLevel(logging.INFO)


class EngineBridge(QObject):
    """Re-emits engine events as Qt signals (they reach it on the window's loop: `EngineThread`
    delivers them there).

    Changes of a job are coalesced (see `COALESCE_MS`): listeners get its latest record, in
    the order the jobs first changed, so every job's final state still arrives. They get the
    gathered records together, so that a view takes in a burst (two hundred jobs submitted at
    once) as one change rather than one per job.

    Signals:
        jobs_changed(list[JobRecord]): jobs were created or moved on (each one once).
        job_removed(str): a job and its files were deleted.
        balance_changed(str, Balance): a provider reported what is left on the account.
    """

    jobs_changed = Signal(list)
    job_removed = Signal(str)
    balance_changed = Signal(str, object)

    def __init__(self, engine: EngineApi, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: dict[str, JobRecord] = {}
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(COALESCE_MS)
        self._flush.timeout.connect(self.flush)
        unsubscribe = engine.subscribe(self._on_event)
        self._unsubscribe: Callable[[], None] | None = unsubscribe
        # Should the widgets go first, the engine must stop calling into deleted objects.
        self.destroyed.connect(lambda _object=None: unsubscribe())

    def _on_event(self, event: EngineEvent) -> None:
        if isinstance(event, JobChanged):
            self._pending[event.job.id] = event.job
            if not self._flush.isActive():
                self._flush.start()
        elif isinstance(event, JobRemoved):
            self._pending.pop(event.job_id, None)  # a removed job must not come back
            self.job_removed.emit(event.job_id)
        elif isinstance(event, BalanceChanged):
            self.balance_changed.emit(event.provider, event.balance)

    def flush(self) -> None:
        """Announce the gathered changes now (each job once, with its latest record)."""
        self._flush.stop()
        while self._pending:  # a listener may cause more changes
            pending, self._pending = self._pending, {}
            self.jobs_changed.emit(list(pending.values()))

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._flush.stop()
        self._pending.clear()


class TaskRunner(QObject):
    """Starts coroutines on the running loop and keeps a reference until they finish.

    Signals:
        failed(Exception): a coroutine raised; the window turns it into a message.
    """

    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks: set[asyncio.Task[Any]] = set()
        keep_loop_internals_out_of_logs()

    def spawn(
        self,
        coro: Coroutine[Any, Any, Any],
        *,
        on_error: Callable[[Exception], None] | None = None,
    ) -> asyncio.Task[Any]:
        """Run `coro` in the background; an exception goes to `on_error`, else to `failed`."""
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(lambda t: self._finished(t, on_error))
        return task

    def _finished(
        self, task: asyncio.Task[Any], on_error: Callable[[Exception], None] | None
    ) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if error is None:
            return
        if not isinstance(error, Exception):
            raise error
        log.debug("background task failed", exc_info=error)
        if on_error is not None:
            on_error(error)
        else:
            self.failed.emit(error)

    @property
    def pending(self) -> int:
        return len(self._tasks)

    async def shutdown(self) -> None:
        """Cancel whatever is still running and wait for it to unwind."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
