"""Done while away (#16 item 10): when a job that took more than a few seconds finishes while
the window is not active, the taskbar entry asks for attention (QApplication.alert) and a desktop
notification says so — freedesktop Notifications over D-Bus on Linux, where the session bus
answers; elsewhere the tray's message. The setting "notify_when_done" turns both off.

Nothing here waits: the D-Bus call is sent without waiting for its reply."""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QWidget

from studio.domain.models import JobState
from studio.engine.events import JobRecord

# A job shorter than this was watched finishing; no need to call the user back.
LONG_ENOUGH = 5.0

Sender = Callable[[str, str], None]


def freedesktop_notify(title: str, body: str) -> None:
    """org.freedesktop.Notifications.Notify on the session bus, not waiting for the reply; no
    bus (a bare X server, a CI box) means no notification."""
    from PySide6.QtDBus import QDBusConnection, QDBusMessage  # on first notice only

    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return
    message = QDBusMessage.createMethodCall(
        "org.freedesktop.Notifications",
        "/org/freedesktop/Notifications",
        "org.freedesktop.Notifications",
        "Notify",
    )
    message.setArguments(["Image Studio", 0, "image-studio", title, body, [], {}, -1])
    bus.send(message)


class DoneNotice(QObject):
    """Tells a user who looked away that a long job finished."""

    def __init__(
        self,
        window: QWidget,
        enabled: Callable[[], bool],
        send: Sender | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._enabled = enabled
        self._send: Sender = send or (
            freedesktop_notify if sys.platform.startswith("linux") else self._tray
        )
        self._told: set[str] = set()

    def job_changed(self, record: JobRecord) -> None:
        if record.state not in (JobState.succeeded, JobState.failed) or record.id in self._told:
            return
        self._told.add(record.id)
        if not self._enabled() or self._window.isActiveWindow():
            return
        if record.updated_at - record.created_at < LONG_ENOUGH:
            return
        QApplication.alert(self._window)
        if record.state is JobState.succeeded:
            body = self.tr("%n image(s) ready", "", max(1, len(record.files)))
        else:
            body = self.tr("A job could not be finished.")
        # Notification servers read the body as simple markup: the prompt stays plain text.
        import html  # here: its table of entities is not worth keeping in the idle window

        prompt = html.escape(" ".join(record.request.prompt.split())[:80])
        self._send(self.tr("Image Studio"), f"{body}: {prompt}")

    def _tray(self, title: str, body: str) -> None:
        from PySide6.QtWidgets import QSystemTrayIcon  # elsewhere than Linux, on first use

        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        tray = QSystemTrayIcon(self._window.windowIcon(), self)
        tray.show()
        tray.showMessage(title, body)
