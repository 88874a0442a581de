"""The prompt editor: multi-line text, a live count against the model's limit, history, and
Ctrl+Enter (Cmd+Enter on macOS) to generate."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from studio.ui.kit.catalog_text import number_text
from studio.ui.kit.palette import error_color, set_text_color

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class PromptTextEdit(QPlainTextEdit):
    """A plain-text edit that turns Ctrl+Enter and Ctrl+Up/Down into signals.

    Qt maps ControlModifier to the Command key on macOS, so one check serves both.

    Signals:
        submit_requested(): Ctrl+Enter was pressed.
        history_requested(int): -1 for Ctrl+Up (older), +1 for Ctrl+Down (newer).
    """

    submit_requested = Signal()
    history_requested = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        control = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if control and event.key() in _ENTER_KEYS:
            event.accept()
            self.submit_requested.emit()
            return
        if control and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            event.accept()
            self.history_requested.emit(-1 if event.key() == Qt.Key.Key_Up else 1)
            return
        super().keyPressEvent(event)


class PromptHistory:
    """Earlier prompts, oldest first, walked like a shell history; the draft is kept aside."""

    def __init__(self, limit: int = 200) -> None:
        self._items: list[str] = []
        self._limit = limit
        self._index = 0
        self._draft = ""

    def add(self, prompt: str) -> None:
        prompt = prompt.strip()
        if not prompt:
            return
        if prompt in self._items:
            self._items.remove(prompt)
        self._items.append(prompt)
        del self._items[: -self._limit]
        self._index = len(self._items)

    def extend_older(self, prompts: list[str]) -> None:
        """Seed with prompts from the journal, given newest first."""
        known = set(self._items)
        older = [p for p in dict.fromkeys(reversed(prompts)) if p.strip() and p not in known]
        self._items = (older + self._items)[-self._limit :]
        self._index = len(self._items)

    def step(self, direction: int, current: str) -> str | None:
        """The prompt one step older (-1) or newer (+1), or None at either end."""
        if self._index == len(self._items):
            self._draft = current
        target = self._index + direction
        if target < 0 or target > len(self._items):
            return None
        self._index = target
        return self._draft if target == len(self._items) else self._items[target]

    def __len__(self) -> int:
        return len(self._items)


class PromptEditor(QWidget):
    """Prompt text with a character count that turns red past the model's limit.

    Signals:
        changed(): the text changed.
        submit_requested(): the user pressed Ctrl+Enter.
    """

    changed = Signal()
    submit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._limit = 0
        self.history = PromptHistory()
        self.edit = PromptTextEdit(self)
        self.edit.setObjectName("promptEdit")
        self.edit.setPlaceholderText(
            self.tr("Describe the image… (Ctrl+Enter generates, Ctrl+Up/Down recalls)")
        )
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(90)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("promptCount")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.count_label)
        layout.addLayout(row)
        self.edit.textChanged.connect(self._on_text_changed)
        self.edit.submit_requested.connect(self.submit_requested)
        self.edit.history_requested.connect(self._recall)
        self._update_count()

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_text(self, text: str) -> None:
        """Replace the text (not undoable, as `setPlainText`), the cursor at its end. Inserted
        at the cursor rather than moved there: a `QTextCursor` reaching Python builds its class
        and enums (0.16 MB), and the window restores the last prompt as it starts (#23)."""
        self.edit.setUndoRedoEnabled(False)  # and the stack is cleared when it is enabled again
        blocked = self.edit.blockSignals(True)  # one textChanged, for the new text
        self.edit.clear()
        self.edit.blockSignals(blocked)
        self.edit.insertPlainText(text)
        self.edit.setUndoRedoEnabled(True)

    def set_limit(self, limit: int) -> None:
        self._limit = limit
        self._update_count()

    @property
    def is_over_limit(self) -> bool:
        return bool(self._limit) and len(self.text()) > self._limit

    def focus(self) -> None:
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_text_changed(self) -> None:
        self._update_count()
        self.changed.emit()

    def _update_count(self) -> None:
        length = len(self.text())
        if self._limit:
            text = self.tr("{count} / {limit}").format(
                count=number_text(Decimal(length)), limit=number_text(Decimal(self._limit))
            )
        else:
            text = number_text(Decimal(length))
        self.count_label.setText(text)
        over = self.is_over_limit
        self.count_label.setToolTip(
            self.tr("{over} characters over the model's limit").format(over=length - self._limit)
            if over
            else self.tr("Characters used of the model's limit")
        )
        set_text_color(self.count_label, error_color(self.palette()) if over else None)

    def _recall(self, direction: int) -> None:
        prompt = self.history.step(direction, self.text())
        if prompt is not None:
            self.set_text(prompt)
