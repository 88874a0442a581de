"""The compare view: one column per target, one row per prompt sent to the group. Each cell
shows the image, the cost (estimated → charged), the time to the result, the pixel size and
format read from the saved file (flagged when its shape is not the ratio asked for), and a star
for the row's winner. A new prompt runs the same targets again as a new row."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImageReader, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.domain.errors import OverBudget, StudioError
from studio.engine import compare as compare_engine
from studio.engine.costs import cost_account
from studio.engine.events import JobRecord
from studio.ui.kit.bridge import TaskRunner
from studio.ui.kit.catalog_text import amount_text
from studio.ui.kit.engine_api import EngineApi
from studio.ui.kit.plain import plain_label
from studio.ui.queue.queue_model import state_text
from studio.ui.wallet.controller import WalletController

IMAGE_EDGE = 220


def delivered(path: str) -> tuple[int, int, str] | None:
    """Width, height and format of a saved file, read from the file itself."""
    reader = QImageReader(path)
    size = reader.size()
    if not size.isValid():
        return None
    return size.width(), size.height(), bytes(reader.format().data()).decode().upper()


def ratio_mismatch(asked: str | None, width: int, height: int) -> bool:
    """Whether the delivered shape is off the ratio asked for (by more than 3 %)."""
    if not asked or ":" not in asked:
        return False
    try:
        w, h = (float(part) for part in asked.split(":"))
    except ValueError:
        return False
    return abs((width / height) / (w / h) - 1) > 0.03


class CompareCell(QFrame):
    """One target's result for one prompt."""

    def __init__(self, record: JobRecord, view: CompareView) -> None:
        super().__init__(view)
        self.setObjectName("compareCell")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.record = record
        layout = QVBoxLayout(self)
        self.image = QLabel(self)
        self.image.setObjectName("cellImage")
        self.image.setFixedSize(QSize(IMAGE_EDGE, IMAGE_EDGE))
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.image, 0, Qt.AlignmentFlag.AlignHCenter)
        self.cost = QLabel(self)
        self.cost.setObjectName("cellCost")
        self.time = QLabel(self)
        self.time.setObjectName("cellTime")
        self.pixels = plain_label(QLabel(self))
        self.pixels.setObjectName("cellSize")
        self.pixels.setWordWrap(True)
        self.star = QToolButton(self)
        self.star.setObjectName("winnerStar")
        self.star.setAutoRaise(True)
        self.star.setToolTip(self.tr("Mark as the winner (stars the image)"))
        row = QHBoxLayout()
        row.addWidget(self.cost, 1)
        row.addWidget(self.star)
        layout.addLayout(row)
        layout.addWidget(self.time)
        layout.addWidget(self.pixels)
        self.star.clicked.connect(lambda: view.choose_winner(self.record))
        self.show_record()

    def show_record(self) -> None:
        record = self.record
        account = cost_account(record)
        estimate = "≈ " + amount_text(account.estimated) if account.estimated else "—"
        if account.charged is None:  # a provider that reports no charge, or not yet
            charged = self.tr("not reported") if record.is_final else self.tr("not charged yet")
        else:
            charged = amount_text(account.charged_cost) if account.charged_cost else "0"
        self.cost.setText(f"{estimate} → {charged}")
        starred = bool(record.results) and record.results[0].starred
        self.starred = starred
        self.star.setText("★" if starred else "☆")
        if record.files:
            seconds = max(0, round(record.updated_at - record.created_at))
            self.time.setText(self.tr("{seconds} s to the result").format(seconds=seconds))
            pixmap = QPixmap(record.files[0])
            if not pixmap.isNull():
                self.image.setPixmap(
                    pixmap.scaled(
                        IMAGE_EDGE,
                        IMAGE_EDGE,
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
            info = delivered(record.files[0])
            if info is not None:
                width, height, fmt = info
                text = f"{width}×{height} {fmt}"
                if ratio_mismatch(record.request.ratio, width, height):
                    text += " " + self.tr("(not the {ratio} asked for)").format(
                        ratio=record.request.ratio
                    )
                asked = (record.request.output_format or "").upper().replace("JPG", "JPEG")
                if asked and fmt.replace("JPG", "JPEG") != asked:
                    text += " " + self.tr("(not the {format} asked for)").format(format=asked)
                self.pixels.setText(text)
        else:
            self.image.setText(state_text(record))
            self.time.setText(record.error_message or "")


class CompareView(QDialog):
    def __init__(
        self,
        group: str,
        engine: EngineApi,
        tasks: TaskRunner,
        wallet: WalletController,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("compareView")
        self.setWindowTitle(self.tr("Comparison"))
        self.group, self.engine, self.tasks, self.wallet = group, engine, tasks, wallet
        self.table: compare_engine.CompareTable | None = None
        self.cells: dict[str, CompareCell] = {}
        self.grid_host = QWidget(self)
        self.grid = QGridLayout(self.grid_host)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        self.next_prompt = QLineEdit(self)
        self.next_prompt.setObjectName("nextPrompt")
        self.next_prompt.setPlaceholderText(self.tr("Another prompt for the same targets"))
        self.again_button = QPushButton(self.tr("Run again"), self)
        self.again_button.setObjectName("runAgain")
        self.again_button.clicked.connect(self.run_again)
        self.status = plain_label(QLabel(self))
        self.status.setObjectName("compareStatus")
        self.status.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.next_prompt, 1)
        bottom.addWidget(self.again_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status)
        layout.addLayout(bottom)
        self.resize(1200, 640)

    def reload(self) -> None:
        self.tasks.spawn(self._reload())

    async def _reload(self) -> None:
        group = self.group
        self.show_table(await self.engine.db(lambda j: compare_engine.table(j, group)))

    def show_table(self, table: compare_engine.CompareTable) -> None:
        self.table = table
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.cells = {}
        for column, target in enumerate(table.targets, start=1):
            header = plain_label(QLabel(target, self.grid_host))
            header.setObjectName("targetHeader")
            header.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.grid.addWidget(header, 0, column)
        for row, (prompt, cells) in enumerate(table.rows, start=1):
            label = plain_label(QLabel(prompt, self.grid_host))
            label.setObjectName("rowPrompt")
            label.setWordWrap(True)
            label.setMaximumWidth(160)
            self.grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            for column, target in enumerate(table.targets, start=1):
                record = cells.get(target)
                if record is not None:
                    cell = CompareCell(record, self)
                    self.cells[record.id] = cell
                    self.grid.addWidget(cell, row, column)
        self.setWindowTitle(self.tr("Comparison: %n target(s)", "", len(table.targets)))

    def on_jobs_changed(self, records: list[JobRecord]) -> None:
        if any(r.group == self.group for r in records):
            self.reload()

    def cell(self, row: int, target: str) -> CompareCell | None:
        if self.table is None or row >= len(self.table.rows):
            return None
        record = self.table.rows[row][1].get(target)
        return self.cells.get(record.id) if record else None

    # -- the winner -----------------------------------------------------------------------------
    def choose_winner(self, record: JobRecord) -> None:
        self.tasks.spawn(self._choose(record), on_error=self._failed)

    async def _choose(self, record: JobRecord) -> None:
        """Star this result as its row's winner and unstar the others of that row, as the
        journal has them now; a second click on the winner unstars it."""
        group = self.group
        table = await self.engine.db(lambda j: compare_engine.table(j, group))
        row = next(c for _, c in table.rows if record.id in {r.id for r in c.values()})
        current = {other.id: other for other in row.values()}[record.id]
        winner = not (current.results and current.results[0].starred)
        for other in row.values():
            if other.results and (other.id == record.id or other.results[0].starred):
                await self.engine.set_star(other.id, 0, winner and other.id == record.id)
        await self._reload()

    # -- again ----------------------------------------------------------------------------------
    def run_again(self) -> None:
        prompt = self.next_prompt.text().strip()
        if prompt:
            self.again_button.setEnabled(False)
            self.tasks.spawn(self._again(prompt), on_error=self._failed)

    async def _again(self, prompt: str) -> None:
        group = self.group
        chosen = await self.engine.db(lambda j: compare_engine.again(j, group, prompt))
        try:
            await compare_engine.start(self.engine, chosen, group=group)
        finally:
            self.again_button.setEnabled(True)
        self.next_prompt.clear()
        await self._reload()

    def _failed(self, error: Exception) -> None:
        self.again_button.setEnabled(True)
        if isinstance(error, OverBudget):
            prompt = self.next_prompt.text().strip()
            self.wallet.offer_raise(error, lambda: self._again(prompt))
            return
        self.status.setText(error.message if isinstance(error, StudioError) else str(error))
