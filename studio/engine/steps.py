"""The steps of one job (create, poll, download), each journaled before it acts.

The provider's side is here; saving results and the journal writes are in
`studio.engine.saving`."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable
from pathlib import Path

from send2trash import send2trash

from studio.domain.errors import (
    BadResult,
    KeyMissing,
    OutcomeUnknown,
    ProviderFailed,
    StudioError,
    TimedOut,
)
from studio.domain.models import JobState, ResultImage
from studio.domain.plan import RequestPlan
from studio.engine import spool
from studio.engine.crashpoints import crash_point
from studio.engine.events import BalanceChanged
from studio.engine.holds import hold_kind
from studio.engine.journal import JobRow, TaskTaken
from studio.engine.resend import CONTINUABLE, can_continue
from studio.engine.saving import ResultSaving
from studio.imaging.xmp import sidecar_path
from studio.providers.base import PreparedReference, ProviderClient, TaskState, TaskUpdate
from studio.providers.streaming import PartialImage, report_partials

log = logging.getLogger("studio.engine")

_TASK_TO_JOB = {TaskState.queued: JobState.queued, TaskState.running: JobState.running}
__all__ = ["CONTINUABLE", "JobSteps", "can_continue", "delete_files"]


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


class JobSteps(ResultSaving):
    """Takes one job from wherever the journal says it stands to a final state.

    Each step is one journal transaction that commits before the step's action: a step's
    facts travel together (each statement also releases the GIL, a hand-over to any other
    busy thread)."""

    async def run(
        self,
        row: JobRow,
        references: list[PreparedReference] | None,
        plan: RequestPlan,
        *,
        key: str | None = None,
    ) -> None:
        self.plan = plan
        self.provider = plan.provider.id
        self.continuing = row.record.state is not JobState.draft
        client = await self.engine.clients.get(
            plan.provider, base_url=plan.base_url, key_env=plan.key_env, key=key
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
            references = await self.engine.prepare_references(self.plan)
        if self.engine.cancel_requested(self.job_id):
            raise asyncio.CancelledError
        # Local references a provider takes only as links: uploaded and journaled first.
        references = await self.engine.refs.host(self.job_id, self.plan, references)
        # Written down before the paid call goes out: a crash from here on is "outcome unknown".
        row = await self._update(state=JobState.submitting)
        self.engine.set_overlay(self.job_id, phase="submitting")
        crash_point("sending")
        try:
            with report_partials(self._on_partial):
                update = await client.submit(request, references, spool=self._spool)
        finally:
            self.engine.set_overlay(self.job_id, phase="sent", preview=None)
        crash_point("sent")
        return await self._apply_reply(update, row)

    def _on_partial(self, partial: PartialImage) -> None:
        """A live preview of a streamed create: shown, never saved (only the final is)."""
        self.engine.set_overlay(
            self.job_id, preview=partial.data, partials=(partial.number, partial.total)
        )

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
                update = client.read_spooled(body, row.record.request)
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
        schedule, attempt, hint = self.engine.poll_schedule(self.plan.provider), 0, None
        while True:
            if self.engine.cancel_requested(self.job_id):
                raise asyncio.CancelledError
            await asyncio.sleep(schedule.delay(attempt, hint))
            attempt += 1
            update = await client.poll(task_id)
            hint = update.wait_hint
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

    def _report_balance(self, update: TaskUpdate) -> None:
        if update.balance is not None:
            self.engine.notify(BalanceChanged(self.provider, update.balance))
