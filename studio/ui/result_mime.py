"""A result as other applications take it, by drag or clipboard: its file's URL, its bytes and
the decoded picture. Imported when first dragged or copied: QMimeData and QUrl are not needed
to start the window (see studio/ui/__init__.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QMimeData, QUrl

from studio.ui.result_actions import RESULT_MIME, read_image

_IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
}


def describe_result(mime: QMimeData, path: str) -> None:
    """Put the file's URL (a file manager copies the file, with its embedded prompt and
    settings), its path as text and the studio's own marker into `mime`."""
    url = QUrl.fromLocalFile(path)
    mime.setUrls([url])
    mime.setText(path)
    # GNOME's and KDE's file managers paste a copied file only from this entry.
    mime.setData("x-special/gnome-copied-files", f"copy\n{url.toString()}".encode())
    mime.setData(RESULT_MIME, path.encode("utf-8", "surrogatepass"))


def image_type(path: str) -> str | None:
    return _IMAGE_TYPES.get(Path(path).suffix.lower())


def clipboard_data(path: str) -> QMimeData:
    """A result for the clipboard: the decoded picture, the file's own bytes under its type
    and the file itself. Blocking (reads and decodes): run in a worker thread. A plain
    QMimeData, read eagerly: the clipboard may be asked for it while the app shuts down."""
    mime = QMimeData()
    describe_result(mime, path)
    mime.setImageData(read_image(path))
    if kind := image_type(path):
        mime.setData(kind, Path(path).read_bytes())
    return mime


class ResultMimeData(QMimeData):
    """A dragged result, as `describe_result` puts it, plus the file's bytes under its image
    type (an editor or chat window gets the picture), read only if a drop target asks."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        describe_result(self, path)
        self._image_type = image_type(path)

    def formats(self) -> list[str]:
        found = super().formats()
        return [*found, self._image_type] if self._image_type else found

    def hasFormat(self, mimetype: str) -> bool:
        return mimetype in self.formats()

    def retrieveData(self, mimetype: str, preferred_type: Any) -> Any:
        if self._image_type and mimetype == self._image_type:
            try:
                return QByteArray(Path(self.path).read_bytes())
            except OSError:
                return None
        return super().retrieveData(mimetype, preferred_type)
