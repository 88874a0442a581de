"""Bars across the top of the window: the demo notice and the message bar for errors."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from studio.engine.events import JobRecord
from studio.logfile import current_log
from studio.ui.kit.messages import Action, UserMessage, resolved_by_job, resolved_by_key
from studio.ui.kit.palette import tinted
from studio.ui.kit.plain import plain_label, plain_tip


class Bar(QFrame):
    """A tinted strip with a text and optional buttons; follows palette changes.

    The tint is worked out from the current palette at each paint, so a theme change needs no
    handler. (A `changeEvent` override would also cost start-up: PySide then builds the Python
    type of every QEvent subclass, 45 of them, at the first event; see
    `studio.ui.runtime.viewports`.)
    """

    def __init__(self, accent: QColor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._accent = accent
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = plain_label(QLabel(self))  # messages carry provider text
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(10, 6, 6, 6)
        self.row.addWidget(self.label, 1)

    def add_close_button(self, on_close: Callable[[], object]) -> QToolButton:
        """The bar's ✕ at the end of its row."""
        button = QToolButton(self)
        button.setText("✕")
        button.setToolTip(QCoreApplication.translate("studio.bars", "Dismiss"))
        button.setAutoRaise(True)
        button.clicked.connect(on_close)
        self.row.addWidget(button)
        return button

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        # Not fillRect: resolving its overloads makes PySide build the QGradient classes.
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(tinted(self.palette(), self._accent))
        painter.drawRect(self.rect())
        painter.end()
        super().paintEvent(event)


class DemoBanner(Bar):
    """Says the studio runs on placeholders, with a button to add a real key.

    Signals:
        add_key_requested(): the user wants to configure a provider.
    """

    add_key_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QColor("#e0a800"), parent)
        self.setObjectName("demoBanner")
        self.label.setText(
            self.tr("Demo: images are placeholders — add an API key to generate for real")
        )
        self.add_key_button = QPushButton(self.tr("Add API key…"), self)
        self.add_key_button.clicked.connect(self.add_key_requested)
        self.row.addWidget(self.add_key_button)


class MessageBar(Bar):
    """Shows one message that needs the user, with its action button and a close button.

    Signals:
        action_requested(UserMessage): the user pressed the action button.
    """

    action_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QColor("#d32f2f"), parent)
        self.setObjectName("messageBar")
        self._message: UserMessage | None = None
        self.action_button = QPushButton(self)
        self.action_button.clicked.connect(self._act)
        self.row.addWidget(self.action_button)
        self.close_button = self.add_close_button(self.dismiss)
        self.hide()

    @property
    def message(self) -> UserMessage | None:
        return self._message

    def show_message(self, message: UserMessage) -> None:
        self._message = message
        text = message.text
        if (log := current_log()) is not None:  # a window from a desktop entry has no stderr
            text += "\n" + self.tr("Details are in the log: {path}").format(path=log)
        self.label.setText(text)
        self.label.setToolTip(plain_tip(message.detail) if message.detail else "")
        self.action_button.setText(message.action_label)
        self.action_button.setVisible(message.action is not Action.none)
        self.show()

    def dismiss(self) -> None:
        self._message = None
        self.hide()

    def resolve_key(self, provider: str) -> None:
        """The provider accepted its key: a message about that key goes."""
        if self._message is not None and resolved_by_key(self._message, provider):
            self.dismiss()

    def resolve_job(self, record: JobRecord) -> None:
        """A job moved on: a message whose cause that removed goes."""
        if self._message is not None and resolved_by_job(self._message, record):
            self.dismiss()

    def _act(self) -> None:
        message = self._message
        if message is None:
            return
        self.dismiss()
        self.action_requested.emit(message)
