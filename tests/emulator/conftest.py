"""Fixtures for the emulator's specs: the served emulator and clients against it.

One uvicorn server per test module keeps the suite fast; the `emulator` fixture below gives
each test that server with its state reset, exactly as the project-wide fixture would.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import uvicorn

from studio.emulator import EmulatorConfig, create_app
from tests.conftest import RunningEmulator
from tests.emulator.support import KEY, wait_until
from tests.helpers import free_port

CONFIG = EmulatorConfig(task_seconds=0.05)
ClientFactory = Callable[..., httpx.Client]


@pytest.fixture(scope="module")
def served_emulator() -> Iterator[RunningEmulator]:
    app = create_app(dataclasses.replace(CONFIG))
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_until(lambda: server.started, timeout=10)
    try:
        yield RunningEmulator(url=f"http://127.0.0.1:{port}", state=app.state.emulator)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def emulator(served_emulator: RunningEmulator) -> Iterator[RunningEmulator]:
    """The module's served emulator, with fresh state and the default test config."""
    state = served_emulator.state
    state.config.task_seconds, state.config.sync_seconds = CONFIG.task_seconds, 0.0
    state.reset()
    yield served_emulator
    state.reset()


@pytest.fixture
def client(emulator: RunningEmulator) -> Iterator[ClientFactory]:
    """client(provider, key=KEY): an httpx.Client on the provider's base URL, closed afterwards."""
    made: list[httpx.Client] = []

    def make(provider: str, key: str | None = KEY, **kwargs: Any) -> httpx.Client:
        headers = {"Authorization": f"Bearer {key}"} if key is not None else {}
        kwargs.setdefault("timeout", 10)
        made.append(httpx.Client(base_url=emulator.base_url(provider), headers=headers, **kwargs))
        return made[-1]

    yield make
    for each in made:
        each.close()
