"""The start of a script (run by `tests.ui.shell.watching.run_watching`) that shows a gallery
grid of six empty cells in a fresh interpreter, for tests that watch what PySide builds."""

GRID_HEAD = """
import json, sys
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QApplication

app = QApplication([])
from studio.ui.gallery.gallery import GalleryView

view = GalleryView()
model = QStandardItemModel(6, 1)
view.setModel(model)
view.resize(640, 420)
"""
