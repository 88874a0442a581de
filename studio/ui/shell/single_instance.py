"""One studio at a time: a second `image-studio` (or the file manager opening an image with it)
hands its files to the running window over a per-user local socket, and exits.

The socket's name comes from the user and the data folder, so two HOMEs or two libraries each
have their own studio. Only the same user can reach it: on Linux it lives in the private
`$XDG_RUNTIME_DIR` (else in the temporary folder, restricted to the user by Qt), and every
message must carry the token the running studio wrote into its data folder (readable by the
user only). A socket left behind by a killed studio is removed when the next one starts.

The client side (`hand_over`) imports only QtCore and QtNetwork: it runs before the window's
modules, and a second studio that found the first exits at once.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import logging
import os
import secrets
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from studio.settings import data_dir

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

log = logging.getLogger("studio.ui")

#: A hand-over message is one JSON line; longer ones are cut off unread.
MAX_MESSAGE = 256 * 1024
#: Files one hand-over may name.
MAX_FILES = 64
#: How long the second studio waits for the first to connect and to answer (ms).
CONNECT_MS = 1000
ANSWER_MS = 3000
#: A connection that has not sent its whole message by then is dropped (ms).
CLIENT_DEADLINE_MS = 5000
TOKEN_FILE = "instance-token"
ACCEPTED = b"ok\n"
#: Environment variables that let the running studio take the focus the desktop gave the
#: second one (Wayland's activation token, X11's startup notification id).
ACTIVATION_VARIABLES = ("XDG_ACTIVATION_TOKEN", "DESKTOP_STARTUP_ID")


def _user() -> str:
    if hasattr(os, "getuid"):
        return str(os.getuid())
    return getpass.getuser()


def _private_runtime_dir() -> Path | None:
    """`$XDG_RUNTIME_DIR` when it is this user's own folder that nobody else may enter."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if not runtime or not hasattr(os, "getuid"):
        return None
    try:
        info = os.stat(runtime)
    except OSError:
        return None
    private = stat.S_ISDIR(info.st_mode) and not info.st_mode & 0o077
    return Path(runtime) if private and info.st_uid == os.getuid() else None


def instance_address(folder: Path | None = None) -> str:
    """The running studio's socket: a path in the private runtime folder, or a name that Qt
    turns into one in the temporary folder (a named pipe on Windows)."""
    folder = folder or data_dir()
    digest = hashlib.sha256(f"{_user()}\0{folder.resolve()}".encode()).hexdigest()[:16]
    name = f"image-studio-{digest}"
    runtime = _private_runtime_dir()
    return str(runtime / f"{name}.sock") if runtime is not None else name


def _token_path(folder: Path | None = None) -> Path:
    return (folder or data_dir()) / TOKEN_FILE


def _read_token(folder: Path | None = None) -> str | None:
    try:
        return _token_path(folder).read_text(encoding="ascii").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def _write_token(folder: Path | None = None) -> str:
    """A new secret for this studio's hand-overs, in a file only this user can read."""
    path = _token_path(folder)
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


def hand_over(files: Sequence[str], *, folder: Path | None = None) -> bool:
    """Give `files` (absolute paths) to the studio already running for this user and data
    folder, which comes forward; False when none answers (then this process opens the window)."""
    token = _read_token(folder)
    if token is None:
        return False
    socket = QLocalSocket()
    socket.connectToServer(instance_address(folder))
    if not socket.waitForConnected(CONNECT_MS):
        return False
    activation = {v: os.environ[v] for v in ACTIVATION_VARIABLES if os.environ.get(v)}
    message = {"token": token, "files": list(files), "activation": activation}
    socket.write(QByteArray(json.dumps(message).encode() + b"\n"))
    socket.waitForBytesWritten(ANSWER_MS)
    answer = b""
    while not answer.endswith(b"\n") and socket.waitForReadyRead(ANSWER_MS):
        answer += socket.readAll().data()
    socket.abort()
    return answer == ACCEPTED


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
        self._token = _write_token(self._folder)
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


def absolute_files(paths: Sequence[str]) -> list[str]:
    """The command line's files as absolute paths (the running studio works in another folder);
    a `file://` URL, as some file managers pass, as its path."""
    from urllib.parse import unquote, urlsplit

    found = []
    for path in paths:
        if path.startswith("file://"):
            path = unquote(urlsplit(path).path)
        found.append(str(Path(path).expanduser().absolute()))
    return found


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
