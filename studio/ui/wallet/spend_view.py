"""The Spend view: per provider, what it charged today, this week and this month in its own unit
(never added across units), its latest balance and when it was seen, its caps (editable here),
and a chart of the last 30 days. Charged amounts only: an estimate is never spend."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.domain.errors import StudioError
from studio.domain.models import Balance
from studio.engine import wallet
from studio.ui.kit import catalog_text
from studio.ui.kit.bridge import TaskRunner
from studio.ui.kit.catalog_text import amount_text, number_text
from studio.ui.kit.engine_api import EngineApi
from studio.ui.wallet.spend_chart import SpendChart

BUDGET_PROVIDERS = ("joyai", "gptimage2ai", "icodeeasy", "openai")


class SpendDialog(QDialog):
    def __init__(self, engine: EngineApi, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spendDialog")
        self.setWindowTitle(self.tr("Spend and budgets"))
        self.engine, self.tasks = engine, tasks
        self.summary: wallet.Summary | None = None
        self.lines: list[wallet.ProviderSpend] = []
        self.table = QTableWidget(0, 7, self)
        self.table.setObjectName("spendTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Provider"),
                self.tr("Today"),
                self.tr("This week"),
                self.tr("This month"),
                self.tr("Balance"),
                self.tr("Daily cap"),
                self.tr("Monthly cap"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._on_row)
        self.chart = SpendChart(self)
        self.chart_title = QLabel(self)
        self.chart_title.setObjectName("chartTitle")

        caps = QGroupBox(self.tr("Caps"), self)
        self.cap_provider = QComboBox(caps)
        self.cap_provider.setObjectName("capProvider")
        for provider in BUDGET_PROVIDERS:
            if wallet.provider_unit(provider) is not None:
                self.cap_provider.addItem(catalog_text.provider_label(provider), provider)
        self.daily = QLineEdit(caps)
        self.daily.setObjectName("dailyCap")
        self.monthly = QLineEdit(caps)
        self.monthly.setObjectName("monthlyCap")
        for field in (self.daily, self.monthly):
            field.setPlaceholderText(self.tr("no cap"))
        self.unit_label = QLabel(caps)
        self.save_caps = QPushButton(self.tr("Save caps"), caps)
        self.save_caps.setObjectName("saveCaps")
        self.cap_status = QLabel(caps)
        self.cap_status.setObjectName("capStatus")
        self.cap_status.setWordWrap(True)
        form = QFormLayout(caps)
        form.addRow(self.tr("Provider"), self.cap_provider)
        form.addRow(self.tr("Per day"), self.daily)
        form.addRow(self.tr("Per month"), self.monthly)
        row = QHBoxLayout()
        row.addWidget(self.unit_label, 1)
        row.addWidget(self.save_caps)
        form.addRow(row)
        form.addRow(self.cap_status)
        self.cap_provider.currentIndexChanged.connect(self._show_caps)
        self.save_caps.clicked.connect(self._save_caps)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        lower = QHBoxLayout()
        charts = QVBoxLayout()
        charts.addWidget(self.chart_title)
        charts.addWidget(self.chart, 1)
        lower.addLayout(charts, 2)
        lower.addWidget(caps, 1)
        layout.addLayout(lower, 1)
        layout.addWidget(buttons)
        self.resize(900, 520)

    # -- data -----------------------------------------------------------------------------------
    def reload(self) -> None:
        self.tasks.spawn(self._reload())

    async def _reload(self) -> None:
        self.show_summary(await self.engine.db(lambda j: wallet.summary(j)))

    def show_summary(self, summary: wallet.Summary) -> None:
        self.summary = summary
        lines = list(summary.lines)
        for provider, cap in summary.budgets.items():
            if not any(line.provider == provider and line.unit == cap.unit for line in lines):
                lines.append(wallet.ProviderSpend(provider, cap.unit))
        self.lines = lines
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            budget = summary.budgets.get(line.provider)
            same = budget is not None and budget.unit == line.unit
            cells = [
                catalog_text.provider_label(line.provider),
                self._amount(line.today, line.unit),
                self._amount(line.week, line.unit),
                self._amount(line.month, line.unit),
                self._balance(line.balance),
                self._cap(line.provider, "daily") if same else "",
                self._cap(line.provider, "monthly") if same else "",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if 0 < column < 4:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        if lines and not self.table.selectedItems():
            self.table.selectRow(0)
        self._on_row()
        self._show_caps()

    def _amount(self, amount: Decimal, unit: str) -> str:
        return amount_text(Balance(amount, unit))

    def _balance(self, seen: wallet.SeenBalance | None) -> str:
        if seen is None:
            return "—"
        when = datetime.fromtimestamp(seen.seen_at).strftime("%Y-%m-%d %H:%M")
        return self.tr("{balance} (seen {when})").format(
            balance=amount_text(seen.balance), when=when
        )

    def _cap(self, provider: str, attribute: str) -> str:
        assert self.summary is not None
        budget = self.summary.budgets[provider]
        cap = getattr(budget, attribute)
        if cap is None:
            return "—"
        spent, pending = self.summary.usage[provider][attribute]
        text = self.tr("{spent} of {cap}").format(
            spent=number_text(spent + pending), cap=amount_text(Balance(cap, budget.unit))
        )
        return text

    def _on_row(self) -> None:
        if self.summary is None or not self.lines:
            self.chart.set_days({}, "", datetime.now().date())
            self.chart_title.setText(self.tr("Last 30 days"))
            return
        rows = self.table.selectionModel().selectedRows()
        line = self.lines[rows[0].row() if rows else 0]
        self.chart.set_days(line.days, line.unit, self.summary.today)
        self.chart_title.setText(
            self.tr("{provider}: charged per day, last 30 days ({unit})").format(
                provider=catalog_text.provider_label(line.provider), unit=line.unit
            )
        )
        index = self.cap_provider.findData(line.provider)
        if index >= 0:
            self.cap_provider.setCurrentIndex(index)

    # -- caps -----------------------------------------------------------------------------------
    def _show_caps(self) -> None:
        provider = self.cap_provider.currentData()
        budget = self.summary.budgets.get(provider) if self.summary else None
        self.daily.setText(number_text(budget.daily) if budget and budget.daily is not None else "")
        self.monthly.setText(
            number_text(budget.monthly) if budget and budget.monthly is not None else ""
        )
        self.unit_label.setText(
            self.tr("in {unit}").format(unit=wallet.provider_unit(provider) or "")
        )

    def _parse(self, field: QLineEdit) -> Decimal | None:
        text = field.text().strip().replace(" ", "")
        if not text:
            return None
        locale = QLocale()
        text = text.replace(locale.groupSeparator(), "").replace(locale.decimalPoint(), ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(field.text()) from None
        if not value.is_finite() or value < 0:
            raise ValueError(field.text())
        return value

    def _save_caps(self) -> None:
        provider = self.cap_provider.currentData()
        try:
            daily, monthly = self._parse(self.daily), self._parse(self.monthly)
        except ValueError as exc:
            self.cap_status.setText(self.tr("“{text}” is not an amount.").format(text=str(exc)))
            return
        self.tasks.spawn(self._store(provider, daily, monthly), on_error=self._store_failed)

    async def _store(self, provider: str, daily: Decimal | None, monthly: Decimal | None) -> None:
        await self.engine.db(lambda j: wallet.set_caps(j, provider, daily, monthly))
        self.cap_status.setText(self.tr("Caps saved."))
        await self._reload()

    def _store_failed(self, error: Exception) -> None:
        self.cap_status.setText(error.message if isinstance(error, StudioError) else str(error))
