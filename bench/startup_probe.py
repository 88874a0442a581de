"""Runs the studio (``image-studio --demo``), a bare QMainWindow, or the "floor" window with a
probe that reports, on stdout, the wall-clock time at which the main window was shown and the
event loop idle, and the process's RSS at that moment; then the process exits at once.

"Shown and idle" (`idle_at`): the main window's `show()` has returned, so it has received its
Show event, and then a 5 ms heartbeat timer has fired on time (gap <= 15 ms) three times in a
row; the time reported is that of the first on-time beat. "Ready" (`ready_at`): the same, in a
streak that begins after the window has emitted `started` (the studio: engine up, history
loaded, Generate there to press); for the bare and floor windows it is the idle moment.

The probe learns of the show from `show()` itself, not from an event filter on the whole
application: such a filter receives every event of every object as Python objects, and PySide
then creates the Python type of each QEvent subclass and, for each object Python has not seen,
of every subclass of its declared class. That is work the measured program would not do on its
own: 35 ms and 1.7 MB in the studio, 3 ms and 1.9 MB in the bare window (bench/README.md).

The floor is not judged. It is the least any window on this stack does before it is idle: the
asyncio loop through qasync (asyncio imported without OpenSSL, as the studio does), a label, a
multi-line editor with a placeholder, a combo box and a list view, and one SQLite query on a
worker thread; it shows how much of each budget the fixed stack alone uses.

Memory is reported twice: at the ready moment (`rss`) and once the process has settled
(`rss_settled`: its CPU time, all threads, grew by under 3 ms in 300 ms, or 5 s passed), so that
anything the studio goes on loading in the background after it is idle is counted. The figure is
judged on the settled value, the same rule for both processes.

``python -m bench.startup_probe studio|bare|floor``
"""

from __future__ import annotations

import json
import linecache
import os
import sys
import time
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

BEAT_MS = 5
ON_TIME = 0.015
STREAK = 3
SETTLE_WINDOW = 0.3
SETTLE_CPU = 0.003
SETTLE_MAX = 5.0


def rss_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


class Probe(QObject):
    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.shown = False
        self.started = False
        self.idle_at: float | None = None
        self.beats: list[float] = []
        self.streak_start: float | None = None
        self.streak = 0
        self.report: dict[str, Any] | None = None
        self.cpu_marks: list[tuple[float, float]] = []
        self.timer = QTimer(self)
        self.timer.setInterval(BEAT_MS)
        self.timer.timeout.connect(self.beat)
        self.timer.start()

    def window_shown(self, window: QMainWindow) -> None:
        """`window.show()` has returned (it delivers the Show event before it returns)."""
        if self.shown:
            return
        self.shown = True
        signal = getattr(window, "started", None)
        if signal is None:
            self.started = True
        else:
            signal.connect(self.on_started)

    def on_started(self) -> None:
        self.started = True
        self.streak_start, self.streak = None, 0  # "ready" is a streak that begins after this

    def beat(self) -> None:
        now = time.time()
        if self.report is not None:
            self.settle(now)
            return
        previous = self.beats[-1] if self.beats else now
        self.beats.append(now)
        if not self.shown:
            return
        if now - previous <= ON_TIME and self.streak_start is not None:
            self.streak += 1
        else:
            self.streak_start, self.streak = now, 1
        if self.streak < STREAK:
            return
        if self.idle_at is None:
            self.idle_at = self.streak_start
        if self.started:
            self.report = {
                "idle_at": self.idle_at,
                "ready_at": self.streak_start,
                "rss": rss_bytes(),
            }
            self.cpu_marks = [(now, time.process_time())]

    def settle(self, now: float) -> None:
        """Wait for the process to go quiet, then report and exit."""
        assert self.report is not None
        cpu = time.process_time()
        self.cpu_marks.append((now, cpu))
        window = [(t, c) for t, c in self.cpu_marks if t >= now - SETTLE_WINDOW]
        first_t = self.cpu_marks[0][0]
        quiet = now - first_t >= SETTLE_WINDOW and cpu - window[0][1] < SETTLE_CPU
        if quiet or now - first_t >= SETTLE_MAX:
            self.report["rss_settled"] = rss_bytes()
            self.report["settle_seconds"] = now - first_t
            print(json.dumps(self.report), flush=True)
            os._exit(0)


_probes: list[Probe] = []


def bare() -> int:
    app = QApplication(sys.argv[:1])
    probe = Probe(app)
    _probes.append(probe)
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.resize(1280, 800)
    window.show()
    probe.window_shown(window)
    return app.exec()


def floor() -> int:
    # asyncio without `ssl` (libssl and libcrypto), as the studio imports it: nothing here
    # needs TLS (studio/ui/shell/deferred_ssl.py).
    sys.modules["ssl"] = None  # type: ignore[assignment]
    import asyncio
    import sqlite3
    from concurrent.futures import ThreadPoolExecutor

    import qasync

    del sys.modules["ssl"]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QComboBox, QLabel, QListView, QPlainTextEdit, QVBoxLayout, QWidget

    linecache.clearcache()  # what PySide's import hook kept of those modules (as the studio does)
    app = QApplication(sys.argv[:1])
    probe = Probe(app)
    _probes.append(probe)
    loop = qasync.QEventLoop(app)
    loop.set_default_executor(ThreadPoolExecutor(1))  # one thread, not qasync's ten
    asyncio.set_event_loop(loop)

    def history() -> list[Any]:
        db = sqlite3.connect(os.path.join(os.environ["HOME"], "history.sqlite3"))  # fresh HOME
        db.execute("CREATE TABLE IF NOT EXISTS jobs (id TEXT PRIMARY KEY, prompt TEXT)")
        rows = db.execute("SELECT * FROM jobs ORDER BY id DESC LIMIT 200").fetchall()
        db.close()
        return rows

    async def run() -> None:
        window = QMainWindow()
        window.setWindowTitle("floor")
        window.resize(1280, 800)
        central = QWidget(window)
        layout = QVBoxLayout(central)
        layout.addWidget(QLabel("Prompt", central))
        editor = QPlainTextEdit(central)
        editor.setPlaceholderText("Describe the image")
        layout.addWidget(editor)
        combo = QComboBox(central)
        combo.addItems(["joyai", "gptimage2"])
        layout.addWidget(combo)
        layout.addWidget(QListView(central), 1)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        window.setCentralWidget(central)
        window.show()
        await asyncio.to_thread(history)
        probe.window_shown(window)
        await asyncio.Event().wait()

    return loop.run_until_complete(run())


def studio() -> int:
    from studio.ui.shell import app as studio_app
    from studio.ui.shell.main_window import MainWindow

    show = MainWindow.show

    def show_and_report(window: MainWindow) -> None:
        show(window)
        _probes[0].window_shown(window)

    MainWindow.show = show_and_report  # type: ignore[method-assign]
    create = studio_app.create_application

    def create_application(argv: list[str]) -> QApplication:
        application = create(argv)
        _probes.append(Probe(application))
        return application

    studio_app.create_application = create_application  # type: ignore[assignment]
    from studio.cli import main

    return main(["--demo"])


if __name__ == "__main__":
    sys.exit({"bare": bare, "floor": floor, "studio": studio}[sys.argv[1]]())
