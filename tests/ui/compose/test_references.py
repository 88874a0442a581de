"""The reference drop zone: files and links are accepted, anything else is refused with a
message and nothing else changes; references can be reordered and removed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtWidgets import QToolButton

from tests.ui.conftest import Studio
from tests.ui.helpers import drop_mime, drop_urls, make_image


def tile_sources(studio: Studio) -> list[str]:
    return [tile.source for tile in studio.window.composer.references.tiles]


def test_dropped_image_files_become_thumbnails(studio: Studio, tmp_path: Path) -> None:
    zone = studio.window.composer.references
    first = make_image(tmp_path / "first.png")
    second = make_image(tmp_path / "second.jpg", color="orange")
    drop_urls(zone, [QUrl.fromLocalFile(str(first)), QUrl.fromLocalFile(str(second))])
    studio.run.until(lambda: len(zone.tiles) == 2)
    assert tile_sources(studio) == [str(first), str(second)]
    assert zone.tiles[0].thumbnail.pixmap() is not None
    assert not zone.tiles[0].thumbnail.pixmap().isNull()


def test_a_dropped_link_from_a_browser_is_accepted(studio: Studio) -> None:
    zone = studio.window.composer.references
    drop_urls(zone, [QUrl("https://example.com/pictures/cat.png")])
    studio.run.until(lambda: len(zone.tiles) == 1)
    assert tile_sources(studio) == ["https://example.com/pictures/cat.png"]


def test_a_file_that_is_not_an_image_is_refused_and_nothing_changes(
    studio: Studio, tmp_path: Path
) -> None:
    zone = studio.window.composer.references
    kept = make_image(tmp_path / "kept.png")
    drop_urls(zone, [QUrl.fromLocalFile(str(kept))])
    studio.run.until(lambda: len(zone.tiles) == 1)
    notes = tmp_path / "notes.txt"
    notes.write_text("not a picture")
    drop_urls(zone, [QUrl.fromLocalFile(str(notes))])
    studio.run.until(lambda: zone.message_label.isVisible())
    assert "notes.txt is not an image" in zone.message_label.text()
    assert tile_sources(studio) == [str(kept)]


def test_a_pasted_image_is_saved_and_added(studio: Studio) -> None:
    zone = studio.window.composer.references
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("purple"))
    QGuiApplication.clipboard().setImage(image)
    zone.paste()
    studio.run.until(lambda: len(zone.tiles) == 1)
    assert Path(tile_sources(studio)[0]).is_file()


def test_pasted_text_that_is_a_link_is_accepted(studio: Studio) -> None:
    zone = studio.window.composer.references
    mime = QMimeData()
    mime.setText("https://example.com/dog.webp")
    drop_mime(zone, mime)
    studio.run.until(lambda: len(zone.tiles) == 1)
    assert tile_sources(studio) == ["https://example.com/dog.webp"]


def test_references_can_be_reordered_and_removed(studio: Studio, tmp_path: Path) -> None:
    zone = studio.window.composer.references
    paths = [str(make_image(tmp_path / f"{name}.png")) for name in ("a", "b", "c")]
    drop_urls(zone, [QUrl.fromLocalFile(p) for p in paths])
    studio.run.until(lambda: len(zone.tiles) == 3)

    zone.tiles[2].findChild(QToolButton, "moveEarlier").click()
    assert tile_sources(studio) == [paths[0], paths[2], paths[1]]
    zone.tiles[0].findChild(QToolButton, "removeReference").click()
    assert tile_sources(studio) == [paths[2], paths[1]]


def test_too_many_references_disable_generate(studio: Studio, tmp_path: Path) -> None:
    composer = studio.window.composer
    composer.prompt.set_text("combine them")
    composer.parameters.model_combo.setCurrentIndex(
        composer.parameters.model_combo.findData("joyai")
    )
    paths = [str(make_image(tmp_path / f"{n}.png")) for n in range(4)]
    drop_urls(composer.references, [QUrl.fromLocalFile(p) for p in paths])
    studio.run.until(lambda: len(composer.references.tiles) == 4)
    assert not composer.bar.generate_button.isEnabled()
    assert composer.bar.reason_label.text() == (
        "JoyAI Edit takes at most 3 reference images; you added 4. Remove 1."
    )
