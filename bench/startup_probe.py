"""Runs the studio (``image-studio --demo``) or a bare QMainWindow with a probe that reports,
on stdout, the wall-clock time at which the main window was shown and the event loop idle, and
the process's RSS at that moment; then the process exits at once.

"Shown and idle": the main window has received its Show event (and, for the studio, emitted
`started`, i.e. history is loaded), and then a 5 ms heartbeat timer has fired on time
(gap <= 15 ms) three times in a row; the time reported is that of the first on-time beat.

Memory is reported twice: at that moment (`rss`) and once the process has settled (`rss_settled`:
its CPU time, all threads, grew by under 3 ms in 300 ms, or 5 s passed), so that anything the
studio goes on loading in the background after it is idle is counted. The figure is judged on
the settled value, the same rule for both processes.

``python -m bench.startup_probe studio|bare``
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
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
        self.window: QMainWindow | None = None
        self.shown = False
        self.started = False
        self.beats: list[float] = []
        self.streak_start: float | None = None
        self.streak = 0
        self.report: dict[str, Any] | None = None
        self.cpu_marks: list[tuple[float, float]] = []
        app.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setInterval(BEAT_MS)
        self.timer.timeout.connect(self.beat)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.shown and event.type() == QEvent.Type.Show and isinstance(watched, QMainWindow):
            self.shown = True
            self.window = watched
            signal = getattr(watched, "started", None)
            if signal is None:
                self.started = True
            else:
                signal.connect(self.on_started)
        return False

    def on_started(self) -> None:
        self.started = True

    def beat(self) -> None:
        now = time.time()
        if self.report is not None:
            self.settle(now)
            return
        previous = self.beats[-1] if self.beats else now
        self.beats.append(now)
        if not (self.shown and self.started):
            return
        if now - previous <= ON_TIME and self.streak_start is not None:
            self.streak += 1
        else:
            self.streak_start, self.streak = now, 1
        if self.streak >= STREAK:
            self.report = {"idle_at": self.streak_start, "rss": rss_bytes()}
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
    _probes.append(Probe(app))
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.resize(1280, 800)
    window.show()
    return app.exec()


def studio() -> int:
    from studio.ui import app as studio_app

    create = studio_app.create_application

    def create_application(argv: list[str]) -> QApplication:
        application = create(argv)
        _probes.append(Probe(application))
        return application

    studio_app.create_application = create_application  # type: ignore[assignment]
    from studio.cli import main

    return main(["--demo"])


if __name__ == "__main__":
    sys.exit(bare() if sys.argv[1] == "bare" else studio())
