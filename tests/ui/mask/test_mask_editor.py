"""The mask editor as a person uses it: real mouse press, move and release events on the canvas;
brush size and hardness, eraser, invert, clear, undo; the overlay; the saved PNG."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from studio.imaging.masks import prepare_mask
from studio.providers.base import PreparedReference
from studio.ui.mask.dialog import MaskDialog

SIZE = (400, 300)


@pytest.fixture
def reference(tmp_path: Path) -> Path:
    path = tmp_path / "photo.png"
    Image.new("RGB", SIZE, (40, 120, 200)).save(path)
    return path


@pytest.fixture
def dialog(qtbot, reference: Path, tmp_path: Path) -> MaskDialog:  # type: ignore[no-untyped-def]
    made = MaskDialog(str(reference), tmp_path / "masks")
    qtbot.addWidget(made)
    made.resize(800, 600)
    made.show()
    qtbot.waitExposed(made)
    return made


def at(dialog: MaskDialog, x: float, y: float) -> QPointF:
    """Where picture pixel (x, y) is on the canvas widget."""
    rect = dialog.canvas.picture_rect()
    return QPointF(rect.x() + x * rect.width() / SIZE[0], rect.y() + y * rect.height() / SIZE[1])


def send(dialog: MaskDialog, kind: QEvent.Type, point: QPointF, held: bool) -> None:
    button = Qt.MouseButton.LeftButton
    event = QMouseEvent(
        kind,
        point,
        dialog.canvas.mapToGlobal(point),
        Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else button,
        button if held else Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(dialog.canvas, event)


def stroke(dialog: MaskDialog, *points: tuple[float, float]) -> None:
    """Press at the first point, move through the others, release at the last."""
    first, *rest = [at(dialog, x, y) for x, y in points]
    send(dialog, QEvent.Type.MouseButtonPress, first, held=True)
    for point in rest:
        send(dialog, QEvent.Type.MouseMove, point, held=True)
    send(dialog, QEvent.Type.MouseButtonRelease, rest[-1] if rest else first, held=False)


def alpha(dialog: MaskDialog, x: int, y: int) -> int:
    return dialog.canvas.mask_image.pixelColor(x, y).alpha()


def save_button(dialog: MaskDialog):  # type: ignore[no-untyped-def]
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def test_a_brush_stroke_marks_its_path_for_editing_and_nothing_else(dialog: MaskDialog) -> None:
    assert not save_button(dialog).isEnabled()  # nothing to edit yet
    dialog.size_slider.setValue(20)
    stroke(dialog, (50, 150), (150, 150), (250, 150))
    assert alpha(dialog, 50, 150) == alpha(dialog, 150, 150) == alpha(dialog, 200, 150) == 0
    assert alpha(dialog, 150, 50) == alpha(dialog, 350, 150) == 255
    assert save_button(dialog).isEnabled()


def test_a_bigger_brush_covers_more(dialog: MaskDialog) -> None:
    dialog.hardness_slider.setValue(100)
    dialog.size_slider.setValue(10)
    stroke(dialog, (100, 100))
    assert alpha(dialog, 100, 112) == 255
    dialog.size_slider.setValue(60)
    stroke(dialog, (100, 100))
    assert alpha(dialog, 100, 112) == 0


def test_a_soft_brush_fades_at_its_edge_and_a_hard_one_does_not(dialog: MaskDialog) -> None:
    dialog.size_slider.setValue(80)
    dialog.hardness_slider.setValue(0)
    stroke(dialog, (100, 150))
    soft_edge = alpha(dialog, 100 + 34, 150)
    dialog.hardness_slider.setValue(100)
    stroke(dialog, (300, 150))
    hard_edge = alpha(dialog, 300 + 34, 150)
    assert 0 < soft_edge < 255
    assert hard_edge == 0


def test_the_eraser_puts_back_what_the_brush_took(dialog: MaskDialog) -> None:
    dialog.hardness_slider.setValue(100)
    dialog.size_slider.setValue(40)
    stroke(dialog, (100, 100), (300, 100))
    dialog.eraser_button.click()
    stroke(dialog, (200, 100))
    assert alpha(dialog, 200, 100) == 255
    assert alpha(dialog, 110, 100) == 0


def test_invert_clear_and_undo(dialog: MaskDialog) -> None:
    dialog.hardness_slider.setValue(100)
    stroke(dialog, (100, 100))
    dialog.invert_button.click()
    assert alpha(dialog, 100, 100) == 255 and alpha(dialog, 350, 250) == 0
    dialog.undo_button.click()
    assert alpha(dialog, 100, 100) == 0 and alpha(dialog, 350, 250) == 255
    dialog.clear_button.click()
    assert alpha(dialog, 100, 100) == 255
    assert not save_button(dialog).isEnabled()
    dialog.undo_button.click()
    assert alpha(dialog, 100, 100) == 0
    dialog.undo_button.click()  # back before the stroke
    assert alpha(dialog, 100, 100) == 255
    assert not dialog.undo_button.isEnabled()


def test_the_overlay_tints_only_what_will_change(dialog: MaskDialog) -> None:
    dialog.hardness_slider.setValue(100)
    stroke(dialog, (100, 100))
    overlay = dialog.canvas.overlay()
    assert overlay.pixelColor(100, 100).alpha() > 100
    assert overlay.pixelColor(300, 250).alpha() == 0


def test_saved_mask_is_a_png_of_the_reference_size_with_alpha_0_where_painted(
    dialog: MaskDialog, reference: Path
) -> None:
    dialog.hardness_slider.setValue(100)
    stroke(dialog, (60, 60), (120, 60))
    save_button(dialog).click()
    assert dialog.saved_path is not None
    with Image.open(dialog.saved_path) as saved:
        assert saved.format == "PNG" and saved.size == SIZE
        rgba = saved.convert("RGBA")
        assert rgba.getpixel((90, 60))[3] == 0
        assert rgba.getpixel((300, 250))[3] == 255
    # What the studio checks before sending accepts it.
    sent = PreparedReference(data=reference.read_bytes())
    prepared = prepare_mask(dialog.saved_path, str(reference), sent)
    assert prepared.data is not None
