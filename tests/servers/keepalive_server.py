"""A uvicorn app speaking enough JoyAI to count creates, closing idle connections after
`keep_alive` seconds (uvicorn's `timeout_keep_alive`; its default is 5)."""

from __future__ import annotations

import contextlib
import json
import threading
from dataclasses import dataclass, field
from typing import Any

from tests.helpers import uvicorn_in_thread


@dataclass
class Counter:
    creates: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def app_for(counter: Counter) -> Any:
    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        while (await receive()).get("more_body"):
            pass
        if scope["method"] == "POST":
            with counter.lock:
                counter.creates += 1
                task = f"t{counter.creates}"
            status, body = 200, {"code": 200, "data": {"task_id": task, "status": "pending"}}
        else:
            status, body = 404, {"code": 404, "message": "task not found", "data": None}
        data = json.dumps(body).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(data))]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": data})

    return app


@dataclass
class KeepAliveServer:
    url: str
    counter: Counter
    serving: contextlib.ExitStack

    @property
    def creates(self) -> int:
        return self.counter.creates

    def stop(self) -> None:
        self.serving.close()


def start(port: int, *, keep_alive: int = 1) -> KeepAliveServer:
    counter = Counter()
    serving = contextlib.ExitStack()
    serving.enter_context(uvicorn_in_thread(app_for(counter), port, timeout_keep_alive=keep_alive))
    return KeepAliveServer(f"http://127.0.0.1:{port}", counter, serving)
