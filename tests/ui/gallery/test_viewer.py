"""The viewer, driven as a person does: double-click, keys, wheel and drags on real widgets."""

from __future__ import annotations

import threading

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPixmap, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from studio.ui.gallery import thumbnails
from studio.ui.gallery.viewer import ImageViewer, ViewerCanvas
from tests.ui.conftest import Studio
from tests.ui.gallery.test_gallery import generate
from tests.ui.gallery.test_gallery_mouse import click, item_center


def double_click(studio: Studio, row: int) -> ImageViewer:
    """The events a window system sends for a double-click: press, release, press,
    double-click, release (QTest.mouseDClick alone sends only the double-click event)."""
    viewport = studio.window.gallery.view.viewport()
    at, left, none = (
        item_center(studio, row),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QTest.mouseClick(viewport, left, none, at)
    QTest.mousePress(viewport, left, none, at)
    QTest.mouseDClick(viewport, left, none, at)
    QTest.mouseRelease(viewport, left, none, at)
    viewer = studio.window.gallery.viewer
    assert viewer is not None and viewer.isVisible(), "the viewer did not open"
    studio.run.until(viewer.canvas.has_image, message="the viewer never showed the image")
    return viewer


def test_double_click_opens_that_result_large_and_esc_closes(studio: Studio) -> None:
    generate(studio, "the older one")
    generate(studio, "the newer one")
    viewer = double_click(studio, 1)
    assert viewer.entry == studio.window.gallery_model.entry(1)
    assert viewer.width() >= studio.window.width() * 0.9
    QTest.keyClick(viewer.canvas, Qt.Key.Key_Escape)
    assert not viewer.isVisible()


def test_enter_and_space_open_the_viewer(studio: Studio) -> None:
    generate(studio, "one")
    click(studio, 0)
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Space):
        QTest.keyClick(studio.window.gallery.view, key)
        viewer = studio.window.gallery.viewer
        assert viewer is not None and viewer.isVisible(), f"{key} did not open the viewer"
        viewer.close()


