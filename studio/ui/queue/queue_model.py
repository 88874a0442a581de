"""The queue's model: one row per job, newest first, with state, progress, elapsed time, cost,
in Qt's own items."""

from __future__ import annotations

import functools
import time
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt
from PySide6.QtGui import QGuiApplication, QPalette, QStandardItem

from studio.domain.models import JobState
from studio.engine.costs import cost_account
from studio.engine.events import JobRecord
from studio.ui.kit.catalog_text import cost_text, cost_tip, provider_label
from studio.ui.kit.messages import text_of
from studio.ui.kit.native_rows import PLAIN_FLAGS, ListedRowsModel
from studio.ui.kit.plain import plain_tip
from studio.ui.queue.previews import PreviewCache
from studio.ui.queue.row_look import RowLook, stripe_frame

_DISPLAY = Qt.ItemDataRole.DisplayRole
_TIP = Qt.ItemDataRole.ToolTipRole
_COLOR = Qt.ItemDataRole.ForegroundRole
_PICTURE = Qt.ItemDataRole.DecorationRole
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

COLUMN_JOB, COLUMN_STATE, COLUMN_ELAPSED, COLUMN_COST = range(4)

_STATE_TEXT = {
    JobState.draft: QT_TRANSLATE_NOOP("studio.queue", "Waiting to start"),
    JobState.submitting: QT_TRANSLATE_NOOP("studio.queue", "Sending"),
    JobState.queued: QT_TRANSLATE_NOOP("studio.queue", "Queued"),
    JobState.running: QT_TRANSLATE_NOOP("studio.queue", "Running"),
    JobState.downloading: QT_TRANSLATE_NOOP("studio.queue", "Downloading"),
    JobState.succeeded: QT_TRANSLATE_NOOP("studio.queue", "Done"),
    JobState.failed: QT_TRANSLATE_NOOP("studio.queue", "Failed"),
    JobState.cancelled: QT_TRANSLATE_NOOP("studio.queue", "Cancelled"),
    JobState.unknown: QT_TRANSLATE_NOOP("studio.queue", "Outcome unknown"),
}


def state_text(record: JobRecord) -> str:
    if record.elsewhere is not None and not record.is_final:
        return text_of(record.elsewhere)  # "Running" only where this studio polls the job
    text = QCoreApplication.translate("studio.queue", str(_STATE_TEXT[record.state]))
    if record.waiting and not record.is_final:
        return QCoreApplication.translate("studio.queue", "Waiting: {reason}").format(
            reason=text_of(record.waiting)
        )
    if record.state is JobState.failed and record.error_message:
        return f"{text}: {record.error_message}"
    return text


