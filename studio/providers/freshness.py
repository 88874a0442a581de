"""The connection-freshness rule: a paid create goes out only on a connection that just answered.

A create sent on a connection the server is closing at that moment (an idle kept-alive connection
meeting the server's keep-alive timeout) or on a connection the server never accepted (a full
listen queue answered with SYN cookies, then a reset) fails after the request was written: the
studio cannot tell whether it was received, so the job ends "outcome unknown", although the server
never saw it. Both were measured (issue 15, item 7).

The rule that removes both: a request marked with a `Warmup` (the HTTP core marks every paid
create) is sent only on a connection the server answered on within `FRESH_SECONDS`. If the pool
hands out any other connection (idle for longer, or new), the warm-up's free GET goes first on
that connection and the create follows at once on the same connection. A warm-up that fails
after connecting (a reset, a close) costs nothing and is tried on another connection; when none
answers, or no connection can be made, the create fails as "could not connect" (nothing was
sent), which the retry rules may try again after their wait.

httpx does not say which pooled connection a request uses, so this is httpcore's own connection
pool with the step between "connection assigned" and "request sent" opened up.
"""

from __future__ import annotations

import logging
import time
import weakref
from collections.abc import AsyncIterable
from dataclasses import dataclass, field
from enum import Enum

import httpcore
from httpcore._async.connection_pool import AsyncPoolRequest, PoolByteStream
from httpcore._async.interfaces import AsyncConnectionInterface
from httpcore._exceptions import ConnectionNotAvailable

from studio.providers.pool_assign import assign_requests
from studio.providers.readability import SocketWatch

#: A create goes only on a connection the server answered on this recently. Well inside the
#: shortest keep-alive timeouts met in practice (1-2 s), so the server cannot be closing it.
FRESH_SECONDS = 0.5
#: Warm-ups tried (each on another connection) before the create is given up as not sent.
WARMUP_ATTEMPTS = 5
#: A warm-up reply longer than this is not read to the end (its connection is dropped).
WARMUP_MAX_BYTES = 256 * 1024
#: The request extension that asks for the rule (its value: a `Warmup`).
EXTENSION = "studio.warmup"

_log = logging.getLogger("studio.http")

#: A free request failing so is a connection problem (a request the studio could not even write,
#: httpcore.LocalProtocolError, is not: it is raised as it is).
_FAILED_WARMUP = (httpcore.NetworkError, httpcore.TimeoutException, httpcore.RemoteProtocolError)


class _Outcome(Enum):
    answered = "answered"  # the connection is fresh now
    taken = "taken"  # another request took the connection first; nothing was sent
    failed = "failed"  # the free request failed: try another connection
    closed = "closed"  # the server answered, then closed the connection (no keep-alive)


@dataclass(frozen=True)
class Warmup:
    """The free request sent ahead of a paid create: GET `target` on the create's origin."""

    target: str  # path and query, e.g. "/api/v1/status?task_id=..."
    headers: tuple[tuple[str, str], ...] = field(default=(), repr=False)  # the key's, too
    timeout: float = 15.0


