"""Questions before destructive actions, asked without a nested event loop (QMessageBox.open)
so the asyncio work on the qasync loop keeps running while the user decides."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget


def ask(
    parent: QWidget,
    *,
    name: str,
    title: str,
    text: str,
    confirm: str,
    on_confirm: Callable[[], object],
    destructive: bool = True,
) -> QMessageBox:
    """Show a window-modal question; `on_confirm` runs only if the user presses `confirm`.
    Cancel is the default button. The box deletes itself when closed."""
    from PySide6.QtWidgets import QMessageBox  # on first use: see studio/ui/__init__.py

    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel, parent
    )
    box.setObjectName(name)
    role = (
        QMessageBox.ButtonRole.DestructiveRole if destructive else QMessageBox.ButtonRole.AcceptRole
    )
    confirm_button = box.addButton(confirm, role)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.buttonClicked.connect(lambda button: on_confirm() if button is confirm_button else None)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
