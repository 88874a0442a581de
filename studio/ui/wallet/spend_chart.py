"""A small bar chart of what one provider charged per day over the last 30 days, drawn with
QPainter (no plotting library: thirty bars do not earn one)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QWidget

from studio.ui.kit.catalog_text import number_text

DAYS = 30


class SpendChart(QWidget):
    """One bar per local calendar day, today at the right; the tallest day labelled."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spendChart")
        self.setMinimumHeight(140)
        self._days: list[tuple[date, Decimal]] = []
        self._unit = ""

    def sizeHint(self) -> QSize:
        return QSize(480, 160)

    def set_days(self, by_day: dict[date, Decimal], unit: str, today: date) -> None:
        first = today - timedelta(days=DAYS - 1)
        self._days = [
            (first + timedelta(days=n), by_day.get(first + timedelta(days=n), Decimal(0)))
            for n in range(DAYS)
        ]
        self._unit = unit
        self.update()

    def bars(self) -> list[tuple[date, Decimal]]:
        return list(self._days)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        bar = palette.color(QPalette.ColorRole.Highlight)
        metrics = painter.fontMetrics()
        line = metrics.height()
        area = QRectF(self.rect()).adjusted(8, line + 6, -8, -(line + 6))
        painter.setPen(text)
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        if not self._days:
            return
        top = max(amount for _, amount in self._days)
        if top <= 0:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.tr("Nothing charged"))
        else:
            width = area.width() / len(self._days)
            for n, (_, amount) in enumerate(self._days):
                height = float(amount / top) * area.height()
                rect = QRectF(
                    area.left() + n * width + 1, area.bottom() - height, width - 2, height
                )
                painter.fillRect(rect, bar)
            peak = f"{number_text(top)} {self._unit}"
            painter.drawText(
                QRectF(area.left(), 0, area.width(), line + 4), Qt.AlignmentFlag.AlignLeft, peak
            )
        below = QRectF(area.left(), area.bottom() + 4, area.width(), line + 2)
        painter.drawText(below, Qt.AlignmentFlag.AlignLeft, self._days[0][0].isoformat())
        painter.drawText(below, Qt.AlignmentFlag.AlignRight, self._days[-1][0].isoformat())
