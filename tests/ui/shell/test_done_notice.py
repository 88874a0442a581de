"""Done while away (#16 item 10): a long job that finishes while the window is not active makes
the taskbar entry ask for attention and sends a desktop notification; a setting turns it off."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget

from studio.settings import Settings
from tests.ui.conftest import Studio, StudioFactory
from tests.ui.shell.test_screenshots import submit


def run_long_job_away(studio: Studio, sent: list[tuple[str, str]], alerts: list[QWidget]) -> None:
    window = studio.window
    window.done_notice._send = lambda title, body: sent.append((title, body))
    other = QWidget()
    other.show()
    other.activateWindow()
    studio.run.until(lambda: not window.isActiveWindow(), message="the window stayed active")
    submit(studio, "a <b>lighthouse</b> at dusk")
    studio.run.until(lambda: window.gallery_model.rowCount() == 1, timeout=30)
    studio.run.settle(0.2)
    other.close()


def test_a_long_job_done_while_away_asks_for_attention(
    make_studio: StudioFactory, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    alerts: list[QWidget] = []
    monkeypatch.setattr(QApplication, "alert", staticmethod(lambda w, ms=0: alerts.append(w)))
    monkeypatch.setattr("studio.ui.shell.done_notice.LONG_ENOUGH", 0.5)
    studio = make_studio(demo_seconds=1.0)
    sent: list[tuple[str, str]] = []
    run_long_job_away(studio, sent, alerts)
    assert alerts == [studio.window]
    [(_title, body)] = sent
    assert body.startswith("1 image") and "&lt;b&gt;lighthouse" in body


def test_the_setting_turns_it_off(make_studio: StudioFactory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    alerts: list[QWidget] = []
    monkeypatch.setattr(QApplication, "alert", staticmethod(lambda w, ms=0: alerts.append(w)))
    monkeypatch.setattr("studio.ui.shell.done_notice.LONG_ENOUGH", 0.5)
    studio = make_studio(demo_seconds=1.0, settings=Settings(notify_when_done=False))
    sent: list[tuple[str, str]] = []
    run_long_job_away(studio, sent, alerts)
    assert alerts == [] and sent == []


def test_a_job_watched_to_the_end_sends_nothing(make_studio: StudioFactory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("studio.ui.shell.done_notice.LONG_ENOUGH", 0.5)
    studio = make_studio(demo_seconds=1.0)
    sent: list[tuple[str, str]] = []
    studio.window.done_notice._send = lambda title, body: sent.append((title, body))
    submit(studio, "watched")
    studio.run.until(lambda: studio.window.gallery_model.rowCount() == 1, timeout=30)
    assert studio.window.isActiveWindow() and sent == []


def test_no_session_bus_is_no_error(qapp: QApplication, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from studio.ui.shell.done_notice import freedesktop_notify

    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    freedesktop_notify("Image Studio", "test")  # neither raises nor waits


def test_the_setting_is_a_checkbox_in_settings(studio: Studio) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from tests.ui.settings.test_providers import open_dialog

    dialog = open_dialog(studio)
    dialog.tabs.setCurrentIndex(dialog.tabs.count() - 1)
    check = dialog.notify_check
    for page in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(page)
        if check.isVisible():
            break
    assert check.isChecked()
    QTest.mouseClick(check, Qt.MouseButton.LeftButton)
    assert dialog.collected().notify_when_done is False
    dialog.reject()
