"""Screenshots at 1280x720 (#18): a mask painted on a reference, and a live preview in the queue.

Set STUDIO_SCREENSHOTS=/path to keep them (the docs use docs/screenshots); otherwise they go to
a temporary folder, and the test still checks that each grab is a real, non-blank picture.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage

from studio.emulator import openai_stream
from studio.emulator.images import ImageSpec, render
from tests.ui.conftest import Studio
from tests.ui.helpers import drop_urls
from tests.ui.mask.test_mask_editor import stroke
from tests.ui.mask.test_mask_in_window import openai_studio  # noqa: F401 (a fixture)


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("STUDIO_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def saved(widget_grab: QImage, path: Path) -> None:
    assert widget_grab.save(str(path))
    image = QImage(str(path))
    assert not image.isNull() and image.width() >= 1000
    colours = {image.pixel(x, y) for x in range(0, image.width(), 97) for y in range(0, 700, 89)}
    assert len(colours) > 3, "a blank grab"


def with_reference(studio: Studio, tmp_path: Path) -> None:
    composer = studio.window.composer
    picture = tmp_path / "harbour.png"
    picture.write_bytes(render(ImageSpec(800, 600, "png", "a harbour at dawn", "reference")))
    drop_urls(composer.references, [QUrl.fromLocalFile(str(picture))])
    studio.run.until(lambda: len(composer.references.tiles) == 1)
    composer.prompt.set_text("turn the sky over the harbour into a sunset")


def test_screenshot_mask_painted_on_a_reference(
    openai_studio: Studio,  # noqa: F811
    tmp_path: Path,
    shots: Path,
) -> None:
    studio = openai_studio
    studio.window.resize(1280, 720)
    with_reference(studio, tmp_path)
    dialog = studio.window.composer.mask_row.open_editor()
    assert dialog is not None
    dialog.resize(1280, 720)
    studio.run.until(dialog.isVisible)
    studio.run.settle(0.2)
    dialog.size_slider.setValue(90)
    dialog.hardness_slider.setValue(60)
    stroke(dialog, (60, 60), (300, 80), (560, 60), (740, 90))
    stroke(dialog, (80, 150), (400, 170), (720, 150))
    studio.run.settle(0.2)
    saved(dialog.grab().toImage(), shots / "mask-editor-en.png")
    dialog.save()


def test_screenshot_partial_preview_in_the_queue(
    openai_studio: Studio,  # noqa: F811
    tmp_path: Path,
    shots: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(openai_stream, "EVENT_GAP", 3.0)
    studio = openai_studio
    studio.window.resize(1280, 720)
    with_reference(studio, tmp_path)
    composer = studio.window.composer
    assert composer.bar.generate_button.isEnabled(), composer.bar.reason_label.text()
    composer.generate()
    queue = studio.window.queue_model
    studio.run.until(
        lambda: queue.rowCount() == 1 and queue.record(0).preview is not None, timeout=20
    )
    studio.run.settle(0.3)
    saved(studio.window.grab().toImage(), shots / "partial-preview-en.png")
    studio.run.until(lambda: len(studio.window.gallery_model.result_rows()) == 1, timeout=30)
