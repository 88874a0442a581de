"""A repaint of the queue never enters Python, and one of the gallery enters it once: the
queue's cells are Qt's own items, and the gallery's model and delegate are called from inside
the view's own paint, written in Python, so the UI thread takes the GIL once per repaint instead
of once per cell and role (each of which waited for the engine's thread to let go of it, and a
call into Python can be made to wait again at every step inside it: bench/README.md, UI
responsiveness). The queue's header titles are Qt's own."""

from __future__ import annotations

import sys
from types import CodeType, FrameType
from typing import Any

from PySide6.QtCore import Qt

from studio.ui.gallery.gallery import GalleryView, ThumbnailDelegate
from tests.ui.conftest import Studio


def _code(function: object) -> CodeType | None:
    """A function's code; None for Qt's own methods (written in C++)."""
    return getattr(function, "__code__", None)


#: Called while painting -> the paint they must run within.
PAINT_PATH = {
    _code(ThumbnailDelegate.paint): ("gallery cell", _code(GalleryView.paintEvent)),
}


def _inside(frame: FrameType | None, code: CodeType | None) -> bool:
    while frame is not None and code is not None:
        if frame.f_code is code:
            return True
        frame = frame.f_back
    return False


def test_the_queue_repaints_without_python_and_the_gallery_inside_one_entry_into_it(
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
    header_calls: list[str] = []
    queue_calls: list[str] = []

    def profile(frame: FrameType, event: str, arg: object) -> None:
        if event != "call":
            return
        if found := PAINT_PATH.get(frame.f_code):
            name, paint = found
            calls.append((name, _inside(frame.f_back, paint)))
        elif frame.f_code.co_name == "headerData":
            header_calls.append(frame.f_code.co_filename)
        elif "/studio/ui/queue/" in frame.f_code.co_filename.replace("\\", "/"):
            queue_calls.append(frame.f_code.co_name)

    window.queue._ticker.stop()  # its timer calls Python: only the paint is looked at here
    window.queue.table.horizontalHeader().viewport().update()
    window.queue.table.viewport().update()
    window.gallery.view.viewport().update()
    sys.setprofile(profile)
    try:
        studio.run.settle(0.3)  # the loop paints, called from Qt as on any update
    finally:
        sys.setprofile(None)
    painted = {name for name, _ in calls}
    assert painted == {name for name, _ in PAINT_PATH.values()}, calls
    outside = [name for name, nested in calls if not nested]
    assert not outside, f"{len(outside)} of {len(calls)} calls entered Python on their own"
    assert not header_calls, "the header asked Python for its titles"
    assert not queue_calls, f"the queue's repaint called {sorted(set(queue_calls))}"
