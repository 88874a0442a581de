"""The lean network backend: a kept-alive connection the server closed is noticed and never
reused, over real loopback sockets."""

from __future__ import annotations

import asyncio
import select

import httpx
import pytest

from studio.domain.catalog import provider_spec
from studio.providers import ClientOptions, make_client
from studio.providers.freshness import FreshPool
from studio.providers.http import KEPT_CONNECTIONS
from studio.providers.network import LeanBackend, lean_transport
from tests.helpers import run


@pytest.fixture(params=["poll", "no-poll"])
def readiness(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test runs as on Linux/macOS and as on Windows, where `select` has no `poll`."""
    if request.param == "no-poll":
        monkeypatch.delattr(select, "poll")
    return str(request.param)


REPLY = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok"


class ClosingServer:
    """Answers one request per connection with a keep-alive reply, then closes the connection
    from its side (as servers do with idle connections)."""

    def __init__(self) -> None:
        self.connections = 0
        self.closed = asyncio.Event()
        self.server: asyncio.Server | None = None

    async def start(self) -> int:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return int(self.server.sockets[0].getsockname()[1])

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        await reader.readuntil(b"\r\n\r\n")
        writer.write(REPLY)
        await writer.drain()
        await asyncio.sleep(0.05)
        writer.close()
        await writer.wait_closed()
        self.closed.set()

    async def stop(self) -> None:
        assert self.server is not None
        self.server.close()
        await self.server.wait_closed()


def test_a_connection_the_server_closed_is_not_reused(readiness: str) -> None:
    async def scenario() -> tuple[list[str], int]:
        server = ClosingServer()
        port = await server.start()
        limits = httpx.Limits(max_connections=4, max_keepalive_connections=4)
        transport = lean_transport(limits=limits, trust_env=False)
        answers = []
        async with httpx.AsyncClient(transport=transport, trust_env=False) as client:
            for _ in range(3):
                server.closed.clear()
                reply = await client.post(f"http://127.0.0.1:{port}/create", content=b"{}")
                answers.append(reply.text)
                await asyncio.wait_for(server.closed.wait(), 5)
                await asyncio.sleep(0.02)  # the FIN has reached our socket
        await server.stop()
        return answers, server.connections

    answers, connections = run(scenario())
    assert answers == ["ok", "ok", "ok"]
    assert connections == 3  # each request on a fresh connection, none on a closed one


def test_stream_reports_readable_only_once_the_peer_has_closed(readiness: str) -> None:
    async def scenario() -> tuple[bool, bool, bool]:
        hold = asyncio.Event()

        async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await hold.wait()
            writer.close()
            await writer.wait_closed()

        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        stream = await LeanBackend().connect_tcp("127.0.0.1", port, timeout=5)
        idle = stream.get_extra_info("is_readable")
        hold.set()
        for _ in range(100):
            if stream.get_extra_info("is_readable"):
                break
            await asyncio.sleep(0.01)
        after_close = stream.get_extra_info("is_readable")
        await stream.aclose()
        closed_here = stream.get_extra_info("is_readable")
        server.close()
        await server.wait_closed()
        return idle, after_close, closed_here

    idle, after_close, closed_here = run(scenario())
    assert idle is False
    assert after_close is True
    assert closed_here is True


def test_the_studio_s_client_pools_fresh_lean_connections_that_expire_before_5_s() -> None:
    """The pool that keeps the freshness rule, over the lean backend, with idle connections
    closed well before the 5 s after which uvicorn, Node and Apache close them."""
    client = make_client(
        provider_spec("joyai"),
        api_key="sk-test-key-0123456789",
        options=ClientOptions(trust_env=False),
    )
    try:
        pool = client._core.client._transport._pool  # type: ignore[attr-defined]
        assert type(pool) is FreshPool
        assert isinstance(pool._network_backend, LeanBackend)
        assert pool._keepalive_expiry is not None and pool._keepalive_expiry <= 3.0
        assert pool._max_connections == pool._max_keepalive_connections == KEPT_CONNECTIONS
    finally:
        run(client.aclose())
