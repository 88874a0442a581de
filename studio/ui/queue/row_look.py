"""How a queue row looks: its state's colour and its progress bar, decided when the job
changes (and by the queue's tick for the moving stripe), never while the table paints.

The queue's cells are Qt's own items and the table paints them without entering Python: a
repaint that called into Python (a delegate, a model's `data()`) could be held up at each such
call while the engine's thread had the GIL, and the queue's repaints were the longest stalls of
the window while results poured in (bench/README.md, UI responsiveness). So the progress bar is
a small picture set as the state cell's decoration (drawn by Qt beside the text, selected or
not), made once for each width of fill and each frame of the stripe, and kept.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPixmap

from studio.domain.models import JobState
from studio.engine.events import JobRecord
from studio.ui.kit.palette import error_color, muted_color

#: The progress bar's size in device-independent pixels.
BAR_WIDTH, BAR_HEIGHT = 48, 10
#: The moving stripe (no percentage from the provider): frames per sweep, and a sweep's length.
STRIPE_FRAMES = 16
STRIPE_PERIOD = 1.6
_STRIPE_WIDTH = 14

_PROBLEM_STATES = (JobState.failed, JobState.unknown)


def stripe_frame(now: float) -> int:
    """The stripe's frame at monotonic time `now` (every running row shows the same one)."""
    return int((now % STRIPE_PERIOD) / STRIPE_PERIOD * STRIPE_FRAMES) % STRIPE_FRAMES


class RowLook:
    """Colours and progress pictures for one palette and one device pixel ratio."""

    def __init__(self, palette: QPalette, pixel_ratio: float = 1.0) -> None:
        self.palette = palette
        self._ratio = max(1.0, pixel_ratio)
        self._error = error_color(palette)
        self._muted = muted_color(palette)
        self._track = palette.color(QPalette.ColorRole.Mid)
        self._track.setAlphaF(0.45)
        self._fill = palette.color(QPalette.ColorRole.Highlight)
        self._edge = palette.color(QPalette.ColorRole.Text)
        self._edge.setAlphaF(0.35)
        #: ("bar", filled pixels) or ("stripe", frame) -> picture.
        self._pictures: dict[tuple[str, int], QPixmap] = {}

    def state_color(self, record: JobRecord) -> QColor | None:
        """The state text's colour, or None for the palette's own."""
        if record.state in _PROBLEM_STATES:
            return self._error
        if record.waiting or record.state is JobState.cancelled:
            return self._muted
        return None

    def progress(self, record: JobRecord, now: float) -> QPixmap | None:
        """The state cell's bar: filled to the job's progress, or the stripe's frame at `now`
        when the provider gives no percentage; None once the job has ended or while it waits."""
        if record.is_final or record.waiting:
            return None
        if record.progress is None:
            return self.stripe(stripe_frame(now))
        filled = round(BAR_WIDTH * max(0.0, min(1.0, record.progress)))
        return self._picture(("bar", filled), 0.0, float(filled))

    def stripe(self, frame: int) -> QPixmap:
        travel = BAR_WIDTH + _STRIPE_WIDTH
        left = travel * (frame % STRIPE_FRAMES) / STRIPE_FRAMES - _STRIPE_WIDTH
        return self._picture(
            ("stripe", frame % STRIPE_FRAMES), max(0.0, left), min(BAR_WIDTH, left + _STRIPE_WIDTH)
        )

    def _picture(self, key: tuple[str, int], start: float, end: float) -> QPixmap:
        picture = self._pictures.get(key)
        if picture is not None:
            return picture
        picture = QPixmap(round(BAR_WIDTH * self._ratio), round(BAR_HEIGHT * self._ratio))
        picture.setDevicePixelRatio(self._ratio)
        picture.fill(Qt.GlobalColor.transparent)
        painter = QPainter(picture)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bar = QRectF(0.5, 0.5, BAR_WIDTH - 1, BAR_HEIGHT - 1)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._track)
        painter.drawRoundedRect(bar, 3, 3)
        if end > start:
            painter.save()
            painter.setClipRect(QRectF(start, 0, end - start, BAR_HEIGHT))
            painter.setBrush(self._fill)
            painter.drawRoundedRect(bar, 3, 3)
            painter.restore()
        # An outline, so the bar stays readable on a selected row's highlight.
        painter.setPen(self._edge)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(bar, 3, 3)
        painter.end()
        self._pictures[key] = picture
        return picture
