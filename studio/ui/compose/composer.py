"""The left-hand panel: selectors, prompt, extras and references, and the Generate bar with the
cost estimate, the balance and, when the request cannot be sent, the reason why."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.domain.catalog import provider_spec
from studio.domain.errors import InvalidRequest
from studio.domain.models import Balance, GenerationRequest, ReferenceImage
from studio.domain.pricing import estimate_cost
from studio.domain.refhost import RefBucket, hosts
from studio.domain.sizing import request_plan
from studio.domain.validation import Refusal, validate
from studio.settings import Settings, data_dir
from studio.ui.compose.extras_form import ExtrasForm
from studio.ui.compose.parameters import ParametersPanel
from studio.ui.compose.prompt_editor import PromptEditor
from studio.ui.compose.reference_zone import ReferenceZone
from studio.ui.kit.bridge import TaskRunner
from studio.ui.kit.catalog_text import amount_text
from studio.ui.kit.engine_api import ReferenceInfoLike
from studio.ui.kit.messages import refusal_text, text_of
from studio.ui.kit.palette import error_color, muted_color, set_text_color
from studio.ui.kit.plain import plain_label, plain_tip
from studio.ui.mask.row import MaskRow
from studio.ui.references import PAGE


class GenerateBar(QWidget):
    """Estimated cost, remaining balance, the Generate button and why it is disabled."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cost_label = QLabel(self)
        self.cost_label.setObjectName("costLabel")
        self.cost_label.setWordWrap(True)  # long in some languages; the panel must not widen
        self.size_label = QLabel(self)
        self.size_label.setObjectName("sizeLabel")
        self.size_label.setWordWrap(True)
        self.balance_label = QLabel(self)
        self.balance_label.setObjectName("balanceLabel")
        self.balance_label.setWordWrap(True)
        set_text_color(self.balance_label, muted_color(self.palette()))
        self.generate_button = QPushButton(self.tr("Generate"), self)
        self.generate_button.setObjectName("generateButton")
        self.generate_button.setDefault(True)
        self.generate_button.setToolTip(self.tr("Generate (Ctrl+Enter)"))
        self.reason_label = plain_label(QLabel(self))
        self.reason_label.setObjectName("reasonLabel")
        self.reason_label.setWordWrap(True)
        self.reason_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_text_color(self.reason_label, error_color(self.palette()))
        # Shown with a refusal that reference hosting would lift (a local file for JoyAI).
        self.hosting_button = QPushButton(self.tr("Set up reference hosting…"), self)
        self.hosting_button.setObjectName("hostingButton")
        self.hosting_button.hide()
        numbers = QVBoxLayout()
        numbers.setSpacing(0)
        numbers.addWidget(self.size_label)
        numbers.addWidget(self.cost_label)
        numbers.addWidget(self.balance_label)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(numbers, 1)
        row.addWidget(self.generate_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.hosting_button, 0, Qt.AlignmentFlag.AlignLeft)

    def show_reason(self, reason: str | None) -> None:
        self.generate_button.setEnabled(reason is None)
        self.reason_label.setText(reason or "")
        self.reason_label.setVisible(bool(reason))
        self.generate_button.setToolTip(plain_tip(reason) or self.tr("Generate (Ctrl+Enter)"))


class ContentLayout(QVBoxLayout):
    """The composer's layout; `invalidated` is emitted whenever Qt invalidates it (a field shown,
    a reference added), when what the composer needs may have changed: the moment Qt posts the
    composer a LayoutRequest. The scrolling column listens to this rather than to that event: an
    event filter written in Python is handed QEvent*, and for the first one PySide builds a Python
    class for every QEvent subclass (some fifty: 1.1 MB of the idle window, bench/README.md)."""

    invalidated = Signal()

    def invalidate(self) -> None:
        super().invalidate()
        self.invalidated.emit()


