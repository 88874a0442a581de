"""Live previews of streamed creates (OpenAI's partial images) for the gallery: one transient
cell per job while it streams, above the saved results, until its results are saved or it ends.

A preview is decoded on a worker thread, straight at the cell's size (the partial images are
full-size pictures), and kept in memory only: nothing of it is ever written to disk."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage, QPixmap

from studio.background import lower_this_thread
from studio.engine.events import JobRecord
from studio.ui.gallery.thumbnails import ALLOCATION_LIMIT_MB

log = logging.getLogger("studio.ui.gallery.live_previews")


@dataclass(frozen=True)
class LivePreview:
    """The latest partial image of a job still streaming: (number, total) and what it asks."""

    job_id: str
    created_at: float
    number: int
    total: int
    prompt: str


def live_preview_of(record: JobRecord) -> LivePreview | None:
    """What the gallery shows of a job while it streams (None: nothing, or no longer)."""
    if record.is_final or record.preview is None or record.partials is None:
        return None
    number, total = record.partials
    return LivePreview(record.id, record.created_at, number, total, record.request.prompt)


def decode_scaled(data: bytes, edge: int) -> QImage:
    """Decode encoded image bytes directly at a size that fits in edge x edge (null on failure)."""
    from PySide6.QtCore import QBuffer, QByteArray  # on first use: see studio/ui/__init__.py
    from PySide6.QtGui import QImageReader

    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    reader = QImageReader(buffer)
    reader.setAllocationLimit(ALLOCATION_LIMIT_MB)
    size = reader.size()
    if size.isValid() and (size.width() > edge or size.height() > edge):
        reader.setScaledSize(size.scaled(QSize(edge, edge), Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        log.debug("cannot read a partial image: %s", reader.errorString())
    return image


class _Relay(QObject):
    """Carries a decoded preview from the worker thread to the UI thread."""

    decoded = Signal(str, int, QImage)


class _Decode(QRunnable):
    def __init__(self, relay: _Relay, job_id: str, number: int, data: bytes, edge: int) -> None:
        super().__init__()
        self._relay, self._job_id, self._number = relay, job_id, number
        self._data, self._edge = data, edge

    def run(self) -> None:
        lower_this_thread()  # decoding must not keep the UI thread from a core
        try:
            image = decode_scaled(self._data, self._edge)
        except Exception:  # a worker must always answer
            log.exception("decoding a partial image failed")
            image = QImage()
        self._relay.decoded.emit(self._job_id, self._number, image)


class LivePreviewPixmaps(QObject):
    """job id -> the pixmap of its latest decoded partial image.

    Signals:
        ready(str): a newer preview of this job can now be had from `get`.
    """

    ready = Signal(str)

    def __init__(self, edge: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.edge = edge
        #: job id -> (partial number, pixmap) of the newest decoded preview.
        self._shown: dict[str, tuple[int, QPixmap]] = {}
        #: job id -> the partial number last handed to a worker.
        self._asked: dict[str, int] = {}
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.decoded.connect(self._on_decoded, Qt.ConnectionType.QueuedConnection)

    def offer(self, record: JobRecord) -> None:
        """Decode this job's partial image unless it is the one already asked for."""
        if record.preview is None or record.partials is None:
            return
        number = record.partials[0]
        if self._asked.get(record.id) == number:
            return
        self._asked[record.id] = number
        self._pool.start(_Decode(self._relay, record.id, number, record.preview, self.edge))

    def get(self, job_id: str) -> QPixmap | None:
        kept = self._shown.get(job_id)
        return kept[1] if kept else None

    def forget(self, job_id: str) -> None:
        self._shown.pop(job_id, None)
        self._asked.pop(job_id, None)

    def shutdown(self) -> None:
        self._pool.clear()
        self._pool.waitForDone(5000)

    def _on_decoded(self, job_id: str, number: int, image: QImage) -> None:
        if job_id not in self._asked or image.isNull():
            return  # the job ended meanwhile, or the bytes were no picture: keep what is shown
        kept = self._shown.get(job_id)
        if kept is not None and kept[0] > number:
            return  # an older partial image decoded late
        self._shown[job_id] = (number, QPixmap.fromImage(image))
        self.ready.emit(job_id)
