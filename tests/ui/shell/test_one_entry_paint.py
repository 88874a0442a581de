"""A repaint of the window enters Python once: the queue's and the gallery's models and
delegates are called from inside the window's own update request, so the UI thread takes the
GIL once per repaint instead of once per cell and role (each of which waited for the engine's
thread to let go of it: bench/README.md, UI responsiveness)."""

from __future__ import annotations

import sys
from types import CodeType, FrameType
from typing import Any

from PySide6.QtCore import Qt

from studio.ui.gallery.gallery import GalleryView, ThumbnailDelegate
from studio.ui.queue.queue_model import QueueModel
from studio.ui.shell.main_window import MainWindow
from tests.ui.conftest import Studio

PAINT_PATH = {
    QueueModel.data.__code__: "queue model",
    ThumbnailDelegate.paint.__code__: "gallery cell",
    GalleryView.paintEvent.__code__: "gallery view",
}


def _inside(frame: FrameType | None, code: CodeType | None) -> bool:
    while frame is not None and code is not None:
        if frame.f_code is code:
            return True
        frame = frame.f_back
    return False


def test_the_queue_and_the_gallery_are_repainted_inside_one_entry_into_python(
    studio: Studio, qtbot: Any
) -> None:
    window = studio.window
    qtbot.keyClicks(window.composer.prompt.edit, "a lighthouse at dusk")
    qtbot.keyClick(
        window.composer.prompt.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    studio.run.until(lambda: window.gallery_model.rowCount() == 1, message="no result")
    studio.run.settle(0.2)

    calls: list[tuple[str, bool]] = []
    # Qt's own method (no code object) unless the window writes it in Python.
    window_event = getattr(MainWindow.event, "__code__", None)

    def profile(frame: FrameType, event: str, arg: object) -> None:
        if event == "call" and (name := PAINT_PATH.get(frame.f_code)):
            calls.append((name, _inside(frame.f_back, window_event)))

    window.queue.table.viewport().update()
    window.gallery.view.viewport().update()
    sys.setprofile(profile)
    try:
        studio.run.settle(0.3)  # the loop paints, called from Qt as on any update
    finally:
        sys.setprofile(None)
    painted = {name for name, _ in calls}
    assert painted == set(PAINT_PATH.values()), calls
    outside = [name for name, nested in calls if not nested]
    assert not outside, f"{len(outside)} of {len(calls)} calls entered Python on their own"