class Composer(QWidget):
    """Everything that makes up the next request.

    Signals:
        generate_requested(GenerationRequest): the request is valid and the user asked for it.
        model_changed(ModelSpec): the provider or model changed.
        hosting_requested(str): the settings page to open (References) to lift a refusal.
    """

    generate_requested = Signal(object)
    model_changed = Signal(object)
    hosting_requested = Signal(str)

    def __init__(
        self,
        prepare_reference: Callable[[str], Awaitable[ReferenceInfoLike]],
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.has_key: Callable[[str], bool] = lambda provider: True
        self.inline_references = False
        #: The user's bucket for local references (Settings → References), if set up.
        self.ref_bucket: RefBucket | None = None
        self._balances: dict[str, Balance] = {}
        self.parameters = ParametersPanel(self)
        self.prompt = PromptEditor(self)
        self.extras = ExtrasForm(self)
        self.references = ReferenceZone(prepare_reference, tasks, self)
        sources = self.references.sources
        self.mask_row = MaskRow(lambda: next(iter(sources()), None), data_dir() / "masks", self)
        self.bar = GenerateBar(self)
        settings_box = QGroupBox(self.tr("Settings"), self)
        QVBoxLayout(settings_box).addWidget(self.parameters)
        self.extras_box = QGroupBox(self.tr("Details"), self)
        QVBoxLayout(self.extras_box).addWidget(self.extras)
        self.content_layout = layout = ContentLayout(self)
        layout.addWidget(settings_box)
        layout.addWidget(self.prompt, 1)
        layout.addWidget(self.extras_box)
        layout.addWidget(self.references)
        layout.addWidget(self.mask_row)
        # The bar is not laid out here: the window pins it below the scrolling column
        # (studio.ui.compose.settings_column), where it never scrolls out of view.
        self.parameters.changed.connect(self.refresh)
        self.parameters.model_changed.connect(self._on_model_changed)
        self.prompt.changed.connect(self.refresh)
        self.prompt.submit_requested.connect(self.generate)
        self.extras.changed.connect(self.refresh)
        self.references.changed.connect(self.mask_row.refresh)
        self.references.changed.connect(self.refresh)
        self.mask_row.changed.connect(self.refresh)
        self.bar.generate_button.clicked.connect(self.generate)
        self.bar.hosting_button.clicked.connect(lambda: self.hosting_requested.emit(PAGE))
        self._on_model_changed()

    # -- the request ------------------------------------------------------------------------
    def current_request(self) -> GenerationRequest:
        fields = self.parameters.request_fields()
        extras = self.extras.values()
        if fields.get("count", 1) != 1:
            extras.pop("partial_images", None)  # live previews stream a single image
        return GenerationRequest(
            prompt=self.prompt.text(),
            references=tuple(ReferenceImage(s) for s in self.references.sources()),
            extras=extras,
            inline_references=self.inline_references,
            mask=self.mask_row.path if self.parameters.model().takes_mask else None,
            **fields,
        )

    def problem(self) -> str | None:
        """Why the current request cannot be sent, or None when it can."""
        request = self.current_request()
        self.bar.hosting_button.hide()
        try:
            validate(request, hosting=hosts(provider_spec(request.provider), self.ref_bucket))
        except Refusal as refusal:
            self.bar.hosting_button.setVisible("hosting" in refusal.params)
            return refusal_text(refusal)
        if self.references.busy:
            return self.tr("Checking the reference images…")
        if provider_spec(request.provider).key_env and not self.has_key(request.provider):
            return self.tr("Add your {provider} API key in Settings (Ctrl+,) to generate.").format(
                provider=provider_spec(request.provider).label
            )
        return None

    def use_settings(self, settings: Settings) -> None:
        """How local references may travel: inline (opt-in) or through the user's bucket."""
        self.inline_references = settings.inline_references
        try:
            self.ref_bucket = settings.ref_hosting()
        except InvalidRequest:  # a bucket the settings dialog would not have saved
            self.ref_bucket = None
        self.refresh()

    def apply_request(self, request: GenerationRequest) -> None:
        """Reuse a request's settings: selectors, prompt, extras and references."""
        self.parameters.apply(request.to_dict())
        self.prompt.set_text(request.prompt)
        self.extras.set_values(dict(request.extras))
        first = request.references[0].source if request.references else None
        self.mask_row.restore(request.mask, first)
        self.references.clear()
        if request.references:
            self.references.add_sources(r.source for r in request.references)
        self.refresh()

    def generate(self) -> None:
        self.refresh()
        if self.bar.generate_button.isEnabled():
            request = self.current_request()
            self.prompt.history.add(request.prompt)
            self.generate_requested.emit(request)

    # -- display ----------------------------------------------------------------------------
    def set_balance(self, provider: str, balance: Balance) -> None:
        self._balances[provider] = balance
        self.refresh()

    def refresh(self) -> None:
        request = self.current_request()
        cost = estimate_cost(request)
        self.bar.cost_label.setText(
            self.tr("Estimated cost: {cost}").format(cost=amount_text(cost))
            if cost is not None
            else self.tr("Estimated cost: billed by the provider")
        )
        self._show_size(request)
        balance = self._balances.get(request.provider)
        text = self.tr("Balance: {balance}").format(balance=amount_text(balance)) if balance else ""
        low = bool(balance and cost and cost.unit == balance.unit and balance.amount < cost.amount)
        if low and balance:  # shown before Generate is pressed, not only refused after
            text = self.tr("Balance: {balance}, less than this job's estimate").format(
                balance=amount_text(balance)
            )
        self.bar.balance_label.setProperty("low", low)
        self.bar.balance_label.setText(text)
        self.bar.balance_label.setVisible(balance is not None)
        self.bar.show_reason(self.problem())

    def _show_size(self, request: GenerationRequest) -> None:
        """The pixel size that will be requested (the one vocabulary of studio/domain/sizing.py)
        and, where it is not what the ratio and resolution asked, why."""
        plan = request_plan(request)
        if plan is None or plan.pixels is None:
            self.bar.size_label.setText(self.tr("Size: chosen by the model"))
        else:
            text = self.tr("Size: {size} pixels").format(size=plan.pixels_text)
            if plan.note is not None:
                text += "\n" + text_of(plan.note)
            self.bar.size_label.setText(text)

    def _on_model_changed(self) -> None:
        model = self.parameters.model()
        self.prompt.set_limit(model.max_prompt)
        self.extras.set_model(model)
        self.extras_box.setVisible(self.extras.accepts_any)
        self.references.set_model(model)
        self.mask_row.setVisible(model.takes_mask)
        self.refresh()
        self.model_changed.emit(model)
