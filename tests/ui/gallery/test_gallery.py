"""The gallery: results newest first, details of the selected one, and its actions."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PySide6.QtGui import QGuiApplication

from studio.domain.models import GenerationRequest
from studio.ui.results.result_actions import ResultAction
from tests.ui.conftest import Studio


def generate(studio: Studio, *prompts: str, **fields: object) -> None:
    """Submit jobs through the engine and wait until the gallery shows all their images."""
    gallery = studio.window.gallery_model
    expected = gallery.rowCount() + len(prompts)
    for prompt in prompts:
        request = GenerationRequest(
            provider="demo",
            model="gptimage2",
            prompt=prompt,
            quality="low",
            ratio="1:1",
            resolution="1k",
            output_format="png",
            **fields,
        )  # type: ignore[arg-type]
        studio.run(studio.engine.submit(request))
    studio.run.until(
        lambda: gallery.rowCount() == expected,
        message=lambda: f"{gallery.rowCount()} of {expected} results",
    )


def select_first(studio: Studio) -> None:
    studio.window.gallery.select_row(0)


def test_results_are_listed_newest_first(studio: Studio) -> None:
    generate(studio, "first")
    generate(studio, "second")
    gallery = studio.window.gallery_model
    assert [gallery.entry(row).request.prompt for row in range(2)] == ["second", "first"]


def test_selecting_a_result_shows_it_large_with_its_prompt_and_settings(studio: Studio) -> None:
    generate(studio, "a paper boat on a pond")
    select_first(studio)
    details = studio.window.details
    assert details.prompt_view.toPlainText() == "a paper boat on a pond"
    form = details.settings_form
    rows = {
        form.itemAt(row, form.ItemRole.LabelRole).widget().text(): form.itemAt(
            row, form.ItemRole.FieldRole
        )
        .widget()
        .text()
        for row in range(form.rowCount())
    }
    assert rows["Quality"] == "low" and rows["Aspect ratio"] == "1:1"
    studio.run.until(details.preview.has_image, message="the preview never loaded")


def test_thumbnails_are_made_and_cached_on_disk(studio: Studio) -> None:
    generate(studio, "a cached thumbnail")
    gallery = studio.window.gallery_model
    gallery.cell(0).data()  # what the view asks while painting
    studio.run.until(lambda: not studio.window.thumbnails.busy)
    assert list((studio.window.thumbnails.folder or Path()).rglob("*.png"))


def test_copy_prompt_puts_the_prompt_on_the_clipboard(studio: Studio) -> None:
    generate(studio, "words to copy")
    select_first(studio)
    studio.window.gallery.trigger(ResultAction.copy_prompt)
    assert QGuiApplication.clipboard().text() == "words to copy"


def test_copy_image_puts_the_picture_on_the_clipboard(studio: Studio) -> None:
    generate(studio, "pixels to copy")
    select_first(studio)
    QGuiApplication.clipboard().clear()
    studio.window.gallery.trigger(ResultAction.copy_image)
    studio.run.until(lambda: not QGuiApplication.clipboard().image().isNull())
    assert studio.window.status_label.text() == "Image copied"


def test_save_as_writes_the_chosen_format(studio: Studio, tmp_path: Path) -> None:
    generate(studio, "keep a jpeg")
    select_first(studio)
    entry = studio.window.gallery.current_entry()
    assert entry is not None
    studio.run(studio.window.results.save_as(entry, str(tmp_path / "copy.jpg"), "JPEG"))
    with Image.open(tmp_path / "copy.jpg") as image:
        assert image.format == "JPEG"


def test_ctrl_s_opens_a_save_dialog_for_the_selected_result(studio: Studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    generate(studio, "save me")
    select_first(studio)
    studio.window.save_action.trigger()
    dialog = studio.window.findChild(QFileDialog, "saveAsDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.reject()


def test_use_as_reference_adds_the_result_to_the_references(studio: Studio) -> None:
    generate(studio, "reuse me as input")
    select_first(studio)
    studio.window.gallery.trigger(ResultAction.use_as_reference)
    zone = studio.window.composer.references
    studio.run.until(lambda: len(zone.tiles) == 1)
    assert zone.tiles[0].source == studio.window.gallery_model.entry(0).path


def test_reuse_settings_restores_the_request(studio: Studio) -> None:
    generate(studio, "an old recipe")
    select_first(studio)
    composer = studio.window.composer
    composer.prompt.set_text("something else")
    studio.window.gallery.trigger(ResultAction.reuse_settings)
    assert composer.prompt.text() == "an old recipe"
    assert composer.parameters.value("quality") == "low"


def test_delete_acts_at_once_and_offers_undo(studio: Studio) -> None:
    generate(studio, "short-lived")
    select_first(studio)
    path = Path(studio.window.gallery_model.entry(0).path)
    studio.window.gallery.trigger(ResultAction.delete)
    bar = studio.window.message_bar
    # The row goes with the engine's event, the message with its answer: either may come first.
    studio.run.until(lambda: studio.window.gallery_model.rowCount() == 0 and bar.isVisible())
    assert not path.exists()
    assert bar.label.text() == "Image deleted."
    assert bar.action_button.text() == "Undo"


def test_thousands_of_results_load_into_the_grid(studio: Studio) -> None:
    import time

    from studio.domain.models import JobState, ResultImage
    from studio.engine.events import JobRecord

    request = GenerationRequest(provider="demo", model="gptimage2", prompt="many")
    records = [
        JobRecord(
            id=f"job{n}",
            request=request,
            state=JobState.succeeded,
            created_at=n,
            updated_at=n,
            results=(ResultImage(0, path=f"/nowhere/{n}.png"),),
            files=(f"/nowhere/{n}.png",),
        )
        for n in range(5000)
    ]
    started = time.perf_counter()
    studio.window.gallery_model.set_records(records)
    studio.window.gallery.view.viewport().repaint()
    assert time.perf_counter() - started < 1.0
    assert studio.window.gallery.count_label.text() == "5000 images"
    assert studio.window.gallery_model.entry(0).created_at == 4999


def test_an_empty_gallery_shows_where_images_will_appear(studio: Studio) -> None:
    view = studio.window.gallery.view

    def ink() -> int:
        """How many pixels of the view differ from its background."""
        image = view.grab().toImage()
        background = image.pixelColor(3, 3)
        return sum(
            image.pixelColor(x, y) != background
            for y in range(8, image.height() - 8, 2)
            for x in range(8, image.width() - 8, 2)
        )

    assert view.empty_text.startswith("Your images appear here.")
    from PySide6.QtGui import QPalette

    image = view.grab().toImage()  # the list's own background, as in any list
    assert image.pixelColor(image.width() // 2, 8) == view.palette().color(QPalette.ColorRole.Base)
    with_hint = ink()
    view.empty_text = ""
    view.viewport().update()
    assert with_hint > 50 and ink() == 0
