"""The viewer: one result shown large inside the studio, to fit or at 100 %, zoomed with the wheel
or keys, panned by dragging, over a checkerboard where it is transparent; the arrows step
through the gallery. Images are decoded off the UI thread, like the thumbnails."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QWheelEvent,
)
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from studio.ui.gallery.entries import GalleryEntry
from studio.ui.gallery.gallery_model import GalleryModel
from studio.ui.gallery.thumbnails import ThumbnailCache
from studio.ui.kit.palette import muted_color

#: Larger images are decoded scaled to this edge (and the decoder's allocation limit applies).
VIEWER_EDGE = 16384
ZOOM_STEP = 1.25
MIN_SCALE, MAX_SCALE = 0.02, 32.0
CHECKER = 10


def checkerboard() -> QPixmap:
    """Two greys in squares: what shows through where the image is transparent."""
    tile = QPixmap(2 * CHECKER, 2 * CHECKER)
    tile.fill(QColor("#cccccc"))
    painter = QPainter(tile)
    painter.fillRect(0, 0, CHECKER, CHECKER, QColor("#999999"))
    painter.fillRect(CHECKER, CHECKER, CHECKER, CHECKER, QColor("#999999"))
    painter.end()
    return tile


class ViewerCanvas(QWidget):
    """Paints one pixmap at a scale, centred plus an offset, that the person changes.

    Signals:
        view_changed(): the scale or the position changed.
    """

    view_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("viewerCanvas")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self._pixmap: QPixmap | None = None
        self._checker = checkerboard()
        self.placeholder = ""
        self.fitting = True
        self._scale = 1.0
        #: The image centre's distance from the canvas centre, in logical pixels.
        self._offset = QPointF(0, 0)
        self._drag_from: QPointF | None = None

    def set_pixmap(self, pixmap: QPixmap | None, placeholder: str = "") -> None:
        """Show `pixmap` fitted (a new image always starts fitted), or the placeholder."""
        self._pixmap = pixmap
        self.placeholder = placeholder
        self.fit()

    def has_image(self) -> bool:
        return self._pixmap is not None and not self._pixmap.isNull()

    def image_size(self) -> QSize:
        return self._pixmap.size() if self._pixmap is not None else QSize()

    def scale(self) -> float:
        """Screen pixels per image pixel (1.0 is 100 %: one image pixel on one device pixel)."""
        return self._logical_scale() * self.devicePixelRatioF()

    def _logical_scale(self) -> float:
        if not self.has_image() or not self.fitting:
            return self._scale
        size = self.image_size()
        fit = min(self.width() / size.width(), self.height() / size.height())
        return min(fit, 1.0 / self.devicePixelRatioF())  # a small image is not blown up

    def fit(self) -> None:
        self.fitting = True
        self._offset = QPointF(0, 0)
        self._changed()

    def actual_size(self) -> None:
        self.set_scale(1.0)

    def set_scale(self, scale: float, anchor: QPointF | None = None) -> None:
        """Zoom to `scale` (screen per image pixel), keeping the point under `anchor` still."""
        if not self.has_image():
            return
        old = self._logical_scale()
        new = max(MIN_SCALE, min(MAX_SCALE, scale)) / self.devicePixelRatioF()
        centre = QPointF(self.rect().center())
        point = anchor if anchor is not None else centre
        # The image point under `point` stays there: offset scales about that point.
        self._offset = (self._offset - (point - centre)) * (new / old) + (point - centre)
        self._scale = new
        self.fitting = False
        self._changed()

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        self.set_scale(self.scale() * factor, anchor)

    def target_rect(self) -> QRectF:
        """Where the image is painted, in the canvas's logical pixels."""
        size = self.image_size()
        scale = self._logical_scale()
        rect = QRectF(0, 0, size.width() * scale, size.height() * scale)
        rect.moveCenter(QPointF(self.rect().center()) + self._offset)
        return rect

    def _changed(self) -> None:
        self.update()
        self.view_changed.emit()

    # -- events ---------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if not self.has_image():
            painter.setPen(muted_color(self.palette()))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.placeholder)
            return
        assert self._pixmap is not None
        target = self.target_rect()
        brush = QBrush(self._checker)
        painter.setBrushOrigin(target.topLeft())
        painter.fillRect(target, brush)
        # Smooth when shrinking; crisp pixels when looking closely.
        smooth = self.scale() < 1.0
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, smooth)
        painter.drawPixmap(target, self._pixmap, QRectF(self._pixmap.rect()))

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(ZOOM_STEP**steps, event.position())
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_from = event.position()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is not None:
            self._offset += event.position() - self._drag_from
            self._drag_from = event.position()
            self._changed()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag_from = None
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        super().mouseReleaseEvent(event)


