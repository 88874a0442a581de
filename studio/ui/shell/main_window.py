"""The main window. It is shown from plain Qt first ("Starting…", its geometry and menus), before
asyncio, qasync, the engine, the journal and the keyring are imported; `attach` then builds its
rooms (`studio.ui.shell.window_parts`) on the engine, and `start` loads the history. Nothing can
be acted on before: Generate exists only once the engine is up.

This module imports only Qt and the settings, so that the first paint waits for nothing else.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Signal
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QMainWindow, QWidget

from studio import APP_NAME
from studio.settings import Settings
from studio.ui.shell import window_state

if TYPE_CHECKING:
    import asyncio
    from collections.abc import Callable

    from PySide6.QtGui import QAction, QCloseEvent, QPaintEvent
    from PySide6.QtWidgets import QLabel, QMenu, QMessageBox, QSplitter

    from studio.domain.models import GenerationRequest
    from studio.engine.events import JobRecord
    from studio.keys import KeyStore
    from studio.ui.compare.controller import CompareController
    from studio.ui.compose.composer import Composer
    from studio.ui.compose.settings_column import SettingsColumn
    from studio.ui.gallery.details import DetailsPanel
    from studio.ui.gallery.gallery import GalleryPanel
    from studio.ui.gallery.gallery_model import GalleryModel
    from studio.ui.gallery.thumbnails import ThumbnailCache
    from studio.ui.kit.banners import DemoBanner, MessageBar
    from studio.ui.kit.bridge import EngineBridge, TaskRunner
    from studio.ui.kit.engine_api import EngineApi
    from studio.ui.kit.messages import UserMessage
    from studio.ui.queue.elsewhere import ElsewhereWatch
    from studio.ui.queue.queue_model import QueueModel
    from studio.ui.queue.queue_view import QueuePanel
    from studio.ui.reuse.reuse import ReuseBar, ReuseController
    from studio.ui.settings.settings_dialog import SettingsDialog
    from studio.ui.shell.done_notice import DoneNotice
    from studio.ui.shell.job_wiring import JobWiring
    from studio.ui.shell.key_state import KeyState
    from studio.ui.shell.resending import ResendGuard
    from studio.ui.shell.result_handler import ResultHandler
    from studio.ui.wallet.controller import WalletController

log = logging.getLogger("studio.ui")
QUEUE_HISTORY = 50
# Jobs read before the window counts as started; a longer history is loaded after.
FIRST_PAGE = 300
#: Qt.AlignmentFlag.AlignCenter (AlignHCenter | AlignVCenter). Before the first paint nothing
#: names the `Qt` namespace: PySide builds it, with every one of its enums, in ~25 ms of CPU, which
#: the rooms pay for after the paint (bench/README.md, start-up).
_CENTRED = 0x84


class StartingView(QWidget):
    """What the window shows until its rooms are built: "Starting…", and nothing to act on.

    `painted` calls back after the first paint (the start-up goes on from there)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("startingView")
        # The painter's pen is the foreground role's colour: no setPen, whose overloads take a
        # Qt.PenStyle and so would build the `Qt` namespace.
        self.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.text = self.tr("Starting…")
        self.painted: Callable[[], None] | None = None

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.drawText(QRect(0, 0, self.width(), self.height()), _CENTRED, self.text)
        painter.end()
        if self.painted is not None:
            painted, self.painted = self.painted, None
            painted()


