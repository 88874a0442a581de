"""The engine's base: its journal, read inline on the engine's loop; the jobs as the faces see
them (journal rows with the live, unjournaled facts of running jobs laid over them); and the
announcements to its listeners. `studio.engine.runner.Engine` builds on it."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from studio.domain.i18n import QT_TRANSLATE_NOOP, Text
from studio.domain.models import JobState
from studio.engine.events import BalanceChanged, EngineEvent, JobChanged, JobRecord
from studio.engine.holds import hold_reason
from studio.engine.journal import JobRow, Journal, Moment

log = logging.getLogger("studio.engine")
T = TypeVar("T")


class EngineBase:
    """Journal access, live job facts and announcements, shared by the engine's parts."""

    journal_path: Path
    _journal: Journal | None
    _closed: bool
    _listeners: list[Callable[[EngineEvent], None]]
    _overlay: dict[str, dict[str, Any]]
    _cancel_requested: set[str]
    _current_job: contextvars.ContextVar[str | None]
    _tasks: dict[str, asyncio.Task[JobRecord | None]]
    memory_only: set[tuple[str, int]]

    def images_only_in_memory(self) -> int:
        """Paid images that ending this process now would lose (no disk took them); safe to
        ask from any thread."""
        return len(self.memory_only.copy())

    def active_jobs(self) -> int:
        """Jobs running now; safe to ask from any thread (a job leaves `_tasks` as it ends)."""
        return len(self._tasks)

    def subscribe(self, listener: Callable[[EngineEvent], None]) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    async def job(self, job_id: str) -> JobRecord:
        return self._with_overlay((await self.db(lambda j: j.get(job_id))).record)

    async def jobs(self, *, limit: int | None = None) -> list[JobRecord]:
        rows = await self.db(lambda j: j.jobs(limit=limit))
        return [self._with_overlay(r.record) for r in rows]

    async def search(
        self,
        text: str = "",
        *,
        since: Moment | None = None,
        until: Moment | None = None,
        provider: str | None = None,
        model: str | None = None,
        states: Iterable[JobState] | None = None,
        limit: int | None = 500,
    ) -> list[JobRecord]:
        """Jobs matching the words typed, created in [since, until), newest first."""
        states = None if states is None else tuple(states)
        rows = await self.db(
            lambda j: j.search(
                text,
                since=since,
                until=until,
                provider=provider,
                model=model,
                states=states,
                limit=limit,
            )
        )
        return [self._with_overlay(r.record) for r in rows]

    async def db(self, action: Callable[[Journal], T]) -> T:
        """`action(journal)`, inline: a journal statement is shorter than a trip to a thread
        and back (on two cores that hand-over, not SQLite, was the larger cost; see
        bench/RESULTS.md), and the engine's loop is never the UI thread."""
        return action(self._opened())

    async def set_star(self, job_id: str, index: int, starred: bool) -> JobRecord:
        """Star or unstar one result (a favourite, a compare's winner); KeyError if none."""
        if not await self.db(lambda j: j.set_star(job_id, index, starred)):
            raise KeyError((job_id, index))
        row = await self.db(lambda j: j.get(job_id))
        self.emit(row)
        return row.record

    def _opened(self) -> Journal:
        if self._journal is None:
            if self._closed:
                raise RuntimeError("the engine is closed")
            self._journal = Journal(self.journal_path)
        return self._journal

    def _keep_balance(self, event: BalanceChanged) -> None:
        """The wallet shows the latest balance each provider reported, and when."""
        with contextlib.suppress(sqlite3.Error, RuntimeError):  # a full disk: not kept
            self._opened().record_balance(event.provider, event.balance)

    def _on_wait(self, reason: Text, seconds: float) -> None:
        job_id = self._current_job.get()
        if job_id is None:
            return
        waiting = Text(
            "studio.waits",
            QT_TRANSLATE_NOOP("studio.waits", "{reason}; retrying in {seconds} s"),
            {"reason": reason, "seconds": round(seconds)},
        )
        self.set_overlay(job_id, waiting=waiting)

    def set_overlay(self, job_id: str, *, announce: bool = True, **values: Any) -> None:
        """Live, unjournaled facts about a running job (waiting reason, progress, phase).

        A changed waiting reason or progress is announced (a JobChanged re-read from the
        journal) unless `announce` is False because the caller emits the job itself; an
        unchanged one is not: every poll clears the reason, and re-announcing each time cost
        a journal read and a UI update per poll of every running job."""
        overlay = self._overlay.setdefault(job_id, {})
        visible = [k for k in ("waiting", "progress", "partials") if k in values]
        changed = any(overlay.get(k) != values[k] for k in visible)
        overlay.update(values)
        if announce and changed:
            asyncio.get_running_loop().create_task(self._emit_current(job_id))

    async def _emit_current(self, job_id: str) -> None:
        with contextlib.suppress(KeyError):  # removed meanwhile
            self.emit(await self.db(lambda j: j.get(job_id)))

    def _with_overlay(self, record: JobRecord) -> JobRecord:
        extra = self._overlay.get(record.id, {})
        if record.is_final:  # a streamed create's count of previews stays for the report
            return replace(record, partials=extra.get("partials"))
        waiting = extra.get("waiting")
        if waiting is None and record.held:
            waiting = hold_reason(record)
        return replace(
            record,
            waiting=waiting,
            progress=extra.get("progress"),
            preview=extra.get("preview"),
            partials=extra.get("partials"),
        )

    def emit(self, row: JobRow) -> None:
        self.notify(JobChanged(self._with_overlay(row.record)))

    def notify(self, event: EngineEvent) -> None:
        if isinstance(event, BalanceChanged):
            self._keep_balance(event)
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                log.exception("an engine listener failed")

    def cancel_requested(self, job_id: str) -> bool:
        return job_id in self._cancel_requested
