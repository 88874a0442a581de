"""The details panel: the selected result shown large, with its prompt, settings and actions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from studio.domain.catalog import provider_spec
from studio.ui.compose.extras_form import extra_fields
from studio.ui.gallery.credentials import CredentialsChecker
from studio.ui.gallery.entries import GalleryEntry
from studio.ui.gallery.thumbnails import ThumbnailCache
from studio.ui.kit.catalog_text import cost_text, provider_label, value_label
from studio.ui.kit.palette import muted_color
from studio.ui.kit.plain import heading, plain_label, plain_tip
from studio.ui.results.result_actions import ResultAction, action_text

if TYPE_CHECKING:
    from PySide6.QtGui import QMouseEvent


def _shown(value: str | None) -> str | None:
    return value_label(value) if value else None


class PreviewImage(QWidget):
    """Paints a pixmap fitted into whatever room it gets.

    Signals:
        double_clicked(): the person wants to look closer (the viewer opens).
    """

    double_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pixmap: QPixmap | None = None
        self.placeholder = ""
        self.setMinimumSize(160, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_pixmap(self, pixmap: QPixmap | None, placeholder: str = "") -> None:
        self._pixmap = pixmap
        self.placeholder = placeholder
        self.update()

    def has_image(self) -> bool:
        return self._pixmap is not None

    def sizeHint(self) -> QSize:
        return QSize(320, 320)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.double_clicked.emit()
        super().mouseDoubleClickEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self._pixmap is None or self._pixmap.isNull():
            painter.setPen(muted_color(self.palette()))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.placeholder)
            return
        size = self._pixmap.size() / self._pixmap.devicePixelRatio()
        fitted = size.scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRect(0, 0, fitted.width(), fitted.height())
        target.moveCenter(self.rect().center())
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawPixmap(target, self._pixmap)


class DetailsPanel(QWidget):
    """Shows one `GalleryEntry`: preview (made off the UI thread), prompt, settings, actions.

    Signals:
        action_requested(ResultAction, GalleryEntry): a button was pressed.
    """

    action_requested = Signal(object, object)

    def __init__(self, previews: ThumbnailCache, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._previews = previews
        self._entry: GalleryEntry | None = None
        self.credentials = CredentialsChecker(self)
        self.credentials.ready.connect(self._on_credentials_ready)
        self.preview = PreviewImage(self)
        self.preview.double_clicked.connect(lambda: self._request(ResultAction.view))
        self.prompt_view = QPlainTextEdit(self)
        self.prompt_view.setObjectName("detailsPrompt")
        self.prompt_view.setReadOnly(True)
        self.prompt_view.setMaximumHeight(80)
        self.settings_form = QFormLayout()
        self.settings_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        info = QWidget(self)
        info.setLayout(self.settings_form)
        scroll = QScrollArea(self)
        scroll.setWidget(info)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.buttons: dict[ResultAction, QPushButton] = {}
        grid = QGridLayout()
        shown = (
            ResultAction.save_as,
            ResultAction.export_clean,
            ResultAction.copy_image,
            ResultAction.use_as_reference,
            ResultAction.reuse_settings,
            ResultAction.show_in_folder,
            ResultAction.delete,
        )
        for position, action in enumerate(shown):
            button = QPushButton(action_text(action), self)
            button.setObjectName(f"details_{action.value}")
            button.clicked.connect(lambda _c=False, a=action: self._request(a))
            grid.addWidget(button, position // 2, position % 2)
            self.buttons[action] = button
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview, 3)
        layout.addWidget(heading(self.tr("Prompt"), self))
        layout.addWidget(self.prompt_view)
        layout.addWidget(scroll, 2)
        layout.addLayout(grid)
        previews.ready.connect(self._on_preview_ready)
        self.show_entry(None)

    @property
    def entry(self) -> GalleryEntry | None:
        return self._entry

    def show_entry(self, entry: GalleryEntry | None) -> None:
        self._entry = entry
        for button in self.buttons.values():
            button.setEnabled(entry is not None)
        self._fill_settings(entry)
        if entry is None:
            self.prompt_view.setPlainText("")
            self.preview.set_pixmap(None, self.tr("Select an image to see it here."))
            return
        self.prompt_view.setPlainText(entry.request.prompt)
        self.preview.set_pixmap(self._previews.get(entry.path), self.tr("Loading…"))

    def _on_preview_ready(self, path: str) -> None:
        if self._entry is not None and self._entry.path == path:
            pixmap = self._previews.get(path)
            self.preview.set_pixmap(pixmap, self.tr("This image cannot be read."))

    def _on_credentials_ready(self, path: str) -> None:
        if self._entry is not None and self._entry.path == path:
            self._fill_settings(self._entry)

    def _credentials_text(self, path: str) -> str | None:
        """The "Content Credentials" row: checked off the UI thread, when a result is shown."""
        answer = self.credentials.get(path)
        texts = {
            None: self.tr("checking…"),
            "none": self.tr("none"),
            "valid": self.tr("valid"),
            "invalid": self.tr("invalid: changed after signing, or a bad signature"),
            "unchecked": self.tr("present (not checked: c2pa-python is not installed)"),
        }
        return texts.get(answer)

    def _request(self, action: ResultAction) -> None:
        if self._entry is not None:
            self.action_requested.emit(action, self._entry)

    def _fill_settings(self, entry: GalleryEntry | None) -> None:
        while self.settings_form.rowCount():
            self.settings_form.removeRow(0)
        if entry is None:
            return
        request = entry.request
        try:
            model_label = provider_spec(request.provider).model(request.model).label
        except KeyError:
            model_label = request.model
        rows = [
            (self.tr("Provider"), provider_label(request.provider)),
            (self.tr("Model"), model_label),
            (self.tr("Quality"), _shown(request.quality)),
            (self.tr("Aspect ratio"), _shown(request.ratio)),
            (self.tr("Resolution"), request.resolution),
            (self.tr("Size"), _shown(request.size)),
            (self.tr("Format"), request.output_format),
            (self.tr("Images"), str(request.count) if request.count > 1 else None),
            (
                self.tr("Image"),
                f"{entry.index + 1} / {entry.images_in_job}" if entry.images_in_job > 1 else None,
            ),
            (
                self.tr("References"),
                "\n".join(
                    Path(r.source).name if not r.is_url else r.source for r in request.references
                )
                or None,
            ),
            (self.tr("Seed"), entry.seed),
            (self.tr("Cost"), cost_text(entry.cost) if entry.cost else None),
            (self.tr("File"), Path(entry.path).name),
            (self.tr("Content Credentials"), self._credentials_text(entry.path)),
        ]
        labels = {field.name: field.label for field in extra_fields()}
        rows += [
            (labels.get(name, name), value_label(value))
            for name, value in sorted(request.extras.items())
        ]
        for label, value in rows:
            if value:
                field = plain_label(QLabel(value))  # a prompt, a provider's seed or text
                field.setWordWrap(True)
                field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                if label == self.tr("File"):
                    field.setToolTip(plain_tip(entry.path))
                self.settings_form.addRow(label, field)
