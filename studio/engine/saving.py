"""Saving a job's results to the library, and the journal writes every step makes.

`JobBase` holds what one run of a job knows and writes each step's facts to the journal;
`ResultSaving` takes recorded results to the library: staging inline bytes, fetching links,
saving each file, and never letting go of paid bytes that exist only in memory. `JobSteps`
(`studio.engine.steps`) adds the provider's side: create, poll, and a create's spooled reply.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable
from operator import methodcaller
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from studio.domain.errors import BadResult, ProviderFailed, StorageFailed
from studio.domain.models import JobState, ResultImage
from studio.engine.crashpoints import crash_point
from studio.engine.holds import JOURNAL_FULL, journal_blocked, kept_text, waiting_reason
from studio.engine.journal import JobRow, Journal
from studio.engine.library import (
    MAX_RESULT_BYTES,
    complete_signed,
    save_result,
    saved_before,
    stage_bytes,
    sync_folder,
)
from studio.providers.base import ProviderClient, TaskUpdate

if TYPE_CHECKING:
    from studio.domain.plan import RequestPlan
    from studio.engine.runner import Engine

log = logging.getLogger("studio.engine")
T = TypeVar("T")


class JobBase:
    """One run of one job: what it knows, and its journal writes."""

    def __init__(self, engine: Engine, job_id: str) -> None:
        self.engine = engine
        self.job_id = job_id
        self.provider = ""
        #: The job's request, resolved once (`studio.domain.plan`); set when the steps run.
        self.plan: RequestPlan
        #: Images the provider sent inline (b64), until saved: kept by the engine, so a Retry
        #: in this session still has those that could not be staged on disk either.
        self.inline: dict[int, bytes] = engine.unsaved.setdefault(job_id, {})
        #: Whether this run continues a job an earlier run (or process) worked on.
        self.continuing = False
        #: The job as last written to the journal by these steps.
        self.last: JobRow | None = None
        #: The job was given up (its owner cleared) together with its final state.
        self.released = False

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


class ResultSaving(JobBase):
    """Recorded results to the library (see the module's docstring)."""

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
                if path is not None:
                    record = row.record
                    await asyncio.to_thread(
                        complete_signed,
                        path,
                        request=record.request,
                        job_id=self.job_id,
                        index=result.index,
                        task_id=record.task_id,
                        cost=str(record.charged_cost or record.estimated_cost or "") or None,
                        seed=result.seed,
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
        label = self.plan.provider.label
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
        try:
            return await self._save_or_wait(row, result, data, staged)
        finally:
            self.engine.memory_only.discard((self.job_id, result.index))

    async def _save_or_wait(
        self, row: JobRow, result: ResultImage, data: bytes, staged: str | None
    ) -> tuple[Path, str | None]:
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
                    self.engine.memory_only.add((self.job_id, result.index))
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
