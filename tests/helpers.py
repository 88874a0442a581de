"""Small helpers shared by the tests."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import os
import socket
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar

import pytest

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run one test scenario on a fresh event loop."""
    return asyncio.run(coro)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def uvicorn_in_thread(app: Any, port: int, **options: Any) -> Iterator[Any]:
    """Serve an ASGI app with uvicorn on 127.0.0.1:`port` in a daemon thread; yields the
    started `uvicorn.Server` and stops it on leaving. `options` go to `uvicorn.Config`."""
    import uvicorn

    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", lifespan="off", **options
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError(f"uvicorn did not start on port {port}")
            time.sleep(0.01)
        yield server
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextlib.contextmanager
def joyai_refusing(status: int, message: str) -> Iterator[str]:
    """A JoyAI-speaking server on loopback that refuses every create with `status` and
    `message` in JoyAI's error envelope; yields its base URL."""
    body = json.dumps({"code": status, "message": message, "data": None}).encode()

    class Refusing(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Refusing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def files_containing(root: Path, needle: bytes) -> list[str]:
    """Every file under `root` whose bytes contain `needle` (keys, result links)."""
    return [str(p) for p in root.rglob("*") if p.is_file() and needle in p.read_bytes()]


class FullDisk:
    """While `full`, flushing a written file to disk fails with ENOSPC, as it does on a full
    disk or quota (delayed allocation and network filesystems report it at fsync). The
    library's atomic writes are the only fsync/fdatasync callers; the journal is SQLite's own
    I/O."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.full = True
        self.refused = 0
        for name in ("fsync", "fdatasync"):
            if hasattr(os, name):
                monkeypatch.setattr(os, name, self._refusing(getattr(os, name)))

    def _refusing(self, real: Callable[[int], None]) -> Callable[[int], None]:
        def sync(fd: int) -> None:
            if self.full:
                self.refused += 1
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            real(fd)

        return sync


def required_tool(name: str) -> str:
    """The path of an outside program a test checks our files with (exiftool): skipped where it
    is missing, but a failure in CI (CI=true), where `.ci/run` installs it."""
    import shutil

    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is missing in CI: .ci/run installs it")
        pytest.skip(f"{name} is not installed")
    return path


def required_module(name: str) -> Any:
    """An optional package a test needs (c2pa-python, in the test extra): skipped where it is
    missing, but a failure in CI (CI=true), which installs the test extra."""
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is missing in CI: the test extra installs it")
        pytest.skip(f"{name} is not installed")


@contextlib.contextmanager
def emulator_command(port: int, env: dict[str, str]) -> Iterator[None]:
    """`image-studio emulator --port PORT` as its own process (tasks of 0.2 s), as a new user
    starts it from the README; returns once it answers, and stops it on leaving."""
    import subprocess
    import sys

    import httpx

    server = subprocess.Popen(
        [sys.executable, "-m", "studio", "emulator", "--port", str(port), "--task-seconds", "0.2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/_emulator/calls", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield
    finally:
        server.terminate()
        server.wait(timeout=10)