def format_elapsed(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds < 3600:
        return f"{seconds // 60}:{seconds % 60:02d}"
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def job_title(record: JobRecord) -> str:
    prompt = " ".join(record.request.prompt.split())
    provider = provider_label(record.request.provider)
    return f"{prompt[:80]}{'…' if len(prompt) > 80 else ''}\n{provider} · {record.request.model}"


def _preview_shown(record: JobRecord) -> tuple[object, ...]:
    """What the row's preview picture depends on (studio.ui.queue.previews)."""
    return (record.is_final, record.preview is not None, record.partials)


def screen_ratio() -> float:
    """The device pixel ratio pictures are made for (the highest of the screens)."""
    app = QGuiApplication.instance()
    return app.devicePixelRatio() if isinstance(app, QGuiApplication) else 1.0


class QueueModel(ListedRowsModel):
    """Jobs as rows: prompt, state (with a progress bar), elapsed, cost.

    The cells are Qt's own items, written when a job changes (and by `tick` for the clock and
    the moving stripe), so the table paints them without entering Python: a repaint that
    called into Python for every cell could be held up at each call while the engine's thread
    had the GIL (bench/README.md, UI responsiveness). Qt counts the rows (`ListedRowsModel`)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(4, parent)
        self._records: list[JobRecord] = []
        #: job id -> row, rebuilt after rows move: every engine event looks its job up.
        self._rows: dict[str, int] | None = None
        #: Ids of the jobs not yet final, kept up to date with each change: the queue's summary
        #: and buttons ask after every event, and counting the list each time made a burst of
        #: submissions quadratic (bench/RESULTS.md, UI responsiveness).
        self._active: set[str] = set()
        #: job id -> the elapsed second its cell shows, for the jobs still running.
        self._seconds: dict[str, int] = {}
        #: Live previews of streamed creates, drawn beside the job (never saved).
        self.previews = PreviewCache()
        self._look = RowLook(QGuiApplication.palette(), screen_ratio())
        self.setHorizontalHeaderLabels(
            [self.tr("Job"), self.tr("State"), self.tr("Elapsed"), self.tr("Cost")]
        )

    # -- the cells --------------------------------------------------------------------------------
    def _cells(self, record: JobRecord, before: JobRecord | None) -> tuple[dict[int, Any], ...]:
        """Each column's roles that differ from what the row shows for `before` (the job as
        it was last written there; None for a new row: all of them). A busy run writes
        thousands of rows, and most of a change is its state: the prompt's texts, the preview
        and the cost are worked out again only when what they show has changed."""
        elapsed = self.elapsed(record)
        if record.is_final:
            self._seconds.pop(record.id, None)
        else:
            self._seconds[record.id] = int(elapsed)
        job: dict[int, Any] = {}
        state: dict[int, Any] = {
            _DISPLAY: self._state_line(record),
            _COLOR: self._look.state_color(record),
            _PICTURE: self._look.progress(record, time.monotonic()),
        }
        clock: dict[int, Any] = {_DISPLAY: format_elapsed(elapsed)}
        cost: dict[int, Any] = {}
        prompt_tip = None
        if before is None:
            prompt_tip = plain_tip(record.request.prompt[:500])
            job[_DISPLAY], job[_TIP], clock[_TIP] = job_title(record), prompt_tip, prompt_tip
        if before is None or _preview_shown(before) != _preview_shown(record):
            job[_PICTURE] = self.previews.pixmap(record)
        if before is None or before.error_message != record.error_message:
            if record.error_message:
                state[_TIP] = plain_tip(record.error_message)
            else:
                state[_TIP] = prompt_tip or plain_tip(record.request.prompt[:500])
        account = cost_account(record)
        if before is None or cost_account(before) != account:
            cost[_DISPLAY], cost[_TIP] = cost_text(account), cost_tip(account)
        return job, state, clock, cost

    def _state_line(self, record: JobRecord) -> str:
        text = state_text(record)
        if record.partials and record.preview is not None and not record.is_final:
            text += " · " + self.tr("preview {number} of {total}").format(
                number=record.partials[0], total=record.partials[1]
            )
        return text

    def _write(self, row: int, before: JobRecord | None) -> None:
        """Set the row's cells to its record (with signals blocked: the caller tells the views
        once); `before` is what they show now (None: nothing, a new row)."""
        for column, roles in enumerate(self._cells(self._records[row], before)):
            item = self.item(row, column)
            if item is None:  # a new row: its items are made here
                item = QStandardItem()
                item.setFlags(PLAIN_FLAGS)
                if column in (COLUMN_ELAPSED, COLUMN_COST):
                    item.setTextAlignment(_RIGHT)
                self.setItem(row, column, item)
            for role, value in roles.items():
                item.setData(value, role)

    def _write_rows(self, rows: Iterable[tuple[int, JobRecord | None]]) -> None:
        blocked = self.blockSignals(True)
        try:
            for row, before in rows:
                self._write(row, before)
        finally:
            self.blockSignals(blocked)

    def tick(self, visible: range) -> None:
        """Called ten times a second: each running job's elapsed cell as its own second turns
        (each job started at its own fraction of a second, so one is never more than a tick
        behind the clock), and the moving stripe of the running rows in `visible`. Each column's
        changes are announced once (a signal per cell ran the queue's listeners, in Python, once
        per cell: fifty running jobs made a tick of 5-9 ms)."""
        if not self._active:  # (`_seconds` is then empty: a job's entry goes as it ends)
            return
        now = time.time()
        clock: list[int] = []
        stripes: list[int] = []
        frame = self._look.stripe(stripe_frame(time.monotonic()))
        blocked = self.blockSignals(True)
        try:
            for job_id in self._active:
                row = self.row_of(job_id)
                if row is None:
                    continue
                second = int(self.elapsed(self._records[row], now))
                if self._seconds.get(job_id) != second:
                    self._seconds[job_id] = second
                    self.item(row, COLUMN_ELAPSED).setText(format_elapsed(second))
                    clock.append(row)
            for row in visible:
                record = self._records[row] if 0 <= row < len(self._records) else None
                if record and record.progress is None and not (record.is_final or record.waiting):
                    self.item(row, COLUMN_STATE).setData(frame, _PICTURE)
                    stripes.append(row)
        finally:
            self.blockSignals(blocked)
        for rows, column in ((clock, COLUMN_ELAPSED), (stripes, COLUMN_STATE)):
            if rows:
                self.dataChanged.emit(self.index(min(rows), column), self.index(max(rows), column))

    def restyle(self, palette: QPalette, pixel_ratio: float) -> None:
        """Colours and pictures for a new palette or screen: every row is written again."""
        self._look = RowLook(palette, pixel_ratio)
        if self._records:
            self._write_rows((row, None) for row in range(len(self._records)))
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._records) - 1, 3))

    def elapsed(self, record: JobRecord, now: float | None = None) -> float:
        if record.is_final:
            return record.updated_at - record.created_at
        return (time.time() if now is None else now) - record.created_at

    # -- content --------------------------------------------------------------------------------
    def records(self) -> list[JobRecord]:
        return list(self._records)

    def record(self, row: int) -> JobRecord:
        return self._records[row]

    def row_of(self, job_id: str) -> int | None:
        if self._rows is None:
            self._rows = {record.id: row for row, record in enumerate(self._records)}
        return self._rows.get(job_id)

    def active_count(self) -> int:
        return len(self._active)

    def _track(self, record: JobRecord) -> None:
        if record.is_final:
            self._active.discard(record.id)
        else:
            self._active.add(record.id)

    def set_records(self, records: list[JobRecord]) -> None:
        ordered = sorted(records, key=lambda r: -r.created_at)

        def apply() -> None:
            self._records = ordered
            self._rows = None
            self._active = {r.id for r in ordered if not r.is_final}
            self._seconds.clear()
            self._write_rows((row, None) for row in range(len(ordered)))

        self._reset_rows(len(ordered), apply)

    def update_record(self, record: JobRecord) -> None:
        self.update_records([record])

    def update_records(self, records: Iterable[JobRecord]) -> None:
        """Show these jobs as they are now: known rows change, new jobs are added in order.

        A batch is one change for the view (one insertion, one repaint of the changed rows):
        for two hundred jobs submitted at once, one change per job cost the UI thread 14-27 ms
        in one go (bench/README.md, UI responsiveness)."""
        fresh: dict[str, JobRecord] = {}
        changed: dict[int, JobRecord] = {}  # row -> the record it showed
        for record in records:
            row = self.row_of(record.id)
            if row is None:
                fresh[record.id] = record
                continue
            before = self._records[row]
            if before is not record:
                self._records[row] = record
                changed.setdefault(row, before)
            self._track(record)
        if changed:
            self._write_rows(changed.items())
            self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), 3))
        if fresh:
            self._insert(sorted(fresh.values(), key=lambda r: -r.created_at))

    def _insert(self, newest_first: list[JobRecord]) -> None:
        if not self._records or newest_first[-1].created_at >= self._records[0].created_at:
            # The usual case: new jobs are newer than every row, one block at the top.
            self._insert_rows(0, len(newest_first), lambda: self._place(0, newest_first))
            return
        for record in newest_first:  # older jobs (resumed ones) go where they belong
            row = next(
                (i for i, r in enumerate(self._records) if r.created_at < record.created_at),
                len(self._records),
            )
            self._insert_rows(row, 1, functools.partial(self._place, row, [record]))

    def remove_job(self, job_id: str) -> None:
        row = self.row_of(job_id)
        if row is not None:

            def apply() -> None:
                del self._records[row]
                self._rows = None
                self._active.discard(job_id)
                self._seconds.pop(job_id, None)

            self._remove_rows(row, 1, apply)

    def _place(self, row: int, records: list[JobRecord]) -> None:
        self._records[row:row] = records
        self._rows = None
        for record in records:
            self._track(record)
        self._write_rows((at, None) for at in range(row, row + len(records)))

    def clear_finished(self) -> None:
        """Hide finished jobs from the queue (their results stay in the gallery)."""
        self.set_records([r for r in self._records if not r.is_final])
