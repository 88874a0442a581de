"""The offline demo's bucket: an in-process stand-in for the user's S3 bucket.

The demo hosts local references here, as a real bucket would: put under the content's name,
a signed GET link with an expiry (HMAC over name and expiry, as presigned links are), deleted
when the job ends. The emulated providers read the demo's links straight from here; served over
HTTP (`image-studio emulator`), `GET /_bucket/{name}` answers the same links.

An in-process stand-in rather than moto: moto needs boto3 and Flask (hundreds of ms to import,
tens of MB), which the demo, run by every new user, should not carry.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

PATH = "/_bucket/"


@dataclass
class _Object:
    data: bytes
    mime: str
    written: float


class DemoBucket:
    """Objects in memory, and links signed with a secret of this bucket alone."""

    def __init__(self, origin: str = "https://demo.invalid") -> None:
        self.origin = origin.rstrip("/")
        self._secret = secrets.token_bytes(32)
        self._objects: dict[str, _Object] = {}
        self._lock = threading.Lock()
        #: Every object name ever put (tests count uploads by it).
        self.puts: list[str] = []

    def _signature(self, name: str, expires: int) -> str:
        message = f"{name}\n{expires}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    # -- the RefStore calls (studio.providers.storage) -------------------------------------

    async def put(self, name: str, data: bytes, mime: str) -> None:
        with self._lock:
            self._objects[name] = _Object(data, mime, time.time())
            self.puts.append(name)

    async def link(self, name: str, seconds: int) -> str:
        expires = int(time.time()) + seconds
        signature = self._signature(name, expires)
        return f"{self.origin}{PATH}{quote(name)}?expires={expires}&signature={signature}"

    async def delete(self, names: Sequence[str]) -> None:
        with self._lock:
            for name in names:
                self._objects.pop(name, None)

    async def names_older_than(self, seconds: float) -> list[str]:
        cutoff = time.time() - seconds
        with self._lock:
            return [name for name, item in self._objects.items() if item.written < cutoff]

    # -- what a provider fetching a link sees ----------------------------------------------

    def names(self) -> list[str]:
        with self._lock:
            return sorted(self._objects)

    def read(self, name: str, expires: str, signature: str) -> tuple[bytes, str] | None:
        """The object a link names, if the link is genuine and unexpired and the object there."""
        if not expires.isdigit() or int(expires) < time.time():
            return None
        if not hmac.compare_digest(self._signature(name, int(expires)), signature):
            return None
        with self._lock:
            item = self._objects.get(name)
        return (item.data, item.mime) if item else None

    def read_link(self, url: str) -> tuple[bytes, str] | None:
        """`read` for a whole link of this bucket; None for any other URL."""
        parts = urlsplit(url)
        if not parts.path.startswith(PATH):
            return None
        query = parse_qs(parts.query)
        name = parts.path[len(PATH) :]
        return self.read(
            name, (query.get("expires") or [""])[0], (query.get("signature") or [""])[0]
        )


async def serve_object(request: Request) -> Response:
    """GET /_bucket/{name}?expires=...&signature=...: a demo link over HTTP."""
    bucket: DemoBucket = request.app.state.emulator.bucket
    found = bucket.read(
        request.path_params["name"],
        request.query_params.get("expires", ""),
        request.query_params.get("signature", ""),
    )
    if found is None:
        return Response("AccessDenied or NoSuchKey", status_code=403, media_type="text/plain")
    return Response(found[0], media_type=found[1])


ROUTES = [Route(PATH + "{name:path}", serve_object, methods=["GET", "HEAD"])]
