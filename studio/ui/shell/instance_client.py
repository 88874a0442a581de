"""One studio at a time, the side of a later `image-studio`: it finds the studio already open
for this user and data folder and hands it its files (`hand_over`), or learns that none is.

It runs before the window's first paint, so it loads no Qt on Linux and macOS: the socket the
running studio's QLocalServer listens on is a Unix socket, reached with Python's own `socket`.
(On Windows it is a named pipe, reached with QLocalSocket.) The server, and how the socket and
its token are kept to the user, is `studio.ui.shell.single_instance`.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import sys
import tempfile
import zlib
from collections.abc import Sequence
from pathlib import Path

from studio.settings import data_dir

TOKEN_FILE = "instance-token"
ACCEPTED = b"ok\n"
#: How long the second studio waits for the first to connect and to answer (s).
CONNECT_SECONDS = 1.0
ANSWER_SECONDS = 3.0
#: Environment variables that let the running studio take the focus the desktop gave the
#: second one (Wayland's activation token, X11's startup notification id).
ACTIVATION_VARIABLES = ("XDG_ACTIVATION_TOKEN", "DESKTOP_STARTUP_ID")


def _user() -> str:
    if hasattr(os, "getuid"):
        return str(os.getuid())
    import getpass

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


def _name_digest(text: str) -> str:
    """16 hex digits that differ between users and data folders. A checksum, not a cryptographic
    hash: the name is predictable by design (the token file is what a hand-over must know), and
    hashlib would load OpenSSL's digests into every window for it (0.6 MB, bench/README.md)."""
    data = text.encode()
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def instance_address(folder: Path | None = None) -> str:
    """The running studio's socket: a path in the private runtime folder, or a name that Qt
    turns into one in the temporary folder (a named pipe on Windows)."""
    folder = folder or data_dir()
    name = "image-studio-" + _name_digest(f"{_user()}\0{folder.resolve()}")
    runtime = _private_runtime_dir()
    return str(runtime / f"{name}.sock") if runtime is not None else name


def token_path(folder: Path | None = None) -> Path:
    return (folder or data_dir()) / TOKEN_FILE


def _read_token(folder: Path | None = None) -> str | None:
    try:
        return token_path(folder).read_text(encoding="ascii").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def socket_path(address: str) -> str:
    """Where Qt's local server puts `address` on Unix: the path itself, or that name in the
    temporary folder."""
    return address if os.path.isabs(address) else os.path.join(tempfile.gettempdir(), address)


def hand_over(files: Sequence[str], *, folder: Path | None = None) -> bool:
    """Give `files` (absolute paths) to the studio already running for this user and data
    folder, which comes forward; False when none answers (then this process opens the window)."""
    token = _read_token(folder)
    if token is None:
        return False
    activation = {v: os.environ[v] for v in ACTIVATION_VARIABLES if os.environ.get(v)}
    message = json.dumps({"token": token, "files": list(files), "activation": activation})
    if sys.platform == "win32":
        return _hand_over_pipe(instance_address(folder), message.encode() + b"\n")
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(CONNECT_SECONDS)
            connection.connect(socket_path(instance_address(folder)))
            connection.settimeout(ANSWER_SECONDS)
            connection.sendall(message.encode() + b"\n")
            answer = b""
            while not answer.endswith(b"\n") and (chunk := connection.recv(64)):
                answer += chunk
    except OSError:  # nobody listens (a killed studio's socket, or none), or no answer
        return False
    return answer == ACCEPTED


def _hand_over_pipe(address: str, message: bytes) -> bool:
    from PySide6.QtCore import QByteArray
    from PySide6.QtNetwork import QLocalSocket

    pipe = QLocalSocket()
    pipe.connectToServer(address)
    if not pipe.waitForConnected(round(CONNECT_SECONDS * 1000)):
        return False
    pipe.write(QByteArray(message))
    pipe.waitForBytesWritten(round(ANSWER_SECONDS * 1000))
    answer = b""
    while not answer.endswith(b"\n") and pipe.waitForReadyRead(round(ANSWER_SECONDS * 1000)):
        answer += pipe.readAll().data()
    pipe.abort()
    return answer == ACCEPTED


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
