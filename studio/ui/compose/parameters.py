"""Selectors for provider, model and the model's settings, built from the catalog alone.

A setting the model does not accept is hidden; switching model keeps every value that still
applies and falls back to the model's default for the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QSpinBox, QWidget

from studio.domain.catalog import PROVIDERS, ModelSpec, provider_spec
from studio.ui.kit.catalog_text import model_description, provider_label, value_label


@dataclass(frozen=True)
class Choices:
    """The values one selector offers for a model, and which is preselected."""

    values: tuple[str | None, ...]
    default: str | None


def choices_for(model: ModelSpec, name: str) -> Choices:
    """The catalog's options for selector `name` ("" entries become None = provider default)."""
    if name == "quality":
        return Choices(model.qualities, model.default_quality or _first(model.qualities))
    if name == "ratio":
        return Choices(model.ratios, model.default_ratio or _first(model.ratios))
    if name == "resolution":
        return Choices(model.resolutions, model.default_resolution or _first(model.resolutions))
    if name == "size":
        if not model.sizes:
            return Choices((), None)
        if model.ratios:  # the size overrides ratio and resolution; unset by default
            return Choices((None, *model.sizes), None)
        return Choices(model.sizes, model.default_size or model.sizes[0])
    if name == "output_format":
        return Choices(model.formats, model.default_format or _first(model.formats))
    raise KeyError(name)


def _first(values: tuple[str, ...]) -> str | None:
    return values[0] if values else None


SELECTORS = ("quality", "ratio", "resolution", "size", "output_format")


class ParametersPanel(QWidget):
    """Provider, model, quality, ratio, resolution, size, count and format selectors.

    Signals:
        changed(): any selection changed.
        model_changed(ModelSpec): the provider or model changed.
    """

    changed = Signal()
    model_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QFormLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.provider_combo = self._combo("providerCombo")
        for provider in PROVIDERS:
            self.provider_combo.addItem(provider_label(provider.id), provider.id)
        self.model_combo = self._combo("modelCombo")
        self.combos: dict[str, QComboBox] = {
            name: self._combo(f"{name}Combo") for name in SELECTORS
        }
        self.count_spin = QSpinBox(self)
        self.count_spin.setObjectName("countSpin")
        self.count_spin.setMinimum(1)
        labels = {
            "quality": self.tr("Quality"),
            "ratio": self.tr("Aspect ratio"),
            "resolution": self.tr("Resolution"),
            "size": self.tr("Size"),
            "output_format": self.tr("Format"),
        }
        self._layout.addRow(self.tr("Provider"), self.provider_combo)
        self._layout.addRow(self.tr("Model"), self.model_combo)
        for name in SELECTORS:
            self._layout.addRow(labels[name], self.combos[name])
            self.combos[name].currentIndexChanged.connect(self.changed)
        self._layout.addRow(self.tr("Images"), self.count_spin)
        self.count_spin.valueChanged.connect(self.changed)
        self.provider_combo.currentIndexChanged.connect(self._on_provider_changed)
        self.model_combo.currentIndexChanged.connect(self._on_model_changed)
        self._fill_models()
        self._fill_selectors()

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        return combo

    # -- reading --------------------------------------------------------------------------------
    def provider(self) -> str:
        return str(self.provider_combo.currentData())

    def model(self) -> ModelSpec:
        return provider_spec(self.provider()).model(str(self.model_combo.currentData()))

    def value(self, name: str) -> str | None:
        data = self.combos[name].currentData()
        return None if data in (None, "") else str(data)

    def count(self) -> int:
        return self.count_spin.value()

    def request_fields(self) -> dict[str, Any]:
        """The selected values as GenerationRequest keyword arguments."""
        fields: dict[str, Any] = {"provider": self.provider(), "model": self.model().id}
        fields.update({name: self.value(name) for name in SELECTORS})
        fields["count"] = self.count()
        return fields

    # -- writing --------------------------------------------------------------------------------
    def select_provider(self, provider: str) -> None:
        index = self.provider_combo.findData(provider)
        if index >= 0:
            self.provider_combo.setCurrentIndex(index)

    def apply(self, values: dict[str, Any]) -> None:
        """Select provider, model and every value that the model offers; ignore the rest."""
        with QSignalBlocker(self.provider_combo), QSignalBlocker(self.model_combo):
            index = self.provider_combo.findData(values.get("provider"))
            if index >= 0:
                self.provider_combo.setCurrentIndex(index)
            self._fill_models(prefer=values.get("model"))
        self._fill_selectors(prefer=values)
        self.model_changed.emit(self.model())
        self.changed.emit()

    # -- rebuilding -----------------------------------------------------------------------------
    def _on_provider_changed(self) -> None:
        with QSignalBlocker(self.model_combo):
            self._fill_models(prefer=self.model_combo.currentData())
        self._on_model_changed()

    def _on_model_changed(self) -> None:
        self._fill_selectors()
        self.model_changed.emit(self.model())
        self.changed.emit()

    def _fill_models(self, prefer: object = None) -> None:
        provider = provider_spec(self.provider())
        self.model_combo.clear()
        for model in provider.models:
            self.model_combo.addItem(model.label, model.id)
            self.model_combo.setItemData(
                self.model_combo.count() - 1, model_description(model), Qt.ItemDataRole.ToolTipRole
            )
        index = self.model_combo.findData(prefer)
        self.model_combo.setCurrentIndex(max(0, index))
        self._layout.setRowVisible(self.model_combo, len(provider.models) > 1)

    def _fill_selectors(self, prefer: dict[str, Any] | None = None) -> None:
        model = self.model()
        for name, combo in self.combos.items():
            wanted = prefer.get(name) if prefer is not None else combo.currentData()
            choices = choices_for(model, name)
            with QSignalBlocker(combo):
                combo.clear()
                for value in choices.values:
                    label = value_label(value) if value is not None else self._unset_label(name)
                    combo.addItem(label, value)
                index = combo.findData(wanted) if wanted in choices.values else -1
                if index < 0:
                    index = combo.findData(choices.default)
                combo.setCurrentIndex(max(0, index))
            self._layout.setRowVisible(combo, bool(choices.values))
        wanted_count = prefer.get("count") if prefer is not None else self.count_spin.value()
        with QSignalBlocker(self.count_spin):
            self.count_spin.setMaximum(model.max_count)
            self.count_spin.setValue(min(max(1, int(wanted_count or 1)), model.max_count))
        self._layout.setRowVisible(self.count_spin, model.max_count > 1)

    def _unset_label(self, name: str) -> str:
        if name == "size":
            return self.tr("From ratio and resolution")
        return self.tr("Provider default")
