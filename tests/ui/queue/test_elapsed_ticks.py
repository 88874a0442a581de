"""The queue's moving cells follow the clock: each elapsed cell changes as its own job's second
turns (not once a second for all jobs at one moment, which showed a job's time up to a second
late), and the busy stripe of a job with no percentage moves on screen. Both are written into
the model's items by the queue's tick; only the cells that change are announced to the view."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QApplication

from studio.domain.models import JobState
from studio.ui.queue import queue_model
from studio.ui.queue.queue_model import COLUMN_ELAPSED, COLUMN_STATE, QueueModel
from studio.ui.queue.queue_view import QueuePanel
from studio.ui.queue.row_look import STRIPE_PERIOD
from tests.ui.helpers import succeeded_record

START = 1_000_000.0


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [START + 0.95]
    monkeypatch.setattr(queue_model.time, "time", lambda: now[0])
    monkeypatch.setattr(queue_model.time, "monotonic", lambda: now[0])
    return now


def shown_panel(qapp: QApplication, model: QueueModel) -> QueuePanel:
    panel = QueuePanel(model)
    panel.resize(QSize(900, 400))
    panel.show()
    qapp.processEvents()
    panel._ticker.stop()  # ticks by hand
    return panel


def test_an_elapsed_cell_changes_when_its_own_second_turns(
    qapp: QApplication, clock: list[float]
) -> None:
    model = QueueModel()
    # Two running jobs started at different fractions of a second.
    early = replace(succeeded_record("early", START), state=JobState.running, progress=0.5)
    late = replace(succeeded_record("late", START + 0.5), state=JobState.running, progress=0.5)
    model.set_records([early, late])
    panel = shown_panel(qapp, model)

    def elapsed() -> dict[str, str]:
        return {
            model.record(row).id: str(model.index(row, COLUMN_ELAPSED).data())
            for row in range(model.rowCount())
        }

    announced: list[set[str]] = []

    def changed(top: QModelIndex, bottom: QModelIndex) -> None:
        if top.column() == COLUMN_ELAPSED:
            assert bottom.column() == COLUMN_ELAPSED
            announced.append({model.record(row).id for row in range(top.row(), bottom.row() + 1)})

    model.dataChanged.connect(changed)
    assert elapsed() == {"early": "0:00", "late": "0:00"}
    for now, turned, shown in (
        (1.05, {"early"}, {"early": "0:01", "late": "0:00"}),
        (1.15, set(), {"early": "0:01", "late": "0:00"}),
        (1.55, {"late"}, {"early": "0:01", "late": "0:01"}),
        (1.65, set(), {"early": "0:01", "late": "0:01"}),
        (62.0, {"early", "late"}, {"early": "1:02", "late": "1:01"}),
    ):
        announced.clear()
        clock[0] = START + now
        panel._tick()
        assert elapsed() == shown, now
        # One announcement per tick for the cells that turned, none when none did.
        assert announced == ([turned] if turned else []), now
    model.dataChanged.disconnect(changed)
    # Ended: the time it took, and the tick leaves it alone.
    model.update_record(replace(early, state=JobState.succeeded, updated_at=START + 30.2))
    clock[0] = START + 90
    panel._tick()
    assert elapsed() == {"early": "0:30", "late": "1:29"}
    panel.deleteLater()


def picture_of(model: QueueModel, row: int) -> QImage | None:
    picture = model.index(row, COLUMN_STATE).data(Qt.ItemDataRole.DecorationRole)
    return picture.toImage() if isinstance(picture, QPixmap) else None


def test_the_busy_stripe_moves_on_the_rows_in_view_only(
    qapp: QApplication, clock: list[float]
) -> None:
    model = QueueModel()
    busy = [
        replace(succeeded_record(f"job{n}", START - n), state=JobState.running) for n in range(40)
    ]
    model.set_records(busy)
    panel = shown_panel(qapp, model)
    last_shown = panel.table.rowAt(panel.table.viewport().height() - 1)
    assert 0 < last_shown < 39, "the test wants rows out of view"
    before = [picture_of(model, row) for row in range(40)]
    assert all(picture is not None for picture in before)
    clock[0] += STRIPE_PERIOD / 4
    panel._tick()
    after = [picture_of(model, row) for row in range(40)]
    assert all(after[row] != before[row] for row in range(last_shown + 1))
    assert all(after[row] == before[row] for row in range(last_shown + 2, 40))
    clock[0] += STRIPE_PERIOD  # a whole sweep later, the same frame
    panel._tick()
    assert picture_of(model, 0) == after[0]
    panel.deleteLater()
