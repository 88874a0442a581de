"""The connection-freshness rule (studio.providers.freshness): a paid create goes out only on a
connection the server answered on moments ago, else after a free request on that connection.

A recording server on loopback shows the order of requests on each connection; the two test
servers in tests/servers measure the outcome under load (concurrency 16, idle pauses near the
keep-alive timeout): no create may end "unknown", and the server must count every create once.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import time
from dataclasses import dataclass, field

import pytest

from studio.domain.catalog import provider_spec
from studio.domain.errors import ProviderUnavailable
from studio.providers import ClientOptions, make_client
from studio.providers.base import ProviderClient
from studio.providers.freshness import FRESH_SECONDS
from studio.providers.network import LeanBackend
from tests.helpers import free_port, run
from tests.providers.support import call_and_close, quick_options
from tests.servers import keepalive_server, stdlib_server
from tests.servers.drive import REQUEST, send_creates

TASK = b'{"code": 200, "data": {"task_id": "t1", "status": "pending"}}'
MISSING = b'{"code": 404, "message": "task not found", "data": null}'


@dataclass
class Seen:
    connection: int
    method: str
    path: str


@dataclass
class RecordingServer:
    """JoyAI enough to answer, noting each request with the connection it came on.

    `reset_first`: connections (numbered from 1) whose first request is answered with a TCP
    reset, as a server whose accept queue overflowed does. `close_each`: answer every request
    with `Connection: close` (a server without keep-alive)."""

    reset_first: set[int] = field(default_factory=set)
    close_each: bool = False
    close_first_connection: bool = False  # connection 1 closes after its first answer
    seen: list[Seen] = field(default_factory=list)
    connections: int = 0
    server: asyncio.Server | None = None
    handlers: set[asyncio.Task[None]] = field(default_factory=set)
    writers: set[asyncio.StreamWriter] = field(default_factory=set)

    async def start(self) -> str:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return f"http://127.0.0.1:{self.server.sockets[0].getsockname()[1]}"

    async def stop(self) -> None:
        assert self.server is not None
        self.server.close()
        for writer in self.writers:
            writer.close()
        await asyncio.wait_for(asyncio.gather(*self.handlers), 5)
        await self.server.wait_closed()

    @property
    def creates(self) -> int:
        return sum(1 for s in self.seen if s.method == "POST")

    def on(self, connection: int) -> list[str]:
        return [s.method for s in self.seen if s.connection == connection]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        number = self.connections
        first = True
        task = asyncio.current_task()
        assert task is not None
        self.handlers.add(task)  # type: ignore[arg-type]
        self.writers.add(writer)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, path, _ = lines[0].split(" ", 2)
                length = 0
                for line in lines[1:]:
                    name, _, value = line.partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                await reader.readexactly(length)
                if first and number in self.reset_first:
                    sock = writer.get_extra_info("socket")
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    writer.transport.abort()
                    return
                first = False
                self.seen.append(Seen(number, method, path))
                body = TASK if method == "POST" else MISSING
                status = b"200 OK" if method == "POST" else b"404 Not Found"
                closing = self.close_each or (self.close_first_connection and number == 1)
                close = b"Connection: close\r\n" if closing else b""
                writer.write(
                    b"HTTP/1.1 "
                    + status
                    + b"\r\nContent-Type: application/json\r\n"
                    + close
                    + b"Content-Length: %d\r\n\r\n" % len(body)
                    + body
                )
                await writer.drain()
                if closing:
                    return
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()


def joyai_client(base_url: str) -> ProviderClient:
    return make_client(
        provider_spec("joyai"),
        api_key="sk-test-key-0123456789",
        base_url=base_url,
        options=ClientOptions(trust_env=False, delay_scale=0.01),
    )


def test_a_create_on_a_new_connection_follows_a_free_request_on_it() -> None:
    async def scenario() -> RecordingServer:
        server = RecordingServer()
        client = joyai_client(await server.start())
        await client.submit(REQUEST, [])
        await client.aclose()
        await server.stop()
        return server

    server = run(scenario())
    assert server.on(1) == ["GET", "POST"]
    assert server.seen[0].path.startswith("/api/v1/status?task_id=")
    assert server.connections == 1


def test_a_create_after_an_idle_pause_follows_a_free_request_on_the_same_connection() -> None:
    async def scenario() -> RecordingServer:
        server = RecordingServer()
        client = joyai_client(await server.start())
        await client.submit(REQUEST, [])
        await client.submit(REQUEST, [])  # at once: the connection has just answered
        await asyncio.sleep(FRESH_SECONDS + 0.2)
        await client.submit(REQUEST, [])
        await client.aclose()
        await server.stop()
        return server

    server = run(scenario())
    assert server.on(1) == ["GET", "POST", "POST", "GET", "POST"]
    assert server.connections == 1


def test_a_free_request_that_meets_a_reset_is_tried_again_and_the_create_sent_once() -> None:
    async def scenario() -> tuple[RecordingServer, object]:
        server = RecordingServer(reset_first={1, 2})
        client = joyai_client(await server.start())
        update = await client.submit(REQUEST, [])
        await client.aclose()
        await server.stop()
        return server, update

    server, update = run(scenario())
    assert update.task_id == "t1"  # type: ignore[attr-defined]
    assert server.creates == 1
    assert server.on(3) == ["GET", "POST"]


def test_a_server_without_keep_alive_still_gets_each_create_once() -> None:
    async def scenario() -> RecordingServer:
        server = RecordingServer(close_each=True)
        client = joyai_client(await server.start())
        for _ in range(3):
            await client.submit(REQUEST, [])
        await client.aclose()
        await server.stop()
        return server

    server = run(scenario())
    assert server.creates == 3


def test_a_connection_closed_after_the_free_request_does_not_end_the_rule() -> None:
    """A server may close one connection after an answer (its per-connection request limit):
    the create still waits for a connection that has just answered."""

    async def scenario() -> RecordingServer:
        server = RecordingServer(close_first_connection=True)
        client = joyai_client(await server.start())
        await client.submit(REQUEST, [])
        await client.aclose()
        await server.stop()
        return server

    server = run(scenario())
    assert (server.on(1), server.on(2)) == (["GET"], ["GET", "POST"])


def test_a_server_that_cannot_be_reached_is_tried_once_per_attempt(monkeypatch) -> None:
    """Connecting is the retry rules' business (with their waits), not the warm-up's."""
    connects = []
    original = LeanBackend.connect_tcp

    async def counting(self, *args, **kwargs):
        connects.append(args[:2])
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(LeanBackend, "connect_tcp", counting)
    client = make_client(
        provider_spec("joyai"),
        api_key="sk-test-key-0123456789",
        base_url=f"http://127.0.0.1:{free_port()}",  # nothing listens there
        options=quick_options(trust_env=False, max_attempts=3),
    )
    with pytest.raises(ProviderUnavailable, match="Could not connect"):
        run(call_and_close(client, lambda c: c.submit(REQUEST, [])))
    assert len(connects) == 3


# --- under load, against the two test servers ------------------------------------------------


@pytest.fixture
def threaded_server():
    server = stdlib_server.start()
    yield server
    server.shutdown()
    server.server_close()


def test_creates_at_concurrency_16_on_a_backlog_5_server_never_end_unknown(threaded_server):
    url = f"http://127.0.0.1:{threaded_server.server_address[1]}"
    tally = run(send_creates(url, 300, concurrency=16))
    assert (tally.unknown, dict(tally.other)) == (0, {})
    assert tally.started == threaded_server.creates == 300


def test_sixteen_new_connections_at_once_to_a_backlog_5_server_lose_no_create(threaded_server):
    """Sixteen simultaneous connects overflow the listen queue (SYN cookies, then resets):
    each round is a new client, so every create starts on a new connection."""
    url = f"http://127.0.0.1:{threaded_server.server_address[1]}"
    unknown = started = 0
    for _ in range(5):
        tally = run(send_creates(url, 16, concurrency=16))
        assert tally.other == {}
        unknown += tally.unknown
        started += tally.started
    assert unknown == 0
    assert started == threaded_server.creates == 80


def test_creates_after_idle_pauses_near_the_keep_alive_timeout_never_end_unknown():
    server = keepalive_server.start(free_port(), keep_alive=1)
    try:
        started = time.monotonic()
        tally = run(send_creates(server.url, 96, concurrency=16, pause=(0.995, 1.005)))
        assert time.monotonic() - started < 60
    finally:
        server.stop()
    assert (tally.unknown, dict(tally.other)) == (0, {})
    assert tally.started == server.creates == 96