def test_the_image_is_decoded_off_the_ui_thread(studio: Studio, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    generate(studio, "decode me elsewhere")
    threads: list[threading.Thread] = []
    original = thumbnails.read_scaled

    def recording(path: str, edge: int) -> QImage:
        threads.append(threading.current_thread())
        return original(path, edge)

    monkeypatch.setattr(thumbnails, "read_scaled", recording)
    viewer = double_click(studio, 0)
    assert threads and threading.main_thread() not in threads
    assert viewer.canvas.image_size().width() > 200  # the full image, not the thumbnail


def test_arrows_step_through_the_results_and_the_gallery_follows(studio: Studio) -> None:
    generate(studio, "a", "b", "c")
    gallery = studio.window.gallery_model
    viewer = double_click(studio, 0)
    QTest.keyClick(viewer.canvas, Qt.Key.Key_Right)
    assert viewer.entry == gallery.entry(1)
    studio.run.until(viewer.canvas.has_image)
    assert studio.window.details.entry == gallery.entry(1)
    QTest.keyClick(viewer.canvas, Qt.Key.Key_Left)
    QTest.keyClick(viewer.canvas, Qt.Key.Key_Left)  # already the first: stays
    assert viewer.entry == gallery.entry(0)
    assert studio.window.gallery.current_entry() == gallery.entry(0)


def test_keys_zoom_to_100_percent_and_back_to_fit(studio: Studio) -> None:
    generate(studio, "zoom")
    viewer = double_click(studio, 0)
    canvas = viewer.canvas
    assert canvas.fitting
    QTest.keyClick(canvas, Qt.Key.Key_1)
    assert not canvas.fitting and abs(canvas.scale() - 1.0) < 1e-9
    assert "100 %" in viewer.caption.text()
    QTest.keyClick(canvas, Qt.Key.Key_Plus)
    assert abs(canvas.scale() - 1.25) < 1e-9
    QTest.keyClick(canvas, Qt.Key.Key_F)
    assert canvas.fitting


def test_f11_toggles_full_screen(studio: Studio) -> None:
    generate(studio, "big")
    viewer = double_click(studio, 0)
    QTest.keyClick(viewer.canvas, Qt.Key.Key_F11)
    assert viewer.isFullScreen()
    QTest.keyClick(viewer.canvas, Qt.Key.Key_F11)
    assert not viewer.isFullScreen()


def canvas_with(qtbot, image: QImage) -> ViewerCanvas:  # type: ignore[no-untyped-def]
    canvas = ViewerCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(400, 300)
    canvas.show()
    canvas.set_pixmap(QPixmap.fromImage(image))
    return canvas


def wheel(canvas: ViewerCanvas, at: QPoint, clicks: int) -> None:
    event = QWheelEvent(
        QPointF(at),
        QPointF(canvas.mapToGlobal(at)),
        QPoint(0, 0),
        QPoint(0, 120 * clicks),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(canvas, event)


def test_the_wheel_zooms_about_the_pointer(qtbot) -> None:  # type: ignore[no-untyped-def]
    image = QImage(200, 100, QImage.Format.Format_RGB32)
    image.fill(QColor("navy"))
    canvas = canvas_with(qtbot, image)
    before = canvas.target_rect()
    at = QPoint(150, 120)
    # The image point under the pointer, as a fraction of the image, before and after.
    fraction = (QPointF(at) - before.topLeft()) / before.width()
    wheel(canvas, at, 2)
    after = canvas.target_rect()
    assert after.width() > before.width() * 1.5
    moved = (QPointF(at) - after.topLeft()) / after.width()
    assert abs(moved.x() - fraction.x()) < 1e-6 and abs(moved.y() - fraction.y()) < 1e-6


def test_dragging_pans_the_image(qtbot) -> None:  # type: ignore[no-untyped-def]
    image = QImage(2000, 2000, QImage.Format.Format_RGB32)
    image.fill(QColor("olive"))
    canvas = canvas_with(qtbot, image)
    canvas.actual_size()
    before = canvas.target_rect()
    QTest.mousePress(
        canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(200, 150)
    )
    QTest.mouseMove(canvas, QPoint(230, 170))
    QTest.mouseMove(canvas, QPoint(260, 190))
    QTest.mouseRelease(
        canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(260, 190)
    )
    after = canvas.target_rect()
    assert after.topLeft() - before.topLeft() == QPointF(60, 40)


def test_transparency_shows_a_checkerboard(qtbot) -> None:  # type: ignore[no-untyped-def]
    image = QImage(100, 100, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    canvas = canvas_with(qtbot, image)
    canvas.actual_size()
    grab = canvas.grab().toImage()
    rect = canvas.target_rect().toRect()
    ratio = grab.devicePixelRatio()
    colours = {
        grab.pixelColor(round(x * ratio), round(y * ratio)).name()
        for x in range(rect.left() + 2, rect.right() - 2, 5)
        for y in range(rect.top() + 2, rect.bottom() - 2, 5)
    }
    assert colours == {"#cccccc", "#999999"}


def test_double_clicking_the_large_preview_opens_the_viewer(studio: Studio) -> None:
    generate(studio, "the older one")
    generate(studio, "the newer one")
    click(studio, 1)
    preview = studio.window.details.preview
    studio.run.until(preview.has_image)
    at, left, none = (
        preview.rect().center(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QTest.mouseClick(preview, left, none, at)
    QTest.mousePress(preview, left, none, at)
    QTest.mouseDClick(preview, left, none, at)
    QTest.mouseRelease(preview, left, none, at)
    viewer = studio.window.gallery.viewer
    assert viewer is not None and viewer.isVisible()
    assert viewer.entry == studio.window.gallery_model.entry(1)
