"""Searching the history from the gallery: a row with the words to find and a period, and the
controller that asks the engine (off the UI thread) and shows the answer in the gallery.

Answers arrive out of order when the user types quickly; each query carries a generation
number and only the latest one is shown."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from studio.domain.models import JobState
from studio.engine.events import JobRecord
from studio.ui.gallery.gallery_model import GalleryModel
from studio.ui.kit.bridge import TaskRunner
from studio.ui.kit.engine_api import EngineApi

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent

log = logging.getLogger("studio.ui.search")
#: Typing pauses shorter than this are one query.
DEBOUNCE_MS = 150


class Period(StrEnum):
    """The date filter's choices."""

    any = "any"
    today = "today"
    week = "week"
    month = "month"
    year = "year"


def period_start(period: Period, now: datetime) -> datetime | None:
    """Where `period` begins, on the clock of `now` (an aware local time): "today" and "this
    year" start at local midnight, the others count whole days back from now."""
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    starts = {
        Period.any: None,
        Period.today: midnight,
        Period.week: now - timedelta(days=7),
        Period.month: now - timedelta(days=30),
        Period.year: midnight.replace(month=1, day=1),
    }
    return starts[period]


@dataclass(frozen=True)
class HistoryQuery:
    """What the search row asks for."""

    text: str = ""
    period: Period = Period.any

    @property
    def is_empty(self) -> bool:
        """Nothing typed and any time: the whole history."""
        return not self.text.strip() and self.period is Period.any


class SearchBar(QWidget):
    """The words to find and the period, above the gallery.

    Signals:
        changed(): the query changed (typing is debounced; the period applies at once).
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = _SearchEdit(self)
        self.edit.setObjectName("historySearch")
        self.edit.setPlaceholderText(self.tr("Search prompts, providers, models"))
        self.edit.setClearButtonEnabled(True)
        self.edit.setAccessibleName(self.tr("Search the history"))
        self.period = QComboBox(self)
        self.period.setObjectName("historyPeriod")
        self.period.setAccessibleName(self.tr("Period"))
        for period, label in (
            (Period.any, self.tr("Any time")),
            (Period.today, self.tr("Today")),
            (Period.week, self.tr("Last 7 days")),
            (Period.month, self.tr("Last 30 days")),
            (Period.year, self.tr("This year")),
        ):
            self.period.addItem(label, period.value)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.changed)
        self.edit.textChanged.connect(lambda _text: self._debounce.start())
        self.period.currentIndexChanged.connect(lambda _index: self._changed_now())
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.period)

    def query(self) -> HistoryQuery:
        return HistoryQuery(self.edit.text(), Period(self.period.currentData()))

    def focus(self) -> None:
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def clear(self) -> None:
        """Back to the whole history (one query, not two)."""
        self.period.blockSignals(True)
        self.period.setCurrentIndex(0)
        self.period.blockSignals(False)
        self.edit.clear()
        self._changed_now()

    def _changed_now(self) -> None:
        self._debounce.stop()
        self.changed.emit()


class _SearchEdit(QLineEdit):
    """The search box. Esc in it clears the search; with nothing to clear it goes on as usual.

    (A key handler, not an event filter: a filter receives every event as a plain QEvent, and
    PySide then builds the Python type of each QEvent subclass; see `studio.ui.runtime.viewports`.)
    """

    def __init__(self, bar: SearchBar) -> None:
        super().__init__(bar)
        self._bar = bar

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and not self._bar.query().is_empty:
            self._bar.clear()
            event.accept()
            return
        super().keyPressEvent(event)


class HistorySearch(QObject):
    """Shows the bar's query in the gallery model, asking the engine off the UI thread.

    New results are added directly while there is no filter; under a filter (or while an
    answer is on its way, which may predate them) the query runs again, so the gallery only
    ever shows what matches.

    Signals:
        answered(HistoryQuery, int): the gallery now shows this query's matches (count).
    """

    answered = Signal(object, int)

    def __init__(self, bar: SearchBar, model: GalleryModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bar = bar
        self.model = model
        self._engine: EngineApi | None = None
        self._tasks: TaskRunner | None = None
        self._generation = 0
        self._pending: asyncio.Task[Any] | None = None
        self._again = QTimer(self)
        self._again.setSingleShot(True)
        self._again.setInterval(DEBOUNCE_MS)
        self._again.timeout.connect(self.refresh)
        bar.changed.connect(self.refresh)

    def attach(self, engine: EngineApi, tasks: TaskRunner) -> None:
        self._engine, self._tasks = engine, tasks

    @property
    def filtering(self) -> bool:
        return not self.bar.query().is_empty

    @property
    def busy(self) -> bool:
        return self._pending is not None and not self._pending.done()

    def add_record(self, record: JobRecord) -> None:
        """A job changed: show its images if they belong in the gallery as it is filtered."""
        if not self.filtering and not self.busy:
            self.model.update_record(record)
            return
        if record.state is JobState.succeeded:
            self._generation += 1  # an answer on its way may not know this job yet
            self._again.start()

    def refresh(self) -> None:
        """Run the bar's current query; any answer still on its way is dropped."""
        if self._engine is None or self._tasks is None:
            return
        self._again.stop()
        self._generation += 1
        if self._pending is not None:
            self._pending.cancel()
        self._pending = self._tasks.spawn(
            self._run(self._generation, self.bar.query()),
            on_error=lambda error: log.warning("history search failed: %s", error),
        )

    async def _run(self, generation: int, query: HistoryQuery) -> None:
        assert self._engine is not None
        since = period_start(query.period, datetime.now().astimezone())
        records = await self._engine.search(
            query.text, since=since, states=[JobState.succeeded], limit=None
        )
        if generation != self._generation:
            return  # a later query (or a newer result) asked again meanwhile
        self.model.set_records(records)
        self.answered.emit(query, self.model.rowCount())
