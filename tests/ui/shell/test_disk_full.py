"""A full disk in the window: the message says so and offers Retry, which saves the kept result
once space is free, without paying again; a restart also finishes it."""

from __future__ import annotations

import pytest

from studio.domain.models import JobState
from studio.keys import KeyStore
from studio.settings import Settings
from tests.conftest import RunningEmulator
from tests.helpers import FullDisk
from tests.ui.conftest import Studio, StudioFactory


def joyai_studio(make_studio: StudioFactory, emulator: RunningEmulator) -> Studio:
    keys = KeyStore()
    keys.set("joyai", "sk-disk")
    settings = Settings(base_urls={"joyai": emulator.base_url("joyai")})
    return make_studio(demo=False, settings=settings, keys=keys)


def fail_on_full_disk(studio: Studio, prompt: str) -> None:
    window = studio.window
    window.composer.prompt.set_text(prompt)
    window.composer.generate()
    studio.run.until(
        window.message_bar.isVisible, message=lambda: str(window.queue_model.records())
    )


def test_retry_from_the_message_saves_the_result_once_space_is_free(
    make_studio: StudioFactory, emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = FullDisk(monkeypatch)
    studio = joyai_studio(make_studio, emulator)
    window = studio.window
    fail_on_full_disk(studio, "no room")
    assert window.message_bar.label.text().startswith("The disk is full")
    assert window.message_bar.action_button.text() == "Retry"
    assert window.gallery_model.rowCount() == 0
    assert not studio.library.exists() or list(studio.library.iterdir()) == []

    disk.full = False
    window.message_bar.action_button.click()

    studio.run.until(lambda: window.gallery_model.rowCount() == 1)
    assert window.gallery_model.entry(0).request.prompt == "no room"
    assert emulator.state.create_calls("joyai") == 1


def test_a_job_the_full_disk_stopped_finishes_when_the_studio_opens_again(
    make_studio: StudioFactory, emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = FullDisk(monkeypatch)
    first = joyai_studio(make_studio, emulator)
    fail_on_full_disk(first, "saved next time")
    [record] = first.window.queue_model.records()
    assert (record.state, record.error_kind) == (JobState.downloading, "disk_full")
    assert record.held, "it waits for space; it has not failed"
    first.close()

    disk.full = False
    second = joyai_studio(make_studio, emulator)
    second.run.until(lambda: second.window.gallery_model.rowCount() == 1)
    assert emulator.state.create_calls("joyai") == 1


def test_quitting_while_paid_images_are_only_in_memory_says_they_would_be_lost(
    make_studio: StudioFactory, emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OpenAI's images come inline; with every disk full they exist only in memory while the
    job waits for space. Quitting then would lose paid images: the question says so, Cancel
    stays the default, and the job goes on; once space is freed they are saved."""
    from PySide6.QtWidgets import QMessageBox

    disk = FullDisk(monkeypatch)
    keys = KeyStore()
    keys.set("openai", "sk-disk")
    settings = Settings(base_urls={"openai": emulator.base_url("openai")})
    studio = make_studio(demo=False, settings=settings, keys=keys)
    window = studio.window
    window.composer.parameters.select_provider("openai")
    window.composer.prompt.set_text("held in memory")
    window.composer.generate()
    studio.run.until(lambda: studio.engine.images_only_in_memory() == 1)

    window.quit_action.trigger()
    box = window.findChild(QMessageBox, "confirmQuit")
    assert box is not None and box.isVisible()
    assert "1 paid image could not be saved" in box.text() and "loses it" in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    quit_button = next(b for b in box.buttons() if b.text() == "Quit and lose 1 image")
    assert box.buttonRole(quit_button) is QMessageBox.ButtonRole.DestructiveRole
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert window.isVisible()

    disk.full = False
    studio.run.until(lambda: len(window.gallery_model.result_rows()) == 1, timeout=15)
    assert studio.engine.images_only_in_memory() == 0
    assert emulator.state.create_calls("openai") == 1
