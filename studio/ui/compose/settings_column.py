"""The left column: the composer's settings, prompt, extra fields and references scroll inside
the column, while the Generate button, the cost estimate, the balance and the reason a request is
refused stay below it, always in view (#16 item 5)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from studio.ui.compose.composer import Composer


class FittingScrollArea(QScrollArea):
    """Scrolls vertically only and is never narrower than its content needs: a column that cut
    its content off at the side (a reference tile, a button) would hide it for good."""

    def _width_for(self, content: int) -> int:
        return content + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()

    def minimumSizeHint(self) -> QSize:
        inner = self.widget()
        hint = super().minimumSizeHint()
        if inner is None:
            return hint
        return QSize(self._width_for(inner.minimumSizeHint().width()), hint.height())

    def sizeHint(self) -> QSize:
        inner = self.widget()
        hint = super().sizeHint()
        if inner is None:
            return hint
        return QSize(self._width_for(inner.sizeHint().width()), hint.height())


class SettingsColumn(QWidget):
    """The composer in a scroll area with its Generate bar pinned underneath."""

    def __init__(self, composer: Composer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsColumn")
        self.scroll_area = FittingScrollArea(self)
        self.scroll_area.setObjectName("settingsScroll")
        self.scroll_area.setWidget(composer)
        # The content's needs change with it (a reference added, a field shown): the column
        # asks the splitter for room again.
        composer.content_layout.invalidated.connect(self.scroll_area.updateGeometry)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area, 1)
        bar = composer.bar
        bar.setParent(self)
        bar.setContentsMargins(9, 0, 9, 0)
        layout.addWidget(bar)
