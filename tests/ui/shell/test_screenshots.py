"""Screenshots of the main window: empty, with a running queue, with a full gallery.

Set STUDIO_SCREENSHOTS=/path to keep them (the docs use docs/screenshots); otherwise they go
to a temporary folder, and the test still checks that each grab is a real, non-blank picture.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from studio.domain.models import GenerationRequest, JobState
from tests.ui.conftest import Studio, StudioFactory

PROMPTS = (
    "a lighthouse on a cliff at dusk, oil painting",
    "isometric cozy reading room with plants",
    "macro photo of dew on a spider web",
    "retro travel poster of the alps",
    "a fox in fresh snow, watercolor",
    "neon street market in the rain",
    "paper-cut illustration of a whale",
    "still life with lemons and a blue jug",
    "aerial view of terraced rice fields",
    "a robot tending a bonsai tree",
    "minimal line art of a mountain range",
    "stained glass hummingbird",
)


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("STUDIO_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def grab(studio: Studio, path: Path) -> QImage:
    studio.run.settle(0.3)
    assert studio.window.grab().save(str(path))
    image = QImage(str(path))
    assert image.width() >= 1280 * 0.9 and not image.isNull()
    return image


def submit(studio: Studio, prompt: str, **fields: object) -> None:
    request = GenerationRequest(
        provider="demo",
        model="gptimage2",
        prompt=prompt,
        quality="medium",
        ratio="1:1",
        resolution="1k",
        output_format="png",
        **fields,
    )  # type: ignore[arg-type]
    studio.run(studio.engine.submit(request))


def test_screenshot_empty_window(make_studio: StudioFactory, shots: Path) -> None:
    studio = make_studio()
    studio.window.resize(1280, 720)
    grab(studio, shots / "empty.png")


def test_screenshot_running_queue(make_studio: StudioFactory, shots: Path) -> None:
    studio = make_studio(demo_seconds=30)
    studio.window.resize(1280, 720)
    studio.window.composer.prompt.set_text(PROMPTS[0])
    for prompt in PROMPTS[:6]:
        submit(studio, prompt)
    model = studio.window.queue_model
    running = [JobState.running] * 4  # four at once per provider, two waiting their turn
    studio.run.until(
        lambda: model.rowCount() == 6 and sorted(r.state for r in model.records())[-4:] == running,
        message=lambda: str([r.state for r in model.records()]),
    )
    studio.run.settle(1.2)
    grab(studio, shots / "running-queue.png")
    for record in model.records():
        studio.engine.cancel(record.id)
    studio.run.until(lambda: studio.engine.active_jobs() == 0)


def test_screenshot_full_gallery(make_studio: StudioFactory, shots: Path) -> None:
    studio = make_studio(demo_seconds=0.1)
    studio.window.resize(1280, 720)
    for prompt in PROMPTS:
        submit(studio, prompt)
    gallery = studio.window.gallery_model
    studio.run.until(
        lambda: gallery.rowCount() == len(PROMPTS),
        timeout=60,
        message=lambda: f"{gallery.rowCount()} results in the gallery",
    )
    studio.window.gallery.select_row(0)
    studio.run.until(
        lambda: not studio.window.thumbnails.busy and studio.window.details.preview.has_image()
    )
    grab(studio, shots / "full-gallery.png")