class FreshPool(httpcore.AsyncConnectionPool):
    """httpcore's connection pool, keeping the freshness rule for requests with a `Warmup`."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        #: connection -> when it last delivered a response's head (monotonic seconds).
        self._answered: weakref.WeakKeyDictionary[AsyncConnectionInterface, float] = (
            weakref.WeakKeyDictionary()
        )
        #: Warm-ups sent, and those that failed (a count for tests and benchmarks).
        self.warmups = 0
        self.failed_warmups = 0

    def _assign_requests_to_connections(self) -> list[AsyncConnectionInterface]:
        # httpcore's own is quadratic in the connections and queued requests (pool_assign);
        # the idle connections' sockets are asked whether readable with one poll (readability).
        watch: SocketWatch | None = getattr(self._network_backend, "watch", None)
        if watch is None:
            return assign_requests(self)
        with watch.together():
            return assign_requests(self)

    def is_fresh(self, connection: AsyncConnectionInterface) -> bool:
        answered = self._answered.get(connection)
        return answered is not None and time.monotonic() - answered <= FRESH_SECONDS

    async def handle_async_request(self, request: httpcore.Request) -> httpcore.Response:
        warmup = request.extensions.get(EXTENSION)
        return await self._send(request, warmup if isinstance(warmup, Warmup) else None)

    async def _send(self, request: httpcore.Request, warmup: Warmup | None) -> httpcore.Response:
        """httpcore's `handle_async_request`, with the warm-up between assigning a connection
        and sending the request on it."""
        timeout = request.extensions.get("timeout", {}).get("pool", None)
        with self._optional_thread_lock:
            pool_request = AsyncPoolRequest(request)
            self._requests.append(pool_request)
        failures = closed = 0
        try:
            while True:
                with self._optional_thread_lock:
                    closing = self._assign_requests_to_connections()
                await self._close_connections(closing)
                connection = await pool_request.wait_for_connection(timeout=timeout)
                if warmup is not None and not self.is_fresh(connection):
                    outcome = await self._warm_up(connection, request, warmup)
                    if outcome is _Outcome.closed:
                        closed += 1
                        if closed >= 2:
                            # The server answers but keeps no connection open (twice, so not
                            # just a connection at its request limit): no connection can be
                            # fresh, so the create goes on a new one as it is.
                            _log.info("The server closes every connection; no warm-up possible")
                            warmup = None
                    elif outcome is _Outcome.failed:
                        failures += 1
                        if failures >= WARMUP_ATTEMPTS:
                            raise httpcore.ConnectError(
                                f"no connection answered {WARMUP_ATTEMPTS} free requests"
                            )
                    if outcome is not _Outcome.answered:
                        pool_request.clear_connection()
                        continue
                try:
                    response = await connection.handle_async_request(pool_request.request)
                except ConnectionNotAvailable:
                    pool_request.clear_connection()
                else:
                    break
        except BaseException as exc:
            with self._optional_thread_lock:
                self._requests.remove(pool_request)
                closing = self._assign_requests_to_connections()
            await self._close_connections(closing)
            raise exc from None
        self._answered[connection] = time.monotonic()
        assert isinstance(response.stream, AsyncIterable)
        return httpcore.Response(
            status=response.status,
            headers=response.headers,
            content=PoolByteStream(stream=response.stream, pool_request=pool_request, pool=self),
            extensions=response.extensions,
        )

    async def _warm_up(
        self, connection: AsyncConnectionInterface, request: httpcore.Request, warmup: Warmup
    ) -> _Outcome:
        """Send the free request on `connection` and read its reply (any status is an answer)."""
        url = request.url
        probe = httpcore.Request(
            b"GET",
            httpcore.URL(scheme=url.scheme, host=url.host, port=url.port, target=warmup.target),
            headers=[(b"Host", _host_header(request)), *_encoded(warmup.headers)],
            extensions={
                "timeout": dict.fromkeys(("connect", "read", "write", "pool"), warmup.timeout)
            },
        )
        try:
            response = await connection.handle_async_request(probe)
        except ConnectionNotAvailable:
            return _Outcome.taken
        except (httpcore.ConnectError, httpcore.ConnectTimeout):
            raise  # nothing reached the server: the retry rules (with their waits) take over
        except _FAILED_WARMUP as exc:
            self.warmups += 1
            self.failed_warmups += 1
            _log.info("A free request before a create failed (%r); trying another connection", exc)
            return _Outcome.failed
        self.warmups += 1
        try:
            received = 0
            async for chunk in response.aiter_stream():
                received += len(chunk)
                if received > WARMUP_MAX_BYTES:
                    break  # not worth reading: the connection is dropped, as with no keep-alive
        except _FAILED_WARMUP:
            self.failed_warmups += 1
            return _Outcome.failed
        finally:
            await response.aclose()
        if connection.is_closed():
            return _Outcome.closed
        self._answered[connection] = time.monotonic()
        return _Outcome.answered


def _host_header(request: httpcore.Request) -> bytes:
    for name, value in request.headers:
        if name.lower() == b"host":
            return value
    return request.url.host


def _encoded(headers: tuple[tuple[str, str], ...]) -> list[tuple[bytes, bytes]]:
    return [(name.encode("ascii"), value.encode("latin-1")) for name, value in headers]


class FreshProxyPool(FreshPool, httpcore.AsyncHTTPProxy):
    """`FreshPool` through an HTTP(S) proxy: httpcore's proxy pool differs from its plain pool
    only in the connections it creates (forwarding, or a CONNECT tunnel), which the rule does
    not touch; a warm-up goes through the same tunnel as the create after it."""
