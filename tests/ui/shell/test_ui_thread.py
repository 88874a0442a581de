"""The UI thread never blocks on I/O: a full session is run while an audit hook records every
file, directory, database and socket operation made on the main thread, and a timer measures
how long the event loop is ever kept from running."""

from __future__ import annotations

import sys
import threading
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer, QUrl

from studio.ui.results.result_actions import ResultAction
from tests.ui.conftest import Studio
from tests.ui.helpers import drop_urls, make_image

IO_EVENTS = frozenset(
    {
        "open",
        "os.listdir",
        "os.scandir",
        "os.remove",
        "os.rename",
        "os.replace",
        "os.mkdir",
        "os.rmdir",
        "os.truncate",
        "os.chmod",
        "shutil.copyfile",
        "shutil.move",
        "shutil.rmtree",
        "sqlite3.connect",
        "socket.connect",
        "socket.getaddrinfo",
        "socket.bind",
        "subprocess.Popen",
    }
)
#: Opening Python's own modules is how lazy imports work, not the app's I/O.
CODE_SUFFIXES = (".py", ".pyc", ".so", ".pth", ".pyi")


@dataclass
class IoRecorder:
    """Collects I/O audit events raised on the main thread while `active`."""

    active: bool = False
    events: list[str] = field(default_factory=list)

    def __call__(self, event: str, args: tuple[object, ...]) -> None:
        if not self.active or event not in IO_EVENTS:
            return
        if threading.current_thread() is not threading.main_thread():
            return
        target = str(args[0]) if args else ""
        if event == "open" and (target.endswith(CODE_SUFFIXES) or "__pycache__" in target):
            return
        where = "".join(traceback.format_stack(limit=12)[:-1])
        if "importlib._bootstrap" in where:  # a lazy import looking for its module
            return
        self.events.append(f"{event} {target}\n{where}")


_RECORDER = IoRecorder()
sys.addaudithook(_RECORDER)  # audit hooks cannot be removed; it is idle unless `active`


@pytest.fixture
def io_on_ui_thread() -> Iterator[IoRecorder]:
    """The recorder, cleared; the test sets `active` once its own setup I/O is done."""
    _RECORDER.events.clear()
    yield _RECORDER
    _RECORDER.active = False


class Heartbeat:
    """Measures the longest time between two ticks of a 10 ms timer: how long the loop stalled."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now


def test_a_whole_session_does_no_io_on_the_ui_thread(
    tmp_path: Path, studio: Studio, io_on_ui_thread: IoRecorder
) -> None:
    window = studio.window
    reference = make_image(tmp_path / "ref.png", size=(1600, 1200))
    io_on_ui_thread.active = True
    heartbeat = Heartbeat()
    drop_urls(window.composer.references, [QUrl.fromLocalFile(str(reference))])
    studio.run.until(lambda: len(window.composer.references.tiles) == 1)
    window.composer.prompt.set_text("a whole session")
    window.composer.generate()
    studio.run.until(lambda: window.gallery_model.rowCount() == 1)
    window.gallery.search_bar.edit.setText("no such words")  # the history search, both ways
    studio.run.until(lambda: window.gallery_model.rowCount() == 0)
    window.gallery.search_bar.clear()
    studio.run.until(lambda: window.gallery_model.rowCount() == 1)
    window.gallery.select_row(0)
    studio.run.until(window.details.preview.has_image)
    entry = window.gallery.current_entry()
    assert entry is not None
    studio.run(window.results.copy_image(entry))
    studio.run(window.results.save_as(entry, str(tmp_path / "copy.webp"), "WebP"))
    window.gallery.trigger(ResultAction.use_as_reference)
    studio.run.until(lambda: len(window.composer.references.tiles) == 2)
    dialog = window.open_settings("joyai")
    studio.run(dialog.loading)
    dialog.pages["joyai"].key_edit.setText("sk-typed")
    studio.run(dialog.save())
    studio.run(window.engine.remove(entry.job_id))
    studio.run.until(lambda: window.gallery_model.rowCount() == 0)
    heartbeat.timer.stop()
    assert io_on_ui_thread.events == [], "\n\n".join(io_on_ui_thread.events)
    print(f"longest event-loop stall: {heartbeat.longest * 1000:.0f} ms")
    assert heartbeat.longest < 0.3, f"the event loop stalled for {heartbeat.longest:.3f} s"


def test_the_window_stays_responsive_with_dozens_of_jobs_queued(make_studio) -> None:  # type: ignore[no-untyped-def]
    from studio.domain.models import GenerationRequest

    studio = make_studio(demo_seconds=30)
    heartbeat = Heartbeat()
    for number in range(40):
        request = GenerationRequest(provider="demo", model="gptimage2", prompt=f"job {number}")
        studio.run(studio.engine.submit(request))
    model = studio.window.queue_model
    studio.run.until(lambda: model.rowCount() == 40)
    heartbeat.longest = 0.0
    studio.run.settle(1.5)  # elapsed times tick and progress stripes move meanwhile
    heartbeat.timer.stop()
    assert studio.window.queue.summary_label.text() == "40 active, 40 in list"
    assert heartbeat.longest < 0.3, f"the event loop stalled for {heartbeat.longest:.3f} s"
