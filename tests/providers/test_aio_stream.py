"""The studio's asyncio streams (studio.providers.aio_stream) fail as httpcore's anyio streams
do: the same faults, run through both backends, give the same exception types (the retry and
"outcome unknown" rules read those types), a TLS round trip works, and whether an idle
connection is readable counts what the loop has already taken off its socket."""

from __future__ import annotations

import asyncio
import socket
import ssl
import struct
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpcore
import httpx
import pytest

from studio.providers.network import LeanBackend
from tests.helpers import free_port, run
from tests.providers.test_proxy import certificate

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]
HEAD = b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\nContent-Type: text/plain\r\n\r\n"
BACKENDS = {"anyio": httpcore.AnyIOBackend, "studio": LeanBackend}


class Serving:
    """An asyncio server on loopback running `handler`; `stop` aborts every connection."""

    def __init__(self, handler: Handler) -> None:
        self._handler = handler
        self._writers: list[asyncio.StreamWriter] = []
        self.server: asyncio.Server | None = None

    async def start(self, **options: Any) -> int:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0, **options)
        return int(self.server.sockets[0].getsockname()[1])

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.append(writer)
        await self._handler(reader, writer)

    async def stop(self) -> None:
        assert self.server is not None
        self.server.close()
        for writer in self._writers:
            writer.transport.abort()
        await asyncio.sleep(0)


async def _handing_over() -> tuple[Serving, asyncio.Queue[asyncio.StreamWriter], int]:
    """A server that hands each connection's writer over (and holds the connection open):
    the server, the queue its writers arrive in, its port."""
    arrived: asyncio.Queue[asyncio.StreamWriter] = asyncio.Queue()

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await arrived.put(writer)
        await _hold(writer)

    server = Serving(serve)
    return server, arrived, await server.start()


def _reset(writer: asyncio.StreamWriter) -> None:
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def _hold(writer: asyncio.StreamWriter) -> None:
    await asyncio.sleep(30)


