"""Dragging results out of the gallery and copying them, with real press/move/release events."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt
from PySide6.QtGui import QDrag, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from studio.ui.results.result_mime import ResultMimeData
from tests.ui.conftest import Studio
from tests.ui.gallery.test_gallery import generate
from tests.ui.gallery.test_gallery_mouse import click, item_center
from tests.ui.helpers import drop_mime


def drag(studio: Studio, row: int, target: QWidget, monkeypatch: pytest.MonkeyPatch) -> None:
    """Press on a thumbnail and move past the drag distance: the gallery starts a drag. The
    offscreen platform cannot carry a drag between widgets, so what the drag carries is then
    delivered to `target` as the window system would: drag-enter, then drop events."""
    carried: list[QMimeData] = []

    def exec_(drag: QDrag, *actions: object) -> Qt.DropAction:
        mime = drag.mimeData()
        carried.append(mime)
        drop_mime(target, mime)
        return Qt.DropAction.CopyAction

    monkeypatch.setattr(QDrag, "exec", exec_)
    viewport = studio.window.gallery.view.viewport()
    start = item_center(studio, row)
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QTest.mousePress(viewport, left, none, start)
    step = QApplication.startDragDistance() + 5
    QTest.mouseMove(viewport, start + QPoint(step // 2, 0))
    QTest.mouseMove(viewport, start + QPoint(step, step))
    QTest.mouseRelease(viewport, left, none, start + QPoint(step, step))
    assert len(carried) == 1, "no drag started"


def test_dragging_a_result_onto_the_references_adds_it(studio: Studio, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    generate(studio, "the older one")
    generate(studio, "the newer one")
    zone = studio.window.composer.references
    drag(studio, 1, zone, monkeypatch)
    studio.run.until(lambda: len(zone.tiles) == 1, message="the drop added no reference")
    assert zone.tiles[0].source == studio.window.gallery_model.entry(1).path
    assert not studio.window.reuse_bar.isVisible()  # a reference, not a recipe to reuse


def test_a_dragged_result_carries_its_file_and_its_bytes(studio: Studio) -> None:
    generate(studio, "take me along")
    model = studio.window.gallery_model
    mime = model.mimeData([model.cell(0)])
    path = model.entry(0).path
    assert mime is not None
    assert [u.toLocalFile() for u in mime.urls()] == [path]
    assert "image/png" in mime.formats()
    assert bytes(mime.data("image/png").data()) == Path(path).read_bytes()
    assert model.flags(model.cell(0)) & Qt.ItemFlag.ItemIsDragEnabled
    assert model.supportedDragActions() == Qt.DropAction.CopyAction


def test_copy_offers_the_picture_and_the_file(studio: Studio) -> None:
    generate(studio, "copy me")
    click(studio, 0)
    QGuiApplication.clipboard().clear()
    QTest.keyClick(studio.window.gallery.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    clipboard = QGuiApplication.clipboard()
    studio.run.until(lambda: not clipboard.image().isNull(), message="nothing was copied")
    mime = clipboard.mimeData()
    path = studio.window.gallery_model.entry(0).path
    assert [u.toLocalFile() for u in mime.urls()] == [path]
    assert bytes(mime.data("x-special/gnome-copied-files").data()).startswith(b"copy\nfile://")


def test_result_mime_reads_nothing_until_asked(tmp_path: Path) -> None:
    path = tmp_path / "later.png"
    mime = ResultMimeData(str(path))  # the file does not exist yet: building it reads nothing
    path.write_bytes(b"\x89PNG late")
    assert bytes(mime.data("image/png").data()) == b"\x89PNG late"


EXITS_CLEANLY = """
import sys
from pathlib import Path
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from studio.ui.results.result_mime import clipboard_payload, put_on_clipboard
app = QApplication(sys.argv)
path = sys.argv[1]
QImage(8, 8, QImage.Format.Format_RGB32).save(path)
put_on_clipboard(app.clipboard(), path, *clipboard_payload(path))
print(app.clipboard().mimeData().urls()[0].toLocalFile())
"""


def test_a_copied_result_lets_the_process_exit_cleanly(tmp_path: Path) -> None:
    """The clipboard deletes its data in Qt's exit handlers, after Python is gone; a QMimeData
    made from Python crashed the process there (SIGSEGV, exit code 139)."""
    path = tmp_path / "copied.png"
    done = subprocess.run(
        [sys.executable, "-c", EXITS_CLEANLY, str(path)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == str(path)
