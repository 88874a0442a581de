"""The window's answer when its journal cannot be opened: said plainly, then the studio closes.

The journal holds every paid job; a studio that cannot read it must not run without it (jobs
would be sent with no record of them). The command line says why and exits 8; the window said
it with a traceback. Now it shows what is wrong, where the file is, and what to do, and the
file is left as it was.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt

from studio.engine.journal_schema import JournalMismatch, JournalTooNew

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

#: The process's exit code, as the command line's for local storage (`studio.cli.output`).
EXIT_LOCAL_STORAGE = 8
#: What opening the journal raises when it cannot be used: a refused schema, SQLite's errors,
#: and the OSError of a folder or file that cannot be made (permissions, a read-only disk).
JOURNAL_ERRORS = (JournalTooNew, JournalMismatch, sqlite3.Error, OSError)


def explanation(error: BaseException, path: Path) -> str:
    """What the person is told, in their language, with the journal's path."""
    if isinstance(error, JournalTooNew):
        text = QCoreApplication.translate(
            "JournalRefused",
            "The job journal was written by a newer version of Image Studio. Update Image "
            "Studio to open it. The journal is left as it is.",
        )
    elif isinstance(error, JournalMismatch):
        text = QCoreApplication.translate(
            "JournalRefused",
            "The job journal was written by a different (development) build of Image Studio "
            "and lacks parts this version needs. It is left as it is: move it aside to start "
            "a new journal, or open it with the build that wrote it.",
        )
    else:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        text = QCoreApplication.translate(
            "JournalRefused",
            "Image Studio cannot open its job journal: {reason}. Free some disk space or check "
            "the folder's permissions, then start Image Studio again.",
        ).format(reason=reason)
    return f"{text}\n\n{path}"


async def explain(window: QWidget, error: BaseException, path: Path) -> int:
    """Show why the journal cannot be used until the person closes the message; the exit code.
    Without a nested event loop (`open`), like every question the window asks."""
    from PySide6.QtWidgets import QMessageBox  # only when it happens: see studio/ui/__init__.py

    box = QMessageBox(window)
    box.setObjectName("journalRefused")
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QCoreApplication.translate("JournalRefused", "Image Studio cannot start"))
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(explanation(error, path))
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    closed = asyncio.Event()
    box.finished.connect(lambda _result: closed.set())
    box.open()
    await closed.wait()
    return EXIT_LOCAL_STORAGE
