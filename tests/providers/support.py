"""Scripted fake providers (httpx.MockTransport) and quick-retry client options for the tests."""

from __future__ import annotations

import email.parser
import email.policy
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from studio.domain.catalog import provider_spec
from studio.providers import ClientOptions, make_client
from studio.providers.base import PreparedReference, ProviderClient

#: A key that must never show up in an error message, a repr or a log line.
KEY = "sk_live_SECRET_7f3a9c2e51d04b8a"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

Answer = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


@dataclass
class Sleeps:
    """Stands in for asyncio.sleep: remembers each wait and returns at once."""

    seconds: list[float] = field(default_factory=list)

    async def __call__(self, delay: float) -> None:
        self.seconds.append(delay)


def quick_options(**changes: Any) -> ClientOptions:
    """Real retry rules, no real waiting (pass `sleep=Sleeps()` to see the waits)."""
    changes.setdefault("sleep", Sleeps())
    return ClientOptions(**changes)


class Script:
    """A fake provider answering each request with the next scripted answer (the last repeats)."""

    def __init__(self, *answers: Answer) -> None:
        assert answers
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        if callable(answer) and not isinstance(answer, httpx.Response):
            return answer(request)
        return answer

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]

    def json_sent(self, index: int = -1) -> Any:
        return json.loads(self.requests[index].content)


def reply(status: int = 200, body: Any = None, **headers: str) -> httpx.Response:
    """A JSON reply (or raw bytes/text when `body` is bytes)."""
    extra = {name.replace("_", "-"): value for name, value in headers.items()}
    if isinstance(body, bytes):
        return httpx.Response(status, content=body, headers=extra)
    return httpx.Response(status, json=body, headers=extra)


def client_for(
    provider: str,
    script: Script,
    *,
    options: ClientOptions | None = None,
    base_url: str | None = None,
    api_key: str | None = KEY,
) -> ProviderClient:
    return make_client(
        provider_spec(provider),
        api_key=api_key,
        base_url=base_url,
        transport=script.transport,
        options=options or quick_options(),
    )


async def call_and_close(client: ProviderClient, action: Callable[[ProviderClient], Any]) -> Any:
    try:
        return await action(client)
    finally:
        await client.aclose()


def url_ref(url: str = "https://example.com/ref.png") -> PreparedReference:
    return PreparedReference(url=url)


def local_ref(name: str = "ref.png", data: bytes = PNG) -> PreparedReference:
    return PreparedReference(data=data, mime="image/png", filename=name)


def multipart_fields(request: httpx.Request) -> list[tuple[str, str | None, bytes]]:
    """(field name, file name or None, content) of each part of a multipart request."""
    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + request.content)
    parts = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        filename = part.get_param("filename", header="content-disposition")
        parts.append(
            (str(name), None if filename is None else str(filename), part.get_payload(decode=True))
        )
    return parts


class BrokenStream(httpx.AsyncByteStream):
    """A body that breaks off after its first chunk, like a dropped connection."""

    def __init__(self, first: bytes) -> None:
        self.first = first

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.first
        raise httpx.ReadError("connection dropped mid-body")


class EndlessStream(httpx.AsyncByteStream):
    """A body of `total` bytes with no Content-Length."""

    def __init__(self, total: int, chunk: int = 64 * 1024) -> None:
        self.total = total
        self.chunk = chunk

    async def __aiter__(self) -> AsyncIterator[bytes]:
        sent = 0
        while sent < self.total:
            size = min(self.chunk, self.total - sent)
            sent += size
            yield b"\x00" * size
