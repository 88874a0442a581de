"""Starts the desktop studio: QApplication, translators, the qasync event loop, the engine and
the main window; and shuts them down in the order qasync needs (engine first, then Qt)."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import qasync
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from studio import APP_ID, APP_NAME, __version__, resources
from studio.engine.engine_thread import start_engine_thread
from studio.keys import KeyStore
from studio.settings import Settings, journal_path
from studio.ui.runtime.garbage import UiThreadGarbageCollector
from studio.ui.settings import languages
from studio.ui.shell import autotest, single_instance
from studio.ui.shell.main_window import MainWindow
from studio.ui.shell.single_instance import StudioServer

log = logging.getLogger("studio.ui")
DEMO_SECONDS_VARIABLE = "IMAGE_STUDIO_DEMO_SECONDS"


#: How long the UI thread waits for the GIL before the thread holding it must hand it over
#: (Python's default is 5 ms). The engine's thread is busy Python while many jobs run; each time
#: a Qt event reaches Python code the UI thread may wait this long. Measured with the UI
#: responsiveness benchmark together with `studio.background` (bench/RESULTS.md).
UI_SWITCH_INTERVAL = 0.001

#: Threads for the window's blocking calls (`asyncio.to_thread`: settings, keyring, saving a copy).
#: The engine's work has its own thread and pool; these calls are few and short.
UI_WORKERS = 4


def create_application(argv: list[str]) -> QApplication:
    sys.setswitchinterval(UI_SWITCH_INTERVAL)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Image Studio")
    app.setOrganizationDomain("imagestudio.github.io")
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(resources.app_icon())  # eight small PNGs from the package
    return app


def install_translators(app: QApplication, language: str = "") -> list[QTranslator]:
    """Qt's own strings and the studio's, for the system language (or the chosen one)."""
    return languages.install_translators(app, language)


class _Offers:
    """Files handed over by a later `image-studio` (or given to this one): the window comes
    forward and offers the first image's prompt and settings, and the files as references.
    Those that arrive while the window starts wait until its last request is restored, which
    would otherwise overwrite what the user chose to reuse."""

    def __init__(self, window: MainWindow, files: Sequence[str]) -> None:
        self._window = window
        self._waiting: list[list[str]] | None = [list(files)] if files else []

    def receive(self, files: list[str]) -> None:
        if self._waiting is not None:
            self._waiting.append(files)
            return
        single_instance.present(self._window)
        if files:
            self._window.reuse.open_paths(files)

    def start(self) -> None:
        waiting, self._waiting = self._waiting or [], None
        for files in waiting:
            self.receive(files)


async def open_studio(
    settings: Settings, *, demo: bool, server: StudioServer | None = None, files: Sequence[str] = ()
) -> int:
    """Run the window until it closes; the engine's HTTP clients are closed before returning,
    while the loop (and Qt) still run."""
    keys = KeyStore()  # the keyring is imported and probed on first use, on a worker thread
    demo_seconds = float(os.environ.get(DEMO_SECONDS_VARIABLE, "1.5"))
    engine = start_engine_thread(
        journal_path=journal_path(), settings=settings, keys=keys, demo_task_seconds=demo_seconds
    )
    exit_code = 0
    try:
        window = MainWindow(engine, settings, keys, demo=demo)
        closed = asyncio.Event()
        window.closed.connect(closed.set)
        window.show()
        window.activateWindow()
        autotest.report_layout(window)
        offers = _Offers(window, files)
        if server is not None:
            server.files_received.connect(offers.receive)
        await window.start()
        offers.start()
        # What start-up built lives as long as the app: kept out of the collector's sight, a
        # full collection then walks only what was made since (a shorter UI-thread pause).
        gc.freeze()
        if prompt := autotest.requested_prompt():
            exit_code = await autotest.drive(window, prompt)
            window.quit_without_asking()
        await closed.wait()
        await window.shutdown()
    finally:
        await engine.aclose()
    return exit_code


def run(*, demo: bool = False, argv: list[str] | None = None, files: Sequence[str] = ()) -> int:
    """Open the studio (offering `files`, absolute paths) and block until it is closed; the
    process exit code."""
    app = create_application(argv if argv is not None else sys.argv[:1])
    server = StudioServer(app)
    if not server.listen() and single_instance.hand_over(list(files)):
        return 0  # another studio started at the same moment, and has the files now
    # Read once, before the loop and the window exist (the language is needed first); the
    # window's worker threads then start only when it has blocking work to hand them.
    settings = Settings.load()
    install_translators(app, settings.language)
    # The window's close starts the shutdown; Qt must not quit before the engine is closed.
    app.setQuitOnLastWindowClosed(False)
    collector = UiThreadGarbageCollector(app)
    loop = qasync.QEventLoop(app)
    # qasync's own default pool starts ten QThreads at its first use, at start-up (reading the
    # settings); this one starts a thread when a call finds none idle.
    loop.set_default_executor(ThreadPoolExecutor(UI_WORKERS, thread_name_prefix="studio-ui"))
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(
            open_studio(settings, demo=demo, server=server, files=list(files))
        )
    finally:
        server.close()
        loop.close()
        asyncio.set_event_loop(None)
        collector.stop()
