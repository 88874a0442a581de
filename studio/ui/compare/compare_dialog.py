"""Compare…: tick the targets (provider, model, quality), write one prompt, choose the shared
settings; every target is checked as it would be sent, each one's note says what it cannot
take, the total estimate shows per provider, and Compare sends all of them or none."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.domain.catalog import PROVIDERS
from studio.domain.compare import ComparePlan, Shared, Target, plan
from studio.domain.errors import OverBudget, StudioError
from studio.domain.models import Balance, ReferenceImage
from studio.domain.validation import Refusal
from studio.engine import compare as compare_engine
from studio.ui.kit import catalog_text
from studio.ui.kit.bridge import TaskRunner
from studio.ui.kit.catalog_text import amount_text
from studio.ui.kit.engine_api import EngineApi
from studio.ui.kit.messages import refusal_text
from studio.ui.kit.plain import plain_label
from studio.ui.wallet.controller import WalletController

RESOLUTIONS = ("1k", "2k", "4k")


def all_targets() -> list[Target]:
    """Every provider and model, once per quality where the model has qualities."""
    targets = []
    for provider in PROVIDERS:
        for model in provider.models:
            qualities: list[str | None] = [q for q in model.qualities if q != "auto"]
            targets += [Target(provider.id, model.id, q) for q in qualities or [None]]
    return targets


def target_label(target: Target) -> str:
    parts = [catalog_text.provider_label(target.provider), target.model]
    if target.quality:
        parts.append(target.quality)
    return " · ".join(parts)


class CompareDialog(QDialog):
    """Signals: started(str): the group id of a comparison whose jobs were all journaled."""

    started = Signal(str)

    def __init__(
        self,
        engine: EngineApi,
        tasks: TaskRunner,
        wallet: WalletController,
        *,
        references: tuple[ReferenceImage, ...] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("compareDialog")
        self.setWindowTitle(self.tr("Compare providers"))
        self.engine, self.tasks, self.wallet = engine, tasks, wallet
        self.references = references
        self.prompt = QPlainTextEdit(self)
        self.prompt.setObjectName("comparePrompt")
        self.prompt.setPlaceholderText(self.tr("One prompt for every target"))
        self.prompt.setFixedHeight(70)
        self.targets = QListWidget(self)
        self.targets.setObjectName("compareTargets")
        for target in all_targets():
            item = QListWidgetItem(target_label(target), self.targets)
            item.setData(Qt.ItemDataRole.UserRole, str(target))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.ratio = QComboBox(self)
        self.ratio.setObjectName("compareRatio")
        self.ratio.addItem(self.tr("Each model's default"), None)
        ratios = dict.fromkeys(r for p in PROVIDERS for m in p.models for r in m.ratios)
        for ratio in ratios:
            self.ratio.addItem(ratio, ratio)
        self.resolution = QComboBox(self)
        self.resolution.setObjectName("compareResolution")
        self.resolution.addItem(self.tr("Each model's default"), None)
        for resolution in RESOLUTIONS:
            self.resolution.addItem(resolution, resolution)
        self.notes = plain_label(QLabel(self))  # validation notes may quote provider text
        self.notes.setObjectName("compareNotes")
        self.notes.setWordWrap(True)
        self.total = QLabel(self)
        self.total.setObjectName("compareTotal")
        self.total.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.compare_button = QPushButton(self.tr("Compare"), self)
        self.compare_button.setObjectName("compareButton")
        buttons.addButton(self.compare_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        self.compare_button.clicked.connect(self.send)
        form = QFormLayout()
        form.addRow(self.tr("Prompt"), self.prompt)
        form.addRow(self.tr("Targets"), self.targets)
        form.addRow(self.tr("Ratio"), self.ratio)
        form.addRow(self.tr("Resolution"), self.resolution)
        if references:
            form.addRow(
                self.tr("References"),
                QLabel(self.tr("%n reference(s) from the composer", "", len(references)), self),
            )
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.notes)
        layout.addWidget(self.total)
        layout.addWidget(buttons)
        self.prompt.textChanged.connect(self.refresh)
        self.targets.itemChanged.connect(self.refresh)
        self.ratio.currentIndexChanged.connect(self.refresh)
        self.resolution.currentIndexChanged.connect(self.refresh)
        self.resize(560, 640)
        self.refresh()

    def chosen(self) -> list[Target]:
        from studio.domain.compare import parse_target

        items = [self.targets.item(row) for row in range(self.targets.count())]
        return [
            parse_target(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item.checkState() is Qt.CheckState.Checked
        ]

    def check(self, *targets: str) -> None:
        """Tick these targets ("provider:model[:quality]"), untick the others."""
        for row in range(self.targets.count()):
            item = self.targets.item(row)
            wanted = item.data(Qt.ItemDataRole.UserRole) in targets
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)

    def current_plan(self) -> ComparePlan | None:
        targets = self.chosen()
        if len(targets) < 2:
            return None
        shared = Shared(
            self.prompt.toPlainText().strip(),
            ratio=self.ratio.currentData(),
            resolution=self.resolution.currentData(),
            references=self.references,
        )
        return plan(targets, shared)

    def refresh(self) -> None:
        chosen = self.current_plan()
        if chosen is None:
            self.notes.setText(self.tr("Tick two or more targets."))
            self.total.setText("")
            self.compare_button.setEnabled(False)
            return
        lines = [
            self.tr("{target}: {note}").format(
                target=target,
                note=refusal_text(error) if isinstance(error, Refusal) else error.message,
            )
            for target, error in chosen.errors.items()
        ]
        if not self.prompt.toPlainText().strip():
            lines = [self.tr("Write the prompt to compare with.")]
        self.notes.setText("\n".join(lines) if lines else self.tr("Every target can take this."))
        parts = [
            f"{catalog_text.provider_label(p)} {amount_text(Balance(c.amount, c.unit))}"
            for p, c in chosen.total()
        ]
        unpriced = chosen.unpriced()
        text = self.tr("Estimated total: {total}").format(total=", ".join(parts) or "—")
        if unpriced:
            text += " " + self.tr("(billed by the provider: {targets})").format(
                targets=", ".join(unpriced)
            )
        self.total.setText(text)
        self.compare_button.setEnabled(chosen.ok and bool(self.prompt.toPlainText().strip()))

    def send(self) -> None:
        chosen = self.current_plan()
        if chosen is None or not chosen.ok:
            return
        self.compare_button.setEnabled(False)
        self.tasks.spawn(self._send(chosen), on_error=self._failed)

    async def _send(self, chosen: ComparePlan) -> None:
        group, _ = await compare_engine.start(self.engine, chosen)
        self.started.emit(group)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.refresh()
        if isinstance(error, OverBudget):
            chosen = self.current_plan()
            if chosen is not None:
                self.wallet.offer_raise(error, lambda: self._send(chosen))
            return
        self.notes.setText(error.message if isinstance(error, StudioError) else str(error))
