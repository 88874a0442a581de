"""The queue panel: every job with its state and progress, elapsed time and cost, and the
Cancel / Retry / Remove commands for the selected jobs."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.domain.models import Cost, JobState
from studio.engine.costs import CostAccount
from studio.engine.events import JobRecord
from studio.ui.kit.catalog_text import cost_text
from studio.ui.kit.plain import heading
from studio.ui.queue.queue_model import (
    COLUMN_COST,
    COLUMN_ELAPSED,
    COLUMN_JOB,
    COLUMN_STATE,
    QueueModel,
)
from studio.ui.runtime.viewports import give_own_viewport


def _retryable(record: JobRecord) -> bool:
    """Failed, cancelled or unknown jobs (Retry continues or sends again), and held ones
    (waiting for a key or space: Retry continues them, never sends them again)."""
    return record.held or (record.is_final and record.state is not JobState.succeeded)


class QueueTable(QTableView):
    """The job table. Its cells are Qt's own items and it paints them without Python; a new
    palette (a change of the system's theme) has the model write them again in its colours."""

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        model = self.model()
        if event.type() == QEvent.Type.PaletteChange and isinstance(model, QueueModel):
            model.restyle(self.palette(), self.devicePixelRatioF())


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
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
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
        """The clock and the moving stripe: the model writes the cells that changed, and the
        table repaints just those (bench/README.md, UI responsiveness)."""
        first = self.table.rowAt(0)
        last = self.table.rowAt(self.table.viewport().height() - 1)
        if last < 0 <= first:  # the rows end above the bottom of the view
            last = self.model.rowCount() - 1
        self.model.tick(range(first, last + 1) if first >= 0 else range(0))