class MainWindow(QMainWindow):
    """The studio window.

    Signals:
        closed(): the window closed for good (after any confirmation); the app then shuts down.
        started(): history is loaded and unfinished jobs are resumed.
    """

    closed = Signal()
    started = Signal()

    # Made by `attach` (studio.ui.shell.window_parts).
    engine: EngineApi
    keys: KeyStore
    tasks: TaskRunner
    bridge: EngineBridge
    key_state: KeyState
    thumbnails: ThumbnailCache
    previews: ThumbnailCache
    gallery_model: GalleryModel
    queue_model: QueueModel
    composer: Composer
    gallery: GalleryPanel
    queue: QueuePanel
    elsewhere: ElsewhereWatch
    details: DetailsPanel
    demo_banner: DemoBanner
    message_bar: MessageBar
    reuse_bar: ReuseBar
    done_notice: DoneNotice
    reuse: ReuseController
    results: ResultHandler
    jobs: JobWiring
    resend: ResendGuard
    wallet: WalletController
    comparing: CompareController
    settings_column: SettingsColumn
    middle: QSplitter
    main_split: QSplitter
    splitters: dict[str, QSplitter]
    status_label: QLabel
    settings_action: QAction
    save_action: QAction
    quit_action: QAction
    open_action: QAction

    def __init__(
        self,
        engine: EngineApi | None,
        settings: Settings,
        keys: KeyStore | None = None,
        *,
        demo: bool = False,
    ) -> None:
        """The window as it first paints; with an engine (and keys) also `attach`ed."""
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Image Studio"))
        self.settings, self.demo = settings, demo
        self.attached = False
        self._warmed_up = False
        self._quit_confirmed = False
        self.file_menu: QMenu = self.menuBar().addMenu(self.tr("&File"))
        self.image_menu: QMenu = self.menuBar().addMenu(self.tr("&Image"))
        self.starting = StartingView(self)
        self.setCentralWidget(self.starting)
        self._restored_geometry = window_state.restore(self, {})
        if not self._restored_geometry:
            self.resize(1280, 720)
        if engine is not None:
            self.attach(engine, keys)

    def attach(self, engine: EngineApi, keys: KeyStore | None) -> None:
        """Build the rooms on `engine` in place of "Starting…"."""
        from studio.keys import KeyStore
        from studio.ui.shell import window_parts

        self.engine, self.keys = engine, keys if keys is not None else KeyStore()
        window_parts.build(self)
        window_parts.connect(self)
        window_parts.make_actions(self)
        window_state.restore_splitters(self.splitters)
        self.attached = True

    # -- start ----------------------------------------------------------------------------------
    async def start(self) -> None:
        """Load history, choose the provider, resume unfinished jobs (call once, after show)."""
        import asyncio

        # The first key lookup imports and probes the keyring (~100 ms of imports and ~15 MB,
        # bench/RESULTS.md): on a worker thread, meanwhile the engine's thread reads the history.
        # The demo opens on the demo whatever keys exist, so it asks only once someone picks a
        # provider that needs a key.
        if self.demo:
            records = await self.engine.jobs(limit=FIRST_PAGE)
        else:
            _, records = await asyncio.gather(
                self.key_state.read(), self.engine.jobs(limit=FIRST_PAGE)
            )
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
            self.key_state.check_balance(self.composer.parameters.provider()),
            on_error=lambda error: log.info("balance check failed: %s", error),
        )

    def _on_composing(self) -> None:
        """The person started composing a job. What it needs loads now, on worker threads:
        the modules (HTTP clients, codecs, the demo's emulator; the engine would otherwise
        import them at Generate) and, for a provider that needs a key, the keyring. A window
        opened and left alone stays small (bench/RESULTS.md, idle memory)."""
        from studio.domain.catalog import provider_spec

        provider = self.composer.parameters.provider()
        if not self.key_state.known and provider_spec(provider).key_env:
            self.tasks.spawn(self.key_state.ensure())
        self._warm_up(provider)

    def _warm_up(self, provider: str) -> None:
        """Once: the paint types now (studio.ui.shell.warm_up), the modules on a worker."""
        if self._warmed_up:
            return
        import asyncio

        from studio.ui.shell.warm_up import build_paint_types, warm_up_imports

        self._warmed_up = True
        build_paint_types()
        self.tasks.spawn(
            asyncio.to_thread(warm_up_imports, demo=provider == "demo"),
            on_error=lambda error: log.debug("warm-up failed: %s", error),
        )

    def _restore_request(self) -> None:
        last = dict(self.settings.last_request)
        provider = last.get("provider")
        present = self.key_state.present
        if self.demo or not present:
            provider = "demo"
        elif provider not in present:
            provider = sorted(present)[0]
        if last.get("provider") != provider:
            last = {"provider": provider}
        self.composer.parameters.apply(last)
        self.composer.prompt.set_text(str(last.get("prompt", "")))
        self.composer.extras.set_values(dict(last.get("extras") or {}))
        self.update_banner()

    # -- jobs (studio.ui.shell.job_wiring) ------------------------------------------------------
    def generate(self, request: GenerationRequest) -> asyncio.Task[None]:
        # Nothing may have been composed first (a restored prompt sent as it was): the job's
        # first result would then pay for the imports and types the warm-up prepares.
        self._warm_up(request.provider)
        return self.jobs.generate(request)

    def on_jobs_changed(self, records: list[JobRecord]) -> None:
        self.jobs.on_jobs_changed(records)

    # -- messages -------------------------------------------------------------------------------
    def show_status(self, text: str) -> None:
        self.status_label.setText(text)

    def show_error(self, error: Exception, *, provider: str | None = None) -> None:
        from studio.ui.kit.messages import message_for_error

        if self.wallet.refused(error):  # over a cap: the offer to raise it instead
            return
        message = message_for_error(error, provider=provider or self.composer.parameters.provider())
        self.message_bar.show_message(message)

    def on_message_action(self, message: UserMessage) -> None:
        from studio.ui.kit.messages import Action

        if message.action in (Action.add_key, Action.open_settings):
            self.open_settings(message.provider)
        elif message.action in (Action.shorten_prompt, Action.edit_request):
            self.composer.prompt.focus()
        elif message.action in (Action.retry, Action.top_up) and message.job_id:
            self.jobs.retry([message.job_id])

    def update_banner(self) -> None:
        self.demo_banner.setVisible(self.composer.parameters.provider() == "demo")

    # -- settings -------------------------------------------------------------------------------
    def open_settings(self, provider: str | None = None) -> SettingsDialog:
        from studio.ui.settings.settings_dialog import SettingsDialog  # loaded when first opened

        dialog = SettingsDialog(
            self.settings,
            self.keys,
            self.engine,
            self.tasks,
            provider=provider or self.composer.parameters.provider(),
            parent=self,
        )
        dialog.applied.connect(self.apply_settings)
        from PySide6.QtCore import Qt

        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def apply_settings(self, settings: Settings) -> None:
        settings.last_request = self.settings.last_request
        self.settings = settings
        self.engine.update_settings(settings)
        self.composer.use_settings(settings)
        self.tasks.spawn(self._after_settings())

    async def _after_settings(self) -> None:
        await self.key_state.read()
        provider = self.composer.parameters.provider()
        present = self.key_state.present
        if provider == "demo" and present and not self.demo:
            self.composer.parameters.select_provider(sorted(present)[0])
        self.composer.refresh()
        # Jobs waiting for a key (or for anything else the settings may have put right)
        # continue now; none is sent again.
        self.queue_model.update_records(await self.engine.resume())
        await self.key_state.check_balance(self.composer.parameters.provider())

    # -- closing --------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.attached:  # closed while starting: nothing runs yet
            event.accept()
            self.closed.emit()
            return
        running = self.engine.active_jobs()
        if running and not self._quit_confirmed:
            event.ignore()
            self.ask_quit(running)
            return
        self.settings.last_request = {**self.composer.current_request().to_dict(), "references": []}
        window_state.save(self, self.splitters)
        self.thumbnails.shutdown()
        self.gallery_model.live_pixmaps.shutdown()
        self.previews.shutdown()
        event.accept()
        self.closed.emit()

    def ask_quit(self, running: int) -> QMessageBox:
        from studio.ui.kit import confirm

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
        if lost := self.engine.images_only_in_memory():
            text = self.tr(
                "%n paid image(s) could not be saved because the disk is full and are held only "
                "in memory. Quitting now loses them. Free some disk space and they are saved on "
                "their own.",
                "",
                lost,
            )
        return confirm.ask(
            self,
            name="confirmQuit",
            title=self.tr("Quit Image Studio"),
            text=text,
            confirm=self.tr("Quit and lose %n image(s)", "", lost) if lost else self.tr("Quit"),
            destructive=bool(lost),
            on_confirm=self.quit_without_asking,
        )

    def quit_without_asking(self) -> None:
        self._quit_confirmed = True
        self.close()

    async def shutdown(self) -> None:
        """After `closed`: stop background work and save the last request (off the UI thread)."""
        import asyncio

        if not self.attached:
            return
        self.bridge.detach()
        await self.tasks.shutdown()
        await asyncio.to_thread(self.settings.save)
