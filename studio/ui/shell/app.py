"""Starts the desktop studio in two steps.

First from plain Qt: QApplication, the translators, the settings file and the window as it first
paints ("Starting…", with its geometry and menus). Right after that paint the rest is imported on
a worker thread while the window stays responsive: asyncio, qasync, the engine thread, the
journal, the keyring and the window's rooms. Then (`studio.ui.shell.studio_loop`) the engine
starts, the window is attached to it and loads its history; Generate exists only from then on.
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading
from collections.abc import Sequence

from PySide6.QtCore import QEventLoop, QObject, QTimer, QTranslator, Signal
from PySide6.QtWidgets import QApplication

from studio import APP_ID, APP_NAME, __version__, resources
from studio.settings import Settings
from studio.ui.settings import languages
from studio.ui.shell.main_window import MainWindow

log = logging.getLogger("studio.ui")

#: How long the UI thread waits for the GIL before the thread holding it must hand it over
#: (Python's default is 5 ms). The engine's thread is busy Python while many jobs run, and the
#: start-up imports run on a worker thread; each time a Qt event reaches Python code the UI
#: thread may wait this long. Measured with the UI responsiveness benchmark together with
#: `studio.background` (bench/RESULTS.md).
UI_SWITCH_INTERVAL = 0.001

#: What the window needs beyond plain Qt, imported after its first paint on a worker thread
#: (asyncio first, without `ssl` until something needs TLS: `studio.ui.shell.deferred_ssl`).
AFTER_FIRST_PAINT = (
    "asyncio",
    "qasync",
    "studio.engine.engine_thread",
    "studio.engine.runner",
    "studio.keys",
    "studio.ui.shell.single_instance",
    "studio.ui.shell.window_parts",
    "studio.ui.shell.studio_loop",
)
#: If the window is not painted by then (hidden, or no compositor sends an expose), the imports
#: start anyway (ms).
PAINT_WAIT_MS = 1000


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


class _Imports(QObject):
    """Imports `AFTER_FIRST_PAINT` on a worker thread; `done` arrives on the UI thread."""

    done = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.failure: BaseException | None = None
        self._started = False

    def start(self) -> None:
        if not self._started:
            self._started = True
            threading.Thread(target=self._load, name="studio-imports", daemon=True).start()

    def _load(self) -> None:
        try:
            from studio.ui.shell import deferred_ssl

            deferred_ssl.import_asyncio()
            for name in AFTER_FIRST_PAINT:
                importlib.import_module(name)
        except BaseException as exc:  # re-raised on the UI thread, which imports them again
            self.failure = exc
        finally:
            self.done.emit()


def load_after_first_paint(window: MainWindow) -> None:
    """Run the event loop (the window repaints, moves, answers) until the imports are done."""
    imports = _Imports()
    loop = QEventLoop()
    imports.done.connect(loop.quit)
    window.starting.painted = imports.start
    QTimer.singleShot(PAINT_WAIT_MS, imports.start)
    loop.exec()
    if imports.failure is not None:
        log.warning("start-up imports failed on their thread: %r", imports.failure)


def run(*, demo: bool = False, argv: list[str] | None = None, files: Sequence[str] = ()) -> int:
    """Open the studio (offering `files`, absolute paths) and block until it is closed; the
    process exit code."""
    app = create_application(argv if argv is not None else sys.argv[:1])
    # Read once, before the window exists (the language is needed first).
    settings = Settings.load()
    install_translators(app, settings.language)
    # The window's close starts the shutdown; Qt must not quit before the engine is closed.
    app.setQuitOnLastWindowClosed(False)
    window = MainWindow(None, settings, demo=demo)
    window.show()
    window.activateWindow()
    load_after_first_paint(window)
    if not window.isVisible():  # closed while starting
        return 0
    from studio.ui.shell import single_instance
    from studio.ui.shell.single_instance import StudioServer

    server = StudioServer(app)
    if not server.listen() and single_instance.hand_over(list(files)):
        # Another studio started at the same moment and listened first: it has the files.
        window.hide()
        return 0
    from studio.ui.shell import studio_loop

    return studio_loop.run(app, window, settings, server=server, files=files)
