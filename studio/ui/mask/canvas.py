"""The mask canvas: the reference picture with a mask painted over it.

The mask has the reference's own pixel size. Alpha 255 keeps a pixel, alpha 0 marks it for the
model to change (OpenAI's convention); the overlay tints what will change. A brush stroke clears
alpha along its path with a round dab of the chosen size (in the picture's pixels) and hardness
(how far from the centre the dab stays full strength); the eraser puts alpha back. Each stroke,
invert and clear can be undone.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QRadialGradient,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

#: How many steps Undo can take back.
UNDO_LIMIT = 30
#: What will change is tinted with this (the window's accent would hide in some themes).
OVERLAY = QColor(230, 40, 90, 140)


class MaskCanvas(QWidget):
    """Shows `picture` scaled to fit, and paints its mask with the mouse.

    Signals:
        changed(): the mask changed (a stroke ended, invert, clear, undo).
    """

    changed = Signal()

    def __init__(self, picture: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("maskCanvas")
        self.picture = picture.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
        self.mask_image = QImage(picture.size(), QImage.Format.Format_ARGB32)
        self.mask_image.fill(QColor(0, 0, 0, 255))
        self.brush_size = max(8, min(picture.width(), picture.height()) // 12)
        self.hardness = 0.7
        self.erasing = False
        self._undo: list[QImage] = []
        self._last: QPointF | None = None
        self.setMinimumSize(240, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)

    # -- what the model gets ----------------------------------------------------------------
    def has_edit_area(self) -> bool:
        """Whether any pixel is marked for the model to change (alpha 0)."""
        alpha = self.mask_image.convertToFormat(QImage.Format.Format_Alpha8)
        data, line, width = bytes(alpha.constBits()), alpha.bytesPerLine(), alpha.width()
        return any(0 in data[y * line : y * line + width] for y in range(alpha.height()))

    def save(self, path: str) -> bool:
        """The mask as a PNG (`path` ends in .png) of the picture's size: alpha 0 where the
        model should edit."""
        return self.mask_image.save(path)  # the ".png" name picks the format

    # -- tools ------------------------------------------------------------------------------
    def invert(self) -> None:
        self._remember()
        self.mask_image.invertPixels(QImage.InvertMode.InvertRgba)
        self._done()

    def clear(self) -> None:
        self._remember()
        self.mask_image.fill(QColor(0, 0, 0, 255))
        self._done()

    def undo(self) -> bool:
        if not self._undo:
            return False
        self.mask_image = self._undo.pop()
        self._done()
        return True

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def _remember(self) -> None:
        self._undo.append(self.mask_image.copy())
        del self._undo[:-UNDO_LIMIT]

    def _done(self) -> None:
        self.update()
        self.changed.emit()

    # -- geometry ---------------------------------------------------------------------------
    def picture_rect(self) -> QRectF:
        """Where the picture is drawn: fitted into the widget, centred."""
        width, height = self.picture.width(), self.picture.height()
        scale = min(self.width() / width, self.height() / height)
        drawn_w, drawn_h = width * scale, height * scale
        return QRectF((self.width() - drawn_w) / 2, (self.height() - drawn_h) / 2, drawn_w, drawn_h)

    def to_picture(self, point: QPointF) -> QPointF:
        rect = self.picture_rect()
        return QPointF(
            (point.x() - rect.x()) * self.picture.width() / rect.width(),
            (point.y() - rect.y()) * self.picture.height() / rect.height(),
        )

    # -- painting with the mouse ------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self._remember()
        self._last = self.to_picture(event.position())
        self._dab(self._last)
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._last is None or not event.buttons() & Qt.MouseButton.LeftButton:
            return
        point = self.to_picture(event.position())
        self._stroke(self._last, point)
        self._last = point
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._last is None:
            return
        self._stroke(self._last, self.to_picture(event.position()))
        self._last = None
        self._done()

    def _stroke(self, start: QPointF, end: QPointF) -> None:
        """Dabs along the segment, a quarter of the brush apart, so a fast stroke has no gaps."""
        step = max(1.0, self.brush_size / 4)
        length = ((end.x() - start.x()) ** 2 + (end.y() - start.y()) ** 2) ** 0.5
        count = max(1, int(length / step))
        for i in range(1, count + 1):
            t = i / count
            self._dab(
                QPointF(
                    start.x() + (end.x() - start.x()) * t, start.y() + (end.y() - start.y()) * t
                )
            )

    def _dab(self, centre: QPointF) -> None:
        radius = self.brush_size / 2
        gradient = QRadialGradient(centre, radius)
        gradient.setColorAt(0.0, QColor(0, 0, 0, 255))
        gradient.setColorAt(max(0.0, min(0.999, self.hardness)), QColor(0, 0, 0, 255))
        gradient.setColorAt(1.0, QColor(0, 0, 0, 0))
        painter = QPainter(self.mask_image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        mode = (
            QPainter.CompositionMode.CompositionMode_SourceOver
            if self.erasing
            else QPainter.CompositionMode.CompositionMode_DestinationOut
        )
        painter.setCompositionMode(mode)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(gradient))
        painter.drawEllipse(centre, radius, radius)
        painter.end()

    # -- display ----------------------------------------------------------------------------
    def overlay(self) -> QImage:
        """The tint over what will change: strongest where the mask is most transparent."""
        tint = QImage(self.mask_image.size(), QImage.Format.Format_ARGB32_Premultiplied)
        tint.fill(OVERLAY)
        painter = QPainter(tint)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationOut)
        painter.drawImage(0, 0, self.mask_image)
        painter.end()
        return tint

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().window())
        rect = self.picture_rect()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(rect, self.picture)
        painter.drawImage(rect, self.overlay())
        painter.end()
