"""The main window: composer on the left, gallery and queue in the middle, details on the right;
it wires the widgets to the engine through the bridge and the task runner."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from studio import APP_NAME
from studio.domain.catalog import PROVIDERS, provider_spec
from studio.domain.models import GenerationRequest, JobState
from studio.engine.events import JobRecord
from studio.settings import Settings, cache_dir
from studio.ui.compose.composer import Composer
from studio.ui.compose.settings_column import SettingsColumn
from studio.ui.gallery.details import DetailsPanel
from studio.ui.gallery.gallery import CELL, GalleryPanel
from studio.ui.gallery.gallery_model import GalleryModel
from studio.ui.gallery.thumbnails import ThumbnailCache
from studio.ui.kit import confirm
from studio.ui.kit.banners import DemoBanner, MessageBar
from studio.ui.kit.bridge import EngineBridge, TaskRunner
from studio.ui.kit.engine_api import EngineApi
from studio.ui.kit.messages import Action, UserMessage, message_for, message_for_error, needs_user
from studio.ui.kit.plain import plain_label
from studio.ui.queue.elsewhere import ElsewhereWatch
from studio.ui.queue.queue_model import QueueModel
from studio.ui.queue.queue_view import QueuePanel
from studio.ui.reuse.reuse import ReuseBar, ReuseController
from studio.ui.shell import window_state
from studio.ui.shell.done_notice import DoneNotice
from studio.ui.shell.result_handler import ResultHandler
from studio.ui.shell.warm_up import warm_up_imports

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QMessageBox

    from studio.keys import KeyStore
    from studio.ui.settings.settings_dialog import SettingsDialog

log = logging.getLogger("studio.ui")
QUEUE_HISTORY = 50
#: Jobs read before the window counts as started; a longer history is loaded after.
FIRST_PAGE = 300


class MainWindow(QMainWindow):
    """The studio window.

    Signals:
        closed(): the window closed for good (after any confirmation); the app then shuts down.
        started(): history is loaded and unfinished jobs are resumed.
    """

    closed = Signal()
    started = Signal()

    def __init__(
        self, engine: EngineApi, settings: Settings, keys: KeyStore, *, demo: bool = False
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Image Studio"))
        self.engine, self.settings, self.keys, self.demo = engine, settings, keys, demo
        self.tasks = TaskRunner(self)
        self.tasks.failed.connect(self.show_error)
        self.bridge = EngineBridge(engine, self)
        self._keys_present: set[str] = set()
        #: Whether the keyring has been asked yet (see `start`).
        self._keys_known = False
        self._keys_probe: asyncio.Future[None] | None = None
        self._warmed_up = False
        self._reported: set[str] = set()
        self._quit_confirmed = False
        self._settings_dirty = False
        self._settings_saving: asyncio.Task[None] | None = None
        self._build()
        self._connect()
        self._make_actions()
        self._restored_geometry = window_state.restore(self, self.splitters)
        if not self._restored_geometry:
            self.resize(1280, 720)

    # -- construction ---------------------------------------------------------------------------
    def _build(self) -> None:
        dpr = max(1.0, self.devicePixelRatioF())
        self.thumbnails = ThumbnailCache(
            round(CELL * dpr), folder=cache_dir() / "thumbnails", parent=self
        )
        self.previews = ThumbnailCache(
            round(1024 * dpr), folder=None, memory_items=6, threads=1, parent=self
        )
        self.gallery_model = GalleryModel(self.thumbnails, self)
        self.queue_model = QueueModel(self)
        self.composer = Composer(self.engine.prepare_reference, self.tasks, self)
        # Until the keyring has answered, no "add your key" hint: it would flash, then go.
        self.composer.has_key = lambda provider: (
            provider in self._keys_present or not self._keys_known
        )
        self.composer.inline_references = self.settings.inline_references
        self.gallery = GalleryPanel(self.gallery_model, self)
        self.gallery.attach_search(self.engine, self.tasks)
        self.queue = QueuePanel(self.queue_model, self)
        self.elsewhere = ElsewhereWatch(self.queue_model, self.engine, self.tasks, self)
        self.details = DetailsPanel(self.previews, self)
        self.demo_banner = DemoBanner(self)
        self.message_bar = MessageBar(self)
        self.reuse_bar = ReuseBar(self)
        self.done_notice = DoneNotice(self, lambda: self.settings.notify_when_done)
        self.reuse = ReuseController(self, self.composer, self.tasks, self.reuse_bar)
        self.reuse.before_offer = self._ensure_keys
        self.results = ResultHandler(
            self,
            self.engine,
            self.tasks,
            self.composer,
            default_folder=lambda: self.settings.library_path,
        )
        self.settings_column = SettingsColumn(self.composer, self)
        self.middle = QSplitter(Qt.Orientation.Vertical, self)
        self.middle.addWidget(self.gallery)
        self.middle.addWidget(self.queue)
        self.middle.setStretchFactor(0, 3)
        self.middle.setStretchFactor(1, 1)
        self.middle.setSizes([460, 200])
        self.main_split = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_split.addWidget(self.settings_column)
        self.main_split.addWidget(self.middle)
        self.main_split.addWidget(self.details)
        self.main_split.setStretchFactor(1, 1)
        self.main_split.setSizes([380, 620, 280])
        self.main_split.setChildrenCollapsible(False)
        self.splitters = {"main": self.main_split, "middle": self.middle}
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.demo_banner)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.reuse_bar)
        layout.addWidget(self.main_split, 1)
        self.setCentralWidget(central)
        self.status_label = plain_label(QLabel(self))  # job messages carry provider text
        # A long message (a deep folder, a long sentence in German) must not widen the window.
        self.status_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.statusBar().addWidget(self.status_label, 1)

    def _connect(self) -> None:
        self.bridge.jobs_changed.connect(self.on_jobs_changed)
        self.bridge.job_removed.connect(self.on_job_removed)
        self.bridge.balance_changed.connect(self.composer.set_balance)
        self.composer.generate_requested.connect(self.generate)
        self.composer.model_changed.connect(self._update_banner)
        self.composer.references.refused.connect(self.status_label.setText)
        self.gallery.current_changed.connect(self.details.show_entry)
        self.gallery.action_requested.connect(self.results.handle)
        self.details.action_requested.connect(self.results.handle)
        self.results.status.connect(self.show_status)
        self.queue.cancel_requested.connect(self.cancel)
        self.queue.retry_requested.connect(self.retry)
        self.queue.remove_requested.connect(self.ask_remove)
        self.demo_banner.add_key_requested.connect(lambda: self.open_settings())
        self.message_bar.action_requested.connect(self._on_message_action)
        self.results.deletion.attach(self.message_bar)
        self.results.view = self.gallery.open_viewer
        self.reuse.status.connect(self.show_status)

    def _make_actions(self) -> None:
        def action(text: str, shortcut: QKeySequence | str, slot: object, name: str) -> QAction:
            item = QAction(text, self)
            item.setObjectName(name)
            item.setShortcut(QKeySequence(shortcut))
            item.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            item.triggered.connect(slot)
            self.addAction(item)
            return item

        self.settings_action = action(
            self.tr("Settings…"), "Ctrl+,", lambda: self.open_settings(), "settingsAction"
        )
        self.save_action = action(
            self.tr("Save result as…"),
            QKeySequence(QKeySequence.StandardKey.Save),
            lambda: self.results.save_selected(self.gallery.current_entry() or self.details.entry),
            "saveAction",
        )
        self.quit_action = action(self.tr("Quit"), "Ctrl+Q", self.close, "quitAction")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.open_action = action(
            self.tr("Open image…"),
            QKeySequence(QKeySequence.StandardKey.Open),
            self.reuse.ask_open,
            "openImageAction",
        )
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(self.open_action)
        file_menu.addAction(self.save_action)
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        result_menu = self.menuBar().addMenu(self.tr("&Image"))
        for item in (*self.gallery.actions_by_name.values(), self.results.deletion.undo_action):
            result_menu.addAction(item)

    # -- start ----------------------------------------------------------------------------------
    async def start(self) -> None:
        """Load history, choose the provider, resume unfinished jobs (call once, after show)."""
        # The first key lookup imports and probes the keyring (~100 ms of imports and ~15 MB,
        # bench/RESULTS.md): on a worker thread, meanwhile the engine's thread reads the history.
        # The demo opens on the demo whatever keys exist, so it asks only once someone picks a
        # provider that needs a key.
        if self.demo:
            records = await self.engine.jobs(limit=FIRST_PAGE)
        else:
            _, records = await asyncio.gather(self._read_keys(), self.engine.jobs(limit=FIRST_PAGE))
        self.gallery_model.set_records(records)
        self.queue_model.set_records(records[:QUEUE_HISTORY])
        self.composer.prompt.history.extend_older([r.request.prompt for r in records[:200]])
        self._restore_request()
        self.composer.prompt.focus()
        self.queue_model.update_records(await self.engine.resume())
        self.elsewhere.start()
        self.started.emit()
        if len(records) >= FIRST_PAGE:
            # The newest jobs are on screen; the rest of a long history follows through the
            # gallery's own (empty) search: 10,000 jobs take a few hundred ms to read.
            self.gallery.search.refresh()
        for signal in (
            self.composer.prompt.changed,
            self.composer.parameters.changed,
            self.composer.references.changed,
            self.composer.extras.changed,
        ):
            signal.connect(self._on_composing)
        self.tasks.spawn(
            self._check_balance(self.composer.parameters.provider()),
            on_error=lambda error: log.info("balance check failed: %s", error),
        )

    def _on_composing(self) -> None:
        """The person started composing a job. What it needs loads now, on worker threads:
        the modules (HTTP clients, codecs, the demo's emulator; the engine would otherwise
        import them at Generate) and, for a provider that needs a key, the keyring. A window
        opened and left alone stays small (bench/RESULTS.md, idle memory)."""
        provider = self.composer.parameters.provider()
        if not self._keys_known and provider_spec(provider).key_env:
            self.tasks.spawn(self._ensure_keys())
        if not self._warmed_up:
            self._warmed_up = True
            self.tasks.spawn(
                asyncio.to_thread(warm_up_imports, demo=provider == "demo"),
                on_error=lambda error: log.debug("warm-up failed: %s", error),
            )

    async def _ensure_keys(self) -> None:
        """Ask the keyring which providers have keys, unless it has answered already."""
        if self._keys_known:
            return
        if self._keys_probe is None:
            self._keys_probe = asyncio.ensure_future(self._probe_keys())
        await asyncio.shield(self._keys_probe)

    async def _probe_keys(self) -> None:
        await self._read_keys()
        self.composer.refresh()
        await self._check_balance(self.composer.parameters.provider())

    async def _read_keys(self) -> None:
        """Which providers have keys (the keyring is asked on a worker thread)."""
        self._keys_present = await asyncio.to_thread(self._find_keys)
        self._keys_known = True

    def _find_keys(self) -> set[str]:
        return {p.id for p in PROVIDERS if p.key_env and self.keys.has_key(p.id)}

    def _restore_request(self) -> None:
        last = dict(self.settings.last_request)
        provider = last.get("provider")
        if self.demo or not self._keys_present:
            provider = "demo"
        elif provider not in self._keys_present:
            provider = sorted(self._keys_present)[0]
        if last.get("provider") != provider:
            last = {"provider": provider}
        self.composer.parameters.apply(last)
        self.composer.prompt.set_text(str(last.get("prompt", "")))
        self.composer.extras.set_values(dict(last.get("extras") or {}))
        self._update_banner()

    async def _check_balance(self, provider: str) -> None:
        if provider in self._keys_present:
            balance = await self.engine.check_key(provider)
            self.message_bar.resolve_key(provider)
            if balance is not None:
                self.composer.set_balance(provider, balance)

    # -- jobs -----------------------------------------------------------------------------------
    def generate(self, request: GenerationRequest) -> asyncio.Task[None]:
        self.message_bar.dismiss()
        self.reuse_bar.hide()
        self.settings.last_request = {**request.to_dict(), "references": []}
        self._save_settings_soon()
        return self.tasks.spawn(
            self._submit(request),
            on_error=lambda error: self.show_error(error, provider=request.provider),
        )

    def _save_settings_soon(self) -> None:
        """Save the settings off the UI thread. A burst of submissions writes the file at most
        twice (the write under way, then the latest settings), not once per job."""
        self._settings_dirty = True
        if self._settings_saving is None or self._settings_saving.done():
            self._settings_saving = self.tasks.spawn(
                self._save_settings(),
                on_error=lambda error: log.warning("settings not saved: %s", error),
            )

    async def _save_settings(self) -> None:
        while self._settings_dirty:
            self._settings_dirty = False
            await asyncio.to_thread(replace(self.settings).save)

    async def _submit(self, request: GenerationRequest) -> None:
        # The queue hears of the new job from the engine, as of every other change: applying
        # this record too would only repeat it, or, arriving late, show an older state.
        await self.engine.submit(request)
        self.show_status(self.tr("Job started"))

    def cancel(self, job_ids: list[str]) -> None:
        for job_id in job_ids:
            self.engine.cancel(job_id)

    def retry(self, job_ids: list[str]) -> None:
        for job_id in job_ids:
            self.tasks.spawn(self._retry(job_id))

    async def _retry(self, job_id: str) -> None:
        await self.engine.retry(job_id)  # the queue hears of it from the engine

    def ask_remove(self, records: list[JobRecord]) -> QMessageBox | None:
        """Remove jobs; asks first when that deletes images or stops running jobs."""
        files = sum(len(r.files) for r in records)
        running = sum(1 for r in records if not r.is_final)
        if not files and not running:
            self.remove_jobs([r.id for r in records])
            return None
        text = self.tr("Remove %n job(s)?", "", len(records))
        if running:
            text += " " + self.tr("{count} still running will be stopped.").format(count=running)
        if files:
            text += " " + self.tr("%n image(s) go to the trash.", "", files)
        ids = [r.id for r in records]
        return confirm.ask(
            self,
            name="confirmRemove",
            title=self.tr("Remove jobs"),
            text=text,
            confirm=self.tr("Remove"),
            on_confirm=lambda: self.remove_jobs(ids),
        )

    def remove_jobs(self, job_ids: list[str]) -> None:
        for job_id in job_ids:
            self.tasks.spawn(self.engine.remove(job_id))

    def on_jobs_changed(self, records: list[JobRecord]) -> None:
        self.queue_model.update_records(records)
        for record in records:
            self._on_job_changed(record)
            self.done_notice.job_changed(record)

    def _on_job_changed(self, record: JobRecord) -> None:
        self.message_bar.resolve_job(record)
        if record.state is JobState.succeeded:
            shown = self.gallery_model.shows_job(record)  # and lost or regained an image
            self.gallery.add_record(record)
            if shown:
                return
            if self.gallery.current_entry() is None:
                row = self.gallery_model.row_of(record.id)
                if row is not None:
                    self.gallery.select_row(row)
            self.show_status(
                self.tr("Saved %n image(s) to {folder}", "", len(record.files)).format(
                    folder=str(Path(record.files[0]).parent) if record.files else ""
                )
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
                self.message_bar.show_message(message)
            else:
                self.show_status(message.text.replace("\n", " "))

    def on_job_removed(self, job_id: str) -> None:
        self.queue_model.remove_job(job_id)
        self.gallery_model.remove_job(job_id)

    # -- messages -------------------------------------------------------------------------------
    def show_status(self, text: str) -> None:
        self.status_label.setText(text)

    def show_error(self, error: Exception, *, provider: str | None = None) -> None:
        message = message_for_error(error, provider=provider or self.composer.parameters.provider())
        self.message_bar.show_message(message)

    def _on_message_action(self, message: UserMessage) -> None:
        if message.action in (Action.add_key, Action.open_settings):
            self.open_settings(message.provider)
        elif message.action in (Action.shorten_prompt, Action.edit_request):
            self.composer.prompt.focus()
        elif message.action in (Action.retry, Action.top_up) and message.job_id:
            self.retry([message.job_id])

    def _update_banner(self) -> None:
        self.demo_banner.setVisible(self.composer.parameters.provider() == "demo")

    # -- settings -------------------------------------------------------------------------------
    def open_settings(self, provider: str | None = None) -> SettingsDialog:
        from studio.ui.settings.settings_dialog import SettingsDialog  # loaded when first opened

        current = self.composer.parameters.provider()
        dialog = SettingsDialog(
            self.settings,
            self.keys,
            self.engine,
            self.tasks,
            provider=provider or current,
            parent=self,
        )
        dialog.applied.connect(self.apply_settings)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def apply_settings(self, settings: Settings) -> None:
        settings.last_request = self.settings.last_request
        self.settings = settings
        self.engine.update_settings(settings)
        self.composer.inline_references = settings.inline_references
        self.tasks.spawn(self._after_settings())

    async def _after_settings(self) -> None:
        await self._read_keys()
        provider = self.composer.parameters.provider()
        if provider == "demo" and self._keys_present and not self.demo:
            self.composer.parameters.select_provider(sorted(self._keys_present)[0])
        self.composer.refresh()
        # Jobs waiting for a key (or for anything else the settings may have put right)
        # continue now; none is sent again.
        self.queue_model.update_records(await self.engine.resume())
        await self._check_balance(self.composer.parameters.provider())

    # -- closing --------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        running = self.engine.active_jobs()
        if running and not self._quit_confirmed:
            event.ignore()
            self.ask_quit(running)
            return
        self.settings.last_request = {**self.composer.current_request().to_dict(), "references": []}
        window_state.save(self, self.splitters)
        self.thumbnails.shutdown()
        self.previews.shutdown()
        event.accept()
        self.closed.emit()

    def ask_quit(self, running: int) -> QMessageBox:
        demo = sum(
            1 for r in self.queue_model.records() if not r.is_final and r.request.provider == "demo"
        )
        text = self.tr(
            "%n job(s) are still running. Quit anyway? They continue the next time you open {app}.",
            "",
            running,
        ).format(app=APP_NAME)
        if demo:  # the in-process demo forgets its tasks when the studio quits; they rerun
            text += " " + self.tr("Demo jobs ({count}) start again from the beginning.").format(
                count=demo
            )
        return confirm.ask(
            self,
            name="confirmQuit",
            title=self.tr("Quit Image Studio"),
            text=text,
            confirm=self.tr("Quit"),
            destructive=False,
            on_confirm=self.quit_without_asking,
        )

    def quit_without_asking(self) -> None:
        self._quit_confirmed = True
        self.close()

    async def shutdown(self) -> None:
        """After `closed`: stop background work and save the last request (off the UI thread)."""
        self.bridge.detach()
        await self.tasks.shutdown()
        await asyncio.to_thread(self.settings.save)
