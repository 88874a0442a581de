"""A reference link the user typed is checked before paying: HEAD, else the first bytes by a
ranged GET; gone, not an image, or unreachable is refused with nothing sent."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from PIL import Image

from studio.domain.errors import InvalidRequest
from studio.providers.probe import probe_references
from tests.helpers import free_port, run


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()


class Links(BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, str, str | None]]] = []

    def _answer(self, body: bool) -> None:
        Links.seen.append((self.command, self.path, self.headers.get("Range")))
        routes = {
            "/photo.png": (200, "image/png", PNG),
            "/page": (200, "text/html", b"<html>login</html>"),
            "/untyped": (200, "application/octet-stream", PNG),
        }
        if self.path == "/no-head" and self.command == "HEAD":
            status, kind, data = 405, "text/plain", b""
        elif self.path == "/no-head":
            status, kind, data = 206, "image/jpeg", b"\xff\xd8\xff" + b"\0" * 100
        else:
            status, kind, data = routes.get(self.path, (404, "text/plain", b"gone"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def links() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Links)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Links.seen = []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_an_image_link_passes_on_a_head_request(links):
    run(probe_references([f"{links}/photo.png"], trust_env=False))
    assert Links.seen == [("HEAD", "/photo.png", None)]


def test_a_server_refusing_head_is_asked_for_the_first_bytes_only(links):
    run(probe_references([f"{links}/no-head"], trust_env=False))
    assert Links.seen[-1] == ("GET", "/no-head", "bytes=0-4095")


def test_an_untyped_answer_passes_when_its_bytes_are_an_image(links):
    run(probe_references([f"{links}/untyped"], trust_env=False))


@pytest.mark.parametrize(
    ("path", "words"),
    [("/gone.png?token=s3cr3t", "does not exist (HTTP 404)"), ("/page", "is not an image")],
)
def test_a_dead_or_wrong_link_is_refused_without_its_query(links, path, words):
    with pytest.raises(InvalidRequest) as refused:
        run(probe_references([f"{links}/photo.png", f"{links}{path}"], trust_env=False))
    assert words in refused.value.message
    assert "s3cr3t" not in refused.value.message


def test_an_unreachable_link_is_refused():
    with pytest.raises(InvalidRequest) as refused:
        run(probe_references([f"http://127.0.0.1:{free_port()}/x.png"], trust_env=False))
    assert "cannot be reached" in refused.value.message
