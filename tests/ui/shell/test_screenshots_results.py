"""Screenshots of a result chosen with a click and of the viewer, at 1280x720 in each language.

Set STUDIO_SCREENSHOTS=/path to keep them (the docs use docs/screenshots); otherwise they go to
a temporary folder, and the test still checks that each grab is a real picture of that result.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from studio.ui.settings.languages import install_translators
from tests.ui.conftest import StudioFactory
from tests.ui.gallery.test_gallery_mouse import click
from tests.ui.gallery.test_viewer import double_click
from tests.ui.shell.test_screenshots import PROMPTS, grab, submit


@pytest.fixture(params=("en", "de", "ko"))
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    translators = [] if request.param == "en" else install_translators(qapp, request.param)
    yield request.param
    for translator in translators:
        qapp.removeTranslator(translator)
        translator.deleteLater()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("STUDIO_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_screenshots_of_a_clicked_result_and_the_viewer(
    language: str, make_studio: StudioFactory, shots: Path
) -> None:
    studio = make_studio(demo_seconds=0.1)
    studio.window.resize(1280, 720)
    for prompt in PROMPTS[:6]:
        submit(studio, prompt)
    gallery = studio.window.gallery_model
    studio.run.until(lambda: gallery.rowCount() == 6, timeout=60)
    click(studio, 3)
    details = studio.window.details
    assert details.entry == gallery.entry(3)
    studio.run.until(lambda: not studio.window.thumbnails.busy and details.preview.has_image())
    grab(studio, shots / f"result-selected-{language}.png")
    viewer = double_click(studio, 3)
    studio.run.settle(0.3)
    assert viewer.entry == gallery.entry(3)
    assert viewer.grab().save(str(shots / f"viewer-{language}.png"))
    viewer.close()
