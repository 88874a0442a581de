"""Settings → References in the window, against the emulator and a real S3 server (moto): a
local photo dropped for JoyAI `joyai` goes through the bucket and the result appears; without a
bucket the refusal's button opens the References page; its Test says what failed, and when it
works (screenshot at 1280x720)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QDialog

from studio.keys import KeyStore
from studio.settings import Settings
from studio.ui.settings.settings_dialog import SettingsDialog
from tests.ui.compose.test_composer import select
from tests.ui.conftest import Studio, StudioFactory
from tests.ui.helpers import drop_urls, make_image


@pytest.fixture
def joyai_studio(make_studio: StudioFactory, emulator, tmp_path: Path):  # type: ignore[no-untyped-def]
    def make(settings: Settings) -> Studio:
        settings.library_dir = str(tmp_path / "library")
        settings.base_urls = {"joyai": emulator.base_url("joyai")}
        keys = KeyStore()
        keys.set("joyai", "sk-joyai-window-test")
        studio = make_studio(demo=False, settings=settings, keys=keys)
        composer = studio.window.composer
        select(composer.parameters.provider_combo, "joyai")
        select(composer.parameters.model_combo, "joyai")
        composer.prompt.set_text("the same street at night")
        return studio

    return make


def drop_photo(studio: Studio, tmp_path: Path) -> None:
    composer = studio.window.composer
    photo = make_image(tmp_path / "photo.jpg", (640, 480), "orange")
    drop_urls(composer.references, [QUrl.fromLocalFile(str(photo))])
    studio.run.until(lambda: len(composer.references.tiles) == 1 and not composer.references.busy)
    composer.refresh()


def test_a_dropped_photo_for_joyai_goes_through_the_bucket_and_the_result_appears(
    joyai_studio, s3_server, emulator, monkeypatch, qtbot, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", s3_server.key_id)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", s3_server.secret)
    settings = Settings(ref_bucket="s3://refs/window", ref_endpoint=s3_server.endpoint)
    studio = joyai_studio(settings)
    before = len(s3_server.puts("refs"))
    drop_photo(studio, tmp_path)
    composer = studio.window.composer
    assert composer.bar.generate_button.isEnabled(), composer.bar.reason_label.text()

    qtbot.mouseClick(composer.bar.generate_button, Qt.MouseButton.LeftButton)

    gallery = studio.window.gallery_model
    studio.run.until(lambda: gallery.rowCount() == 1, timeout=30)
    assert Path(gallery.entry(0).path).is_file()
    [upload] = s3_server.puts("refs")[before:]
    assert upload.startswith("/refs/window/studio-ref-")
    assert (f"{s3_server.endpoint}{upload}", True) in emulator.state.fetched


def test_without_a_bucket_the_refusal_offers_the_references_page(
    joyai_studio, qtbot, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    studio = joyai_studio(Settings())
    drop_photo(studio, tmp_path)
    bar = studio.window.composer.bar
    assert not bar.generate_button.isEnabled()
    assert "Settings → References" in bar.reason_label.text()
    assert bar.hosting_button.isVisible()

    qtbot.mouseClick(bar.hosting_button, Qt.MouseButton.LeftButton)

    dialog = studio.window.findChild(QDialog, "settingsDialog")
    assert isinstance(dialog, SettingsDialog)
    studio.run.until(dialog.isVisible)
    assert dialog.tabs.currentWidget() is dialog.references
    dialog.reject()


def shots_folder(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("STUDIO_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_the_test_button_says_what_failed_then_that_it_works(
    joyai_studio, s3_server, qtbot, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    studio = joyai_studio(Settings())
    dialog = studio.window.open_settings("references")
    page = dialog.references
    qtbot.keyClicks(page.endpoint, s3_server.endpoint)
    qtbot.keyClicks(page.bucket, "s3://refs/studio")
    qtbot.keyClicks(page.key_id, s3_server.key_id)
    qtbot.keyClicks(page.secret, "not-the-secret")

    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    studio.run.until(lambda: page.test_button.isEnabled() and page.result.text() != "Testing…")
    assert "refused the access key" in page.result.text()

    page.secret.clear()
    qtbot.keyClicks(page.secret, s3_server.secret)
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    studio.run.until(lambda: page.test_button.isEnabled() and page.result.text() != "Testing…")
    assert page.result.text().startswith("Works")
    assert [n for n in s3_server.names("refs") if "studio-check-" in n] == []  # deleted

    studio.window.resize(1280, 720)
    dialog.resize(760, 470)  # wide enough for every tab
    studio.run.settle(0.3)
    shot = studio.window.grab().toImage()
    card = dialog.grab()
    corner = QPoint((1280 - card.width()) // 2, (720 - card.height()) // 2)
    painter = QPainter(shot)  # the dialog over its window, as the user sees it
    painter.drawPixmap(corner, card)
    painter.setPen(QColor("#808080"))
    painter.drawRect(corner.x() - 1, corner.y() - 1, card.width() + 1, card.height() + 1)
    painter.end()
    path = shots_folder(tmp_path) / "settings-references-en.png"
    assert shot.save(str(path))
    assert QImage(str(path)).width() >= 1280 * 0.9
    dialog.reject()
