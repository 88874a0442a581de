"""Fixtures that drive the real window on a qasync loop.

The loop is created `already_running`: asyncio counts it as running for the whole test, so
engine tasks progress whenever Qt processes events (pytest-qt's own waits included) instead of
failing with "no running event loop" between `run_until_complete` calls. Async steps are run by
spinning a nested QEventLoop until their future is done.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
import qasync
from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QLocale, QTimer
from PySide6.QtWidgets import QApplication

from studio.engine.engine_thread import EngineThread, start_engine_thread
from studio.keys import KeyStore
from studio.providers import ClientOptions
from studio.settings import Settings, journal_path
from studio.ui.runtime.garbage import UiThreadGarbageCollector
from studio.ui.settings.languages import install_translators
from studio.ui.shell.main_window import MainWindow

T = TypeVar("T")
WAIT_SECONDS = 20.0
HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session", autouse=True)
def english_catalog(qapp: QApplication) -> Iterator[None]:
    """As the app does at start in English: the catalog of texts with a count ("1 image")."""
    translators = install_translators(qapp, "en")
    assert translators, "studio_en.qm is missing; run packaging/i18n/update_translations.py"
    yield
    for translator in translators:
        qapp.removeTranslator(translator)


@pytest.fixture(autouse=True)
def default_locale() -> Iterator[None]:
    """install_translators makes numbers follow the language; a test that switches language
    leaves the next one its original locale."""
    before = QLocale()
    yield
    QLocale.setDefault(before)


@pytest.fixture(autouse=True)
def collect_on_ui_thread(qapp: QApplication) -> Iterator[None]:
    """As in the app, garbage is collected on the UI thread only (see studio.ui.runtime.garbage).
    Set up before, so torn down after, the loop and the windows: they are freed here."""
    collector = UiThreadGarbageCollector()
    yield
    collector.stop()
    collector.deleteLater()


@pytest.fixture
def loop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    qapp.setQuitOnLastWindowClosed(False)
    event_loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(event_loop)
    yield event_loop
    asyncio._set_running_loop(None)
    # loop.stop() would call QApplication.exit(), which makes every later QEventLoop.exec()
    # return at once; qasync has no other way to end an already-running loop.
    event_loop._QEventLoop__is_running = False  # type: ignore[attr-defined]
    event_loop.close()
    asyncio.set_event_loop(None)


class Runner:
    """Runs coroutines on the qasync loop from synchronous test code."""

    def __init__(self, loop: qasync.QEventLoop) -> None:
        self.loop = loop

    def __call__(self, awaitable: Awaitable[T], timeout: float = WAIT_SECONDS) -> T:
        future = asyncio.ensure_future(awaitable)
        if not future.done():
            spinner = QEventLoop()
            deadline = QTimer(spinner)
            deadline.setSingleShot(True)
            deadline.timeout.connect(spinner.quit)
            future.add_done_callback(lambda _future: spinner.quit())
            deadline.start(round(timeout * 1000))
            spinner.exec()
            deadline.stop()
        if not future.done():
            future.cancel()
            raise TimeoutError(f"not done within {timeout} s")
        return future.result()

    def until(
        self,
        condition: Callable[[], Any],
        timeout: float = WAIT_SECONDS,
        message: str | Callable[[], str] = "",
    ) -> None:
        """Spin the loop until `condition()` is truthy; fail with `message` after `timeout`."""

        async def poll() -> None:
            while not condition():
                await asyncio.sleep(0.02)

        try:
            self(poll(), timeout)
        except TimeoutError:
            text = message() if callable(message) else message
            pytest.fail(f"timed out after {timeout} s waiting: {text}")

    def settle(self, seconds: float = 0.05) -> None:
        """Let queued events and callbacks run (not an assertion: only lets Qt catch up)."""
        self(asyncio.sleep(seconds))


@pytest.fixture
def run(loop: qasync.QEventLoop) -> Runner:
    return Runner(loop)


@dataclass
class Studio:
    """A started main window with its engine, for one test."""

    window: MainWindow
    engine: EngineThread
    keys: KeyStore
    settings: Settings
    run: Runner

    closed: bool = False

    @property
    def library(self) -> Path:
        return self.settings.library_path

    def close(self) -> None:
        """Close like the app does: window, then its background work, then the engine."""
        if self.closed:
            return
        self.closed = True
        if self.window.isVisible():
            self.window.quit_without_asking()
        self.run(self.window.shutdown())
        self.run(self.engine.aclose())
        self.window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


StudioFactory = Callable[..., Studio]


@pytest.fixture
def make_studio(run: Runner, qtbot: Any) -> Iterator[StudioFactory]:
    """Builds and starts the real window on the demo provider (the in-process emulator).

    The window is not handed to qtbot.addWidget: pytest-qt would deleteLater() it before this
    fixture's teardown, and a nested event loop in the teardown would then delete it while
    the engine still runs. Each studio is closed and deleted here, engine first."""
    made: list[Studio] = []

    def factory(
        *,
        demo_seconds: float = 0.3,
        demo: bool = True,
        settings: Settings | None = None,
        keys: KeyStore | None = None,
        client_options: ClientOptions | None = None,
    ) -> Studio:
        settings = settings or Settings.load()
        keys = keys or KeyStore()
        engine = start_engine_thread(
            journal_path=journal_path(),
            settings=settings,
            keys=keys,
            demo_task_seconds=demo_seconds,
            poll_interval=0.05,
            client_options=client_options,
        )
        window = MainWindow(engine, settings, keys, demo=demo)
        window.results.open_url = lambda url: True  # never launch a desktop application
        window.show()
        window.activateWindow()  # no window manager under Xvfb does it for us
        run.until(window.isActiveWindow, timeout=5, message="the window never became active")
        run(window.start())
        studio = Studio(window, engine, keys, settings, run)
        made.append(studio)
        return studio

    yield factory
    for studio in made:
        studio.close()


@pytest.fixture
def studio(make_studio: StudioFactory) -> Studio:
    return make_studio()
