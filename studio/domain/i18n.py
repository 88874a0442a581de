"""Marks text that the window shows for translation, without the domain importing Qt.

pyside6-lupdate finds calls by their name, so `QT_TRANSLATE_NOOP("context", "text")` here puts
"text" into the `.ts` files just as Qt's own macro does; the window translates it when it shows
it (`QCoreApplication.translate(context, text)`), and the command line keeps the English.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    """Return `source` unchanged; only marks it for `pyside6-lupdate` under `context`."""
    del context
    return source
