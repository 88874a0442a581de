"""The queue's elapsed cells follow the clock: each is repainted as its own job's second turns,
not once a second for all jobs at one moment (which showed a job's time up to a second late)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QApplication

from studio.domain.models import JobState
from studio.ui.queue import queue_model
from studio.ui.queue.queue_model import COLUMN_ELAPSED, QueueModel
from studio.ui.queue.queue_view import QueuePanel
from tests.ui.helpers import succeeded_record

START = 1_000_000.0


def test_an_elapsed_cell_is_repainted_when_its_own_second_turns(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [START + 0.95]
    monkeypatch.setattr(queue_model.time, "time", lambda: clock[0])
    model = QueueModel()
    # Two running jobs started at different fractions of a second.
    early = replace(succeeded_record("early", START), state=JobState.running)
    late = replace(succeeded_record("late", START + 0.5), state=JobState.running)
    model.set_records([early, late])
    panel = QueuePanel(model)
    panel.resize(QSize(900, 400))
    panel.show()
    qapp.processEvents()
    panel._ticker.stop()  # ticks by hand
    table = panel.table
    updated: list[QRect] = []
    monkeypatch.setattr(table.viewport(), "update", lambda rect: updated.append(QRect(rect)))

    def elapsed_cells_repainted() -> set[str]:
        cells = {
            model.record(row).id: table.visualRect(model.index(row, COLUMN_ELAPSED))
            for row in range(model.rowCount())
        }
        return {job for job, rect in cells.items() if rect in updated}

    panel._tick()  # 0.95 s and 0.45 s: both shown for the first time
    assert elapsed_cells_repainted() == {"early", "late"}
    for now, turned in ((1.05, {"early"}), (1.15, set()), (1.55, {"late"}), (1.65, set())):
        updated.clear()
        clock[0] = START + now
        panel._tick()
        assert elapsed_cells_repainted() == turned, now
    panel.deleteLater()
