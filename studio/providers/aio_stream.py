"""httpcore's network stream on asyncio's own transports, without anyio in between.

httpcore's anyio backend wraps every read and write in a cancel scope (`anyio.fail_after`),
goes through anyio's stream, resource-guard and checkpoint layers, pauses and resumes the
socket's reading around every read (two `epoll_ctl` calls), and connects through anyio's own
happy-eyeballs. All of it is Python run on the engine's thread while it holds the GIL, which
the window's thread then waits for (bench/README.md, engine throughput).

Here a connection is an `asyncio.Protocol` with its own buffer:

- **Reading** stays on: the loop takes what arrives into the buffer (up to `READ_AHEAD`, then
  the transport is paused until it is read down). A read with bytes in the buffer returns at
  once; otherwise it waits on one future, with one timer for its timeout.
- **Writing** hands the bytes to the transport; only when the kernel does not take them all
  does it wait (the transport's write limit is 0, as in anyio), with one timer.
- **Whether readable** (asked of every idle connection before it is reused): bytes or the end
  of the stream already in the buffer, or a lost connection, answer "readable" without a
  system call; otherwise the socket is asked (`studio.providers.readability`, one poll for all
  idle sockets while the pool walks). A connection the server closed is never reused.

The exceptions are httpcore's, in the situations its anyio backend raises them: connect
failures ConnectError/ConnectTimeout, read failures ReadError/ReadTimeout, write failures
WriteError/WriteTimeout, TLS failures ConnectError/ConnectTimeout, the end of the stream b"".
The studio's retry and "outcome unknown" rules depend on these types
(tests/providers/test_aio_stream.py runs the same faults through both backends).

`ssl` is not imported here at import time (studio/ui/shell/deferred_ssl.py).
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Coroutine, Iterable
from typing import TYPE_CHECKING, Any

import httpcore

from studio.providers.readability import SocketWatch

if TYPE_CHECKING:
    import ssl

#: Bytes taken off the socket ahead of the reader before the transport stops reading.
READ_AHEAD = 512 * 1024
#: Delay before the next address is tried while one connect is still pending (anyio's).
HAPPY_EYEBALLS_DELAY = 0.25
#: asyncio's own limit on a TLS handshake, set beyond any timeout the caller gives (the
#: caller's timeout is the one that applies, and is raised as ConnectTimeout).
_NO_HANDSHAKE_LIMIT = 24 * 3600.0

#: httpcore's type for a socket option (`setsockopt` arguments).
SocketOption = (
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
)


class _Connection(asyncio.Protocol):
    """What the loop delivers for one connection: bytes, the end of the stream, its loss."""

    def __init__(self) -> None:
        self.transport: Any = None
        self.chunks: deque[bytes] = deque()
        self.offset = 0  # of the first chunk, already read
        self.buffered = 0
        self.eof = False
        self.lost = False
        self.tls = False  # asyncio's TLS transport closes itself at the end of the stream
        self.error: BaseException | None = None
        self.reading_paused = False
        self.writing_paused = False
        self.read_waiter: asyncio.Future[None] | None = None
        self.write_waiter: asyncio.Future[None] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport
        transport.set_write_buffer_limits(0)  # type: ignore[attr-defined]

    def data_received(self, data: bytes) -> None:
        self.chunks.append(data)
        self.buffered += len(data)
        if self.buffered > READ_AHEAD and not self.reading_paused and not self.lost:
            self.reading_paused = True
            self.transport.pause_reading()
        _wake(self.read_waiter)

    def eof_received(self) -> bool:
        self.eof = True
        _wake(self.read_waiter)
        # Plain TCP: keep the transport, a request may still be written (as anyio does).
        return not self.tls

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        self.error = exc
        _wake(self.read_waiter)
        _wake(self.write_waiter)

    def pause_writing(self) -> None:
        self.writing_paused = True

    def resume_writing(self) -> None:
        self.writing_paused = False
        _wake(self.write_waiter)

    def take(self, max_bytes: int) -> bytes:
        """Up to `max_bytes` from the buffer (which is not empty)."""
        chunk = self.chunks[0]
        offset = self.offset
        if not offset and len(chunk) <= max_bytes:
            self.chunks.popleft()
            part = chunk
        else:
            end = offset + max_bytes
            part = chunk[offset:end]
            if end >= len(chunk):
                self.chunks.popleft()
                self.offset = 0
            else:
                self.offset = end
        self.buffered -= len(part)
        if self.reading_paused and self.buffered <= READ_AHEAD // 2 and not self.lost:
            self.reading_paused = False
            self.transport.resume_reading()
        return part


def _wake(waiter: asyncio.Future[None] | None) -> None:
    if waiter is not None and not waiter.done():
        waiter.set_result(None)


def _expire(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_exception(TimeoutError())


async def _wait(waiter: asyncio.Future[None], timeout: float | None) -> None:
    """Wait for `waiter`, raising TimeoutError after `timeout` seconds (None: no limit)."""
    if timeout is None:
        await waiter
        return
    timer = waiter.get_loop().call_later(timeout, _expire, waiter)
    try:
        await waiter
    finally:
        timer.cancel()


async def _until_woken(
    connection: _Connection, slot: str, timeout: float | None, timed_out: type[Exception]
) -> None:
    """Wait until the loop wakes the connection's `slot` waiter (bytes, room to write, the end
    of the stream, its loss), raising `timed_out` after `timeout` seconds (None: no limit)."""
    waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    setattr(connection, slot, waiter)
    try:
        await _wait(waiter, timeout)
    except TimeoutError as exc:
        raise timed_out(str(exc)) from exc
    finally:
        setattr(connection, slot, None)


def _address(address: Any) -> Any:
    """A socket address as anyio gives it: (host, port), an IPv6 scope kept in the host."""
    if isinstance(address, tuple) and len(address) == 4:
        host, port, _flowinfo, scope = address
        return (f"{host}%{scope}" if scope else host, port)
    return address


class AioStream(httpcore.AsyncNetworkStream):
    """One connection, as httpcore's network stream."""

    def __init__(self, transport: Any, connection: _Connection, watch: SocketWatch) -> None:
        self._transport = transport
        self._connection = connection
        self._watch = watch
        self._socket = transport.get_extra_info("socket")
        self._readable = watch.watch(self._socket)
        self._closed = False

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        connection = self._connection
        while True:
            if self._closed:
                raise httpcore.ReadError("the stream is closed")
            if connection.chunks:
                return connection.take(max_bytes)
            if connection.lost and connection.error is not None:
                raise httpcore.ReadError(str(connection.error)) from connection.error
            if connection.eof or connection.lost:
                return b""
            await _until_woken(connection, "read_waiter", timeout, httpcore.ReadTimeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        connection = self._connection
        self._check_writable()
        try:
            self._transport.write(buffer)
        except RuntimeError as exc:
            if self._transport.is_closing():
                raise httpcore.WriteError(str(exc)) from exc
            raise
        while connection.writing_paused and not connection.lost:
            await _until_woken(connection, "write_waiter", timeout, httpcore.WriteTimeout)
        self._check_writable()

    def _check_writable(self) -> None:
        if self._closed:
            raise httpcore.WriteError("the stream is closed")
        error = self._connection.error
        if error is not None:
            raise httpcore.WriteError(str(error)) from error

    async def aclose(self) -> None:
        self._closed = True
        self._readable.close()
        self._transport.abort()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        self._connection.tls = True
        try:
            async with asyncio.timeout(timeout):
                transport = await loop.start_tls(
                    self._transport,
                    self._connection,
                    ssl_context,
                    server_hostname=server_hostname,
                    ssl_handshake_timeout=_NO_HANDSHAKE_LIMIT,
                )
        except TimeoutError as exc:
            await self.aclose()
            raise httpcore.ConnectTimeout(str(exc)) from exc
        except OSError as exc:  # ssl.SSLError included, and a connection lost on the way
            await self.aclose()
            raise httpcore.ConnectError(str(exc)) from exc
        except BaseException:
            await self.aclose()
            raise
        if transport is None:  # the loop's way of saying the connection was closed meanwhile
            await self.aclose()
            raise httpcore.ConnectError("the connection closed during the TLS handshake")
        self._connection.transport = transport
        # A write waits while TLS holds bytes the socket's transport (limit 0) has not taken;
        # asyncio's TLS transport would pause at once with a high-water mark of 0.
        transport.set_write_buffer_limits(high=1, low=0)
        return AioStream(transport, self._connection, self._watch)

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            connection = self._connection
            if connection.chunks or connection.eof:
                return True
            if connection.lost:
                self._readable.close()  # its socket is closed: out of the shared poll set
                return True
            return self._readable()
        if info == "socket":
            return self._socket
        if info == "ssl_object":
            return self._transport.get_extra_info("ssl_object")
        if info == "client_addr":
            return _address(self._transport.get_extra_info("sockname"))
        if info == "server_addr":
            return _address(self._transport.get_extra_info("peername"))
        return None


async def connect_tcp(
    watch: SocketWatch,
    host: str,
    port: int,
    timeout: float | None = None,
    local_address: str | None = None,
    socket_options: Iterable[SocketOption] | None = None,
) -> AioStream:
    """A TCP connection to `host`:`port` (every resolved address tried, happy-eyeballs)."""
    loop = asyncio.get_running_loop()
    return await _connected(
        watch,
        loop.create_connection(
            _Connection,
            host,
            port,
            happy_eyeballs_delay=HAPPY_EYEBALLS_DELAY,
            local_addr=(local_address, 0) if local_address else None,
        ),
        timeout,
        socket_options,
    )


async def connect_unix_socket(
    watch: SocketWatch,
    path: str,
    timeout: float | None = None,
    socket_options: Iterable[SocketOption] | None = None,
) -> AioStream:
    """A connection to the Unix socket at `path`."""
    loop = asyncio.get_running_loop()
    return await _connected(
        watch, loop.create_unix_connection(_Connection, path), timeout, socket_options
    )


async def _connected(
    watch: SocketWatch,
    connecting: Coroutine[Any, Any, tuple[Any, _Connection]],
    timeout: float | None,
    socket_options: Iterable[SocketOption] | None,
) -> AioStream:
    """The stream of a connection being made, with its socket options; httpcore's connect
    errors (ConnectTimeout, ConnectError) for its failures."""
    transport: Any = None
    try:
        async with asyncio.timeout(timeout):
            transport, connection = await connecting
        for option in socket_options or ():
            transport.get_extra_info("socket").setsockopt(*option)
    except TimeoutError as exc:
        raise httpcore.ConnectTimeout(str(exc)) from exc
    except OSError as exc:  # refused, unreachable, unresolvable (socket.gaierror), an option
        if transport is not None:
            transport.abort()
        raise httpcore.ConnectError(str(exc)) from exc
    return AioStream(transport, connection, watch)
