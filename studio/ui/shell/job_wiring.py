"""The main window's jobs: submitting, cancelling, retrying and removing them, and what the
window does as the engine reports on them (queue, gallery, messages, the done notice)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QWidget

from studio.domain.models import GenerationRequest, JobState
from studio.engine.events import JobRecord
from studio.ui.kit import confirm
from studio.ui.kit.messages import message_for, needs_user

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from studio.settings import Settings
    from studio.ui.gallery.gallery import GalleryPanel
    from studio.ui.gallery.gallery_model import GalleryModel
    from studio.ui.kit.banners import MessageBar
    from studio.ui.kit.bridge import TaskRunner
    from studio.ui.kit.engine_api import EngineApi
    from studio.ui.queue.queue_model import QueueModel
    from studio.ui.reuse.reuse import ReuseBar
    from studio.ui.shell.done_notice import DoneNotice
    from studio.ui.shell.resending import ResendGuard

log = logging.getLogger("studio.ui")
# The texts keep the window's translation context, as when they were made there.
translate = QCoreApplication.translate


class JobsWindow(Protocol):
    """What of the main window its jobs use (the window imports this module)."""

    engine: EngineApi
    settings: Settings
    tasks: TaskRunner
    message_bar: MessageBar
    reuse_bar: ReuseBar
    queue_model: QueueModel
    gallery_model: GalleryModel
    gallery: GalleryPanel
    done_notice: DoneNotice
    resend: ResendGuard

    def show_status(self, text: str) -> None: ...
    def show_error(self, error: Exception, *, provider: str | None = None) -> None: ...


class JobWiring(QObject):
    """Between the window's rooms and the engine, for jobs."""

    def __init__(self, window: JobsWindow, parent: QWidget) -> None:
        super().__init__(parent)
        self.window = window
        self._parent_widget = parent
        self._reported: set[str] = set()
        self._settings_dirty = False
        self._settings_saving: asyncio.Task[None] | None = None

    # -- asking the engine ----------------------------------------------------------------------
    def generate(self, request: GenerationRequest) -> asyncio.Task[None]:
        w = self.window
        w.message_bar.dismiss()
        w.reuse_bar.hide()
        w.settings.last_request = {**request.to_dict(), "references": []}
        self._save_settings_soon()
        return w.tasks.spawn(
            self._submit(request),
            on_error=lambda error: w.show_error(error, provider=request.provider),
        )

    def _save_settings_soon(self) -> None:
        """Save the settings off the UI thread. A burst of submissions writes the file at most
        twice (the write under way, then the latest settings), not once per job."""
        self._settings_dirty = True
        if self._settings_saving is None or self._settings_saving.done():
            self._settings_saving = self.window.tasks.spawn(
                self._save_settings(),
                on_error=lambda error: log.warning("settings not saved: %s", error),
            )

    async def _save_settings(self) -> None:
        while self._settings_dirty:
            self._settings_dirty = False
            await asyncio.to_thread(replace(self.window.settings).save)

    async def _submit(self, request: GenerationRequest) -> None:
        # The queue hears of the new job from the engine, as of every other change: applying
        # this record too would only repeat it, or, arriving late, show an older state.
        await self.window.engine.submit(request)
        self.window.show_status(translate("MainWindow", "Job started"))

    def cancel(self, job_ids: list[str]) -> None:
        for job_id in job_ids:
            self.window.engine.cancel(job_id)

    def retry(self, job_ids: list[str]) -> asyncio.Task[None]:
        """Continue or send again; asks first where sending again may pay twice. The engine
        decides that from the journal's record (the queue's copy may be older, or gone), and
        sends nothing of those until the person agrees."""
        return self.window.tasks.spawn(self._retry(job_ids))

    async def _retry(self, job_ids: list[str]) -> None:
        from studio.engine.resend import PayAgainUnconfirmed

        w = self.window
        # The queue hears of continued and new jobs from the engine.
        outcomes = await asyncio.gather(
            *(w.engine.retry(job_id) for job_id in job_ids), return_exceptions=True
        )
        unconfirmed = []
        for outcome in outcomes:
            if isinstance(outcome, PayAgainUnconfirmed):
                unconfirmed.append(outcome.record)
            elif isinstance(outcome, Exception):
                w.show_error(outcome)
            elif isinstance(outcome, BaseException):
                raise outcome
        if unconfirmed:
            w.resend.ask(unconfirmed, lambda: self._pay_again(unconfirmed))

    def _pay_again(self, records: list[JobRecord]) -> None:
        for record in records:
            self.window.tasks.spawn(self.window.engine.retry(record.id, pay_again=True))

    def ask_remove(self, records: list[JobRecord]) -> QMessageBox | None:
        """Remove jobs; asks first when that deletes images or stops running jobs."""
        files = sum(len(r.files) for r in records)
        running = sum(1 for r in records if not r.is_final)
        if not files and not running:
            self.remove_jobs([r.id for r in records])
            return None
        text = translate("MainWindow", "Remove %n job(s)?", "", len(records))
        if running:
            text += " " + translate("MainWindow", "{count} still running will be stopped.").format(
                count=running
            )
        if files:
            text += " " + translate("MainWindow", "%n image(s) go to the trash.", "", files)
        ids = [r.id for r in records]
        return confirm.ask(
            self._parent_widget,
            name="confirmRemove",
            title=translate("MainWindow", "Remove jobs"),
            text=text,
            confirm=translate("MainWindow", "Remove"),
            on_confirm=lambda: self.remove_jobs(ids),
        )

    def remove_jobs(self, job_ids: list[str]) -> None:
        for job_id in job_ids:
            self.window.tasks.spawn(self.window.engine.remove(job_id))

    # -- hearing from the engine ----------------------------------------------------------------
    def on_jobs_changed(self, records: list[JobRecord]) -> None:
        self.window.queue_model.update_records(records)
        for record in records:
            self._on_job_changed(record)
            self.window.done_notice.job_changed(record)

    def _on_job_changed(self, record: JobRecord) -> None:
        w = self.window
        w.message_bar.resolve_job(record)
        w.gallery.show_live(record)  # a streamed job's preview; saved or ended: taken away
        if record.state is JobState.succeeded:
            shown = w.gallery_model.shows_job(record)  # and lost or regained an image
            w.gallery.add_record(record)
            if shown:
                return
            if w.gallery.current_entry() is None:
                row = w.gallery_model.row_of(record.id)
                if row is not None:
                    w.gallery.select_row(row)
            w.show_status(
                translate(
                    "MainWindow", "Saved %n image(s) to {folder}", "", len(record.files)
                ).format(folder=str(Path(record.files[0]).parent) if record.files else "")
            )
        elif not record.is_final and not record.held:
            self._reported.discard(record.id)  # running again: a new hold is news again
        elif (
            record.state in (JobState.failed, JobState.unknown) or record.held
        ) and record.id not in self._reported:
            self._reported.add(record.id)
            message = message_for(
                record.error_kind,
                record.error_message,
                provider=record.request.provider,
                job_id=record.id,
            )
            if needs_user(record.error_kind):
                w.message_bar.show_message(message)
            else:
                w.show_status(message.text.replace("\n", " "))

    def on_job_removed(self, job_id: str) -> None:
        self.window.queue_model.remove_job(job_id)
        self.window.gallery_model.remove_job(job_id)
