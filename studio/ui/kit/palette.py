"""Colours derived from the system palette, so light and dark themes both read well."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def error_color(palette: QPalette) -> QColor:
    return QColor("#ff7b72") if is_dark(palette) else QColor("#b3261e")


def muted_color(palette: QPalette) -> QColor:
    color = palette.color(QPalette.ColorRole.WindowText)
    color.setAlphaF(0.65)
    return color


def tinted(palette: QPalette, accent: QColor, strength: float = 0.18) -> QColor:
    """`accent` blended into the window colour: a banner background that suits the theme."""
    base = palette.color(QPalette.ColorRole.Window)
    mix = max(0.0, min(1.0, strength))
    return QColor(
        round(base.red() * (1 - mix) + accent.red() * mix),
        round(base.green() * (1 - mix) + accent.green() * mix),
        round(base.blue() * (1 - mix) + accent.blue() * mix),
    )


def set_text_color(widget: QWidget, color: QColor | None) -> None:
    """Colour a label's text, or restore the palette's own colour with None."""
    palette = widget.palette()
    if color is None:
        parent = widget.parentWidget()
        source = parent.palette() if parent is not None else widget.style().standardPalette()
        palette.setColor(QPalette.ColorRole.WindowText, source.color(QPalette.ColorRole.WindowText))
        palette.setColor(QPalette.ColorRole.Text, source.color(QPalette.ColorRole.Text))
    else:
        palette.setColor(QPalette.ColorRole.WindowText, color)
        palette.setColor(QPalette.ColorRole.Text, color)
    widget.setPalette(palette)
