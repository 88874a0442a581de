"""Retry that would pay again asks first. Retry continues a job whenever it can (no new create);
when it must send the request again while the first attempt may have been charged (an outcome
that is unknown, a job cancelled or failed after the provider took it), the person decides,
told what it may cost. Jobs certain to have cost nothing are sent again without a question."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from studio.domain.models import Cost
from studio.engine.costs import CostAccount
from studio.engine.resend import may_pay_twice
from studio.ui.kit import catalog_text, confirm

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget

    from studio.engine.events import JobRecord


class ResendGuard(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window

    def ask(self, records: list[JobRecord], on_confirm: Callable[[], object]) -> QMessageBox | None:
        """Run `on_confirm` at once, or after the person agrees to pay again."""
        risky = [r for r in records if may_pay_twice(r)]
        if not risky:
            on_confirm()
            return None
        text = self.tr(
            "The first attempt of %n job(s) may already have been charged: its outcome is "
            "unknown, or the provider took it before it ended. Retry sends a new paid request.",
            "",
            len(risky),
        )
        estimates = [r.estimated_cost for r in risky if r.estimated_cost is not None]
        units = {cost.unit for cost in estimates}
        if len(estimates) == len(risky) and len(units) == 1:  # never added across units
            total = Cost(sum((c.amount for c in estimates), Decimal(0)), units.pop())
            cost = catalog_text.cost_text(CostAccount(total, None, None))
            text += " " + self.tr("It costs {cost} again.").format(cost=cost)
        return confirm.ask(
            self._window,
            name="confirmResend",
            title=self.tr("Pay again?"),
            text=text,
            confirm=self.tr("Send again"),
            destructive=True,
            on_confirm=on_confirm,
        )
