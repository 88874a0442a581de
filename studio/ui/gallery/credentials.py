"""Content Credentials (C2PA) of the results the details panel shows, checked on a worker thread
and only for a result being shown; the answer is kept per file."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal

from studio.background import lower_this_thread

log = logging.getLogger("studio.ui.gallery.credentials")


class _Relay(QObject):
    """Carries an answer from the worker thread to the checker on the UI thread."""

    checked = Signal(str, str)


class _Check(QRunnable):
    def __init__(self, relay: _Relay, path: str) -> None:
        super().__init__()
        self._relay, self._path = relay, path

    def run(self) -> None:
        lower_this_thread()
        # Here, on the worker: the check (and c2pa-python, on the first one) never loads with
        # the window.
        from studio.imaging.credentials import Credentials, check_credentials

        try:
            answer = check_credentials(Path(self._path))
        except Exception:  # a worker must always answer, or the panel says "checking" forever
            log.exception("checking Content Credentials of %s failed", self._path)
            answer = Credentials.unreadable
        self._relay.checked.emit(self._path, str(answer))


class CredentialsChecker(QObject):
    """`get` answers from what is known, or starts a check and returns None; `ready` follows.

    Answers are the values of `studio.imaging.credentials.Credentials` ("none", "valid",
    "invalid", "unchecked", "unreadable").

    Signals:
        ready(str): the answer for this path is now available from `get`.
    """

    ready = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._known: dict[str, str] = {}
        self._pending: set[str] = set()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.checked.connect(self._on_checked, Qt.ConnectionType.QueuedConnection)

    def get(self, path: str) -> str | None:
        if path in self._known:
            return self._known[path]
        if path not in self._pending:
            self._pending.add(path)
            self._pool.start(_Check(self._relay, path))
        return None

    def forget(self, path: str) -> None:
        self._known.pop(path, None)

    def _on_checked(self, path: str, answer: str) -> None:
        self._pending.discard(path)
        self._known[path] = answer
        self.ready.emit(path)
