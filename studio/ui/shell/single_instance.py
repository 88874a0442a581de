"""One studio at a time: a second `image-studio` (or the file manager opening an image with it)
hands its files to the running window over a per-user local socket, and exits.

The socket's name comes from the user and the data folder, so two HOMEs or two libraries each
have their own studio. Only the same user can reach it: on Linux it lives in the private
`$XDG_RUNTIME_DIR` (else in the temporary folder, the socket file made 0600 as it is bound),
and every message must carry the token the running studio wrote into its data folder
(readable by the user only). A socket left behind by a killed studio is removed when the next
one starts.

This module is the running studio's side (made after its first paint); a later one's side is
`studio.ui.shell.instance_client`, which loads no Qt on Unix and exits at once when heard.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import socket
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from studio.ui.shell.instance_client import (
    ACCEPTED,
    ACTIVATION_VARIABLES,
    absolute_files,
    hand_over,
    instance_address,
    socket_path,
    token_path,
)

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtNetwork import QLocalServer, QLocalSocket
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
    token = os.urandom(16).hex()  # secrets.token_hex(16), without importing hmac and OpenSSL
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

    On Unix it is a plain Unix socket watched by a QSocketNotifier (QtNetwork would cost the
    idle studio 3 MB, bench/README.md); on Windows, a QLocalServer's named pipe.

    Signals:
        files_received(list): a later studio handed over these paths (possibly none: the user
            only started the studio again); the window should come forward and open them.
    """

    files_received = Signal(list)

    def __init__(self, parent: QObject | None = None, *, folder: Path | None = None) -> None:
        super().__init__(parent)
        self._folder = folder
        self._token = ""
        self.address = instance_address(folder)
        self._listener: socket.socket | None = None
        self._notifier: QSocketNotifier | None = None
        self._pipe: QLocalServer | None = None  # Windows: the named pipe's server

    def listen(self) -> bool:
        """Start listening; a socket a killed studio left behind is removed first. False when
        another live studio listens already (started at the same moment) or listening fails."""
        self._token = write_token(self._folder)
        if sys.platform == "win32":
            return self._listen_pipe()
        path = socket_path(self.address)
        try:
            self._bind(path)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                log.warning("cannot listen on %s: %s", path, exc)
                return False
            if _answers(path):
                return False
            os.unlink(path)  # nobody answers on it: a killed studio's
            try:
                self._bind(path)
            except OSError as again:
                log.warning("cannot listen on %s: %s", path, again)
                return False
        return True

    def _bind(self, path: str) -> None:
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(path)
            os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)  # and the token: this user only
            listener.listen(8)
            listener.setblocking(False)
        except OSError:
            listener.close()
            raise
        self._listener = listener
        self._notifier = QSocketNotifier(listener.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._accept)

    def close(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
        if self._listener is not None:
            with contextlib.suppress(OSError):
                os.unlink(socket_path(self.address))
            self._listener.close()
            self._listener = None
        if self._pipe is not None:
            self._pipe.close()

    def _accept(self) -> None:
        assert self._listener is not None
        while True:
            try:
                connection, _ = self._listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                log.warning("a hand-over connection failed: %s", exc)
                return
            connection.setblocking(False)
            _Conversation(_UnixConnection(connection, self), self)

    def received(self, connection: Connection, data: bytes) -> None:
        """A whole message arrived on `connection`: answer it, then announce its files."""
        import hmac  # here, not at start-up: it loads OpenSSL's digests (bench/README.md)

        try:
            message = json.loads(data)
            accepted = isinstance(message, dict) and hmac.compare_digest(
                str(message.get("token", "")), self._token
            )
        except (ValueError, TypeError):
            accepted = False
        if not accepted:
            log.warning("refused a hand-over without this studio's token")
            connection.close()
            return
        connection.answer(ACCEPTED)
        files = [f for f in message.get("files") or [] if isinstance(f, str) and os.path.isabs(f)]
        activation = message.get("activation") or {}
        for variable in ACTIVATION_VARIABLES:
            value = activation.get(variable) if isinstance(activation, dict) else None
            if isinstance(value, str) and value.isprintable():
                os.environ[variable] = value  # read by Qt as it activates the window
        self.files_received.emit(files[:MAX_FILES])

    def _listen_pipe(self) -> bool:
        from PySide6.QtNetwork import QLocalServer  # Windows only: a named pipe

        pipe = QLocalServer(self)
        pipe.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        pipe.newConnection.connect(self._accept_pipe)
        self._pipe = pipe
        return bool(pipe.listen(self.address))

    def _accept_pipe(self) -> None:
        assert self._pipe is not None
        while (line := self._pipe.nextPendingConnection()) is not None:
            _Conversation(_PipeConnection(line, self), self)


class Connection(Protocol):
    """One later studio on the line."""

    @property
    def readable(self) -> SignalInstance: ...
    def read(self) -> bytes | None: ...
    def answer(self, data: bytes) -> None: ...
    def close(self) -> None: ...


def _answers(path: str) -> bool:
    """Whether a live studio listens on `path` (a killed one's socket refuses)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(CONNECT_MS / 1000)
        try:
            probe.connect(path)
        except OSError:
            return False
        return True


class _UnixConnection(QObject):
    """A connection on the Unix socket, read when the notifier says there is something."""

    readable = Signal()

    def __init__(self, connection: socket.socket, parent: QObject) -> None:
        super().__init__(parent)
        self._connection: socket.socket | None = connection
        self._notifier = QSocketNotifier(connection.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self.readable)

    def read(self) -> bytes | None:
        """What has arrived: b"" once the other side has closed, None when nothing has."""
        if self._connection is None:
            return b""
        try:
            return self._connection.recv(65536)
        except (BlockingIOError, InterruptedError):
            return None
        except OSError:
            return b""

    def answer(self, data: bytes) -> None:
        if self._connection is not None:
            with contextlib.suppress(OSError):
                self._connection.send(data)  # a few bytes: the buffer takes them at once
        self.close()

    def close(self) -> None:
        self._notifier.setEnabled(False)
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        self.deleteLater()


class _PipeConnection(QObject):
    """A connection on Windows' named pipe (a QLocalSocket)."""

    readable = Signal()

    def __init__(self, line: QLocalSocket, parent: QObject) -> None:
        super().__init__(parent)
        self._line = line
        line.setParent(self)
        line.readyRead.connect(self.readable)
        line.disconnected.connect(self.readable)

    def read(self) -> bytes | None:
        data = bytes(self._line.readAll().data())
        if self._line.state() != self._line.LocalSocketState.ConnectedState:
            return data
        return data or None

    def answer(self, data: bytes) -> None:
        from PySide6.QtCore import QByteArray

        self._line.write(QByteArray(data))
        self._line.disconnectFromServer()

    def close(self) -> None:
        self._line.abort()
        self.deleteLater()


class _Conversation(QObject):
    """One connection: reads a line as it arrives (never blocking the UI thread), then answers;
    one that sends too much, or not all of it in time, is dropped."""

    def __init__(self, connection: Connection, server: StudioServer) -> None:
        super().__init__(server)
        self._connection, self._server = connection, server
        self._data = b""
        connection.readable.connect(self._read)
        QTimer.singleShot(CLIENT_DEADLINE_MS, self, self._end)

    def _read(self) -> None:
        chunk = self._connection.read()
        if chunk is None:
            return
        self._data += chunk
        if not chunk or len(self._data) > MAX_MESSAGE:
            self._end()
        elif b"\n" in self._data:
            self._connection.readable.disconnect(self._read)
            self._server.received(self._connection, self._data.partition(b"\n")[0])
            self.deleteLater()

    def _end(self) -> None:
        self._connection.close()
        self.deleteLater()


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