async def _answers(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.readuntil(b"\r\n\r\n")
    writer.write(HEAD + b"0123456789")
    await writer.drain()
    await _hold(writer)


async def _closes_mid_response(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.readuntil(b"\r\n\r\n")
    writer.write(HEAD + b"01234")
    await writer.drain()
    writer.close()


async def _closes_before_answering(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    await reader.readuntil(b"\r\n\r\n")
    writer.close()


async def _resets_after_the_request(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    await reader.readuntil(b"\r\n\r\n")
    _reset(writer)


async def _resets_mid_response(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.readuntil(b"\r\n\r\n")
    writer.write(HEAD + b"01234")
    await writer.drain()
    await asyncio.sleep(0.05)
    _reset(writer)


async def _never_answers(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.read(1 << 20)
    await _hold(writer)


async def _never_reads(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await _hold(writer)


async def _plain_http(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """A plain HTTP server meeting a TLS ClientHello: it answers 400 and closes."""
    await reader.read(1024)
    writer.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    await writer.drain()
    writer.close()


async def _no_such_name(*args: Any, **kwargs: Any) -> Any:
    raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")


async def _slow_name(*args: Any, **kwargs: Any) -> Any:
    await asyncio.sleep(30)


def _transport(backend: str, verify: ssl.SSLContext | bool = True) -> httpx.AsyncHTTPTransport:
    transport = httpx.AsyncHTTPTransport(verify=verify, retries=0)
    transport._pool._network_backend = BACKENDS[backend]()
    return transport


async def _request(
    backend: str,
    handler: Handler | None,
    *,
    scheme: str = "http",
    host: str = "127.0.0.1",
    body: bytes = b"",
    resolver: Callable[..., Awaitable[Any]] | None = None,
    timeout: float = 5.0,
    tls: tuple[ssl.SSLContext, ssl.SSLContext] | None = None,
) -> str:
    """One POST through httpx over `backend` to a server running `handler` (None: a port
    nobody listens on); the exception type's name, or the reply's body."""
    server = Serving(handler) if handler is not None else None
    if server is None:
        port = free_port()
    else:
        port = await server.start(ssl=tls[0]) if tls is not None else await server.start()
    if resolver is not None:
        asyncio.get_running_loop().getaddrinfo = resolver  # type: ignore[method-assign,assignment]
    try:
        transport = _transport(backend, verify=tls[1] if tls is not None else True)
        async with httpx.AsyncClient(transport=transport, timeout=timeout) as client:
            reply = await client.post(f"{scheme}://{host}:{port}/create", content=body)
            return reply.text
    except httpx.HTTPError as exc:
        return type(exc).__name__
    finally:
        if server is not None:
            await server.stop()


FAULTS: dict[str, tuple[dict[str, Any], str]] = {
    "answers": ({"handler": _answers}, "0123456789"),
    "refused port": ({"handler": None}, "ConnectError"),
    "unresolvable host": (
        {"handler": _answers, "host": "nowhere.test", "resolver": _no_such_name},
        "ConnectError",
    ),
    "name lookup never ends": (
        {"handler": _answers, "host": "nowhere.test", "resolver": _slow_name, "timeout": 0.3},
        "ConnectTimeout",
    ),
    "closes mid-response": ({"handler": _closes_mid_response}, "RemoteProtocolError"),
    "closes before answering": ({"handler": _closes_before_answering}, "RemoteProtocolError"),
    "reset after the request": ({"handler": _resets_after_the_request}, "ReadError"),
    "reset mid-response": ({"handler": _resets_mid_response}, "ReadError"),
    "never answers": ({"handler": _never_answers, "timeout": 0.3}, "ReadTimeout"),
    "never reads a large body": (
        {"handler": _never_reads, "body": b"x" * (64 << 20), "timeout": 0.5},
        "WriteTimeout",
    ),
    "TLS against a plain server": ({"handler": _plain_http, "scheme": "https"}, "ConnectError"),
    "TLS handshake never answered": (
        {"handler": _never_answers, "scheme": "https", "timeout": 0.3},
        "ConnectTimeout",
    ),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_fault_raises_what_httpcore_s_anyio_backend_raises(fault: str) -> None:
    kwargs, expected = FAULTS[fault]
    outcomes = {name: run(_request(name, **kwargs)) for name in BACKENDS}
    assert outcomes == {"anyio": expected, "studio": expected}


async def _stream_faults(backend: httpcore.AsyncNetworkBackend) -> list[str]:
    """The stream's own answers: end of stream, reads and writes after a close, a write to a
    connection the peer reset."""
    seen: list[str] = []
    server, arrived, port = await _handing_over()

    async def outcome(step: Awaitable[Any]) -> str:
        try:
            result = await step
        except Exception as exc:
            return type(exc).__name__
        return repr(result)

    stream = await backend.connect_tcp("127.0.0.1", port, timeout=5)
    writer = await arrived.get()
    writer.write(b"tail")
    writer.close()
    seen.append(await outcome(stream.read(2, timeout=5)))  # b"ta"
    seen.append(await outcome(stream.read(100, timeout=5)))  # b"il"
    seen.append(await outcome(stream.read(100, timeout=5)))  # the end: b""
    seen.append(await outcome(stream.read(100, timeout=5)))  # again b""
    seen.append(await outcome(stream.write(b"GET / HTTP/1.1\r\n\r\n", timeout=5)))  # half-open
    await stream.aclose()
    seen.append(await outcome(stream.read(100, timeout=5)))
    seen.append(await outcome(stream.write(b"x", timeout=5)))

    stream = await backend.connect_tcp("127.0.0.1", port, timeout=5)
    writer = await arrived.get()
    _reset(writer)
    seen.append(await outcome(stream.read(100, timeout=5)))
    seen.append(await outcome(stream.write(b"x", timeout=5)))
    await stream.aclose()
    await server.stop()
    return seen


def test_the_stream_s_own_answers_are_anyio_s() -> None:
    anyio_seen = run(_stream_faults(httpcore.AnyIOBackend()))
    studio_seen = run(_stream_faults(LeanBackend()))
    assert anyio_seen == [
        "b'ta'",
        "b'il'",
        "b''",
        "b''",
        "None",
        "ReadError",
        "WriteError",
        "ReadError",
        "WriteError",
    ]
    assert studio_seen == anyio_seen


def _contexts(folder: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A server's TLS context with a certificate for 127.0.0.1, and a client's trusting it."""
    cert, key = certificate(folder)
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    return server_context, ssl.create_default_context(cafile=str(cert))


TLS_FAULTS = {
    "answers": (_answers, "0123456789"),
    "closes mid-response": (_closes_mid_response, "RemoteProtocolError"),
    "closes before answering": (_closes_before_answering, "RemoteProtocolError"),
    "reset mid-response": (_resets_mid_response, "ReadError"),
    "never answers": (_never_answers, "ReadTimeout"),
}


@pytest.mark.parametrize("fault", list(TLS_FAULTS))
def test_a_fault_over_tls_raises_what_anyio_raises_and_asyncio_logs_nothing(
    fault: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    handler, expected = TLS_FAULTS[fault]
    tls = _contexts(tmp_path)
    outcomes = {
        name: run(_request(name, handler, scheme="https", tls=tls, timeout=0.5))
        for name in BACKENDS
    }
    assert outcomes == {"anyio": expected, "studio": expected}
    # asyncio's TLS transport closes itself at the end of the stream, and says so when a
    # protocol asks it to stay open (the test servers' own cancelled handlers are not counted).
    assert [r.getMessage() for r in caplog.records if "eof_received" in r.getMessage()] == []


async def _tls_round_trip(backend: str, folder: Path) -> dict[str, Any]:
    cert, key = certificate(folder)
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    server = Serving(_answers)
    port = await server.start(ssl=server_context)
    client_context = ssl.create_default_context(cafile=str(cert))
    transport = _transport(backend, verify=client_context)
    url = f"https://127.0.0.1:{port}/"
    async with (
        httpx.AsyncClient(transport=transport, timeout=5) as client,
        client.stream("GET", url) as reply,
    ):
        body = await reply.aread()
        stream = reply.extensions["network_stream"]
        ssl_object = stream.get_extra_info("ssl_object")
        facts = {
            "body": body,
            "tls": ssl_object.version(),
            "server_addr": stream.get_extra_info("server_addr"),
            "client_host": stream.get_extra_info("client_addr")[0],
            "socket_peer": stream.get_extra_info("socket").getpeername(),
            "readable": stream.get_extra_info("is_readable"),
        }
    await server.stop()
    return facts


def test_a_tls_round_trip_answers_as_over_anyio(tmp_path: Path) -> None:
    anyio_facts = run(_tls_round_trip("anyio", tmp_path))
    studio_facts = run(_tls_round_trip("studio", tmp_path))
    assert studio_facts["body"] == b"0123456789"
    assert studio_facts["tls"] in ("TLSv1.2", "TLSv1.3")
    assert studio_facts["server_addr"] == studio_facts["socket_peer"]
    for facts in (anyio_facts, studio_facts):
        facts.pop("server_addr"), facts.pop("socket_peer")  # the ports differ
    assert studio_facts == anyio_facts


class CountingPoll:
    def __init__(self, inner: Any) -> None:
        self._inner, self.calls = inner, 0

    def register(self, *args: Any) -> None:
        self._inner.register(*args)

    def unregister(self, fd: int) -> None:
        self._inner.unregister(fd)

    def poll(self, timeout: float) -> list[tuple[int, int]]:
        self.calls += 1
        return list(self._inner.poll(timeout))


@pytest.mark.parametrize("close", [False, True], ids=["bytes", "bytes-and-end"])
def test_what_the_loop_already_took_off_the_socket_counts_as_readable(close: bool) -> None:
    """An idle connection's bytes (and end of stream) already in the stream's buffer make it
    readable, though the socket itself has nothing left to read: such a connection must never
    carry a paid create."""

    async def scenario() -> tuple[bool, bool, bool, int]:
        server, arrived, port = await _handing_over()
        backend = LeanBackend()
        stream: Any = await backend.connect_tcp("127.0.0.1", port, timeout=5)
        writer = await arrived.get()
        idle = stream.get_extra_info("is_readable")
        writer.write(b"HTTP/1.1 408 Request Timeout\r\n\r\n")
        await writer.drain()
        if close:
            writer.close()
        for _ in range(200):  # until the loop has read it all off the socket
            if stream._connection.chunks and (stream._connection.eof or not close):
                break
            await asyncio.sleep(0.005)
        socket_says = bool(select_poll(stream._socket)) if not close else True
        counting = stream._readable._poll = CountingPoll(stream._readable._poll)
        readable = stream.get_extra_info("is_readable")
        await stream.aclose()
        await server.stop()
        return idle, socket_says, readable, counting.calls

    idle, socket_says, readable, polls = run(scenario())
    assert idle is False
    if not close:
        assert socket_says is False  # the socket alone would call it reusable
    assert readable is True
    assert polls == 0  # answered from the buffer


def select_poll(sock: Any) -> list[tuple[int, int]]:
    import select

    poller = select.poll()
    poller.register(sock.fileno(), select.POLLIN)
    return list(poller.poll(0))
