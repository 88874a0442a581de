"""The emulator on loopback behind an ASGI tap: one that keeps the bodies of requests to a path,
or one that empties the image list of a synchronous create's answer after the emulator has
handled (and charged) it, as a provider answering "done" with no image would."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.conftest import RunningEmulator
from tests.helpers import free_port, uvicorn_in_thread

Scope = dict[str, Any]


class RecordedBodies:
    """Keeps the body of every request whose path ends with `suffix`."""

    def __init__(self, app: Any, suffix: str) -> None:
        self.app, self.suffix = app, suffix
        self.bodies: list[bytes] = []

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].endswith(self.suffix):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []

        async def tap() -> Any:
            message = await receive()
            if message["type"] == "http.request":
                chunks.append(message.get("body", b""))
            return message

        try:
            await self.app(scope, tap, send)
        finally:
            self.bodies.append(b"".join(chunks))


class NoImages:
    """The next `times` JSON answers to paths ending with `suffix` come back with `data: []` and
    no `usage`: the provider took the request and answered it as done, with no image."""

    def __init__(self, app: Any, suffix: str, times: int = 1) -> None:
        self.app, self.suffix, self.times = app, suffix, times

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].endswith(self.suffix) or not self.times:
            await self.app(scope, receive, send)
            return
        self.times -= 1
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def hold(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, hold)
        body = json.loads(b"".join(chunks))
        body["data"] = []
        body.pop("usage", None)
        data = json.dumps(body).encode()
        headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(data)).encode()))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": data})


@contextmanager
def tapped_emulator(tap: Any, **config: Any) -> Iterator[tuple[RunningEmulator, Any]]:
    """The emulator served behind `tap(app)`; yields it with the tap."""
    from studio.emulator import EmulatorConfig, create_app

    app = create_app(EmulatorConfig(task_seconds=0.05, **config))
    wrapped = tap(app)
    port = free_port()
    with uvicorn_in_thread(wrapped, port):
        yield RunningEmulator(url=f"http://127.0.0.1:{port}", state=app.state.emulator), wrapped
