"""Comparisons in the window's menu: Compare… opens the dialog; a comparison that started opens
its view; Comparisons… lists the groups in the journal, to reopen one later."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenuBar, QWidget

from studio.domain.models import ReferenceImage
from studio.engine.events import JobRecord
from studio.ui.kit.bridge import TaskRunner
from studio.ui.kit.engine_api import EngineApi
from studio.ui.wallet.controller import WalletController

if TYPE_CHECKING:  # the dialogs and the view are imported when first opened (idle memory, #23)
    from studio.ui.compare.compare_dialog import CompareDialog
    from studio.ui.compare.compare_view import CompareView
    from studio.ui.compare.history import CompareHistory


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
        from studio.ui.compare.history import CompareHistory

        history = CompareHistory(self.open_view, self.window)
        history.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.tasks.spawn(self._fill(history))
        history.show()
        return history

    async def _fill(self, history: CompareHistory) -> None:
        from studio.ui.compare.history import groups

        history.show_groups(await self.engine.db(groups))

    def on_jobs_changed(self, records: list[JobRecord]) -> None:
        for view in list(self.views.values()):
            view.on_jobs_changed(records)
