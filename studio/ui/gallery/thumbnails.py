"""Thumbnails made on worker threads and cached on disk, kept apart from the grid that shows them.

A thumbnail is keyed by the file's path, modification time and size and by the edge it is made
for, so a changed file gets a new one. Decoding uses QImageReader.setScaledSize, so a large
result is never decoded at full size, and never on the UI thread.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage, QPixmap

from studio.background import lower_this_thread

log = logging.getLogger("studio.ui.gallery.thumbnails")

#: A thumbnail's text key for its source's pixel size and format ("1536x1024 png"), kept in the
#: cached PNG too, so the gallery can say when a result is not what was asked.
SOURCE_KEY = "studio-source"
#: Decoding stops past this many megabytes of pixels (a decompression-bomb guard).
ALLOCATION_LIMIT_MB = 512
#: PNG quality of the cached thumbnails (Qt maps it to zlib's level). Measured on a 160 px
#: thumbnail: 1.7 ms to write and 16 kB at 50, 4.1 ms and 15 kB at Qt's default; made two
#: thousand at a time (a burst of results), the default cost a core ~5 s more.
CACHE_QUALITY = 50


def worker_threads(most: int = 2) -> int:
    """Decoders to run at once: `most`, but never every core of the machine, so that the UI
    thread and the engine keep one. Each decoder keeps a core busy while a burst of results is
    thumbnailed; on two cores, one decoder instead of two took the UI heartbeat's p99 gap from
    ~17 ms to ~14 ms (bench/README.md, UI responsiveness). Cells on screen are served first,
    so what a person looks at still comes quickly."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on macOS or Windows
        cores = os.cpu_count() or 1
    return max(1, min(most, cores - 1))


