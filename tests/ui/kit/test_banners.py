"""Messages (#16 item 7): a banner goes away when its cause is gone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from studio.ui.settings.settings_dialog import SettingsDialog
from tests.conftest import RunningEmulator
from tests.ui.conftest import StudioFactory
from tests.ui.settings.test_providers import open_dialog, provider_studio


def test_the_key_not_accepted_banner_goes_once_a_key_works(
    make_studio: StudioFactory,
    emulator: RunningEmulator,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    studio = provider_studio(make_studio, emulator, "bad-key")
    window = studio.window
    window.composer.parameters.select_provider("joyai")
    window.composer.prompt.set_text("a red chair")
    studio.run.until(window.composer.bar.generate_button.isEnabled)
    QTest.mouseClick(window.composer.bar.generate_button, Qt.MouseButton.LeftButton)
    bar = window.message_bar
    studio.run.until(bar.isVisible, message="no banner for the refused key")
    assert "did not accept the API key" in bar.label.text()

    dialog = open_dialog(studio)
    key_edit = dialog.pages["joyai"].key_edit
    key_edit.clear()
    qtbot.keyClicks(key_edit, "sk-good-key")
    results: list[int] = []
    dialog.finished.connect(results.append)
    QTest.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    studio.run.until(lambda: results == [SettingsDialog.DialogCode.Accepted])
    studio.run.until(lambda: not bar.isVisible(), message=lambda: bar.label.text())
