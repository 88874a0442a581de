"""Save as (#16 item 9): the extension typed wins over the file-type filter shown: the copy is
converted to that format and keeps its metadata."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PySide6.QtWidgets import QFileDialog

from studio.imaging import metadata
from tests.ui.conftest import Studio
from tests.ui.gallery.test_gallery import generate, select_first


def test_a_typed_extension_beats_the_selected_filter(studio: Studio, tmp_path: Path) -> None:
    generate(studio, "keep my words")
    select_first(studio)
    studio.window.save_action.trigger()
    dialog = studio.window.findChild(QFileDialog, "saveAsDialog")
    assert dialog is not None
    png_filter = next(f for f in dialog.nameFilters() if "*.png" in f)
    dialog.selectNameFilter(png_filter)
    target = tmp_path / "typed.webp"
    dialog.selectFile(str(target))
    dialog.accept()
    studio.run.until(target.exists, message="nothing saved")
    studio.run.settle(0.2)
    with Image.open(target) as image:
        assert image.format == "WEBP"
    found = metadata.read_texts(target)
    assert found is not None and "keep my words" in found.texts["studio"]
    assert not (tmp_path / "typed.webp.png").exists() and not (tmp_path / "typed.png").exists()
