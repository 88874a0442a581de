"""The studio's log file: rotating, in the platform's log folder, credentials redacted.

A window started from a desktop entry has no terminal: without a file, its warnings and a crash
leave nothing behind. `start_log` (called once by the command line and by the window) adds a
rotating file handler to the root logger, every line passing through `redact` (no API key,
Bearer token, URL query or token-like link ever reaches the file), and points `faulthandler` at
a file beside it, so a hard crash (a segfault in Qt, a deadlock killed by SIGABRT) leaves its
Python stacks. The log folder is the platform's (`studio.settings.log_dir`, under
`XDG_STATE_HOME` on Linux). A log that cannot be written (a full disk, a read-only home) never
stops the studio: it is then simply not kept.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import sys
from pathlib import Path
from typing import IO

from studio.domain.plain_text import plain_text
from studio.providers.redaction import RedactingFormatter, redact
from studio.settings import log_dir

LOG_NAME = "studio.log"
CRASH_NAME = "crash.log"
#: Rotated at 1 MB, three old files kept: a few weeks of ordinary use, at most 4 MB.
MAX_BYTES = 1_000_000
BACKUPS = 3
_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"
#: Loggers that say something at INFO for every request: only their warnings go to the file.
_CHATTY = ("httpx", "httpcore", "uvicorn.access", "asyncio")

_handler: logging.Handler | None = None
_handler_path: Path | None = None
_crash_file: IO[str] | None = None
_terminal: logging.Handler | None = None


def log_path() -> Path:
    return log_dir() / LOG_NAME


def current_log() -> Path | None:
    """The log file in use, or None when none could be opened."""
    return _handler_path


class _QuietRotatingHandler(logging.FileHandler):
    """A log file that is renamed to `.1` (`.1` to `.2`, ...) before a line would take it to
    `max_bytes`, keeping `backups` old files. A failed write (a full disk) is dropped: the default
    prints a traceback to stderr.

    logging.handlers.RotatingFileHandler does this too, but its module imports pickle, socket and
    queue for its other handlers: 1.1 MB of the idle window and ~10 ms before its first paint
    (bench/README.md). The rotation below is the same as its (`doRollover`)."""

    def __init__(self, path: Path, *, max_bytes: int, backups: int) -> None:
        super().__init__(path, encoding="utf-8")
        self.max_bytes, self.backups = max_bytes, backups

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full(record):
                self._rotate()
            super().emit(record)
        except Exception:
            self.handleError(record)

    def _full(self, record: logging.LogRecord) -> bool:
        if self.stream is None or not os.path.isfile(self.baseFilename):
            return False
        self.stream.seek(0, os.SEEK_END)
        return self.stream.tell() + len(self.format(record)) + 1 >= self.max_bytes

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
        for number in range(self.backups - 1, 0, -1):
            older = f"{self.baseFilename}.{number}"
            if os.path.exists(older):
                os.replace(older, f"{self.baseFilename}.{number + 1}")
        os.replace(self.baseFilename, f"{self.baseFilename}.1")
        self.stream = self._open()
        os.chmod(self.baseFilename, 0o600)

    def handleError(self, record: logging.LogRecord) -> None:
        pass


def start_log(level: int = logging.INFO) -> Path | None:
    """Start writing the log file (once per process and folder); its path, or None if it
    cannot be written."""
    global _handler, _handler_path
    path = log_path()
    if _handler is not None and path == _handler_path:
        return path
    stop_log()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler = _QuietRotatingHandler(path, max_bytes=MAX_BYTES, backups=BACKUPS)
        os.chmod(path, 0o600)
    except OSError:
        return None
    handler.setFormatter(RedactingFormatter(_FORMAT))
    handler.setLevel(level)
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    for name in _CHATTY:
        chatty = logging.getLogger(name)
        if chatty.level == logging.NOTSET:
            chatty.setLevel(logging.WARNING)
    _handler, _handler_path = handler, path
    _start_faulthandler(path.parent / CRASH_NAME)
    return path


class _Stderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (a test's capture, a redirected stream)."""

    def emit(self, record: logging.LogRecord) -> None:
        if sys.stderr is not None:  # a window started without a console has none
            self.stream = sys.stderr
            super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:
        pass


class _TerminalFormatter(RedactingFormatter):
    """Warnings for a terminal: the message alone, plain, redacted, without a traceback (those
    go to the file)."""

    def format(self, record: logging.LogRecord) -> str:
        return plain_text(redact(record.getMessage()))


def warnings_to_stderr() -> None:
    """The command line's warnings (retries, a result kept aside) on stderr as before the log
    file existed, once per process."""
    global _terminal
    if _terminal is None:
        _terminal = _Stderr()
        _terminal.setLevel(logging.WARNING)
        _terminal.setFormatter(_TerminalFormatter())
        logging.getLogger().addHandler(_terminal)


def _start_faulthandler(path: Path) -> None:
    """Fatal errors' stacks into the crash file, unless something (PYTHONFAULTHANDLER, a test
    runner) already asked for them elsewhere."""
    global _crash_file
    if faulthandler.is_enabled():
        return
    try:
        _crash_file = open(path, "a", encoding="utf-8")  # noqa: SIM115 (open for the process)
        os.chmod(path, 0o600)
    except OSError:
        return
    faulthandler.enable(file=_crash_file, all_threads=True)


def stop_log() -> None:
    """Detach and close the log file (tests; the process's end does it otherwise)."""
    global _handler, _handler_path, _crash_file
    if _handler is not None:
        logging.getLogger().removeHandler(_handler)
        _handler.close()
        _handler = _handler_path = None
    if _crash_file is not None:
        faulthandler.disable()
        _crash_file.close()
        _crash_file = None
