"""The wallet's place in the window: the Spend view in the menu, and a job refused over a cap
answered with an offer to raise that cap (just enough for the job) and send it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenuBar, QWidget

from studio.domain.errors import OverBudget
from studio.domain.models import Balance
from studio.ui.kit import catalog_text, confirm
from studio.ui.kit.bridge import TaskRunner
from studio.ui.kit.catalog_text import amount_text, number_text
from studio.ui.kit.engine_api import EngineApi

if TYPE_CHECKING:  # imported when first opened (idle memory, #23)
    from PySide6.QtWidgets import QMessageBox

    from studio.ui.wallet.spend_view import SpendDialog


class WalletController(QObject):
    def __init__(self, window: QWidget, engine: EngineApi, tasks: TaskRunner) -> None:
        super().__init__(window)
        self.window, self.engine, self.tasks = window, engine, tasks
        self.spend_action = QAction(self.tr("Spend and budgets…"), window)
        self.spend_action.setObjectName("spendAction")
        self.spend_action.triggered.connect(self.open_spend)
        self.dialog: SpendDialog | None = None

    def install(self, menu_bar: QMenuBar) -> None:
        menu = menu_bar.addMenu(self.tr("&Wallet"))
        menu.setObjectName("walletMenu")
        menu.addAction(self.spend_action)

    def open_spend(self) -> SpendDialog:
        if self.dialog is None:
            from studio.ui.wallet.spend_view import SpendDialog

            self.dialog = SpendDialog(self.engine, self.tasks, self.window)
        self.dialog.reload()
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def refusal_text(self, error: OverBudget) -> str:
        """The refusal with its figures, in the user's language."""
        period = self.tr("today") if error.period == "daily" else self.tr("this month")
        cap = Balance(error.cap, error.unit)
        text = self.tr(
            "{provider} {period}: {spent} of {cap} spent, this job ≈ {estimate}."
        ).format(
            provider=catalog_text.provider_label(error.provider),
            period=period,
            spent=number_text(error.spent),
            cap=amount_text(cap),
            estimate=number_text(error.estimate),
        )
        if error.in_flight:
            text += " " + self.tr("{amount} more is in flight.").format(
                amount=number_text(error.in_flight)
            )
        return text

    def refused(self, error: Exception) -> bool:
        """When `error` is a budget refusal, offer to raise the cap and send what it refused
        again; whether it was one."""
        if not isinstance(error, OverBudget):
            return False
        requests, job_id, pay_again = error.requests, error.retry_of, error.pay_again

        async def send() -> None:
            if job_id is not None:  # a Retry: again through Retry, with the job's settings
                await self.engine.retry(job_id, pay_again=pay_again)
                return
            for request in requests:
                await self.engine.submit(request)

        self.offer_raise(error, send)
        return True

    def offer_raise(self, error: OverBudget, send: Callable[[], Awaitable[object]]) -> QMessageBox:
        """Say why nothing was sent; on request raise the cap to what the job needs, then
        `send` again (checked again: another job may have taken the room meanwhile)."""
        needed = amount_text(Balance(error.cap_needed, error.unit))
        question = (
            self.tr("Nothing was sent. Raise the daily cap to {cap} and send?")
            if error.period == "daily"
            else self.tr("Nothing was sent. Raise the monthly cap to {cap} and send?")
        ).format(cap=needed)
        return confirm.ask(
            self.window,
            name="raiseCapQuestion",
            title=self.tr("Over budget"),
            text=self.refusal_text(error) + "\n\n" + question,
            confirm=self.tr("Raise cap and send"),
            on_confirm=lambda: self.tasks.spawn(self._raise_and_send(error, send)),
            destructive=False,
        )

    async def _raise_and_send(
        self, error: OverBudget, send: Callable[[], Awaitable[object]]
    ) -> None:
        from studio.engine import wallet

        await self.engine.db(lambda j: wallet.raised(j, error))
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.reload()
        try:
            await send()
        except OverBudget as again:
            self.offer_raise(again, send)