class ImageViewer(QDialog):
    """The viewer window over the studio, stepping through the gallery's results.

    Signals:
        entry_shown(GalleryEntry): the viewer moved to another result (the gallery follows).
    """

    entry_shown = Signal(object)

    def __init__(self, model: GalleryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("imageViewer")
        self.setWindowTitle(self.tr("Image"))
        self._model = model
        self._entry: GalleryEntry | None = None
        self._images = ThumbnailCache(
            VIEWER_EDGE, folder=None, memory_items=3, threads=1, parent=self
        )
        self._images.ready.connect(self._on_ready)
        self.canvas = ViewerCanvas(self)
        self.canvas.view_changed.connect(self._update_caption)
        self.caption = QLabel(self)
        self.caption.setObjectName("viewerCaption")
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 0, 6, 6)
        self.buttons = {
            "previous": self._button("‹", self.tr("Previous image (Left)"), lambda: self.step(-1)),
            "next": self._button("›", self.tr("Next image (Right)"), lambda: self.step(1)),
            "fit": self._button(self.tr("Fit"), self.tr("Fit to window (F)"), self.canvas.fit),
            "actual": self._button("100 %", self.tr("Actual size (1)"), self.canvas.actual_size),
            "full": self._button(
                self.tr("Full screen"), self.tr("Full screen (F11)"), self.toggle_full_screen
            ),
        }
        for name in ("previous", "next"):
            bar.addWidget(self.buttons[name])
        bar.addWidget(self.caption, 1)
        for name in ("fit", "actual", "full"):
            bar.addWidget(self.buttons[name])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(bar)
        self._keys: dict[int, Callable[[], object]] = {
            Qt.Key.Key_Left: lambda: self.step(-1),
            Qt.Key.Key_PageUp: lambda: self.step(-1),
            Qt.Key.Key_Right: lambda: self.step(1),
            Qt.Key.Key_PageDown: lambda: self.step(1),
            Qt.Key.Key_Plus: lambda: self.canvas.zoom_by(ZOOM_STEP),
            Qt.Key.Key_Equal: lambda: self.canvas.zoom_by(ZOOM_STEP),
            Qt.Key.Key_Minus: lambda: self.canvas.zoom_by(1 / ZOOM_STEP),
            Qt.Key.Key_F: self.canvas.fit,
            Qt.Key.Key_0: self.canvas.fit,
            Qt.Key.Key_1: self.canvas.actual_size,
            Qt.Key.Key_F11: self.toggle_full_screen,
        }
        if parent is not None:
            self.resize(parent.size())

    def _button(self, text: str, tip: str, slot: Callable[[], object]) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay with the canvas
        button.clicked.connect(slot)
        return button

    @property
    def entry(self) -> GalleryEntry | None:
        return self._entry

    def open_entry(self, entry: GalleryEntry) -> None:
        """Show the viewer on `entry`."""
        self.show_entry(entry)
        self.show()
        self.raise_()
        self.activateWindow()
        self.canvas.setFocus()

    def show_entry(self, entry: GalleryEntry) -> None:
        self._entry = entry
        pixmap = self._images.get(entry.path)  # decoded on a worker thread when not cached
        self.canvas.set_pixmap(pixmap, self.tr("Loading…"))
        if pixmap is not None:
            self._prefetch()
        self._update_caption()

    def step(self, offset: int) -> None:
        """Move to the next (1) or previous (-1) result of the gallery, as it is sorted now."""
        if self._entry is None:
            return
        row = self._model.row_of(self._entry.job_id, self._entry.index)
        if row is None or row + offset not in self._model.result_rows():
            return
        entry = self._model.entry(row + offset)
        self.show_entry(entry)
        self.entry_shown.emit(entry)

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def _on_ready(self, path: str) -> None:
        if self._entry is None or self._entry.path != path:
            return
        pixmap = self._images.get(path)
        self.canvas.set_pixmap(pixmap, self.tr("This image cannot be read."))
        self._update_caption()
        self._prefetch()

    def _prefetch(self) -> None:
        """Decode the neighbours ahead, so stepping shows them at once."""
        if self._entry is None:
            return
        row = self._model.row_of(self._entry.job_id, self._entry.index)
        if row is None:
            return
        for other in (row + 1, row - 1):
            if other in self._model.result_rows():
                path = self._model.entry(other).path
                if not self._images.cached(path):
                    self._images.request(path)

    def _update_caption(self) -> None:
        if self._entry is None:
            self.caption.setText("")
            return
        name = Path(self._entry.path).name
        if not self.canvas.has_image():
            self.caption.setText(name)
            return
        size = self.canvas.image_size()
        self.caption.setText(
            self.tr("{name} — {width} × {height} — {zoom} %").format(
                name=name,
                width=size.width(),
                height=size.height(),
                zoom=round(self.canvas.scale() * 100),
            )
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self._keys.get(event.key())
        if action is None:
            super().keyPressEvent(event)  # Esc closes, as in any dialog
            return
        action()
        event.accept()

    def done(self, result: int) -> None:
        if self.isFullScreen():
            self.showNormal()
        super().done(result)
