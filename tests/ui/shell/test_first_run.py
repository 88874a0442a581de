"""First run: no key configured, the studio opens on the demo provider with a banner."""

from __future__ import annotations

from tests.ui.conftest import StudioFactory


def test_window_is_titled_image_studio(make_studio: StudioFactory) -> None:
    studio = make_studio()
    assert studio.window.windowTitle() == "Image Studio"


def test_without_a_key_the_studio_opens_on_the_demo_with_a_banner(
    make_studio: StudioFactory,
) -> None:
    studio = make_studio(demo=False)
    window = studio.window
    assert window.composer.parameters.provider() == "demo"
    assert window.demo_banner.isVisible()
    assert window.demo_banner.label.text() == (
        "Demo: images are placeholders — add an API key to generate for real"
    )


def test_prompt_editor_has_focus_when_the_window_opens(make_studio: StudioFactory) -> None:
    studio = make_studio()
    studio.run.until(
        lambda: studio.window.composer.prompt.edit.hasFocus(),
        message="the prompt editor never got focus",
    )


def test_the_demo_banner_is_tinted_for_the_theme_and_follows_a_theme_change(
    make_studio: StudioFactory,
) -> None:
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    from studio.ui.kit.palette import tinted

    studio = make_studio(demo=False)
    banner = studio.window.demo_banner
    app = QApplication.instance()
    assert isinstance(app, QApplication)

    def corner() -> QColor:
        return banner.grab().toImage().pixelColor(banner.width() // 2, 2)

    def close(a: QColor, b: QColor) -> bool:
        return all(abs(x - y) <= 3 for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))

    accent = QColor("#e0a800")
    light = corner()
    assert close(light, tinted(banner.palette(), accent))
    original = app.palette()
    dark = QPalette(original)
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    try:
        app.setPalette(dark)
        studio.run.until(lambda: close(corner(), tinted(dark, accent)), message="tint kept")
        assert corner().lightness() < light.lightness()
    finally:
        app.setPalette(original)


def test_the_gallery_and_queue_lists_have_the_base_background(make_studio: StudioFactory) -> None:
    from PySide6.QtGui import QPalette

    window = make_studio().window
    for view in (window.gallery.view, window.queue.table):
        image = view.grab().toImage()
        base = view.palette().color(QPalette.ColorRole.Base)
        assert image.pixelColor(image.width() // 2, image.height() - 8) == base
