"""The queue panel: every job with its state and progress, elapsed time and cost, and the
Cancel / Retry / Remove commands for the selected jobs."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.domain.models import Cost, JobState
from studio.engine.costs import CostAccount
from studio.engine.events import JobRecord
from studio.ui.kit.catalog_text import cost_text
from studio.ui.kit.palette import error_color, muted_color
from studio.ui.kit.plain import heading
from studio.ui.queue.queue_model import (
    COLUMN_COST,
    COLUMN_ELAPSED,
    COLUMN_JOB,
    COLUMN_STATE,
    QueueModel,
    RecordRole,
)
from studio.ui.runtime.viewports import give_own_viewport

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent
    from PySide6.QtWidgets import QStyleOptionViewItem

_Index = QModelIndex | QPersistentModelIndex
_PROBLEM_STATES = (JobState.failed, JobState.unknown)


def _retryable(record: JobRecord) -> bool:
    """Failed, cancelled or unknown jobs (Retry continues or sends again), and held ones
    (waiting for a key or space: Retry continues them, never sends them again)."""
    return record.held or (record.is_final and record.state is not JobState.succeeded)


class StateDelegate(QStyledItemDelegate):
    """Draws a job's state text over a progress bar while it runs (a moving stripe when the
    provider gives no percentage)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        record = index.data(RecordRole)
        if not isinstance(record, JobRecord):
            super().paint(painter, option, index)
            return
        rect: QRect = option.rect.adjusted(4, 6, -4, -6)
        palette: QPalette = option.palette
        painter.save()
        if not record.is_final and not record.waiting:
            self._paint_progress(painter, rect, palette, record.progress)
        color = palette.color(QPalette.ColorRole.Text)
        if record.state in _PROBLEM_STATES:
            color = error_color(palette)
        elif record.waiting or record.state is JobState.cancelled:
            color = muted_color(palette)
        painter.setPen(color)
        text = painter.fontMetrics().elidedText(
            str(index.data()), Qt.TextElideMode.ElideRight, rect.width() - 8
        )
        painter.drawText(rect.adjusted(4, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter, text)
        painter.restore()

    def _paint_progress(
        self, painter: QPainter, rect: QRect, palette: QPalette, progress: float | None
    ) -> None:
        track = palette.color(QPalette.ColorRole.Mid)
        track.setAlphaF(0.25)
        painter.fillRect(rect, track)
        fill = palette.color(QPalette.ColorRole.Highlight)
        fill.setAlphaF(0.45)
        if progress is not None:
            painter.fillRect(
                QRect(rect.left(), rect.top(), round(rect.width() * progress), rect.height()), fill
            )
            return
        width = max(24, rect.width() // 4)
        phase = (time.monotonic() % 1.6) / 1.6
        left = rect.left() + round((rect.width() + width) * phase) - width
        stripe = QRect(left, rect.top(), width, rect.height()).intersected(rect)
        painter.fillRect(stripe, fill)


class QueueTable(QTableView):
    """The job table. Its paint is written in Python for one reason: the model's and the
    delegate's calls from it into Python then run inside one call, so the UI thread takes the
    GIL once per repaint instead of once per cell and role, each of which could wait a switch
    interval for the engine's thread to let go of it (bench/README.md, UI responsiveness).
    (An `event` override would do the same for the whole window, but a generic event handler
    makes PySide build every QEvent subclass: ~1 MB of idle memory.)"""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)


class QueuePanel(QWidget):
    """The job table and its buttons.

    Signals:
        cancel_requested(list[str]): cancel these jobs.
        retry_requested(list[str]): retry these jobs.
        remove_requested(list[JobRecord]): remove these jobs (the window asks first).
    """

    cancel_requested = Signal(list)
    retry_requested = Signal(list)
    remove_requested = Signal(list)

    def __init__(self, model: QueueModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.table = QueueTable(self)
        give_own_viewport(self.table)
        self.table.setObjectName("queueTable")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setItemDelegateForColumn(COLUMN_STATE, StateDelegate(self.table))
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() * 2 + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COLUMN_JOB, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COLUMN_STATE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COLUMN_STATE, 220)
        # As wide as a long elapsed time (a job held overnight, "999:59:59"), not fitted to the
        # rows: fitting measured the rows on screen after every change of any job.
        header.setSectionResizeMode(COLUMN_ELAPSED, QHeaderView.ResizeMode.Interactive)
        longest = self.table.fontMetrics().horizontalAdvance("999:59:59") + 16
        header.resizeSection(COLUMN_ELAPSED, max(header.sectionSizeHint(COLUMN_ELAPSED), longest))
        header.setStretchLastSection(False)
        # Wide enough for a three-digit estimate and for "Not charged" in the language shown:
        # fitted to the rows, it kept the header's width and cut the amounts off ("≈ …").
        header.setSectionResizeMode(COLUMN_COST, QHeaderView.ResizeMode.Interactive)
        samples = (
            cost_text(CostAccount(Cost(Decimal(888), "credits"), None, None)),
            cost_text(CostAccount(None, None, False)),
        )
        widest = max(self.table.fontMetrics().horizontalAdvance(text) for text in samples)
        header.resizeSection(COLUMN_COST, max(header.sectionSizeHint(COLUMN_COST), widest + 16))
        self.cancel_button = self._button(self.tr("Cancel"), "cancelJob", self._cancel)
        self.retry_button = self._button(self.tr("Retry"), "retryJob", self._retry)
        self.remove_button = self._button(self.tr("Remove"), "removeJob", self._remove)
        self.clear_button = self._button(
            self.tr("Clear finished"), "clearFinished", model.clear_finished
        )
        self.clear_button.setToolTip(
            self.tr("Take finished jobs off this list; their images stay in the gallery.")
        )
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("queueSummary")
        # Under the title, not beside it: the buttons' texts are long in some languages, and a
        # count squeezed in beside them was cut off (in Korean). Never narrower than its text.
        self.summary_label.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        title = QVBoxLayout()
        title.setSpacing(0)
        title.addWidget(heading(self.tr("Queue"), self))
        title.addWidget(self.summary_label)
        bar = QHBoxLayout()
        bar.addLayout(title)
        bar.addStretch(1)
        for button in (
            self.cancel_button,
            self.retry_button,
            self.remove_button,
            self.clear_button,
        ):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        remove = QAction(self.tr("Remove"), self.table)
        remove.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove.triggered.connect(self._remove)
        self.table.addAction(remove)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.dataChanged):
            signal.connect(self._update_buttons)
        #: The elapsed second each running job's cell was last repainted for.
        self._seconds_shown: dict[str, int] = {}
        self._ticker = QTimer(self)
        self._ticker.setInterval(100)
        self._ticker.timeout.connect(self._tick)
        self._ticker.start()
        self._update_buttons()

    def _button(self, text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def selected_records(self) -> list[JobRecord]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.record(row) for row in rows]

    def select_job(self, job_id: str) -> None:
        row = self.model.row_of(job_id)
        if row is not None:
            self.table.selectRow(row)

    def _cancel(self) -> None:
        ids = [r.id for r in self.selected_records() if not r.is_final]
        if ids:
            self.cancel_requested.emit(ids)

    def _retry(self) -> None:
        ids = [r.id for r in self.selected_records() if _retryable(r)]
        if ids:
            self.retry_requested.emit(ids)

    def _remove(self) -> None:
        records = self.selected_records()
        if records:
            self.remove_requested.emit(records)

    def _context_menu(self, position: QPoint) -> None:
        if not self.table.indexAt(position).isValid():
            return
        menu = QMenu(self)
        for button in (self.cancel_button, self.retry_button, self.remove_button):
            action = menu.addAction(button.text())
            action.setEnabled(button.isEnabled())
            action.triggered.connect(button.click)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.table.viewport().mapToGlobal(position))

    def _update_buttons(self) -> None:
        records = self.selected_records()
        self.cancel_button.setEnabled(any(not r.is_final for r in records))
        self.retry_button.setEnabled(any(_retryable(r) for r in records))
        self.remove_button.setEnabled(bool(records))
        active = self.model.active_count()
        total = self.model.rowCount()
        self.clear_button.setEnabled(total > active)
        self.summary_label.setText(
            self.tr("{active} active, {total} in list").format(active=active, total=total)
            if total
            else ""
        )

    def _tick(self) -> None:
        """Elapsed time and the busy stripe are computed while painting: repainting the cells
        that move is enough. Only those: a whole-table repaint ten times a second asked the
        model for every cell's roles, hundreds of calls into Python each time, and each one
        can wait for the GIL while the engine is busy (bench/README.md, UI responsiveness).
        An elapsed cell is repainted when its own second turns (each job started at its own
        fraction of a second), so it is never more than a tick behind the clock."""
        if not self.model.active_count():
            self._seconds_shown.clear()
            return
        table, viewport = self.table, self.table.viewport()
        first = table.rowAt(0)
        if first < 0:
            return
        last = table.rowAt(viewport.height() - 1)
        last = self.model.rowCount() - 1 if last < 0 else last
        shown: dict[str, int] = {}
        for row in range(first, last + 1):
            record = self.model.record(row)
            if record.is_final:
                continue
            if record.progress is None and not record.waiting:  # the moving stripe
                viewport.update(table.visualRect(self.model.index(row, COLUMN_STATE)))
            second = int(self.model.elapsed(record))
            shown[record.id] = second
            if self._seconds_shown.get(record.id) != second:
                viewport.update(table.visualRect(self.model.index(row, COLUMN_ELAPSED)))
        self._seconds_shown = shown
