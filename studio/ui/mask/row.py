"""The composer's mask row: paint a mask on the first reference (where the model takes masks),
see that one is set, remove it. A new first reference drops the mask (its size would differ)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from studio.domain.models import ReferenceImage

if TYPE_CHECKING:  # the editor is imported when first opened (idle memory, #23)
    from studio.ui.mask.dialog import MaskDialog


class MaskRow(QWidget):
    """Signals: changed(): a mask was set or removed."""

    changed = Signal()

    def __init__(
        self, first_reference: Callable[[], str | None], folder: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("maskRow")
        self._first_reference = first_reference
        self._folder = folder
        self._painted_on: str | None = None
        #: A reused job's mask, waiting for its first reference to be back in the composer.
        self._restoring: tuple[str, str] | None = None
        self.path: str | None = None
        self.dialog: MaskDialog | None = None
        self.paint_button = QPushButton(self.tr("Paint mask…"), self)
        self.paint_button.setObjectName("paintMaskButton")
        self.paint_button.clicked.connect(self.open_editor)
        self.state_label = QLabel(self)
        self.remove_button = QPushButton(self.tr("Remove mask"), self)
        self.remove_button.setObjectName("removeMaskButton")
        self.remove_button.clicked.connect(self.remove)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.paint_button)
        layout.addWidget(self.state_label, 1)
        layout.addWidget(self.remove_button)
        self.refresh()

    def _local_first(self) -> str | None:
        first = self._first_reference()
        return first if first and not ReferenceImage(first).is_url else None

    def refresh(self) -> None:
        """Follow the references: a mask belongs to the first one, which must be a local file."""
        first = self._local_first()
        if self._restoring is not None and first is not None:
            mask, reference = self._restoring
            self._restoring = None
            if first == reference and Path(mask).is_file():
                self.path, self._painted_on = mask, reference
                self.changed.emit()
        if self.path is not None and first != self._painted_on:
            self.path = None
            self.changed.emit()
        self.paint_button.setEnabled(first is not None)
        self.paint_button.setToolTip(
            "" if first else self.tr("Add a picture from this computer as the first reference.")
        )
        self.state_label.setText(
            self.tr("Mask: painted on the first reference") if self.path else self.tr("No mask")
        )
        self.remove_button.setVisible(self.path is not None)

    def open_editor(self) -> MaskDialog | None:
        first = self._local_first()
        if first is None:
            return None
        from studio.ui.mask.dialog import MaskDialog

        self.dialog = MaskDialog(first, self._folder, self.window())
        self.dialog.accepted.connect(lambda: self._saved(first))
        self.dialog.open()
        return self.dialog

    def _saved(self, reference: str) -> None:
        if self.dialog is not None and self.dialog.saved_path:
            self.path = self.dialog.saved_path
            self._painted_on = reference
            self.refresh()
            self.changed.emit()

    def restore(self, mask: str | None, first_reference: str | None) -> None:
        """Reuse a job's mask once its first reference is back (a missing file is dropped)."""
        self.path = None
        self._restoring = (mask, first_reference) if mask and first_reference else None
        self.refresh()

    def remove(self) -> None:
        self.path = None
        self.refresh()
        self.changed.emit()
