"""The steps of one job (create, poll, download), each journaled before it acts."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import Callable, Iterable
from operator import methodcaller
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from send2trash import send2trash

from studio.domain.catalog import provider_spec
from studio.domain.errors import (
    BadResult,
    KeyMissing,
    OutcomeUnknown,
    ProviderFailed,
    StorageFailed,
    StudioError,
    TimedOut,
)
from studio.domain.models import JobState, ResultImage
from studio.engine import spool
from studio.engine.crashpoints import crash_point
from studio.engine.events import BalanceChanged, JobRecord
from studio.engine.holds import (
    JOURNAL_FULL,
    hold_kind,
    journal_blocked,
    kept_text,
    waiting_reason,
)
from studio.engine.journal import JobRow, Journal, TaskTaken
from studio.engine.library import (
    MAX_RESULT_BYTES,
    save_result,
    saved_before,
    stage_bytes,
    sync_folder,
)
from studio.imaging.xmp import sidecar_path
from studio.providers.base import PreparedReference, ProviderClient, TaskState, TaskUpdate

if TYPE_CHECKING:
    from studio.engine.runner import Engine

log = logging.getLogger("studio.engine")
T = TypeVar("T")

#: Failures after which the same job can go on without paying again.
CONTINUABLE = frozenset(
    {
        "timed_out",
        "storage_failed",
        "disk_full",
        "bad_result",
        "provider_unavailable",
        "rate_limited",
    }
)
_TASK_TO_JOB = {TaskState.queued: JobState.queued, TaskState.running: JobState.running}
__all__ = ["CONTINUABLE", "JobSteps", "can_continue", "delete_files"]


def can_continue(record: JobRecord) -> bool:
    return bool(record.results or record.task_id) and record.error_kind in CONTINUABLE


def delete_files(paths: Iterable[str]) -> None:
    """Deleted results go to the system trash where there is one."""
    for path in paths:
        if not Path(path).exists():
            continue
        try:
            send2trash(path)
        except Exception:  # no trash on this platform/volume: delete for real
            Path(path).unlink(missing_ok=True)
        # An earlier version's WebP .json, and a signed result's XMP (its texts live there).
        for sidecar in (Path(path + ".json"), sidecar_path(Path(path))):
            if sidecar.exists():
                sidecar.unlink()


class JobSteps:
    """Takes one job from wherever the journal says it stands to a final state.

    Each step is one journal transaction that commits before the step's action: a step's
    facts travel together (each statement also releases the GIL, a hand-over to any other
    busy thread)."""

    def __init__(self, engine: Engine, job_id: str) -> None:
        self.engine = engine
        self.job_id = job_id
        self.provider = ""
        #: Images the provider sent inline (b64), until saved: kept by the engine, so a Retry
        #: in this session still has those that could not be staged on disk either.
        self.inline: dict[int, bytes] = engine.unsaved.setdefault(job_id, {})
        #: Whether this run continues a job an earlier run (or process) worked on.
        self.continuing = False
        #: The job as last written to the journal by these steps.
        self.last: JobRow | None = None
        #: The job was given up (its owner cleared) together with its final state.
        self.released = False

    async def run(
        self,
        row: JobRow,
        references: list[PreparedReference] | None,
        *,
        key: str | None = None,
    ) -> None:
        self.provider = row.record.request.provider
        self.continuing = row.record.state is not JobState.draft
        client = await self.engine.clients.get(
            self.provider, base_url=row.base_url, key_env=row.key_env, key=key
        )
        state = row.record.state
        if state is JobState.draft:
            row = await self.create(row, client, references)
            crash_point("task_recorded")
        elif state is JobState.submitting:
            row = await self.recover_reply(row, client)
        if row.record.state in (JobState.queued, JobState.running):
            row = await self.poll(row, client)
        if row.record.state is JobState.downloading:
            row = await self.download(row, client)
        if self.engine.cancel_requested(self.job_id) and not row.record.is_final:
            await self.finish_cancelled()

    async def create(
        self, row: JobRow, client: ProviderClient, references: list[PreparedReference] | None
    ) -> JobRow:
        request = row.record.request
        crash_point("journaled")
        if references is None:
            references = await self.engine.prepare_references(request)
        if self.engine.cancel_requested(self.job_id):
            raise asyncio.CancelledError
        # Written down before the paid call goes out: a crash from here on is "outcome unknown".
        row = await self._update(state=JobState.submitting)
        self.engine.set_overlay(self.job_id, phase="submitting")
        crash_point("sending")
        try:
            update = await client.submit(request, references, spool=self._spool)
        finally:
            self.engine.set_overlay(self.job_id, phase="sent")
        crash_point("sent")
        return await self._apply_reply(update, row)

    async def _spool(self, body: bytes) -> None:
        await asyncio.to_thread(spool.write_spool, self.engine.staging_dir, self.job_id, body)

    async def recover_reply(self, row: JobRow, client: ProviderClient) -> JobRow:
        """A job left `submitting`: if the create's reply was spooled before the process
        stopped, the provider received (and charged for) it, so the job goes on from what the
        reply said, without a new create; otherwise its outcome is unknown."""
        folder = self.engine.staging_dir
        body = await asyncio.to_thread(spool.read_spool, folder, self.job_id)
        update = None
        if body is not None:
            try:
                update = client.read_spooled(body)
            except Exception as exc:  # a reply that cannot be read: as if there were none
                log.warning("job %s: the kept reply cannot be read: %r", self.job_id, exc)
        if update is None:
            raise OutcomeUnknown(
                "The studio stopped while this job was being sent, so it is unknown whether the "
                "provider received it. Check the provider's dashboard before sending it again."
            )
        log.info("job %s: continued from the create's reply kept on disk", self.job_id)
        return await self._apply_reply(update, row)

    async def _apply_reply(self, update: TaskUpdate, row: JobRow) -> JobRow:
        """Journal a create's reply; once the journal holds it (or the job ends over it), its
        spooled copy goes. Stopped meanwhile (the journal's disk full, the studio quitting),
        the copy stays for the next `resume`."""
        self._report_balance(update)
        try:
            row = await self._apply(update, row, unique_task=True)
        except TaskTaken:
            await asyncio.to_thread(spool.drop_spool, self.engine.staging_dir, self.job_id)
            raise OutcomeUnknown(
                "The provider answered with the task id of another job, so this job's "
                "outcome is unknown. Check the provider's dashboard."
            ) from None
        except StudioError:
            await asyncio.to_thread(spool.drop_spool, self.engine.staging_dir, self.job_id)
            raise
        await asyncio.to_thread(spool.drop_spool, self.engine.staging_dir, self.job_id)
        return row

    async def poll(self, row: JobRow, client: ProviderClient) -> JobRow:
        task_id = row.record.task_id
        if not task_id:
            raise OutcomeUnknown("The provider gave no task id for this job; check its dashboard.")
        deadline = time.monotonic() + self.engine.deadline
        while True:
            if self.engine.cancel_requested(self.job_id):
                raise asyncio.CancelledError
            await asyncio.sleep(self.engine.poll_interval)
            update = await client.poll(task_id)
            self.engine.set_overlay(self.job_id, waiting=None)
            self._report_balance(update)
            row = await self._apply(update, row)
            crash_point("poll")
            if row.record.state not in (JobState.queued, JobState.running):
                return row
            if time.monotonic() > deadline:
                minutes = max(1, round(self.engine.deadline / 60))
                raise TimedOut(
                    f"The provider is still working on this job after {minutes} min. It is kept: "
                    "Retry or Resume later picks it up without paying again."
                )

    async def _apply(self, update: TaskUpdate, row: JobRow, *, unique_task: bool = False) -> JobRow:
        """Journal what the provider said (with `unique_task`, refusing a task id another job
        has: TaskTaken) in one write, before anything acts on it."""
        record = row.record
        if update.state is TaskState.failed:
            if update.task_id and not record.task_id:
                await self._update(task_id=update.task_id, unique_task=unique_task)
            raise update.error or ProviderFailed("The provider reported that the job failed.")
        if update.state is TaskState.succeeded:
            # Never more files than the images asked (and paid) for, whatever the reply lists.
            asked = update.at_most(record.request.count)
            return await self._record_results(asked, unique_task=unique_task)
        state = _TASK_TO_JOB[update.state]
        if state is record.state and (not update.task_id or update.task_id == record.task_id):
            return row
        return await self._update(
            state=state, task_id=update.task_id, charged=update, unique_task=unique_task
        )

    async def _record_results(self, update: TaskUpdate, *, unique_task: bool) -> JobRow:
        if not update.images:
            if update.task_id:  # still worth keeping: the provider's dashboard knows it
                await self._update(task_id=update.task_id, unique_task=unique_task)
            raise BadResult("The provider reported success but sent no image.")
        results = []
        for index, image in enumerate(update.images):
            if image.data is not None:
                self.inline[index] = image.data
            results.append(
                ResultImage(
                    index=index, url=image.url, seed=image.seed, final_prompt=image.final_prompt
                )
            )
        # Inline bytes exist nowhere else: on disk (in the data folder) before the step that
        # records the results commits, and recorded by it, so a crash from here on loses none.
        staged = await asyncio.to_thread(self._stage_all, dict(self.inline))
        return await self._update(
            state=JobState.downloading,
            task_id=update.task_id,
            charged=update,
            results=results,
            staged=staged,
            unique_task=unique_task,
        )

    def _stage_all(self, images: dict[int, bytes]) -> dict[int, str]:
        """Stage each inline image (blocking: a worker thread), then flush the folder once. One
        that cannot be staged (the data folder's disk is full) stays in memory and goes
        straight to the library."""
        staged = {}
        folder = self.engine.staging_dir
        for index, data in images.items():
            try:
                staged[index] = str(stage_bytes(folder, self.job_id, index, data, sync=False))
            except OSError as exc:
                log.warning("job %s: result %d could not be staged: %s", self.job_id, index, exc)
        if staged:
            try:
                sync_folder(folder)
            except OSError as exc:  # the files are written; their names may not be durable
                log.warning("job %s: the staging folder could not be flushed: %s", self.job_id, exc)
        return staged

    async def download(self, row: JobRow, client: ProviderClient) -> JobRow:
        pending = [r for r in row.record.results if not r.path]
        total = len(row.record.results)
        # Fewer images than asked (and paid) for: every one that came is saved, and the job
        # then ends failed, saying so (`short_delivery`).
        complete = total >= row.record.request.count
        if not pending:
            if not complete:
                raise self.short_delivery(row)
            return await self._update(state=JobState.succeeded, clear_error=True)
        library_dir = Path(row.library_dir)
        for result in pending:
            staged = row.staged.get(result.index)
            path = None
            if self.continuing:  # an earlier run may have saved it, unbeknown to the journal
                path = await asyncio.to_thread(
                    saved_before, library_dir, job_id=self.job_id, index=result.index
                )
            if path is None:
                data = self.inline.get(result.index)
                if data is None:
                    data = await self._result_bytes(result, staged, client)
                crash_point("download")
                path, staged = await self._save(row, result, data, staged)
            last = result is pending[-1] and complete
            # The last file and the job's success (and giving the job up) commit together.
            row = await self._write(
                methodcaller(
                    "result_saved",
                    self.job_id,
                    result.index,
                    str(path),
                    state=JobState.succeeded if last else None,
                    release=self.engine.owner if last else None,
                )
            )
            self.last = row
            self.released = last
            self.inline.pop(result.index, None)
            crash_point("saved")
            if staged:
                await asyncio.to_thread(Path(staged).unlink, missing_ok=True)
            done = len(row.record.files)
            self.engine.set_overlay(self.job_id, progress=done / total, announce=False)
            self.engine.emit(row)
        self.engine.unsaved.pop(self.job_id, None)
        if not complete:
            raise self.short_delivery(row)
        return row

    def short_delivery(self, row: JobRow) -> ProviderFailed:
        """The true account of a job the provider delivered only some images for (one rule
        for every provider, checked against the request: it holds after a restart too)."""
        label = provider_spec(self.provider).label
        asked, came = row.record.request.count, len(row.record.results)
        return ProviderFailed(
            f"{label} delivered {came} of the {asked} images asked for; the {came} that "
            f"arrived are saved. The other {asked - came} were paid for but are missing: check "
            f"your {label} account about them."
        )

    async def _save(
        self, row: JobRow, result: ResultImage, data: bytes, staged: str | None
    ) -> tuple[Path, str | None]:
        """Save one result to the library. If it cannot take it, the job is held, with the bytes
        kept in the data folder (or left at the provider's link); bytes that exist only in
        memory (inline, the data folder full too) are never let go: the job waits, shown as
        its waiting reason, and tries the library and the data folder again until either
        takes them."""
        record, waiting = row.record, False
        while True:
            try:
                path = await asyncio.to_thread(
                    save_result,
                    data,
                    library_dir=Path(row.library_dir),
                    request=record.request,
                    job_id=self.job_id,
                    index=result.index,
                    task_id=record.task_id,
                    cost=str(record.charged_cost or record.estimated_cost or "") or None,
                    seed=result.seed,
                )
            except StorageFailed as exc:
                staged = staged or await self._keep(result.index, data)
                if staged is None and result.url is None:
                    if not waiting:  # once per stretch, not once per try
                        log.warning(
                            "job %s: result %d is only in memory and can be neither saved nor "
                            "kept (%s); waiting for space",
                            self.job_id,
                            result.index,
                            exc.message,
                        )
                    waiting = True
                    self.engine.set_overlay(self.job_id, waiting=waiting_reason(exc))
                    await asyncio.sleep(self.engine.journal_retry_seconds)
                    continue
                on_disk = {*row.staged, *([result.index] if staged else [])}
                for index in on_disk:  # the job waits: what is on disk leaves memory
                    self.inline.pop(index, None)
                raise type(exc)(exc.message + " " + kept_text(staged, url=result.url)) from None
            if waiting:
                self.engine.set_overlay(self.job_id, waiting=None, announce=False)
            return path, staged

    async def _keep(self, index: int, data: bytes) -> str | None:
        """Bytes the library could not take: keep them in the data folder so Retry can save
        them later without fetching (or paying) again. None if that failed too."""
        try:
            path = await asyncio.to_thread(
                stage_bytes, self.engine.staging_dir, self.job_id, index, data
            )
        except OSError as exc:  # the same full disk, most likely: report why the save failed
            log.warning("job %s: result %d could not be kept either: %s", self.job_id, index, exc)
            return None
        self.inline.pop(index, None)
        await self._write(methodcaller("set_staged", self.job_id, index, str(path)))
        return str(path)

    async def _result_bytes(
        self, result: ResultImage, staged: str | None, client: ProviderClient
    ) -> bytes:
        if staged:
            try:
                return await asyncio.to_thread(Path(staged).read_bytes)
            except FileNotFoundError:  # removed by hand: the provider's link may still serve
                log.warning("job %s: the staged result %d is gone", self.job_id, result.index)
        if not result.url:
            raise BadResult(
                "This image was paid for but is lost: it came without a link, and it could "
                "not be kept on disk before the studio stopped."
                if self.continuing
                else "The provider gave neither an image nor a link to one."
            )
        return await client.fetch(result.url, max_bytes=MAX_RESULT_BYTES)

    async def finish(self, state: JobState, *, error: StudioError | None = None) -> None:
        try:
            await self._update(state=state, error=(error.kind, error.message) if error else None)
        except KeyError:  # removed meanwhile
            return
        self.engine.set_overlay(self.job_id, waiting=None)

    async def hold(self, error: StudioError) -> None:
        """Stop without a final state: the job waits with the reason recorded (see
        `studio.engine.holds`)."""
        message = error.message
        if isinstance(error, KeyMissing):
            message += " The job waits for the key and then continues; it is not sent again."
        try:
            await self._update(error=(hold_kind(error), message))
        except KeyError:
            return
        self.engine.set_overlay(self.job_id, waiting=None)

    async def finish_cancelled(self) -> None:
        try:
            row = await self.engine.db(lambda j: j.get(self.job_id))
        except KeyError:
            return
        if row.record.is_final:
            return
        if not self.engine.cancel_requested(self.job_id):
            # The engine is shutting down, not the user cancelling: leave the job resumable.
            return
        await self.finish(JobState.cancelled)

    async def _update(
        self,
        *,
        state: JobState | None = None,
        task_id: str | None = None,
        charged: TaskUpdate | None = None,
        error: tuple[str, str] | None = None,
        clear_error: bool = False,
        results: list[ResultImage] | None = None,
        staged: dict[int, str] | None = None,
        unique_task: bool = False,
    ) -> JobRow:
        # The demo speaks JoyAI's protocol, prices included, but costs nothing.
        cost = charged.cost if charged and self.provider != "demo" else None
        row = self.last = await self._write(
            lambda j: j.update(
                self.job_id,
                state=state,
                task_id=task_id,
                charged_cost=cost,
                error=error,
                clear_error=clear_error,
                results=results,
                staged=staged,
                unique_task_of=self.provider if unique_task else None,
            )
        )
        self.engine.emit(row)
        return row

    async def _write(self, action: Callable[[Journal], T]) -> T:
        """A journal write of this job's; while the journal's disk is full it waits and tries
        again (shown as the job's waiting reason): what the provider said, and the job itself,
        must not be lost or failed over a local problem."""
        blocked = False
        while True:
            try:
                result = await self.engine.db(action)
            except sqlite3.OperationalError as exc:
                if not journal_blocked(exc):
                    raise
                if not blocked:  # once per stretch, not once per try
                    log.warning("job %s: the journal cannot be written: %s", self.job_id, exc)
                blocked = True
                self.engine.set_overlay(self.job_id, waiting=JOURNAL_FULL)
                await asyncio.sleep(self.engine.journal_retry_seconds)
                continue
            if blocked:
                self.engine.set_overlay(self.job_id, waiting=None, announce=False)
            return result

    def _report_balance(self, update: TaskUpdate) -> None:
        if update.balance is not None:
            self.engine.notify(BalanceChanged(self.provider, update.balance))
