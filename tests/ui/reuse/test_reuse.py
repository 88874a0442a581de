"""Reusing what an image carries: File > Open image… and drops offer "Reuse prompt and
settings"; ours round-trip to the same request, another tool's prompt is taken as far as it
maps; "Export without metadata" writes a copy that carries none of it."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from PIL.PngImagePlugin import PngInfo
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QFileDialog

from studio.domain.models import GenerationRequest, JobState
from studio.engine.library import save_result
from studio.imaging import metadata
from studio.ui.results.result_actions import ResultAction, action_text
from tests.conftest import RunningEmulator
from tests.ui.compose.test_composer import select
from tests.ui.conftest import Studio, StudioFactory
from tests.ui.gallery.test_gallery import generate, select_first
from tests.ui.helpers import drop_urls, make_image
from tests.ui.settings.test_providers import provider_studio
from tests.ui.shell.test_ui_thread import IoRecorder, io_on_ui_thread  # noqa: F401 - the fixture

A1111 = (
    "masterpiece, a lighthouse on a cliff,\n"
    "storm clouds at dusk\n"
    "Negative prompt: blurry, lowres\n"
    "Steps: 30, Sampler: DPM++ 2M Karras, CFG scale: 7, Seed: 1234, Size: 832x1216, "
    "Model: sd_xl_base_1.0"
)


def open_image(studio: Studio, path: Path) -> None:
    """File > Open image…, choose `path` in the dialog, wait until the file was read."""
    window = studio.window
    window.open_action.trigger()
    dialog = window.findChild(QFileDialog, "openImageDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.selectFile(str(path))
    dialog.accept()
    studio.run.until(window.reuse_bar.isVisible, message="nothing was offered")


def a1111_png(path: Path) -> Path:
    info = PngInfo()
    info.add_text("parameters", A1111)
    Image.new("RGB", (832, 1216), "navy").save(path, "PNG", pnginfo=info)
    return path


def test_a_saved_result_round_trips_through_open_and_reuse_to_the_same_request(
    make_studio: StudioFactory, emulator: RunningEmulator, qtbot
) -> None:  # type: ignore[no-untyped-def]
    studio = provider_studio(make_studio, emulator, "sk-round", "gptimage2ai")
    window, composer = studio.window, studio.window.composer
    assert composer.parameters.provider() == "gptimage2ai"
    composer.prompt.set_text("a paper crane\non a desk")
    select(composer.parameters.combos["ratio"], "16:9")
    composer.parameters.count_spin.setValue(2)
    composer.extras.editor("style").setText("ink wash")
    composer.extras.editor("negative").setText("people")
    composer.generate()
    gallery = window.gallery_model
    studio.run.until(lambda: gallery.rowCount() == 2, message="the first job never finished")
    assert window.status_label.text().startswith("Saved 2 images to ")
    path = Path(gallery.entry(0).path)
    original = gallery.entry(0).request

    composer.prompt.set_text("something else entirely")
    select(composer.parameters.combos["ratio"], "1:1")
    composer.parameters.count_spin.setValue(1)
    composer.extras.set_values({})
    open_image(studio, path)
    bar = window.reuse_bar
    assert bar.reuse_button.isVisible() and bar.reference_button.isVisible()
    assert "GPTImage2.ai" in bar.label.text() and "a paper crane on a desk" in bar.label.text()
    qtbot.mouseClick(bar.reuse_button, Qt.MouseButton.LeftButton)

    assert composer.prompt.text() == "a paper crane\non a desk"
    assert composer.parameters.value("ratio") == "16:9"
    assert composer.parameters.count() == 2
    assert composer.extras.values() == {"style": "ink wash", "negative": "people"}
    assert composer.current_request() == original
    assert window.status_label.text().startswith("Prompt and settings reused.")

    composer.generate()
    studio.run.until(lambda: gallery.rowCount() == 4, message="the second job never finished")
    assert emulator.state.create_calls("gptimage2ai") == 2
    records = studio.run(studio.engine.jobs())
    assert [r.state for r in records] == [JobState.succeeded, JobState.succeeded]
    assert records[0].request == records[1].request == original
    sent = [emulator.state.task(r.task_id).details["finalPrompt"] for r in records]
    assert sent[0] == sent[1] and "ink wash" in sent[0]


def test_another_tools_png_offers_its_prompt_and_maps_the_size(
    studio: Studio, tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    open_image(studio, a1111_png(tmp_path / "a1111.png"))
    bar = studio.window.reuse_bar
    text = bar.label.text()
    assert text.startswith("Prompt from another tool: sd_xl_base_1.0")
    assert "masterpiece, a lighthouse on a cliff, storm clouds at dusk" in text
    assert "Not used here: Steps: 30, Sampler: DPM++ 2M Karras" in text
    assert bar.label.textFormat() == Qt.TextFormat.PlainText  # a file's prompt is not markup
    qtbot.mouseClick(bar.reuse_button, Qt.MouseButton.LeftButton)
    composer = studio.window.composer
    assert composer.prompt.text() == "masterpiece, a lighthouse on a cliff,\nstorm clouds at dusk"
    assert composer.parameters.provider() == "demo"
    assert composer.parameters.value("ratio") == "2:3"  # the closest to 832x1216
    assert "Aspect ratio 2:3 is the closest to its 832×1216." in bar.label.text()


def test_an_a1111_jpeg_user_comment_is_offered(studio: Studio, tmp_path: Path) -> None:
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9286] = b"UNICODE\0" + A1111.encode("utf-16-be")
    path = tmp_path / "a1111.jpg"
    Image.new("RGB", (64, 64), "navy").save(path, "JPEG", exif=exif.tobytes())
    open_image(studio, path)
    assert studio.window.reuse_bar.reuse_button.isVisible()
    assert "storm clouds at dusk" in studio.window.reuse_bar.label.text()


def test_an_image_without_metadata_can_be_added_as_a_reference(
    studio: Studio, tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    path = make_image(tmp_path / "plain.png")
    open_image(studio, path)
    bar = studio.window.reuse_bar
    assert bar.label.text() == "This image carries no prompt or settings."
    assert not bar.reuse_button.isVisible() and bar.reference_button.isVisible()
    qtbot.mouseClick(bar.reference_button, Qt.MouseButton.LeftButton)
    zone = studio.window.composer.references
    studio.run.until(lambda: len(zone.tiles) == 1)
    assert zone.tiles[0].source == str(path)


def test_a_file_that_is_not_an_image_is_said_so(studio: Studio, tmp_path: Path) -> None:
    path = tmp_path / "notes.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 10)  # a PNG signature and nothing else
    (tmp_path / "letter.txt").write_text("dear studio")
    open_image(studio, tmp_path / "letter.txt")
    assert studio.window.reuse_bar.label.text() == (
        "letter.txt is not an image the studio can read."
    )
    assert not studio.window.reuse_bar.reference_button.isVisible()


def test_a_provider_without_a_key_keeps_the_current_one_but_takes_the_prompt(
    studio: Studio, tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "olive").save(buffer, "PNG")
    request = GenerationRequest(
        provider="joyai", model="gptimage2", prompt="from a keyed provider", quality="high"
    )
    path = save_result(
        buffer.getvalue(),
        library_dir=tmp_path,
        request=request,
        job_id="elsewhere-123",
        index=0,
        task_id=None,
        cost=None,
        seed=None,
    )
    open_image(studio, path)
    bar = studio.window.reuse_bar
    qtbot.mouseClick(bar.reuse_button, Qt.MouseButton.LeftButton)
    composer = studio.window.composer
    assert composer.prompt.text() == "from a keyed provider"
    assert composer.parameters.provider() == "demo"
    assert bar.label.text() == (
        "There is no API key for JoyAI Image API: the prompt was reused with Demo (offline)."
    )


def test_dropping_a_result_adds_the_reference_and_offers_its_prompt(studio: Studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    generate(studio, "a dropped recipe")
    path = studio.window.gallery_model.entry(0).path
    composer = studio.window.composer
    composer.prompt.set_text("the current prompt")
    drop_urls(composer.references, [QUrl.fromLocalFile(path)])
    bar = studio.window.reuse_bar
    studio.run.until(lambda: len(composer.references.tiles) == 1 and bar.isVisible())
    assert bar.reuse_button.isVisible() and not bar.reference_button.isVisible()
    assert composer.prompt.text() == "the current prompt"  # nothing is applied unasked
    qtbot.mouseClick(bar.reuse_button, Qt.MouseButton.LeftButton)
    assert composer.prompt.text() == "a dropped recipe"
    assert composer.parameters.value("quality") == "low"
    assert composer.references.sources() == [path]  # the drop still made it a reference


def test_dropping_a_plain_image_offers_nothing(studio: Studio, tmp_path: Path) -> None:
    path = make_image(tmp_path / "plain.png")
    composer = studio.window.composer
    drop_urls(composer.references, [QUrl.fromLocalFile(str(path))])
    studio.run.until(lambda: len(composer.references.tiles) == 1)
    studio.run.until(lambda: studio.window.tasks.pending == 0)
    assert not studio.window.reuse_bar.isVisible()


def test_ctrl_o_opens_the_image_dialog_even_from_the_gallery(studio: Studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    generate(studio, "focus on the grid")
    select_first(studio)
    view = studio.window.gallery.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    dialog = studio.window.findChild(QFileDialog, "openImageDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.reject()


def test_the_gallery_and_details_offer_reuse_and_export(studio: Studio) -> None:
    generate(studio, "two buttons")
    select_first(studio)
    menu_texts = [a.text() for a in studio.window.gallery.actions_by_name.values()]
    assert "Reuse prompt and settings" in menu_texts
    assert "Export without metadata…" in menu_texts
    buttons = studio.window.details.buttons
    assert buttons[ResultAction.export_clean].text() == action_text(ResultAction.export_clean)
    assert buttons[ResultAction.reuse_settings].text() == "Reuse prompt and settings"


def test_export_without_metadata_writes_a_clean_copy_with_the_same_pixels(
    studio: Studio, tmp_path: Path
) -> None:
    generate(studio, "a secret recipe")
    select_first(studio)
    entry = studio.window.gallery.current_entry()
    assert entry is not None
    studio.window.gallery.trigger(ResultAction.export_clean)
    dialog = studio.window.findChild(QFileDialog, "exportCleanDialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Export without metadata"
    target = tmp_path / "clean.png"
    dialog.selectFile(str(target))
    dialog.accept()
    studio.run.until(target.exists, message="nothing was exported")
    with Image.open(target) as clean, Image.open(entry.path) as saved:
        assert "parameters" in saved.info and "studio" in saved.info
        assert not {"parameters", "studio", "Software", "xmp", "exif"} & set(clean.info)
        assert clean.tobytes() == saved.tobytes()
    assert b"a secret recipe" not in target.read_bytes()
    assert studio.window.status_label.text() == f"Exported without metadata to {target}"


def test_export_to_jpeg_carries_no_exif_xmp_or_comment(studio: Studio, tmp_path: Path) -> None:
    generate(studio, "a jpeg secret")
    select_first(studio)
    entry = studio.window.gallery.current_entry()
    assert entry is not None
    target = tmp_path / "clean.jpg"
    studio.run(studio.window.results.save_as(entry, str(target), "JPEG", strip=True))
    with Image.open(target) as clean:
        assert clean.format == "JPEG"
        assert not {"xmp", "exif", "comment"} & set(clean.info)
    data = target.read_bytes()
    assert b"a jpeg secret" not in data and "a jpeg secret".encode("utf-16-be") not in data


def test_save_as_webp_keeps_the_prompt_and_settings_inside(studio: Studio, tmp_path: Path) -> None:
    generate(studio, "a webp keeper")
    select_first(studio)
    entry = studio.window.gallery.current_entry()
    assert entry is not None
    target = tmp_path / "copy.webp"
    studio.run(studio.window.results.save_as(entry, str(target), "WebP"))
    provenance = metadata.read_provenance(target)
    assert provenance is not None and provenance.prompt == "a webp keeper"
    assert provenance.request["quality"] == "low"


def test_reading_reusing_and_exporting_do_no_io_on_the_ui_thread(
    studio: Studio,
    tmp_path: Path,
    io_on_ui_thread: IoRecorder,  # noqa: F811 - the fixture imported above
) -> None:
    generate(studio, "an audited recipe")
    select_first(studio)
    entry = studio.window.gallery.current_entry()
    assert entry is not None
    other = a1111_png(tmp_path / "a1111.png")
    window = studio.window
    io_on_ui_thread.active = True
    studio.run(window.reuse.open_path(str(other)))
    window.reuse.reuse_offered()
    drop_urls(window.composer.references, [QUrl.fromLocalFile(entry.path)])
    studio.run.until(lambda: window.reuse_bar.reuse_button.isVisible())
    window.reuse.reuse_offered()
    studio.run(window.results.save_as(entry, str(tmp_path / "clean.webp"), "WebP", strip=True))
    studio.run.until(lambda: window.tasks.pending == 0)
    io_on_ui_thread.active = False
    assert io_on_ui_thread.events == [], "\n\n".join(io_on_ui_thread.events)
    assert window.composer.prompt.text() == "an audited recipe"


def test_comfyui_and_invokeai_pngs_offer_their_prompts(
    studio: Studio, tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    import json

    from tests.imaging.test_other_tools import COMFY_PROMPT, INVOKEAI, NEGATIVE, POSITIVE, png

    files = {
        "ComfyUI": png(tmp_path / "comfy.png", {"prompt": json.dumps(COMFY_PROMPT)}),
        "InvokeAI": png(tmp_path / "invoke.png", {"invokeai_metadata": json.dumps(INVOKEAI)}),
    }
    composer, bar = studio.window.composer, studio.window.reuse_bar
    for tool, path in files.items():
        composer.prompt.set_text("something else")
        bar.hide()
        open_image(studio, path)
        assert bar.label.text().startswith(f"Prompt from another tool: {tool}")
        assert POSITIVE in bar.label.text()
        qtbot.mouseClick(bar.reuse_button, Qt.MouseButton.LeftButton)
        assert composer.prompt.text() == POSITIVE
        if "negative" in composer.parameters.model().extras:
            assert composer.extras.values().get("negative") == NEGATIVE


def test_an_image_without_a_prompt_says_what_it_carries(studio: Studio, tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    Image.new("RGB", (16, 16)).save(path, "JPEG", exif=exif.tobytes())
    open_image(studio, path)
    assert studio.window.reuse_bar.label.text() == (
        "This image carries no prompt or settings, only: EXIF."
    )


def test_a_signed_result_offers_its_prompt_from_the_sidecar(
    studio: Studio, tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    from tests.c2pa_signing import signed_image

    request = GenerationRequest(provider="demo", model="demo", prompt="a signed lantern")
    path = save_result(
        signed_image("PNG"),
        library_dir=tmp_path,
        request=request,
        job_id="job-signed-12345",
        index=0,
        task_id=None,
        cost=None,
        seed=None,
    )
    open_image(studio, path)
    assert "a signed lantern" in studio.window.reuse_bar.label.text()
    qtbot.mouseClick(studio.window.reuse_bar.reuse_button, Qt.MouseButton.LeftButton)
    assert studio.window.composer.prompt.text() == "a signed lantern"
