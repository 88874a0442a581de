"""Comparisons…: the compare groups in the journal, to reopen one. Imported when first opened:
its Qt classes (a dialog, a list, a button box) are not built for the idle window (#23)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from studio.engine.journal import Journal

# Each group: its id, when it was made, its targets and its last prompt.
Groups = list[tuple[str, float, tuple[str, ...], str]]


def groups(journal: Journal) -> Groups:
    from studio.engine import compare as compare_engine

    found = []
    for group in journal.groups(limit=200):
        rows = compare_engine.table(journal, group.id).rows
        found.append((group.id, group.created_at, group.targets, rows[-1][0] if rows else ""))
    return found


class CompareHistory(QDialog):
    """The compare groups in the journal, newest first; Open (or a double click) reopens one."""

    def __init__(self, open_view: Callable[[str], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareHistory")
        self.setWindowTitle(self.tr("Comparisons"))
        self.open_view = open_view
        self.list = QListWidget(self)
        self.list.setObjectName("compareGroups")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Close, self
        )
        self.open_button = buttons.button(QDialogButtonBox.StandardButton.Open)
        buttons.accepted.connect(self._open)
        buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _item: self._open())
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(640, 360)

    def show_groups(self, groups: Groups) -> None:
        self.list.clear()
        for group, created_at, targets, prompt in groups:
            when = datetime.fromtimestamp(created_at).strftime("%Y-%m-%d %H:%M")
            text = f"{when}  {prompt[:50]}  —  {', '.join(targets)}"
            item = QListWidgetItem(text, self.list)
            item.setData(Qt.ItemDataRole.UserRole, group)
        if self.list.count():
            self.list.setCurrentRow(0)

    def _open(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.open_view(item.data(Qt.ItemDataRole.UserRole))
            self.accept()
