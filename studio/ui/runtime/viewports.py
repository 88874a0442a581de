"""Scroll areas get a viewport the studio created, so PySide never has to work out its class.

When Qt hands Python a QWidget that Python has not seen before, PySide finds its most derived
class by walking every QWidget subclass it knows, and creates each of those Python types on the
way (QCalendarWidget, QMdiArea, QWizard and some fifty more, with their enums). The first time,
that is about 10 ms and 2 MB (measured in a bare QListView). A scroll area's `viewport()` is
the usual first such widget; created here, it has its Python object from the start.
"""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractScrollArea, QWidget


def give_own_viewport(area: QAbstractScrollArea) -> QWidget:
    """Replace `area`'s viewport with a plain QWidget made from Python; returns it. It is set up
    as Qt sets up its own (QAbstractScrollAreaPrivate::init): the palette's base colour behind
    the items, and the same object name for style sheets."""
    viewport = QWidget(area)
    viewport.setObjectName("qt_scrollarea_viewport")
    viewport.setBackgroundRole(QPalette.ColorRole.Base)
    viewport.setAutoFillBackground(True)
    area.setViewport(viewport)
    return viewport
