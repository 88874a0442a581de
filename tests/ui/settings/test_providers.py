"""Keys, settings and errors against the emulator served on loopback: the settings dialog keeps
keys in the (in-memory) keyring, tests them for free, and failures say what to do."""

from __future__ import annotations

import keyring
from PySide6.QtCore import Qt

from studio.emulator import FaultRule
from studio.keys import SERVICE, KeyStore
from studio.settings import Settings, config_dir
from studio.ui.settings.settings_dialog import SettingsDialog
from tests.conftest import RunningEmulator
from tests.ui.conftest import Studio, StudioFactory


def open_dialog(studio: Studio, provider: str = "joyai") -> SettingsDialog:
    dialog = studio.window.open_settings(provider)
    studio.run(dialog.loading)
    return dialog


def provider_studio(
    make_studio: StudioFactory, emulator: RunningEmulator, key: str, provider: str = "joyai"
) -> Studio:
    """A studio whose only key is `key` for `provider`, pointed at the emulator."""
    settings = Settings(base_urls={provider: emulator.base_url(provider)})
    keys = KeyStore()
    keys.set(provider, key)
    return make_studio(demo=False, settings=settings, keys=keys)


def test_the_settings_dialog_keeps_the_key_in_the_keyring_only(studio: Studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(studio)
    qtbot.keyClicks(dialog.pages["joyai"].key_edit, "sk-joy-123")
    results: list[int] = []
    dialog.finished.connect(results.append)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    studio.run.until(lambda: results == [SettingsDialog.DialogCode.Accepted])
    assert keyring.get_password(SERVICE, "joyai") == "sk-joy-123"
    assert "sk-joy-123" not in (config_dir() / "settings.json").read_text()


def test_the_key_field_is_masked(studio: Studio) -> None:
    dialog = open_dialog(studio)
    assert (
        dialog.pages["joyai"].key_edit.echoMode()
        == dialog.pages["joyai"].key_edit.EchoMode.Password
    )
    dialog.reject()


def test_ctrl_comma_opens_the_settings(studio: Studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(
        studio.window.composer.prompt.edit, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier
    )
    dialog = studio.window.findChild(SettingsDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.reject()


def test_without_a_keyring_the_dialog_says_keys_last_for_this_session(
    make_studio: StudioFactory,
) -> None:
    keys = KeyStore()
    keys.persistent = False
    studio = make_studio(keys=keys)
    dialog = open_dialog(studio)
    assert dialog.keyring_label.isVisible()
    assert "this session only" in dialog.keyring_label.text()
    dialog.reject()


def test_test_connection_reports_the_balance(
    studio: Studio, emulator: RunningEmulator, qtbot
) -> None:  # type: ignore[no-untyped-def]
    emulator.state.set_balance("sk-live", 500, "gptimage2ai")
    dialog = open_dialog(studio, "gptimage2ai")
    page = dialog.pages["gptimage2ai"]
    qtbot.keyClicks(page.key_edit, "sk-live")
    qtbot.keyClicks(page.url_edit, emulator.base_url("gptimage2ai"))
    page.test_button.click()
    studio.run.until(
        lambda: page.test_result.text().startswith("Connected"), message=page.test_result.text
    )
    assert page.test_result.text() == "Connected. Balance: 500 credits"
    dialog.reject()


def test_test_connection_says_when_the_key_is_refused(
    studio: Studio, emulator: RunningEmulator, qtbot
) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(studio)
    page = dialog.pages["joyai"]
    qtbot.keyClicks(page.key_edit, "bad-key")
    qtbot.keyClicks(page.url_edit, emulator.base_url("joyai"))
    page.test_button.click()
    studio.run.until(lambda: "API key" in page.test_result.text(), message=page.test_result.text)
    assert page.test_result.text().startswith("JoyAI Image API did not accept the API key.")
    dialog.reject()


def test_a_configured_provider_generates_against_the_emulator(
    make_studio: StudioFactory, emulator: RunningEmulator
) -> None:
    studio = provider_studio(make_studio, emulator, "sk-real")
    window = studio.window
    assert window.composer.parameters.provider() == "joyai"
    assert window.demo_banner.isHidden()
    window.composer.prompt.set_text("a harbour at night")
    window.composer.generate()
    studio.run.until(
        lambda: window.gallery_model.rowCount() == 1,
        message=lambda: str([r.state for r in window.queue_model.records()]),
    )


def test_the_remaining_balance_is_shown_beside_generate(
    make_studio: StudioFactory, emulator: RunningEmulator
) -> None:
    emulator.state.set_balance("sk-rich", 750, "gptimage2ai")
    studio = provider_studio(make_studio, emulator, "sk-rich", "gptimage2ai")
    label = studio.window.composer.bar.balance_label
    studio.run.until(lambda: label.text() == "Balance: 750 credits", message=label.text)
    assert label.isVisible()


def test_a_refused_key_shows_a_message_that_leads_to_the_settings(
    make_studio: StudioFactory, emulator: RunningEmulator
) -> None:
    studio = provider_studio(make_studio, emulator, "bad-key")
    window = studio.window
    window.composer.prompt.set_text("never sent")
    window.composer.generate()
    studio.run.until(window.message_bar.isVisible)
    assert "did not accept the API key" in window.message_bar.label.text()
    assert window.message_bar.action_button.text() == "Add API key…"
    window.message_bar.action_button.click()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and dialog.tabs.currentWidget() is dialog.pages["joyai"]
    dialog.reject()


def test_too_little_credit_asks_to_top_up(
    make_studio: StudioFactory, emulator: RunningEmulator
) -> None:
    emulator.state.set_balance("sk-poor", 0, "joyai")
    studio = provider_studio(make_studio, emulator, "sk-poor")
    window = studio.window
    window.composer.prompt.set_text("too expensive")
    window.composer.generate()
    studio.run.until(
        window.message_bar.isVisible,
        message=lambda: str([r.error_message for r in window.queue_model.records()]),
    )
    assert "Top up your credits" in window.message_bar.label.text()


def test_a_rate_limited_job_shows_it_is_waiting_not_failed(
    make_studio: StudioFactory, emulator: RunningEmulator
) -> None:
    emulator.state.set_faults([FaultRule(route="poll", status=429, retry_after=2, times=1)])
    studio = provider_studio(make_studio, emulator, "sk-busy")
    window = studio.window
    window.composer.prompt.set_text("patience")
    window.composer.generate()
    model = window.queue_model
    studio.run.until(
        lambda: model.rowCount() == 1 and str(model.index(0, 1).data()).startswith("Waiting:"),
        message=lambda: str(model.index(0, 1).data()),
    )
    studio.run.until(
        lambda: model.index(0, 1).data() == "Done", message=lambda: str(model.index(0, 1).data())
    )
    assert not window.message_bar.isVisible()


def test_cancelling_the_dialog_keeps_the_old_settings(studio: Studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(studio)
    qtbot.keyClicks(dialog.library_edit, "-elsewhere")
    dialog.reject()
    assert "elsewhere" not in str(studio.window.settings.library_path)
    settings_file = config_dir() / "settings.json"
    assert not settings_file.exists() or "elsewhere" not in settings_file.read_text()
