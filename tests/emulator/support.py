"""Helpers for the emulator's specs: the test key, in-process runs, waiting, decoding images."""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from PIL import Image

from studio.emulator import EmulatorConfig, create_app

KEY = "sk_test_key"
PNG_HEADER = b"\x89PNG\r\n\x1a\n"


def in_process(
    scenario: Callable[[httpx.AsyncClient, Any], Awaitable[Any]],
    *,
    key: str = KEY,
    config: EmulatorConfig | None = None,
) -> Any:
    """Run `scenario(client, state)` against a fresh app through httpx.ASGITransport."""
    app = create_app(config or EmulatorConfig(task_seconds=0.05))

    async def main() -> Any:
        transport = httpx.ASGITransport(app=app)
        headers = {"Authorization": f"Bearer {key}"}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://demo.invalid", headers=headers
        ) as http:
            return await scenario(http, app.state.emulator)

    return asyncio.run(main())


def wait_until(check: Callable[[], Any], *, timeout: float = 5.0) -> Any:
    """Call `check` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.02)
    raise AssertionError("the condition never came true")


def picture(data: bytes) -> Image.Image:
    """The decoded image (fully loaded, so truncated files fail here)."""
    image = Image.open(io.BytesIO(data))
    image.load()
    return image
