"""Painting the gallery builds no QStyle: PySide makes that class and its enums (1.2 MB, ~20 ms
of the UI thread) the first time Python names it, which reading a style option's `state` does.
The cells ask the view whether they are selected or under the pointer instead."""

from __future__ import annotations

from tests.ui.gallery.grid_script import GRID_HEAD
from tests.ui.shell.watching import run_watching

SCRIPT = (
    GRID_HEAD
    + """
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtTest import QTest

view.show()
view.selectionModel().select(model.index(1, 0), QItemSelectionModel.SelectionFlag.Select)
QTest.mouseMove(view.viewport(), view.visualRect(model.index(2, 0)).center())
app.processEvents()
painted = view.viewport().grab().toImage()
widgets = vars(sys.modules["PySide6.QtWidgets"])
print(json.dumps({"built": [n for n in ("QStyle",) if n in widgets],
                  "painted": not painted.isNull()}))
"""
)


def test_painting_selected_and_hovered_cells_builds_no_qstyle() -> None:
    report = run_watching(SCRIPT)
    assert report == {"built": [], "painted": True}
