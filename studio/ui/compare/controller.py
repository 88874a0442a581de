"""Comparisons in the window's menu: Compare… opens the dialog; a comparison that started opens
its view; Comparisons… lists the groups in the journal, to reopen one later."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QMenuBar,
    QVBoxLayout,
    QWidget,
)

from studio.domain.models import ReferenceImage
from studio.engine.events import JobRecord
from studio.ui.kit.bridge import TaskRunner
from studio.ui.kit.engine_api import EngineApi
from studio.ui.wallet.controller import WalletController

if TYPE_CHECKING:  # the dialog and the view are imported when first opened (idle memory, #23)
    from studio.engine.journal import Journal
    from studio.ui.compare.compare_dialog import CompareDialog
    from studio.ui.compare.compare_view import CompareView


def _groups(journal: Journal) -> list[tuple[str, float, tuple[str, ...], str]]:
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

    def show_groups(self, groups: list[tuple[str, float, tuple[str, ...], str]]) -> None:
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


class CompareController(QObject):
    def __init__(
        self,
        window: QWidget,
        engine: EngineApi,
        tasks: TaskRunner,
        wallet: WalletController,
        references: Callable[[], tuple[ReferenceImage, ...]] = tuple,
    ) -> None:
        super().__init__(window)
        self.window, self.engine, self.tasks, self.wallet = window, engine, tasks, wallet
        self.references = references
        self.views: dict[str, CompareView] = {}
        self.compare_action = QAction(self.tr("Compare…"), window)
        self.compare_action.setObjectName("compareAction")
        self.compare_action.setShortcut(QKeySequence("Ctrl+Shift+K"))
        self.compare_action.triggered.connect(self.open_dialog)
        self.history_action = QAction(self.tr("Comparisons…"), window)
        self.history_action.setObjectName("compareHistoryAction")
        self.history_action.triggered.connect(self.open_history)
        window.addAction(self.compare_action)

    def install(self, menu_bar: QMenuBar) -> None:
        menu = menu_bar.addMenu(self.tr("&Compare"))
        menu.setObjectName("compareMenu")
        menu.addAction(self.compare_action)
        menu.addAction(self.history_action)

    def open_dialog(self) -> CompareDialog:
        from studio.ui.compare.compare_dialog import CompareDialog

        dialog = CompareDialog(
            self.engine, self.tasks, self.wallet, references=self.references(), parent=self.window
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.started.connect(self.open_view)
        dialog.show()
        return dialog

    def open_view(self, group: str) -> CompareView:
        view = self.views.get(group)
        if view is None:
            from studio.ui.compare.compare_view import CompareView

            view = CompareView(group, self.engine, self.tasks, self.wallet, self.window)
            self.views[group] = view
            view.finished.connect(lambda _code: self.views.pop(group, None))
        view.reload()
        view.show()
        view.raise_()
        return view

    def open_history(self) -> CompareHistory:
        history = CompareHistory(self.open_view, self.window)
        history.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.tasks.spawn(self._fill(history))
        history.show()
        return history

    async def _fill(self, history: CompareHistory) -> None:
        history.show_groups(await self.engine.db(_groups))

    def on_jobs_changed(self, records: list[JobRecord]) -> None:
        for view in list(self.views.values()):
            view.on_jobs_changed(records)
