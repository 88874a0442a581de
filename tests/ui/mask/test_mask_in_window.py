"""OpenAI in the window (#18): the pixel size that will be requested, a mask painted on the first
reference and sent with the edit, and two live previews in the queue row before the result."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl

from studio.emulator import openai_stream
from studio.settings import Settings
from tests.conftest import RunningEmulator
from tests.ui.compose.test_composer import select
from tests.ui.conftest import Studio, StudioFactory
from tests.ui.helpers import drop_urls, make_image
from tests.ui.mask.test_mask_editor import stroke


@pytest.fixture
def openai_studio(make_studio: StudioFactory, emulator: RunningEmulator) -> Studio:
    settings = Settings(base_urls={"openai": emulator.base_url("openai")})
    studio = make_studio(settings=settings, demo=False)
    studio.keys.set("openai", "sk-window-test")
    composer = studio.window.composer
    composer.has_key = lambda provider: True
    select(composer.parameters.provider_combo, "openai")
    select(composer.parameters.model_combo, "gpt-image-2")
    return studio


def test_the_window_shows_the_pixel_size_that_will_be_requested(openai_studio: Studio) -> None:
    composer = openai_studio.window.composer
    select(composer.parameters.combos["ratio"], "3:2")
    select(composer.parameters.combos["resolution"], "2k")
    assert composer.bar.size_label.text() == "Size: 2048x1360 pixels"
    select(composer.parameters.model_combo, "gpt-image-1")
    select(composer.parameters.combos["ratio"], "16:9")
    select(composer.parameters.combos["resolution"], "1k")
    assert "closest supported: 1536x1024, 3:2" in composer.bar.size_label.text()


def test_the_mask_row_is_there_only_for_models_that_take_masks(openai_studio: Studio) -> None:
    composer = openai_studio.window.composer
    assert composer.mask_row.isVisibleTo(composer)
    assert not composer.mask_row.paint_button.isEnabled()  # no reference yet
    select(composer.parameters.provider_combo, "icodeeasy")
    assert not composer.mask_row.isVisibleTo(composer)


def test_paint_a_mask_generate_an_edit_and_watch_two_previews_become_the_result(
    openai_studio: Studio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(openai_stream, "EVENT_GAP", 0.4)  # time to see each preview
    studio = openai_studio
    composer = studio.window.composer
    composer.prompt.set_text("paint the upper left corner gold")
    reference = make_image(tmp_path / "card.png", (400, 300))
    drop_urls(composer.references, [QUrl.fromLocalFile(str(reference))])
    studio.run.until(lambda: len(composer.references.tiles) == 1)
    assert composer.mask_row.paint_button.isEnabled()
    dialog = composer.mask_row.open_editor()
    assert dialog is not None
    studio.run.until(dialog.isVisible)
    dialog.hardness_slider.setValue(100)
    stroke(dialog, (40, 40), (160, 40), (160, 120))
    dialog.save()
    studio.run.until(lambda: composer.mask_row.path is not None)
    assert composer.current_request().mask == composer.mask_row.path
    assert composer.current_request().extras.get("partial_images") == "2"
    assert composer.bar.generate_button.isEnabled(), composer.bar.reason_label.text()

    seen: set[tuple[int, int]] = set()
    previews: list[bool] = []
    queue = studio.window.queue_model

    def watch(*_: object) -> None:
        for row in range(queue.rowCount()):
            record = queue.record(row)
            if record.preview is not None and record.partials and not record.is_final:
                seen.add(record.partials)
                previews.append(queue.index(row, 0).data(1) is not None)  # DecorationRole
                assert "preview" in queue.index(row, 1).data()

    queue.dataChanged.connect(watch)
    composer.generate()
    gallery = studio.window.gallery_model
    studio.run.until(lambda: len(gallery.result_rows()) == 1, timeout=30)
    assert seen == {(1, 2), (2, 2)}
    assert previews and all(previews)
    record = queue.record(0)
    assert record.request.mask == composer.mask_row.path
    assert len(record.files) == 1  # only the final image is kept


def test_reusing_a_job_brings_its_mask_back_with_its_reference(
    openai_studio: Studio, tmp_path: Path
) -> None:
    studio = openai_studio
    composer = studio.window.composer
    reference = make_image(tmp_path / "card.png", (400, 300))
    drop_urls(composer.references, [QUrl.fromLocalFile(str(reference))])
    studio.run.until(lambda: len(composer.references.tiles) == 1)
    dialog = composer.mask_row.open_editor()
    assert dialog is not None
    stroke(dialog, (40, 40), (160, 40))
    dialog.save()
    studio.run.until(lambda: composer.mask_row.path is not None)
    request = composer.current_request()
    composer.mask_row.remove()
    composer.references.clear()
    composer.apply_request(request)
    studio.run.until(lambda: composer.mask_row.path == request.mask, message="mask not restored")
    assert composer.current_request().mask == request.mask
