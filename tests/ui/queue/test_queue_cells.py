"""What the queue's cells hold, written when a job changes (the table paints them without
Python): the progress bar filled to the job's progress, the state's colour, and both again in a
new palette's colours when the system's theme changes."""

from __future__ import annotations

import time
from dataclasses import replace

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

from studio.domain.models import JobState
from studio.ui.kit.palette import error_color
from studio.ui.queue.queue_model import COLUMN_STATE, QueueModel
from studio.ui.queue.queue_view import QueuePanel
from studio.ui.queue.row_look import BAR_HEIGHT, BAR_WIDTH
from tests.ui.helpers import succeeded_record


def bar_fill(model: QueueModel, row: int) -> int:
    """How many of the bar's columns are drawn in the highlight colour, along its middle."""
    picture = model.index(row, COLUMN_STATE).data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(picture, QPixmap)
    image = picture.toImage()
    ratio = picture.devicePixelRatio()
    highlight = model._look.palette.color(QPalette.ColorRole.Highlight)
    middle = round(BAR_HEIGHT * ratio / 2)
    near = [
        x
        for x in range(image.width())
        if abs(image.pixelColor(x, middle).red() - highlight.red()) < 8
        and abs(image.pixelColor(x, middle).blue() - highlight.blue()) < 8
    ]
    return round(len(near) / ratio)


def test_the_bar_is_filled_to_the_jobs_progress_and_goes_when_it_ends(qapp: QApplication) -> None:
    now = time.time()
    job = replace(succeeded_record("job", now), state=JobState.running, progress=0.25)
    model = QueueModel()
    model.set_records([job])
    quarter = bar_fill(model, 0)
    assert abs(quarter - BAR_WIDTH / 4) <= 3, quarter
    model.update_record(replace(job, progress=0.75))
    three_quarters = bar_fill(model, 0)
    assert abs(three_quarters - BAR_WIDTH * 3 / 4) <= 3, three_quarters
    model.update_record(replace(job, state=JobState.succeeded, progress=1.0))
    assert model.index(0, COLUMN_STATE).data(Qt.ItemDataRole.DecorationRole) is None
    assert model.index(0, COLUMN_STATE).data() == "Done"


def test_a_new_palette_recolours_the_cells(qapp: QApplication) -> None:
    failed = replace(
        succeeded_record("failed", time.time()), state=JobState.failed, error_message="no"
    )
    model = QueueModel()
    model.set_records([failed])
    panel = QueuePanel(model)
    panel.resize(QSize(900, 300))
    panel.show()
    panel._ticker.stop()  # no job runs; a ticking panel left behind would run in later tests
    qapp.processEvents()

    def shown_colour() -> QColor:
        value = model.index(0, COLUMN_STATE).data(Qt.ItemDataRole.ForegroundRole)
        return QColor(value.color() if hasattr(value, "color") else value)

    light = panel.table.palette()
    assert shown_colour() == error_color(light)
    dark = QPalette(light)
    for role, colour in (
        (QPalette.ColorRole.Window, "#202124"),
        (QPalette.ColorRole.Base, "#202124"),
        (QPalette.ColorRole.Text, "#e8eaed"),
        (QPalette.ColorRole.WindowText, "#e8eaed"),
    ):
        dark.setColor(role, QColor(colour))
    assert error_color(dark) != error_color(light)
    panel.table.setPalette(dark)  # as a change of the system's theme reaches the table
    qapp.processEvents()
    assert shown_colour() == error_color(dark)
    panel.deleteLater()


def test_one_jobs_cells_follow_it_through_its_changes(qapp: QApplication) -> None:
    """The prompt's texts, the preview and the cost are written again only when what they show
    changes: each must still follow the job, change after change, in one model."""
    from decimal import Decimal

    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage

    from studio.domain.models import Cost
    from studio.ui.kit.plain import plain_tip
    from studio.ui.queue.queue_model import COLUMN_COST, COLUMN_JOB, job_title

    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    preview = bytes(data.data())

    now = time.time()
    job = replace(
        succeeded_record("job", now),
        state=JobState.running,
        estimated_cost=Cost(Decimal(12), "credits"),
        charged_cost=None,
    )
    model = QueueModel()
    model.set_records([job])

    def cell(column: int, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> object:
        return model.index(0, column).data(role)

    tip = Qt.ItemDataRole.ToolTipRole
    picture = Qt.ItemDataRole.DecorationRole
    assert cell(COLUMN_COST) == "≈ 12 credits"
    assert cell(COLUMN_JOB, picture) is None
    assert cell(COLUMN_STATE, tip) == plain_tip(job.request.prompt)
    streamed = replace(job, preview=preview, partials=(1, 2))
    model.update_record(streamed)
    assert isinstance(cell(COLUMN_JOB, picture), QPixmap)
    assert cell(COLUMN_STATE) == "Running · preview 1 of 2"
    model.update_record(replace(streamed, estimated_cost=Cost(Decimal(30), "credits")))
    assert cell(COLUMN_COST) == "≈ 30 credits"
    failed = replace(
        streamed,
        state=JobState.failed,
        error_message="the provider said no",
        estimated_cost=Cost(Decimal(30), "credits"),
    )
    model.update_record(failed)
    assert cell(COLUMN_JOB, picture) is None  # the preview goes with the job's end
    assert cell(COLUMN_STATE, tip) == plain_tip("the provider said no")
    assert cell(COLUMN_STATE) == "Failed: the provider said no"
    charged = replace(failed, charged_cost=Cost(Decimal(7), "credits"))
    model.update_record(charged)
    assert cell(COLUMN_COST) == "7 credits"
    assert cell(COLUMN_JOB) == job_title(job)  # written once, kept
    assert cell(COLUMN_JOB, tip) == plain_tip(job.request.prompt)
