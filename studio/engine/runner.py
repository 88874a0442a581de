"""The engine: takes jobs through submit -> poll -> download, journaling each step first.

Both faces drive it: the command line on its own loop (asyncio.run), the window on a thread of
its own (`studio.engine.engine_thread`), so the engine's loop is never the UI thread. The
journal (SQLite, short statements) therefore runs inline on the engine's loop; image work and
file writes still go to worker threads, so one slow disk does not hold up every job's polling.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import importlib
import logging
import os
import socket
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from studio.domain.catalog import ProviderSpec
from studio.domain.errors import OutcomeUnknown, OverBudget, StorageFailed, StudioError
from studio.domain.models import GenerationRequest, JobState
from studio.domain.plan import RequestPlan
from studio.domain.polling import PollSchedule
from studio.engine import recovery, resend
from studio.engine.clients import ClientPool
from studio.engine.events import EngineEvent, JobRecord, JobRemoved
from studio.engine.holds import holds
from studio.engine.journal import JobRow, Journal
from studio.engine.new_job import NewJob
from studio.engine.planning import Planning
from studio.engine.refhost import RefHosting
from studio.engine.refhost_journal import remember_bucket
from studio.engine.removal import ResultRemoval
from studio.settings import Settings, data_dir

if TYPE_CHECKING:
    from studio.domain.refhost import RefBucket
    from studio.keys import KeyStore
    from studio.providers.base import PreparedReference
    from studio.providers.options import ClientOptions

#: What running a job needs beyond the journal: HTTP clients (httpx), image codecs (Pillow), the
#: library. Imported on a worker thread when the first job needs them (or when the window warms
#: up after it is shown), so neither the studio's start nor its UI thread waits for them.
STEPS_MODULE = "studio.engine.steps"

log = logging.getLogger("studio.engine")

_steps_module: ModuleType | None = None


async def _steps() -> ModuleType:
    """`studio.engine.steps`, imported off the loop's thread the first time. (Not looked up in
    sys.modules: a module is there while another thread is still executing it.)"""
    global _steps_module
    if _steps_module is None:
        _steps_module = await asyncio.to_thread(importlib.import_module, STEPS_MODULE)
    return _steps_module


class Engine(Planning, ResultRemoval):
    """Runs generation jobs; listeners receive `EngineEvent`s on the event loop's thread."""

    #: Seconds between attempts to write to a journal whose disk is full.
    journal_retry_seconds = 5.0

    def __init__(
        self,
        *,
        journal_path: Path,
        settings: Settings,
        keys: KeyStore,
        demo_task_seconds: float = 1.5,
        client_options: ClientOptions | None = None,
        poll_interval: float | None = None,
        deadline: float = 15 * 60,
        staging_dir: Path | None = None,
    ) -> None:
        self.settings = settings
        self.poll_interval = poll_interval
        self.deadline = deadline
        self.staging_dir = staging_dir or data_dir() / "staging"
        self.owner = f"{socket.gethostname()}:{os.getpid()}"
        self.journal_path = journal_path
        self._journal: Journal | None = None  # opened on the engine's thread, at first use
        self._closed = False
        self._listeners: list[Callable[[EngineEvent], None]] = []
        self._tasks: dict[str, asyncio.Task[JobRecord | None]] = {}
        self._slots: dict[str, tuple[int, asyncio.Semaphore]] = {}
        self._overlay: dict[str, dict[str, Any]] = {}
        self._cancel_requested: set[str] = set()
        #: Inline images not yet on disk (their staging failed), by job: a Retry in this
        #: session can still save them.
        self.unsaved: dict[str, dict[int, bytes]] = {}
        #: (job, result index) of paid images that neither the library nor the data folder
        #: took: they exist only in this process's memory while their job waits for space.
        self.memory_only: set[tuple[str, int]] = set()
        self.partials_cleaned = False
        self._current_job: contextvars.ContextVar[str | None] = contextvars.ContextVar(
            "current_job", default=None
        )
        self.clients = ClientPool(
            keys,
            client_options,
            demo_task_seconds=demo_task_seconds,
            on_wait=self._on_wait,
        )
        self.refs = RefHosting(self)  # local references in the user's bucket

    # -- the faces' API ----------------------------------------------------------------------

    async def submit(
        self,
        request: GenerationRequest,
        *,
        base_url: str | None = None,
        key_env: str | None = None,
        library_dir: Path | None = None,
        ref_bucket: RefBucket | None = None,
    ) -> JobRecord:
        """Validate, journal and start a job. Raises InvalidRequest/AuthenticationFailed before
        anything is sent, OverBudget when it would take its provider over a cap. `ref_bucket`
        overrides the saved bucket for local references."""
        job = NewJob(
            request,
            str(library_dir or ""),
            base_url=base_url,
            key_env=key_env,
            ref_bucket=ref_bucket,
        )
        return (await self.submit_many([job]))[0]

    async def submit_many(
        self, jobs: Sequence[NewJob], *, group: str | None = None
    ) -> list[JobRecord]:
        """Jobs all or none (a batch, a compare `group`): every one planned and preflighted,
        then all journaled in one transaction that checks the budgets, then started."""
        plans = [
            self.plan(
                job.request, base_url=job.base_url, key_env=job.key_env, ref_bucket=job.ref_bucket
            )
            for job in jobs
        ]
        ready = [await self._preflight(plan) for plan in plans]
        library = str(self.settings.library_path)
        jobs = [job.planned(plan, library) for job, plan in zip(jobs, plans, strict=True)]
        from studio.engine import wallet  # the budgets: with the first job (#23)

        rows = await self.db(
            lambda j: j.create_many(
                jobs,
                owner=self.owner,
                group=group,
                guard=wallet.check_budgets,
                with_each=remember_bucket,
            )
        )
        for row, plan, (key, references) in zip(rows, plans, ready, strict=True):
            self.emit(row)
            self._start(row.record.id, references, row=row, key=key, plan=plan)
        return [self._with_overlay(row.record) for row in rows]

    def cancel(self, job_id: str) -> None:
        """Stop a job. A create already on the wire is allowed to answer (so its task id is
        recorded and nothing is lost); the job is then marked cancelled."""
        self._cancel_requested.add(job_id)
        task = self._tasks.get(job_id)
        if task is None:  # waiting (for a key, for space) or left by an ended process
            asyncio.get_running_loop().create_task(self._cancel_idle(job_id))
        elif self._overlay.get(job_id, {}).get("phase") != "submitting":
            task.cancel()

    async def _cancel_idle(self, job_id: str) -> None:
        try:
            await recovery.cancel_idle(self, job_id)
        except KeyError:  # removed meanwhile
            pass
        finally:
            self._cancel_requested.discard(job_id)

    async def retry(self, job_id: str, *, pay_again: bool = False) -> JobRecord:
        """Continue a job that can still finish without paying again (a job waiting for a key
        or disk space, results or a task id to poll); otherwise send its request again as a
        new job. A job not final is never sent again: it continues, or is left to the process
        that runs it. Sending again where the first attempt may have been charged takes
        `pay_again` (the person agreed), else raises PayAgainUnconfirmed, sending nothing."""
        row = await self.db(lambda j: j.get(job_id))
        record = row.record
        if job_id in self._tasks:
            return self._with_overlay(record)
        if resend.may_pay_twice(record) and not pay_again:
            raise resend.PayAgainUnconfirmed(self._with_overlay(record))
        if resend.continues(record):
            claimed = await recovery.claim(self, record)
            if claimed is None:  # another process runs it, or it moved on meanwhile
                return await self.job(job_id)
            self.emit(claimed)
            self._start(job_id, None, row=claimed)
            return claimed.record
        try:
            return await self.submit(
                record.request,
                base_url=row.base_url,
                key_env=row.key_env,
                library_dir=Path(row.library_dir),
                ref_bucket=await self.refs.journaled_bucket(job_id),
            )
        except OverBudget as refused:  # to be retried, not submitted, once the cap is raised
            refused.retry_of, refused.pay_again = job_id, pay_again
            raise

    async def remove(self, job_id: str) -> None:
        task = self._tasks.get(job_id)
        if task:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        row = await self.db(lambda j: j.get(job_id))
        steps = await _steps()
        await asyncio.to_thread(steps.delete_files, row.record.files)
        await self.db(lambda j: j.remove(job_id))
        self._overlay.pop(job_id, None)
        self.notify(JobRemoved(job_id))

    async def resume(self) -> list[JobRecord]:
        """Continue every unfinished job this process can claim (none is ever re-sent once its
        create may have gone out), held ones included, and failed ones that can finish without
        paying again. Each runs from the row its claim returned, never from the list read
        before: another process may have run it meanwhile (`studio.engine.recovery`)."""
        await self.refs.tidy()  # objects of jobs that ended as their process stopped
        return await recovery.resume(self)

    def poll_schedule(self, provider: ProviderSpec) -> PollSchedule:
        """The provider's schedule (studio/domain/polling.py), or `poll_interval` when set."""
        if self.poll_interval is not None:
            return PollSchedule.fixed(self.poll_interval)
        return provider.poll_schedule

    def running(self, job_id: str) -> bool:
        """Whether a task of this engine runs the job now."""
        return job_id in self._tasks

    def start(self, job_id: str, row: JobRow, plan: RequestPlan | None = None) -> None:
        """Run a job this engine has claimed, from `row` as its claim returned it."""
        self._start(job_id, None, row=row, plan=plan)

    async def wait(self, job_id: str) -> JobRecord:
        task = self._tasks.get(job_id)
        if task:
            await asyncio.gather(task, return_exceptions=True)
            if not task.cancelled() and task.exception() is None:
                final = task.result()
                if final is not None and final.is_final:
                    return self._with_overlay(final)  # the last journal write
        return await self.job(job_id)

    def update_settings(self, settings: Settings) -> None:
        """New settings apply to the next job; a changed concurrency limit applies to jobs not
        yet waiting for a slot."""
        self.settings = settings
        self._slots = {
            provider: (limit, slot)
            for provider, (limit, slot) in self._slots.items()
            if limit == settings.concurrency_for(provider)
        }

    async def aclose(self) -> None:
        """Stop running jobs (they stay resumable in the journal) and close connections."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self.refs.aclose()
        await self.clients.aclose()
        self._closed = True
        if self._journal is not None:
            self._journal.close()
            self._journal = None

    # -- running a job -----------------------------------------------------------------------

    def _start(
        self,
        job_id: str,
        references: list[PreparedReference] | None,
        *,
        row: JobRow | None = None,
        key: str | None = None,
        plan: RequestPlan | None = None,
    ) -> None:
        """Run a job; `row` is the job as just written (else it is read first), `key` the key
        preflight just read (else the client pool reads it), `plan` its resolved request
        (else resolved from the row)."""
        task = asyncio.get_running_loop().create_task(self._run(job_id, references, row, key, plan))
        self._tasks[job_id] = task
        task.add_done_callback(lambda _t: self._tasks.pop(job_id, None))

    async def _run(
        self,
        job_id: str,
        references: list[PreparedReference] | None,
        row: JobRow | None,
        key: str | None,
        plan: RequestPlan | None,
    ) -> JobRecord | None:
        """The job's final record as last written, if it got that far."""
        self._current_job.set(job_id)
        runner = (await _steps()).JobSteps(self, job_id)
        try:
            if row is None:
                row = await self.db(lambda j: j.get(job_id))
            plan = plan or self.plan_of(row)
            async with self._slot(row.record.request.provider):
                await runner.run(row, references, plan, key=key)
        except asyncio.CancelledError:
            await asyncio.shield(runner.finish_cancelled())
        except StudioError as exc:
            state = JobState.unknown if isinstance(exc, OutcomeUnknown) else JobState.failed
            if holds(exc):
                await asyncio.shield(runner.hold(exc))
            else:
                await asyncio.shield(runner.finish(state, error=exc))
        except OSError as exc:  # a local file trouble the steps did not foresee: wait, not fail
            log.exception("job %s: a file could not be read or written", job_id)
            held = StorageFailed(
                f"A file of this job could not be read or written: {exc.strerror or exc}. "
                "Put it right, then press Retry; the job is not paid again."
            )
            await asyncio.shield(runner.hold(held))
        except Exception as exc:  # a bug must not kill the loop or lose the job silently
            log.exception("job %s failed unexpectedly", job_id)
            error = StudioError(f"Internal error ({type(exc).__name__}); the job is kept.")
            await asyncio.shield(runner.finish(JobState.failed, error=error))
        finally:
            self._cancel_requested.discard(job_id)
            if not self.unsaved.get(job_id):
                self.unsaved.pop(job_id, None)
            if not runner.released:
                # A full journal keeps the owner tag: another process may claim the job once
                # this one has ended.
                with contextlib.suppress(sqlite3.OperationalError):
                    await asyncio.shield(self.db(lambda j: j.release(job_id, self.owner)))
            if (ended := runner.last) is not None and ended.record.is_final:  # its uploads go
                await asyncio.shield(self.refs.after_job(job_id, ended.record.request.provider))
        return runner.last.record if runner.last else None

    def _slot(self, provider: str) -> asyncio.Semaphore:
        if provider not in self._slots:
            limit = self.settings.concurrency_for(provider)
            self._slots[provider] = (limit, asyncio.Semaphore(limit))
        return self._slots[provider][1]
