"""A result as other applications take it, by drag or clipboard: its file's URL, its bytes and
the decoded picture. Imported when first dragged or copied: QMimeData and QUrl are not needed
to start the window (see studio/ui/__init__.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QMimeData, QUrl
from PySide6.QtGui import QClipboard, QImage

from studio.ui.results.result_actions import RESULT_MIME, read_image

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


def clipboard_payload(path: str) -> tuple[QImage, bytes | None]:
    """What the clipboard gets of a result besides its file: the decoded picture and the
    file's own bytes (under its type). Blocking (reads and decodes): run in a worker thread."""
    return read_image(path), (Path(path).read_bytes() if image_type(path) else None)


def put_on_clipboard(clipboard: QClipboard, path: str, image: QImage, data: bytes | None) -> None:
    """A result on the clipboard: the picture, the file's bytes under its type, and the file.

    Qt makes the clipboard's QMimeData itself (setImage) and this only adds to it: the
    clipboard deletes its data in Qt's exit handlers, after Python has gone, and deleting a
    QMimeData made from Python there crashed the process at exit (PySide6 6.12). Eager, not
    lazy like a drag: the clipboard may be asked for it while the app shuts down."""
    clipboard.setImage(image)
    mime = clipboard.mimeData()
    describe_result(mime, path)
    if data is not None and (kind := image_type(path)):
        mime.setData(kind, data)


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
