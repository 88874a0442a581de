"""One studio at a time: a second `image-studio` (or the file manager opening an image with it)
hands its files to the running window over a per-user local socket, and exits.

The socket's name comes from the user and the data folder, so two HOMEs or two libraries each
have their own studio. Only the same user can reach it: on Linux it lives in the private
`$XDG_RUNTIME_DIR` (else in the temporary folder, restricted to the user by Qt), and every
message must carry the token the running studio wrote into its data folder (readable by the
user only). A socket left behind by a killed studio is removed when the next one starts.

This module is the running studio's side (made after its first paint); a later one's side is
`studio.ui.shell.instance_client`, which loads no Qt on Unix and exits at once when heard.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from studio.ui.shell.instance_client import (
    ACCEPTED,
    ACTIVATION_VARIABLES,
    absolute_files,
    hand_over,
    instance_address,
    token_path,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

log = logging.getLogger("studio.ui")

#: A hand-over message is one JSON line; longer ones are cut off unread.
MAX_MESSAGE = 256 * 1024
#: Files one hand-over may name.
MAX_FILES = 64
#: How long listening waits to learn whether another studio answers on the socket (ms).
CONNECT_MS = 1000
#: A connection that has not sent its whole message by then is dropped (ms).
CLIENT_DEADLINE_MS = 5000
__all__ = ["StudioServer", "absolute_files", "hand_over", "instance_address", "present"]


def write_token(folder: Path | None = None) -> str:
    """A new secret for this studio's hand-overs, in a file only this user can read."""
    path = token_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(16)
    partial = path.with_name(path.name + ".partial")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(token)
    os.replace(partial, path)
    return token


class StudioServer(QObject):
    """Listens for later studios of the same user and data folder.

    Signals:
        files_received(list): a later studio handed over these paths (possibly none: the user
            only started the studio again); the window should come forward and open them.
    """

    files_received = Signal(list)

    def __init__(self, parent: QObject | None = None, *, folder: Path | None = None) -> None:
        super().__init__(parent)
        self._folder = folder
        self._token = ""
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self.address = instance_address(folder)

    def listen(self) -> bool:
        """Start listening; a socket a killed studio left behind is removed first. False when
        another live studio listens already (started at the same moment) or listening fails."""
        self._token = write_token(self._folder)
        if self._server.listen(self.address):
            return True
        probe = QLocalSocket()
        probe.connectToServer(self.address)
        if probe.waitForConnected(CONNECT_MS):
            probe.abort()
            return False
        QLocalServer.removeServer(self.address)  # nobody answers on it: a killed studio's
        if self._server.listen(self.address):
            return True
        log.warning("cannot listen on %s: %s", self.address, self._server.errorString())
        return False

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            _Conversation(socket, self)

    def received(self, socket: QLocalSocket, data: bytes) -> None:
        """A whole message arrived on `socket`: answer it, then announce its files."""
        try:
            message = json.loads(data)
            accepted = isinstance(message, dict) and secrets.compare_digest(
                str(message.get("token", "")), self._token
            )
        except (ValueError, TypeError):
            accepted = False
        if not accepted:
            log.warning("refused a hand-over without this studio's token")
            socket.abort()
            return
        socket.write(QByteArray(ACCEPTED))
        socket.disconnectFromServer()
        files = [f for f in message.get("files") or [] if isinstance(f, str) and os.path.isabs(f)]
        activation = message.get("activation") or {}
        for variable in ACTIVATION_VARIABLES:
            value = activation.get(variable) if isinstance(activation, dict) else None
            if isinstance(value, str) and value.isprintable():
                os.environ[variable] = value  # read by Qt as it activates the window
        self.files_received.emit(files[:MAX_FILES])


class _Conversation(QObject):
    """One connection: reads a line as it arrives (never blocking the UI thread), then answers."""

    def __init__(self, socket: QLocalSocket, server: StudioServer) -> None:
        super().__init__(server)
        self._socket, self._server = socket, server
        self._data = b""
        socket.setParent(self)
        socket.readyRead.connect(self._read)
        socket.disconnected.connect(self.deleteLater)
        QTimer.singleShot(CLIENT_DEADLINE_MS, self, socket.abort)

    def _read(self) -> None:
        self._data += self._socket.readAll().data()
        if len(self._data) > MAX_MESSAGE:
            self._socket.abort()
        elif b"\n" in self._data:
            line = self._data.partition(b"\n")[0]
            self._socket.readyRead.disconnect(self._read)
            self._server.received(self._socket, line)


def present(window: QWidget) -> None:
    """Bring the window forward: restored, raised, focused where the desktop allows it, and
    its taskbar entry asking for attention where it does not."""
    from PySide6.QtWidgets import QApplication

    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
    QApplication.alert(window)
