"""Smoke-test hooks for a studio started as a subprocess.

STUDIO_AUTOTEST_PROMPT: types the prompt into the editor and presses Ctrl+Enter through real key
events (QTest), waits for the job to be saved, prints the saved paths on stdout and closes the
window.

STUDIO_AUTOTEST_LAYOUT=<file>: keeps <file> up to date (JSON, rewritten a few times a second)
with where things are on the screen: the gallery's thumbnails, the details panel's parts and
the viewer; and what the reuse bar offers and each queued job's status line. A test driving
the app with a real pointer (xdotool) then knows where to click and which part of a screenshot
to look at; what is *shown* it reads from the screenshot itself."""

from __future__ import annotations

import asyncio
import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt

from studio.domain.models import JobState

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from studio.engine.events import JobRecord
    from studio.ui.shell.main_window import MainWindow

PROMPT_VARIABLE = "STUDIO_AUTOTEST_PROMPT"
LAYOUT_VARIABLE = "STUDIO_AUTOTEST_LAYOUT"
TIMEOUT_VARIABLE = "STUDIO_AUTOTEST_TIMEOUT"


def requested_prompt() -> str | None:
    return os.environ.get(PROMPT_VARIABLE) or None


async def drive(window: MainWindow, prompt: str) -> int:
    """Generate `prompt` like a user would; 0 when an image was saved, 1 otherwise."""
    from PySide6.QtTest import QTest  # only for this hook: QtTest is not loaded at every start

    finished: asyncio.Future[JobRecord] = asyncio.get_running_loop().create_future()
    known = {record.id for record in window.queue_model.records()}

    def on_change(records: list[JobRecord]) -> None:
        for record in records:
            if record.id not in known and record.is_final and not finished.done():
                finished.set_result(record)

    window.bridge.jobs_changed.connect(on_change)
    editor = window.composer.prompt.edit
    window.activateWindow()
    editor.setFocus()
    QTest.keyClicks(editor, prompt)
    QTest.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    timeout = float(os.environ.get(TIMEOUT_VARIABLE, "60"))
    try:
        record = await asyncio.wait_for(finished, timeout)
    except TimeoutError:
        reason = window.composer.bar.reason_label.text() or window.message_bar.label.text()
        print(f"autotest: no job finished within {timeout:.0f} s. {reason}", file=sys.stderr)
        return 1
    finally:
        window.bridge.jobs_changed.disconnect(on_change)
    for path in record.files:
        print(path, flush=True)
    if record.state is not JobState.succeeded:
        print(f"autotest: job {record.state}: {record.error_message}", file=sys.stderr)
        return 1
    return 0


def report_layout(window: MainWindow) -> None:
    """With STUDIO_AUTOTEST_LAYOUT set, write the layout there every 200 ms while the app runs."""
    target = os.environ.get(LAYOUT_VARIABLE)
    if not target:
        return
    from PySide6.QtCore import QTimer

    timer = QTimer(window)
    timer.setInterval(200)
    timer.timeout.connect(lambda: _write_layout(window, target))
    timer.start()


def _global_rect(widget: QWidget) -> list[int] | None:
    if not widget.isVisible():
        return None
    corner = widget.mapToGlobal(QPoint(0, 0))
    return [corner.x(), corner.y(), widget.width(), widget.height()]


def _offer(window: MainWindow) -> dict[str, object] | None:
    """What the reuse bar offers (an image opened with the studio), if it is shown."""
    bar = window.reuse_bar
    if not bar.isVisible():
        return None
    buttons = {"reuse": bar.reuse_button, "reference": bar.reference_button}
    return {
        "text": bar.label.text(),
        "buttons": [name for name, button in buttons.items() if button.isVisible()],
    }


def _write_layout(window: MainWindow, target: str) -> None:
    import json

    from studio.ui.queue.queue_model import state_text

    view = window.gallery.view
    model = window.gallery_model
    items = []
    for row in model.result_rows():
        rect = view.visualRect(model.cell(row))
        corner = view.viewport().mapToGlobal(rect.topLeft())
        entry = model.entry(row)
        items.append(
            {
                "path": entry.path,
                "prompt": entry.request.prompt,
                "rect": [corner.x(), corner.y(), rect.width(), rect.height()],
            }
        )
    details = window.details
    viewer = window.gallery.viewer
    layout = {
        "window": _global_rect(window),
        "editor": _global_rect(window.composer.prompt.edit),
        "gallery": items,
        "preview": _global_rect(details.preview),
        "prompt": _global_rect(details.prompt_view.viewport()),
        "buttons": {a.value: _global_rect(b) for a, b in details.buttons.items()},
        "viewer": _global_rect(viewer.canvas) if viewer is not None else None,
        "references": _global_rect(window.composer.references),
        "reference_tiles": [_global_rect(t.thumbnail) for t in window.composer.references.tiles],
        "offer": _offer(window),
        "queue": [{"id": r.id, "status": state_text(r)} for r in window.queue_model.records()],
    }
    partial = f"{target}.partial"
    with open(partial, "w", encoding="utf-8") as file:
        json.dump(layout, file)
    os.replace(partial, target)
