"""No keyring backend: the key lives for the session only. A job left running when the window
closed waits for its key at the next start ("needs key", not failed, nothing sent), and
continues without a new create as soon as the key is given in Settings."""

from __future__ import annotations

import keyring
import keyring.backends.fail
from PySide6.QtWidgets import QDialogButtonBox

from studio.domain.models import JobState
from studio.emulator import FaultRule
from studio.keys import KeyStore
from studio.settings import Settings
from studio.ui.queue.queue_model import state_text
from studio.ui.settings.settings_dialog import SettingsDialog
from tests.conftest import RunningEmulator
from tests.ui.conftest import StudioFactory


def test_a_job_waits_for_its_session_key_and_continues_once_it_is_given(
    make_studio: StudioFactory, emulator: RunningEmulator
) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())  # no backend (the fixture restores)
    settings = Settings(base_urls={"joyai": emulator.base_url("joyai")})
    first_session = KeyStore()
    assert first_session.set("joyai", "sk-session-only") is False  # kept for the session
    # The first poll hangs long enough for the studio to be closed while the job runs.
    emulator.state.set_faults([FaultRule(route="poll", delay=30, times=1)])
    first = make_studio(demo=False, settings=settings, keys=first_session)
    first.window.composer.prompt.set_text("finish me with the key")
    first.window.composer.generate()
    first.run.until(
        lambda: (
            first.window.queue_model.rowCount() == 1
            and first.window.queue_model.record(0).state is JobState.running
        )
    )
    first.close()
    emulator.state.clear_faults()

    second = make_studio(demo=False, settings=Settings.load(), keys=KeyStore())
    window = second.window
    second.run.until(
        lambda: window.queue_model.rowCount() == 1 and window.queue_model.record(0).held,
        message=lambda: str(window.queue_model.records()),
    )
    record = window.queue_model.record(0)
    assert (record.state, record.error_kind) == (JobState.running, "needs_key")
    assert state_text(record) == "Waiting: an API key is needed"
    second.run.until(window.message_bar.isVisible)
    assert "API key" in window.message_bar.label.text()
    assert window.message_bar.action_button.text() == "Add API key…"
    window.queue.table.selectRow(0)
    assert window.queue.retry_button.isEnabled()
    window.queue.retry_button.click()  # without a key: it keeps waiting, nothing is sent
    second.run.settle(0.3)
    assert window.queue_model.record(0).held
    assert emulator.state.create_calls("joyai") == 1

    window.message_bar.action_button.click()  # "Add key" opens Settings on the provider
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and dialog.tabs.currentWidget() is dialog.pages["joyai"]
    dialog.pages["joyai"].key_edit.setText("sk-session-only")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    second.run.until(
        lambda: window.gallery_model.rowCount() == 1,
        message=lambda: str(window.queue_model.records()),
    )
    assert window.gallery_model.entry(0).request.prompt == "finish me with the key"
    assert window.queue_model.record(0).state is JobState.succeeded
    assert emulator.state.create_calls("joyai") == 1
