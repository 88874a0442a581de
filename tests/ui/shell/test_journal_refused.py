"""A journal the studio cannot use: the window says why, where the file is, and what to do;
nothing is sent, the file is left as it was, and the studio ends with exit code 8."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from studio.settings import Settings, journal_path
from studio.ui.shell.main_window import MainWindow
from studio.ui.shell.studio_loop import open_studio
from tests.ui.conftest import Runner


def refused_box() -> QMessageBox | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.objectName() == "journalRefused":
            return widget if widget.isVisible() else None
    return None


def make_journal(version: int, tables: str = "") -> None:
    path = journal_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        if tables:
            db.executescript(tables)
        db.execute(f"PRAGMA user_version = {version}")


def contents() -> tuple[int, list[tuple[str, ...]]]:
    """The journal's version and its tables' definitions."""
    with closing(sqlite3.connect(journal_path())) as db:
        tables = sorted(db.execute("SELECT type, name, sql FROM sqlite_master"))
        return int(db.execute("PRAGMA user_version").fetchone()[0]), tables


def refusal_shown(run: Runner) -> str:
    """Start the studio in a real window; the journal message's text once its Close button is
    clicked and the studio has ended with exit code 8."""
    settings = Settings.load()
    window = MainWindow(None, settings)
    window.show()
    try:
        outcome = asyncio.ensure_future(open_studio(window, settings))
        run.until(lambda: refused_box() is not None, message="no message about the journal")
        box = refused_box()
        assert box is not None
        text = box.text()
        QTest.mouseClick(box.button(QMessageBox.StandardButton.Close), Qt.MouseButton.LeftButton)
        assert run(outcome) == 8
        return text
    finally:
        window.quit_without_asking()
        window.close()
        window.deleteLater()


@pytest.mark.parametrize(
    ("version", "tables", "said"),
    [
        (999, "", "newer version of Image Studio"),
        (3, "CREATE TABLE jobs (id TEXT PRIMARY KEY);", "different (development) build"),
    ],
    ids=["newer", "mismatched"],
)
def test_a_journal_that_cannot_be_used_is_explained_and_left_alone(
    run: Runner, version: int, tables: str, said: str
) -> None:
    make_journal(version, tables)
    before = contents()
    text = refusal_shown(run)
    assert said in text and str(journal_path()) in text
    assert "Traceback" not in text
    assert contents() == before  # untouched


def test_a_journal_folder_that_cannot_be_made_is_explained(run: Runner) -> None:
    folder = journal_path().parent
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the data folder should be")  # mkdir fails, even for root
    assert "cannot open its job journal" in refusal_shown(run)
