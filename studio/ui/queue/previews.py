"""Live previews of streamed creates (OpenAI's partial images) for the queue's rows: decoded
once per partial image, scaled to a row's height, dropped when the job ends (only the final
image is kept, in the gallery)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap

from studio.engine.events import JobRecord

#: The preview's longer side in the queue row, in device-independent pixels.
PREVIEW_EDGE = 40


class PreviewCache:
    """job id -> (partial number, scaled pixmap) of the latest preview shown."""

    def __init__(self) -> None:
        self._shown: dict[str, tuple[int, QPixmap]] = {}

    def pixmap(self, record: JobRecord) -> QPixmap | None:
        if record.is_final or record.preview is None or record.partials is None:
            self._shown.pop(record.id, None)
            return None
        number = record.partials[0]
        kept = self._shown.get(record.id)
        if kept is not None and kept[0] == number:
            return kept[1]
        image = QImage.fromData(record.preview)
        if image.isNull():
            return kept[1] if kept else None
        scaled = QPixmap.fromImage(
            image.scaled(
                PREVIEW_EDGE,
                PREVIEW_EDGE,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self._shown[record.id] = (number, scaled)
        return scaled
