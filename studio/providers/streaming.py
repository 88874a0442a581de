"""Server-sent events of a streamed create (OpenAI's `stream: true`): partial images as they
arrive, for whoever listens in this asyncio task, and the whole stream read once it ends.

The body is still read, capped and spooled whole by the HTTP core (a paid reply reaches the disk
before anything acts on it); `observe_body` only lets a parser look at each chunk on the way.
"""

from __future__ import annotations

import binascii
import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

_log = logging.getLogger("studio.providers")


@dataclass(frozen=True)
class PartialImage:
    """The `number`-th of `total` partial images (1-based), as encoded bytes."""

    number: int
    total: int
    data: bytes


PartialListener = Callable[[PartialImage], None]
ChunkObserver = Callable[[bytes], None]

_partial_listener: ContextVar[PartialListener | None] = ContextVar(
    "studio_partial_listener", default=None
)
_chunk_observer: ContextVar[ChunkObserver | None] = ContextVar(
    "studio_chunk_observer", default=None
)


@contextmanager
def report_partials(listener: PartialListener) -> Iterator[None]:
    """Send the partial images of creates made inside this block (this asyncio task) to
    `listener`."""
    token = _partial_listener.set(listener)
    try:
        yield
    finally:
        _partial_listener.reset(token)


def chunk_observer() -> ChunkObserver | None:
    """Who looks at the body of the reply being read now (studio.providers.download)."""
    return _chunk_observer.get()


@contextmanager
def observe_body(total: int) -> Iterator[None]:
    """While a streamed create is read: hand each partial image to this task's listener."""
    listener = _partial_listener.get()
    if listener is None:
        yield
        return
    token = _chunk_observer.set(EventReader(total, listener).feed)
    try:
        yield
    finally:
        _chunk_observer.reset(token)


class EventReader:
    """Reads server-sent events chunk by chunk and passes on each partial image event."""

    def __init__(self, total: int, listener: PartialListener) -> None:
        self.total = total
        self.listener = listener
        self._buffer = b""
        self.seen = 0

    def feed(self, chunk: bytes) -> None:
        self._buffer += chunk
        while True:
            end = _event_end(self._buffer)
            if end is None:
                return
            raw, self._buffer = self._buffer[: end[0]], self._buffer[end[1] :]
            event = _event_data(raw)
            if event is None or not str(event.get("type", "")).endswith(".partial_image"):
                continue
            data = _b64(event.get("b64_json"))
            if data is None:
                continue
            self.seen += 1
            try:
                self.listener(PartialImage(self.seen, self.total, data))
            except Exception:  # a listener never breaks the paid call
                _log.exception("A partial image listener failed")


def _event_end(buffer: bytes) -> tuple[int, int] | None:
    """Where the first complete event ends, and where the next begins."""
    found = [(i, i + len(sep)) for sep in (b"\n\n", b"\r\n\r\n") if (i := buffer.find(sep)) >= 0]
    return min(found) if found else None


def _event_data(raw: bytes) -> dict[str, Any] | None:
    """The JSON object of one event's `data:` lines, or None (a comment, `[DONE]`, garbage)."""
    lines = [
        line[5:].lstrip()
        for line in raw.decode("utf-8", "replace").splitlines()
        if line.startswith("data:")
    ]
    if not lines:
        return None
    try:
        value = json.loads("\n".join(lines))
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _b64(value: Any) -> bytes | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return binascii.a2b_base64(value, strict_mode=True)
    except (binascii.Error, ValueError):
        return None


def is_event_stream(body: bytes) -> bool:
    """A reply body of server-sent events rather than one JSON object."""
    head = body[:64].lstrip()
    return head.startswith((b"event:", b"data:", b":"))


def read_events(body: bytes) -> list[dict[str, Any]]:
    """Every event object of a finished stream, in order."""
    events = []
    rest = body
    while rest:
        end = _event_end(rest)
        raw, rest = (rest, b"") if end is None else (rest[: end[0]], rest[end[1] :])
        event = _event_data(raw)
        if event is not None:
            events.append(event)
    return events
