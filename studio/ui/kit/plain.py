"""Text from outside (a provider's message, a prompt, a path) shown as written, never as markup.

A QLabel in its default format and every tooltip guess whether their text is rich text: a
provider's `<a href=...>` or `<img src=...>` would then render as a link or fetch an image.
Labels that can show such text are set to plain text; tooltips get their text escaped.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QLabel, QWidget


def plain_label(label: QLabel) -> QLabel:
    """`label` shows its text literally, whatever it looks like."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def heading(text: str, parent: QWidget) -> QLabel:
    """A room's title in bold: a plain-text label with a bold font. (Not `<b>…</b>`: rich text
    makes the label lay out an HTML document, 0.25 MB of the idle window, #23.)"""
    label = plain_label(QLabel(text, parent))
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def plain_tip(text: str | None) -> str:
    """A tooltip that shows `text` as written (escaped into a paragraph of rich text)."""
    return GuiQt.convertFromPlainText(text) if text else ""
