"""The catalog's words as the window shows them, in the user's language.

The catalog keeps English labels and the APIs' own values ("low", "auto", ...), which the command
line, the journal and the wire use; only what the window displays is translated here. Product and
model names have no translation and come back unchanged.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from studio.domain.catalog import ModelSpec, provider_spec
from studio.domain.models import Balance, Cost

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


def amount_text(value: Cost | Balance) -> str:
    """A cost or balance for display: "24 Credits", "24 크레딧"; a currency code stays as it is."""
    amount = f"{value.amount.normalize():f}"
    if value.unit == "credits":
        return QCoreApplication.translate("studio.values", "{amount} credits").format(amount=amount)
    return f"{amount} {value.unit}"