def cache_key(path: str, edge: int) -> str | None:
    """The disk-cache name for `path` at `edge` pixels, or None when the file is gone."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    text = f"{os.path.abspath(path)}\0{stat.st_mtime_ns}\0{stat.st_size}\0{edge}"
    import hashlib  # with OpenSSL's digests, 0.7 MB: not for a window with no images yet

    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def read_scaled(path: str, edge: int) -> QImage:
    """Decode `path` directly at a size that fits in edge x edge (null image on failure)."""
    from PySide6.QtGui import QImageReader  # on first use: see studio/ui/__init__.py

    reader = QImageReader(path)
    reader.setAutoTransform(True)
    reader.setAllocationLimit(ALLOCATION_LIMIT_MB)
    size = reader.size()
    if size.isValid() and (size.width() > edge or size.height() > edge):
        reader.setScaledSize(size.scaled(QSize(edge, edge), Qt.AspectRatioMode.KeepAspectRatio))
    fmt = bytes(reader.format().data()).decode("ascii", "replace").lower()
    image = reader.read()
    if image.isNull():
        log.debug("cannot read %s: %s", path, reader.errorString())
    elif size.isValid():
        image.setText(SOURCE_KEY, f"{size.width()}x{size.height()} {fmt}")
    return image


def load_thumbnail(path: str, edge: int, folder: Path | None) -> QImage:
    """The thumbnail from the disk cache, or made and stored there (blocking: worker threads)."""
    key = cache_key(path, edge) if folder is not None else None
    if folder is not None and key is not None:
        cached = folder / key[:2] / f"{key}.png"
        if cached.exists():
            image = QImage(str(cached))
            if not image.isNull():
                return image
        image = read_scaled(path, edge)
        if not image.isNull():
            _store(image, cached)
        return image
    return read_scaled(path, edge)


def _store(image: QImage, target: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # The format follows the name, so the temporary file ends in .png as well.
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".partial-", suffix=".png")
        os.close(fd)
        if image.save(tmp, quality=CACHE_QUALITY):
            os.replace(tmp, target)
        else:
            os.unlink(tmp)
    except OSError as error:  # a full or read-only cache only costs speed
        log.debug("thumbnail cache write failed: %s", error)


class _Relay(QObject):
    """Carries a finished image from a worker thread to the cache on the UI thread."""

    loaded = Signal(str, QImage)


class _LoadThumbnail(QRunnable):
    def __init__(self, relay: _Relay, path: str, edge: int, folder: Path | None) -> None:
        super().__init__()
        self._relay, self._path, self._edge, self._folder = relay, path, edge, folder

    def run(self) -> None:
        lower_this_thread()  # decoding must not keep the UI thread from a core
        try:
            image = load_thumbnail(self._path, self._edge, self._folder)
        except Exception:  # a worker must always answer, or the cell waits forever
            log.exception("thumbnail for %s failed", self._path)
            image = QImage()
        self._relay.loaded.emit(self._path, image)


class ThumbnailCache(QObject):
    """Pixmaps for image files, made off the UI thread, kept in memory (LRU) and on disk.

    `get` answers at once from memory or schedules the work and returns None; `ready` is
    emitted when the pixmap (or the knowledge that the file cannot be read) arrives.

    Waiting work is served newest first: while the grid scrolls, the cells on screen now are
    asked for last, and would otherwise wait behind every cell scrolled past. Only `threads`
    loads are handed to the pool at a time, so the order is decided when a worker frees up.

    Signals:
        ready(str): the thumbnail for this path is now available from `get` (or failed).
    """

    ready = Signal(str)

    def __init__(
        self,
        edge: int,
        *,
        folder: Path | None,
        memory_items: int = 600,
        threads: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.edge = edge
        self.folder = folder
        self._memory: OrderedDict[str, QPixmap] = OrderedDict()
        self._memory_items = memory_items
        self._pending: set[str] = set()
        #: Requested, not yet handed to a worker; the last one is served first.
        self._waiting: OrderedDict[str, None] = OrderedDict()
        self._running = 0
        self._threads = worker_threads() if threads is None else threads
        self._failed: set[str] = set()
        #: path -> ((width, height), format) of the source, where its thumbnail said.
        self._sources: dict[str, tuple[tuple[int, int], str]] = {}
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(self._threads)
        self._relay = _Relay(self)
        self._relay.loaded.connect(self._on_loaded, Qt.ConnectionType.QueuedConnection)

    def get(self, path: str) -> QPixmap | None:
        pixmap = self._memory.get(path)
        if pixmap is not None:
            self._memory.move_to_end(path)
            return pixmap
        self.request(path)
        return None

    def failed(self, path: str) -> bool:
        return path in self._failed

    def source(self, path: str) -> tuple[tuple[int, int], str] | None:
        """The source picture's pixel size and format, once its thumbnail has loaded."""
        return self._sources.get(path)

    def cached(self, path: str) -> bool:
        """Whether `get` would answer at once (without scheduling any work)."""
        return path in self._memory

    def request(self, path: str, *, urgent: bool = False) -> None:
        """Schedule `path` (asked again while waiting: it moves to the front of the line).
        `urgent` is kept for callers; every request is now served newest first."""
        if path in self._waiting:
            self._waiting.move_to_end(path)
            return
        if path in self._pending or path in self._failed or path in self._memory:
            return
        self._pending.add(path)
        self._waiting[path] = None
        self._pump()

    def _pump(self) -> None:
        while self._running < self._threads and self._waiting:
            path, _ = self._waiting.popitem(last=True)
            self._running += 1
            self._pool.start(_LoadThumbnail(self._relay, path, self.edge, self.folder))

    def forget(self, path: str) -> None:
        self._memory.pop(path, None)
        self._failed.discard(path)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def shutdown(self) -> None:
        """Drop queued work and wait for running workers (call before the app quits)."""
        self._waiting.clear()
        self._pool.clear()
        self._pool.waitForDone(5000)

    def _on_loaded(self, path: str, image: QImage) -> None:
        self._running -= 1
        self._pump()
        self._pending.discard(path)
        if image.isNull():
            self._failed.add(path)
        else:
            if parsed := _source_of(image.text(SOURCE_KEY)):
                self._sources[path] = parsed
            self._memory[path] = QPixmap.fromImage(image)
            while len(self._memory) > self._memory_items:
                self._memory.popitem(last=False)
        self.ready.emit(path)


def _source_of(text: str) -> tuple[tuple[int, int], str] | None:
    size, _, fmt = text.partition(" ")
    width, _, height = size.partition("x")
    if not (width.isdigit() and height.isdigit() and fmt):
        return None
    return (int(width), int(height)), fmt
