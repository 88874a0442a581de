"""Shared fixtures: an isolated home, an in-memory keyring, and the emulator on real loopback."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring
import pytest

from studio.memory_keyring import MemoryKeyring
from tests.helpers import free_port, uvicorn_in_thread

# Widget tests draw offscreen wherever the suite is started: a QT_QPA_PLATFORM inherited from
# the shell (xcb without a display, or empty, as over SSH) would make Qt abort the whole run
# half way. Tests that need a real X server start their own Xvfb and set DISPLAY for it.
os.environ["QT_QPA_PLATFORM"] = "offscreen"


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Every test gets its own HOME and XDG folders, no provider keys from the environment and
    an empty in-memory keyring. (keyring keeps its backend for the whole process once chosen:
    without a new one, a key one test stored would still be there in the next.)"""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for var, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_PICTURES_DIR", "Pictures"),
    ):
        (home / sub).mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(var, str(home / sub))
    for var in (
        "JOYAI_API_KEY",
        "GPTIMAGE2_API_KEY",
        "ICODEEASY_API_KEY",
        "OPENAI_API_KEY",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "studio.keys.MemoryKeyring")
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    yield home
    keyring.set_keyring(previous)


@dataclass
class RunningEmulator:
    """The emulator served by uvicorn on 127.0.0.1 in a background thread."""

    url: str
    state: Any  # studio.emulator.state.EmulatorState

    def base_url(self, provider: str) -> str:
        """The base URL a client of `provider` should use against this emulator."""
        from studio.emulator import base_url_for

        return base_url_for(self.url, provider)


@pytest.fixture
def emulator() -> Iterator[RunningEmulator]:
    from studio.emulator import EmulatorConfig, create_app

    app = create_app(EmulatorConfig(task_seconds=0.05))
    port = free_port()
    with uvicorn_in_thread(app, port):
        yield RunningEmulator(url=f"http://127.0.0.1:{port}", state=app.state.emulator)


@pytest.fixture(scope="session")
def s3_server() -> Iterator[Any]:
    """moto's S3 server on loopback (signatures checked), with a user, its key and a bucket
    "refs"; one per test process (moto counts its unauthenticated setup calls per process), a
    daemon thread that ends with it."""
    from tests.servers.s3 import start

    yield start()
