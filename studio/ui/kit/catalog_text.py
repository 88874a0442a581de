"""The catalog's words as the window shows them, in the user's language.

The catalog keeps English labels and the APIs' own values ("low", "auto", ...), which the command
line, the journal and the wire use; only what the window displays is translated here. Product and
model names have no translation and come back unchanged.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale

from studio.domain.catalog import ModelSpec, provider_spec
from studio.domain.models import Balance, Cost
from studio.engine.costs import CostAccount

#: API values the selectors offer that are words; everything else (1k, 16:9, png) shows as is.
_VALUES = {
    "auto": QT_TRANSLATE_NOOP("studio.values", "auto"),
    "low": QT_TRANSLATE_NOOP("studio.values", "low"),
    "medium": QT_TRANSLATE_NOOP("studio.values", "medium"),
    "high": QT_TRANSLATE_NOOP("studio.values", "high"),
    "opaque": QT_TRANSLATE_NOOP("studio.values", "opaque"),
    "transparent": QT_TRANSLATE_NOOP("studio.values", "transparent"),
}


def provider_label(provider_id: str) -> str:
    """The provider's name for display ("Demo (offline)" translated); an unknown id as is."""
    try:
        label = provider_spec(provider_id).label
    except KeyError:
        return provider_id
    return QCoreApplication.translate("studio.catalog", label)


def model_description(model: ModelSpec) -> str:
    return QCoreApplication.translate("studio.catalog", model.description)


def value_label(value: str) -> str:
    """A selector value for display: "medium" becomes "Mittel" in German; "16:9" stays."""
    if value in _VALUES:
        return QCoreApplication.translate("studio.values", str(_VALUES[value]))
    return value


def number_text(amount: Decimal) -> str:
    """A decimal amount in the user's locale: "20.000" and "0,25" in German, "20,000" in English;
    exact (no float rounding) and without trailing zeros."""
    locale = QLocale()
    text = f"{abs(amount).normalize():f}"
    whole, _, fraction = text.partition(".")
    out = locale.toString(int(whole))
    if fraction:
        out += locale.decimalPoint() + fraction
    return (locale.negativeSign() + out) if amount < 0 else out


def amount_text(value: Cost | Balance) -> str:
    """A cost or balance for display: "24 Credits", "24 크레딧"; a currency code stays as it is."""
    amount = number_text(value.amount)
    if value.unit == "credits":
        return QCoreApplication.translate("studio.values", "{amount} credits").format(amount=amount)
    return f"{amount} {value.unit}"


def cost_text(account: CostAccount) -> str:
    """A job's cost as the queue and details show it: "≈ 12 credits" while it is an estimate,
    "12 credits" once charged, "Not charged" when nothing was; "—" when nothing is known."""
    if account.charged is False:
        return QCoreApplication.translate("studio.values", "Not charged")
    if account.charged and account.charged_cost is not None:
        return amount_text(account.charged_cost)
    if account.estimated is not None:
        return QCoreApplication.translate("studio.values", "≈ {amount}").format(
            amount=amount_text(account.estimated)
        )
    return "—"


def cost_tip(account: CostAccount) -> str:
    """Why the cost column says what it says."""
    if account.charged is False:
        return QCoreApplication.translate(
            "studio.values", "The provider charged nothing for this job."
        )
    if account.charged:
        return QCoreApplication.translate("studio.values", "What the provider charged.")
    if account.estimated is not None:
        return QCoreApplication.translate(
            "studio.values", "An estimate from the prices; the provider has not reported a charge."
        )
    return QCoreApplication.translate("studio.values", "This provider does not report a price.")
