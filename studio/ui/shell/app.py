"""Starts the desktop studio: QApplication, translators, the qasync event loop, the engine and
the main window; and shuts them down in the order qasync needs (engine first, then Qt)."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import sys
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
from studio.ui.shell import autotest
from studio.ui.shell.main_window import MainWindow

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


async def open_studio(settings: Settings, *, demo: bool) -> int:
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
        await window.start()
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


def run(*, demo: bool = False, argv: list[str] | None = None) -> int:
    """Open the studio and block until it is closed; the process exit code."""
    app = create_application(argv if argv is not None else sys.argv[:1])
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
        return loop.run_until_complete(open_studio(settings, demo=demo))
    finally:
        loop.close()
        asyncio.set_event_loop(None)
        collector.stop()
