"""STUDIO_AUTOTEST_PROMPT: a smoke-test hook for a studio started as a subprocess. It types the
prompt into the editor and presses Ctrl+Enter through real key events (QTest), waits for the
job to be saved, prints the saved paths on stdout and closes the window."""

from __future__ import annotations

import asyncio
import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from studio.domain.models import JobState

if TYPE_CHECKING:
    from studio.engine.events import JobRecord
    from studio.ui.main_window import MainWindow

PROMPT_VARIABLE = "STUDIO_AUTOTEST_PROMPT"
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
