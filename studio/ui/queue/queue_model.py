"""The queue's model: one row per job, newest first, with state, progress, elapsed time, cost."""

from __future__ import annotations

import functools
import time
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from studio.domain.models import JobState
from studio.engine.costs import cost_account
from studio.engine.events import JobRecord
from studio.ui.kit.catalog_text import cost_text, cost_tip, provider_label
from studio.ui.kit.messages import text_of
from studio.ui.kit.native_rows import NativeRowsModel
from studio.ui.kit.plain import plain_tip
from studio.ui.queue.previews import PreviewCache

RecordRole = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex

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


class QueueModel(NativeRowsModel):
    """Jobs as rows: prompt, state (drawn with progress by the view), elapsed, cost. Qt counts
    the rows and columns (`NativeRowsModel`): the view asks for them for every cell it paints."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(4, parent)
        self._records: list[JobRecord] = []
        #: job id -> row, rebuilt after rows move: every engine event looks its job up.
        self._rows: dict[str, int] | None = None
        #: Ids of the jobs not yet final, kept up to date with each change: the queue's summary
        #: and buttons ask after every event, and counting the list each time made a burst of
        #: submissions quadratic (bench/RESULTS.md, UI responsiveness).
        self._active: set[str] = set()
        #: Live previews of streamed creates, drawn beside the job (never saved).
        self.previews = PreviewCache()
        # Kept by Qt: the header asks for its titles on every repaint, and a `headerData`
        # written in Python made each of those a call into the interpreter.
        self.setHorizontalHeaderLabels(
            [self.tr("Job"), self.tr("State"), self.tr("Elapsed"), self.tr("Cost")]
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        record = self._records[index.row()]
        if role == RecordRole:
            return record
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(record, column)
        if role == Qt.ItemDataRole.DecorationRole and column == COLUMN_JOB:
            return self.previews.pixmap(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COLUMN_STATE and record.error_message:
                return plain_tip(record.error_message)
            if column == COLUMN_COST:
                return cost_tip(cost_account(record))
            return plain_tip(record.request.prompt[:500])
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COLUMN_ELAPSED, COLUMN_COST):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, record: JobRecord, column: int) -> str:
        if column == COLUMN_JOB:
            return job_title(record)
        if column == COLUMN_STATE:
            text = state_text(record)
            if record.partials and record.preview is not None and not record.is_final:
                text += " · " + self.tr("preview {number} of {total}").format(
                    number=record.partials[0], total=record.partials[1]
                )
            return text
        if column == COLUMN_ELAPSED:
            return format_elapsed(self.elapsed(record))
        return cost_text(cost_account(record))

    def elapsed(self, record: JobRecord) -> float:
        if record.is_final:
            return record.updated_at - record.created_at
        return time.time() - record.created_at

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

        self._reset_rows(len(ordered), apply)

    def update_record(self, record: JobRecord) -> None:
        self.update_records([record])

    def update_records(self, records: Iterable[JobRecord]) -> None:
        """Show these jobs as they are now: known rows change, new jobs are added in order.

        A batch is one change for the view (one insertion, one repaint of the changed rows):
        for two hundred jobs submitted at once, one change per job cost the UI thread 14-27 ms
        in one go (bench/README.md, UI responsiveness)."""
        fresh: dict[str, JobRecord] = {}
        changed: list[int] = []
        for record in records:
            row = self.row_of(record.id)
            if row is None:
                fresh[record.id] = record
                continue
            if self._records[row] is not record:
                self._records[row] = record
                changed.append(row)
            self._track(record)
        if changed:
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

            self._remove_rows(row, 1, apply)

    def _place(self, row: int, records: list[JobRecord]) -> None:
        self._records[row:row] = records
        self._rows = None
        for record in records:
            self._track(record)

    def clear_finished(self) -> None:
        """Hide finished jobs from the queue (their results stay in the gallery)."""
        self.set_records([r for r in self._records if not r.is_final])
