"""The studio once its window has painted: the qasync event loop, the engine on its thread, the
window attached to it and started; and the shutdown in the order qasync needs (engine first,
then Qt). Imported after the first paint (`studio.ui.shell.app`)."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import qasync
from PySide6.QtWidgets import QApplication

from studio.engine.engine_thread import start_engine_thread
from studio.keys import KeyStore
from studio.settings import Settings, journal_path
from studio.ui.runtime.garbage import UiThreadGarbageCollector
from studio.ui.shell import journal_refused, single_instance
from studio.ui.shell.main_window import MainWindow
from studio.ui.shell.single_instance import StudioServer

log = logging.getLogger("studio.ui")

DEMO_SECONDS_VARIABLE = "IMAGE_STUDIO_DEMO_SECONDS"
#: `studio.ui.shell.autotest`'s variables: without one, that module is not imported.
AUTOTEST_VARIABLES = ("STUDIO_AUTOTEST_PROMPT", "STUDIO_AUTOTEST_LAYOUT")


def autotest_requested() -> bool:
    return any(os.environ.get(name) for name in AUTOTEST_VARIABLES)


#: Threads for the window's blocking calls (`asyncio.to_thread`: settings, keyring, saving a copy).
#: The engine's work has its own thread and pool; these calls are few and short.
UI_WORKERS = 4


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
    window: MainWindow,
    settings: Settings,
    *,
    server: StudioServer | None = None,
    files: Sequence[str] = (),
) -> int:
    """Attach the shown window to a new engine and run it until it closes; the engine's HTTP
    clients are closed before returning, while the loop (and Qt) still run."""
    keys = KeyStore()  # the keyring is imported and probed on first use, on a worker thread
    demo_seconds = float(os.environ.get(DEMO_SECONDS_VARIABLE, "1.5"))
    engine = start_engine_thread(
        journal_path=journal_path(), settings=settings, keys=keys, demo_task_seconds=demo_seconds
    )
    exit_code = 0
    try:
        closed = asyncio.Event()
        window.closed.connect(closed.set)
        offers = _Offers(window, files)
        if server is not None:
            server.files_received.connect(offers.receive)
        window.attach(engine, keys)
        if autotest_requested():
            from studio.ui.shell import autotest

            autotest.report_layout(window)
        try:
            await window.start()  # the engine opens the journal for the history
        except journal_refused.JOURNAL_ERRORS as error:  # never run without the journal
            log.warning("the journal cannot be opened: %s", error)
            return await journal_refused.explain(window, error, journal_path())
        offers.start()
        # What start-up built lives as long as the app: kept out of the collector's sight, a
        # full collection then walks only what was made since (a shorter UI-thread pause).
        gc.freeze()
        if autotest_requested():
            from studio.ui.shell import autotest

            if prompt := autotest.requested_prompt():
                exit_code = await autotest.drive(window, prompt)
                window.quit_without_asking()
        await closed.wait()
        await window.shutdown()
    finally:
        await engine.aclose()
    return exit_code


def _no_job_running(window: MainWindow) -> bool:
    """Quiet enough for a complete garbage collection (a pause of tens of milliseconds)."""
    model = getattr(window, "queue_model", None)  # there once the engine is up
    return model is not None and model.active_count() == 0


def run(
    app: QApplication,
    window: MainWindow,
    settings: Settings,
    *,
    server: StudioServer,
    files: Sequence[str] = (),
) -> int:
    """Run the studio in `window` until it is closed; the process exit code."""
    collector = UiThreadGarbageCollector(app)
    collector.quiet = lambda: _no_job_running(window)
    loop = qasync.QEventLoop(app)
    # qasync's own default pool starts ten QThreads at its first use, at start-up (reading the
    # settings); this one starts a thread when a call finds none idle.
    loop.set_default_executor(ThreadPoolExecutor(UI_WORKERS, thread_name_prefix="studio-ui"))
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(open_studio(window, settings, server=server, files=files))
    finally:
        server.close()
        loop.close()
        asyncio.set_event_loop(None)
        collector.stop()
