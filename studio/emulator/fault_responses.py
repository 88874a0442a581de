"""The misbehaving answers fault rules produce: dropped connections, cut bodies, junk bodies.

Under uvicorn a connection is closed through the server's own transport, reached from the
``send`` callable the app stored in the scope; in-process (httpx.ASGITransport) there is no
connection, so the client gets the exception httpx itself raises for a dropped connection.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import anyio
import httpx
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.types import Receive, Scope, Send

from studio.emulator.faults import HUGE_BYTES, Action
from studio.emulator.images import bomb_png, corrupt_bytes, garbage_pixels_png

#: The scope key under which the app keeps the server's own `send` callable.
SERVER_SEND = "studio.emulator.server_send"
_CHUNK = bytes(1024 * 1024)


async def _close_connection(scope: Scope) -> bool:
    """Close the client connection under uvicorn; False when there is no connection to close."""
    cycle = getattr(scope.get(SERVER_SEND), "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None:
        return False
    transport.close()
    # Wait until uvicorn has noticed, so it does not answer with its own 500 afterwards.
    for _ in range(200):
        if getattr(cycle, "disconnected", True):
            break
        await anyio.sleep(0.005)
    return True


class DroppedConnection(Response):
    """No answer at all: the connection closes."""

    def __init__(self) -> None:
        super().__init__(status_code=503)  # never sent; the call is recorded with status 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not await _close_connection(scope):
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.")


class CutShort(Response):
    """The headers and the first `length` bytes of `answer`, then the connection closes."""

    def __init__(self, answer: Response, length: int | None = None) -> None:
        super().__init__(status_code=answer.status_code)
        self.answer = answer
        body = bytes(getattr(answer, "body", b""))
        self.partial = body[: len(body) // 2 if length is None else min(length, len(body) - 1)]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": self.answer.status_code,
                "headers": self.answer.raw_headers,
            }
        )
        await send({"type": "http.response.body", "body": self.partial, "more_body": True})
        if not await _close_connection(scope):
            raise httpx.RemoteProtocolError(
                "peer closed connection without sending complete message body"
            )


def replacing_response(action: Action, request: Request) -> Response:
    """The answer for an action that stands in for the provider's own."""
    if action is Action.html:
        return HTMLResponse(
            "<!doctype html><html><head><title>Just a moment...</title></head>"
            "<body><h1>Checking your browser before accessing the site.</h1></body></html>"
        )
    if action is Action.redirect_loop:
        return RedirectResponse(str(request.url), status_code=302)
    if action is Action.not_json:
        return Response(
            b"upstream connect error or disconnect/reset before headers",
            media_type="application/json",
        )
    if action is Action.missing_fields:
        return JSONResponse({})
    raise ValueError(f"{action} does not replace an answer")


def spoiled_image(action: Action, data: bytes, length: int | None = None) -> bytes:
    """The bytes of a spoiling image fault in place of the real image `data`."""
    if action is Action.truncate:
        return data[: len(data) // 2 if length is None else min(length, len(data) - 1)]
    if action is Action.corrupt:
        return corrupt_bytes(length or 4096)
    if action is Action.bomb:
        return bomb_png()
    if action is Action.garbage_pixels:
        return garbage_pixels_png()
    raise ValueError(f"{action} does not spoil an image")


async def _endless(
    length: int, prefix: bytes, filler: bytes, suffix: bytes
) -> AsyncIterator[bytes]:
    yield prefix
    remaining = length
    while remaining > 0:
        chunk = filler if remaining >= len(filler) else filler[:remaining]
        remaining -= len(chunk)
        yield chunk
        await anyio.sleep(0)  # let a disconnect cancel the stream
    yield suffix


def huge_response(
    length: int | None,
    *,
    media_type: str = "image/png",
    prefix: bytes = b"\x89PNG\r\n\x1a\n",
    filler: bytes = _CHUNK,
    suffix: bytes = b"",
) -> StreamingResponse:
    """`length` bytes (300 MB by default) streamed lazily, without a Content-Length."""
    body = _endless(length if length is not None else HUGE_BYTES, prefix, filler, suffix)
    return StreamingResponse(body, media_type=media_type)
