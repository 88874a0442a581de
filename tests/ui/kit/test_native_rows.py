"""Views ask Python only for what they paint: a relayout of the grid and a tick of the queue
cost a few calls into the models, however many rows there are (each call into Python on the UI
thread can wait for the GIL while the engine works: bench/README.md, UI responsiveness)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from types import FrameType

import pytest
from PySide6.QtCore import QModelIndex, QSize
from PySide6.QtWidgets import QApplication

from studio.domain.models import JobState
from studio.ui.gallery.gallery import GalleryView
from studio.ui.gallery.gallery_model import GalleryModel
from studio.ui.gallery.thumbnails import ThumbnailCache
from studio.ui.kit.native_rows import NativeRowsModel
from studio.ui.queue import queue_model
from studio.ui.queue.queue_model import COLUMN_STATE, QueueModel
from studio.ui.queue.queue_view import QueuePanel
from tests.ui.helpers import succeeded_record


@contextmanager
def calls_into(*modules: str) -> Iterator[list[str]]:
    """The names of the functions of these source files called while the block runs."""
    seen: list[str] = []

    def profile(frame: FrameType, event: str, _arg: object) -> None:
        if event == "call" and frame.f_code.co_filename.endswith(modules):
            seen.append(frame.f_code.co_name)

    sys.setprofile(profile)
    try:
        yield seen
    finally:
        sys.setprofile(None)


def settle(qapp: QApplication, until: Callable[[], bool] = lambda: False) -> None:
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline and not until():
        qapp.processEvents()


def test_a_new_result_in_a_big_gallery_costs_no_call_per_row(qapp: QApplication) -> None:
    model = GalleryModel(ThumbnailCache(32, folder=None))
    model.set_records([succeeded_record(f"job{n}", float(n), images=10) for n in range(300)])
    view = GalleryView()
    view.setModel(model)
    view.resize(QSize(900, 600))
    view.show()
    settle(qapp)
    assert model.rowCount() == 3000
    with calls_into("gallery_model.py") as seen:
        model.update_record(succeeded_record("newest", 1000.0, images=10))
        settle(qapp)  # the batched relayout of all 3,010 cells and the repaint
    assert model.rowCount() == 3010
    assert "rowCount" not in seen
    # data() and flags() for the cells on screen (a few dozen), not for every row
    assert len(seen) < 600, f"{len(seen)} calls: {sorted(set(seen))}"
    view.deleteLater()


def test_a_queue_tick_changes_only_the_cells_that_move_and_their_repaint_needs_no_python(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = QueueModel()
    now = time.time()
    running = [
        replace(succeeded_record(f"r{n}", now - n), state=JobState.running) for n in range(200)
    ]
    model.set_records(running)
    panel = QueuePanel(model)
    panel.resize(QSize(900, 400))
    panel.show()
    settle(qapp)
    first, last = panel.table.rowAt(0), panel.table.rowAt(panel.table.viewport().height() - 1)
    visible = last - first + 1
    assert 3 < visible < 50
    panel._ticker.stop()  # ticks by hand
    settle(qapp)
    # The clock stopped: no job's elapsed second turns between these ticks (they are a second
    # apart), so what moves is the busy stripe (tests/ui/queue/test_elapsed_ticks.py).
    frozen = time.time()
    monkeypatch.setattr(queue_model.time, "time", lambda: frozen)
    panel._tick()  # the elapsed cells catch up with the stopped clock
    announced: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(
        lambda top, end: announced.append((top.row(), end.row(), top.column(), end.column()))
    )
    for _ in range(3):
        announced.clear()
        panel._tick()
        with calls_into("queue_model.py", "queue_view.py", "row_look.py") as seen:
            settle(qapp)  # the repaint of what the tick changed
        assert not seen, f"the repaint called {sorted(set(seen))}"
        # The busy stripe of the visible jobs: their state cells only, announced once.
        assert announced == [(first, last, COLUMN_STATE, COLUMN_STATE)]
    panel.deleteLater()


def test_listeners_see_the_rows_as_qt_counts_them(qapp: QApplication) -> None:
    class Letters(NativeRowsModel):
        def __init__(self) -> None:
            super().__init__(1)
            self.letters: list[str] = []

        def data(self, index: QModelIndex, role: int = 0) -> object:  # type: ignore[override]
            return self.letters[index.row()]

    model = Letters()
    seen: list[tuple[str, int, list[str]]] = []

    def snapshot(kind: str) -> Callable[..., None]:
        return lambda *_args: seen.append((kind, model.rowCount(), list(model.letters)))

    model.rowsAboutToBeInserted.connect(snapshot("about to insert"))
    model.rowsInserted.connect(snapshot("inserted"))
    model.rowsAboutToBeRemoved.connect(snapshot("about to remove"))
    model.rowsRemoved.connect(snapshot("removed"))
    model._insert_rows(0, 2, lambda: model.letters.extend("ab"))
    model._remove_rows(0, 1, lambda: model.letters.__delitem__(0))
    assert seen == [
        ("about to insert", 0, []),
        ("inserted", 2, ["a", "b"]),
        ("about to remove", 2, ["a", "b"]),
        ("removed", 1, ["b"]),
    ]
