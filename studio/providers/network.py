"""The sockets under httpx: the studio's own asyncio streams (studio.providers.aio_stream), with
one question made cheap.

httpcore's anyio backend spent a quarter of the engine thread's GIL time in anyio (a cancel scope
around every read and write, its stream and lock layers, its connect); the studio's streams sit
directly on asyncio's transports.

Before each request, and as each response closes, httpcore walks every connection in the pool
and asks each idle one whether its socket is readable (a server that closed a kept-alive
connection makes it so). The stream answers from its own buffer when the loop has already read
bytes or the end of the stream, and otherwise with one `poll` (one `select` where there is no
`poll`, as on Windows); while the pool walks, one `poll` answers for all its sockets
(studio.providers.readability). The question is still asked, and of the socket itself: a
connection the server closed is never reused for a request (a paid create sent on it could not
be told apart from one that failed after reaching the provider).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

from studio.providers import aio_stream
from studio.providers.aio_stream import SocketOption
from studio.providers.freshness import FreshPool, FreshProxyPool
from studio.providers.readability import SocketWatch


class LeanBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend over `aio_stream`'s asyncio streams."""

    def __init__(self) -> None:
        #: Its streams' sockets, polled together while the pool walks its connections.
        self.watch = SocketWatch()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return await aio_stream.connect_tcp(
            self.watch, host, port, timeout, local_address, socket_options
        )

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return await aio_stream.connect_unix_socket(self.watch, path, timeout, socket_options)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


def lean_transport(
    *, limits: httpx.Limits, trust_env: bool, proxy: httpx.Proxy | None = None
) -> httpx.AsyncHTTPTransport:
    """httpx's own transport (its request and error mapping, its TLS set-up) over `LeanBackend`,
    with its connection pool replaced by a `FreshPool` of the same settings (the freshness rule
    for paid creates: studio.providers.freshness); through an HTTP(S) `proxy`, a
    `FreshProxyPool` (the rule holds for the connection to the proxy, which is what an idle
    timeout or a refused connection breaks).

    httpx has no argument for a network backend or a pool, so its pool's settings are read and
    the pool replaced; should a later httpx lay the pool out differently, this fails loudly here
    rather than silently falling back (tests/providers/test_network.py)."""
    transport = httpx.AsyncHTTPTransport(limits=limits, trust_env=trust_env, proxy=proxy)
    pool = transport._pool
    settings = (
        "_ssl_context",
        "_max_connections",
        "_max_keepalive_connections",
        "_keepalive_expiry",
        "_http1",
        "_http2",
        "_retries",
        "_local_address",
        "_uds",
        "_socket_options",
        "_network_backend",
    )
    expected = httpcore.AsyncConnectionPool if proxy is None else httpcore.AsyncHTTPProxy
    if type(pool) is not expected or not all(hasattr(pool, name) for name in settings):
        raise RuntimeError("httpx's transport no longer keeps an httpcore pool where expected")
    common: dict[str, Any] = {
        "ssl_context": pool._ssl_context,
        "max_connections": pool._max_connections,
        "max_keepalive_connections": pool._max_keepalive_connections,
        "keepalive_expiry": pool._keepalive_expiry,
        "http1": pool._http1,
        "http2": pool._http2,
        "retries": pool._retries,
        "local_address": pool._local_address,
        "uds": pool._uds,
        "network_backend": LeanBackend(),
        "socket_options": pool._socket_options,
    }
    if isinstance(pool, httpcore.AsyncHTTPProxy):
        transport._pool = FreshProxyPool(
            proxy_url=pool._proxy_url,
            proxy_headers=pool._proxy_headers,  # Proxy-Authorization included
            proxy_ssl_context=pool._proxy_ssl_context,
            **common,
        )
    else:
        transport._pool = FreshPool(**common)
    return transport
