"""The mask editor dialog: brush and eraser with size and hardness, invert, clear, undo, and the
overlay of what will change; Save writes the mask as a PNG of the reference's size with alpha 0
where the model should edit (studio/imaging/masks.py checks it again before sending)."""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from studio.ui.mask.canvas import MaskCanvas


class MaskDialog(QDialog):
    """Paint a mask on `reference` (a local picture); `saved_path` is set when saved."""

    def __init__(self, reference: str, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("maskDialog")
        self.setWindowTitle(self.tr("Paint a mask"))
        self.folder = folder
        self.saved_path: str | None = None
        picture = QImage(reference)
        self.canvas = MaskCanvas(picture, self)
        hint = QLabel(
            self.tr("Paint over what the model should change; the rest stays as it is."), self
        )
        hint.setWordWrap(True)
        self.brush_button = self._tool(self.tr("Brush"), "maskBrush", checked=True)
        self.eraser_button = self._tool(self.tr("Eraser"), "maskEraser")
        tools = QButtonGroup(self)
        tools.addButton(self.brush_button)
        tools.addButton(self.eraser_button)
        self.brush_button.toggled.connect(self._on_tool)
        longest = max(picture.width(), picture.height(), 16)
        self.size_slider = self._slider("maskSize", 2, max(8, longest // 3), self.canvas.brush_size)
        self.size_slider.valueChanged.connect(self._on_size)
        self.hardness_slider = self._slider(
            "maskHardness", 0, 100, round(self.canvas.hardness * 100)
        )
        self.hardness_slider.valueChanged.connect(self._on_hardness)
        self.invert_button = self._button(self.tr("Invert"), "maskInvert", self.canvas.invert)
        self.clear_button = self._button(self.tr("Clear"), "maskClear", self.canvas.clear)
        self.undo_button = self._button(self.tr("Undo"), "maskUndo", self.canvas.undo)
        self.undo_button.setShortcut(QKeySequence.StandardKey.Undo)
        self.size_label = QLabel(self)
        self.size_label.setText(
            self.tr("Size {width}x{height}").format(width=picture.width(), height=picture.height())
        )
        tool_row = QHBoxLayout()
        for widget in (self.brush_button, self.eraser_button):
            tool_row.addWidget(widget)
        tool_row.addWidget(QLabel(self.tr("Brush size"), self))
        tool_row.addWidget(self.size_slider, 1)
        tool_row.addWidget(QLabel(self.tr("Hardness"), self))
        tool_row.addWidget(self.hardness_slider, 1)
        edit_row = QHBoxLayout()
        for widget in (self.invert_button, self.clear_button, self.undo_button):
            edit_row.addWidget(widget)
        edit_row.addStretch(1)
        edit_row.addWidget(self.size_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(tool_row)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(edit_row)
        layout.addWidget(self.buttons)
        self.canvas.changed.connect(self._refresh)
        self._refresh()

    def _tool(self, text: str, name: str, *, checked: bool = False) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setCheckable(True)
        button.setChecked(checked)
        return button

    def _button(self, text: str, name: str, action: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(action)
        return button

    def _slider(self, name: str, low: int, high: int, value: int) -> QSlider:
        slider = QSlider(Qt.Orientation.Horizontal, self)
        slider.setObjectName(name)
        slider.setRange(low, high)
        slider.setValue(value)
        return slider

    def _on_tool(self) -> None:
        self.canvas.erasing = self.eraser_button.isChecked()

    def _on_size(self, value: int) -> None:
        self.canvas.brush_size = value

    def _on_hardness(self, value: int) -> None:
        self.canvas.hardness = value / 100

    def _refresh(self) -> None:
        self.undo_button.setEnabled(self.canvas.can_undo)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(self.canvas.has_edit_area())
        save.setToolTip("" if save.isEnabled() else self.tr("Paint where the model should edit."))

    def save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"mask-{uuid.uuid4().hex[:12]}.png"
        if self.canvas.save(str(path)):
            self.saved_path = str(path)
            self.accept()
