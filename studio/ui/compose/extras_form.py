"""Fields for a model's provider-specific extras (GPTImage2.ai's style, lighting, camera and
negative; OpenAI's background, moderation, input fidelity, live previews and end-user id),
shown only where the model takes them."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from studio.domain.catalog import ModelSpec
from studio.ui.kit.catalog_text import value_label


@dataclass(frozen=True)
class ExtraField:
    """How one extra is edited: free text (with a hint) or a choice ("" means unset)."""

    name: str
    label: str
    hint: str = ""
    choices: tuple[str, ...] = ()


#: pyside6-lupdate collects `translate("context", "text")` calls; the context must be a literal.
translate = QCoreApplication.translate


def extra_fields() -> tuple[ExtraField, ...]:
    """The extras the window can edit, in display order (callback_url is for servers only)."""
    return (
        ExtraField(
            "style",
            translate("studio.extras", "Style"),
            translate("studio.extras", "e.g. watercolor, photorealistic"),
        ),
        ExtraField(
            "lighting",
            translate("studio.extras", "Lighting"),
            translate("studio.extras", "e.g. golden hour, studio softbox"),
        ),
        ExtraField(
            "camera",
            translate("studio.extras", "Camera"),
            translate("studio.extras", "e.g. 35mm, wide angle, low angle"),
        ),
        ExtraField(
            "negative",
            translate("studio.extras", "Negative"),
            translate("studio.extras", "what to leave out"),
        ),
        ExtraField(
            "background",
            translate("studio.extras", "Background"),
            choices=("", "auto", "opaque", "transparent"),
        ),
        ExtraField(
            "moderation", translate("studio.extras", "Moderation"), choices=("", "auto", "low")
        ),
        ExtraField(
            "output_compression",
            translate("studio.extras", "Compression"),
            translate("studio.extras", "0-100, JPEG/WebP only"),
        ),
        ExtraField(
            "input_fidelity",
            translate("studio.extras", "Input fidelity"),
            choices=("", "low", "high"),
        ),
        ExtraField(
            "partial_images",
            translate("studio.extras", "Live previews"),
            choices=("", "0", "1", "2", "3"),
        ),
        ExtraField(
            "user",
            translate("studio.extras", "End-user id"),
            translate("studio.extras", "passed on for abuse monitoring"),
        ),
    )


#: Preselected where the model takes it: two live previews while the image streams in.
DEFAULTS = {"partial_images": "2"}


class ExtrasForm(QWidget):
    """One row per extra the selected model accepts; values survive model switches.

    Signals:
        changed(): a value changed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QFormLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._editors: dict[str, QLineEdit | QComboBox] = {}
        for spec in extra_fields():
            editor = self._make_editor(spec)
            editor.setObjectName(f"extra_{spec.name}")
            self._editors[spec.name] = editor
            self._layout.addRow(spec.label, editor)
        self._accepted: frozenset[str] = frozenset()
        self.set_model_extras(frozenset())

    def _make_editor(self, spec: ExtraField) -> QLineEdit | QComboBox:
        if spec.choices:
            combo = QComboBox(self)
            for choice in spec.choices:
                combo.addItem(
                    value_label(choice) if choice else self.tr("(provider default)"), choice
                )
            combo.setCurrentIndex(max(0, combo.findData(DEFAULTS.get(spec.name, ""))))
            combo.currentIndexChanged.connect(self.changed)
            return combo
        line = QLineEdit(self)
        line.setPlaceholderText(spec.hint)
        line.setClearButtonEnabled(True)
        line.textChanged.connect(self.changed)
        return line

    def editor(self, name: str) -> QLineEdit | QComboBox:
        return self._editors[name]

    def set_model(self, model: ModelSpec) -> None:
        self.set_model_extras(model.extras)

    def set_model_extras(self, extras: frozenset[str]) -> None:
        self._accepted = frozenset(extras) & frozenset(self._editors)
        for name, editor in self._editors.items():
            self._layout.setRowVisible(editor, name in self._accepted)

    @property
    def accepts_any(self) -> bool:
        return bool(self._accepted)

    def values(self) -> dict[str, str]:
        """Non-empty values of the extras the current model accepts."""
        result: dict[str, str] = {}
        for name in sorted(self._accepted):
            editor = self._editors[name]
            value = editor.text().strip() if isinstance(editor, QLineEdit) else editor.currentData()
            if value:
                result[name] = str(value)
        return result

    def set_values(self, values: dict[str, str]) -> None:
        for name, editor in self._editors.items():
            value = values.get(name, DEFAULTS.get(name, ""))  # previews are a preference
            if isinstance(editor, QLineEdit):
                editor.setText(value)
            else:
                index = editor.findData(value)
                editor.setCurrentIndex(max(0, index))
