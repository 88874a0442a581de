"""httpcore's assignment of queued requests to pooled connections, in linear time.

httpcore (1.0.x) runs `_assign_requests_to_connections` whenever a request enters or leaves the
pool: twice or more per request. Its own version is quadratic twice over:

- to decide whether an idle connection is surplus it builds, for each idle connection, a list of
  every connection only to take its length (100 idle connections: 10,000 calls a pass);
- for each queued request it lists every connection that could take it and every idle one, even
  when the first of each is all it uses, and even when the pool is full and busy, so that no
  queued request can be placed (400 queued downloads x 100 connections: 80,000 calls a pass).

With 50 jobs of 10 images downloading at once this was a fifth of the engine thread's time
holding the GIL (py-spy `--gil`, bench/README.md, UI responsiveness), time the window's thread
waits for. `assign_requests` takes the same decisions, in the same order, for the same
requests; it stops looking once a search can no longer succeed:

- the first connection that can take a request is the one httpcore takes, so the search stops
  there; the idle connections are only looked for when no connection can take it and the pool
  is full;
- once a request finds no connection, the pool full and none idle, nothing in the rest of the
  pass can free one (no await happens inside it; only a new connection or an idle one being
  replaced changes the pool, and neither can happen now), so every later request for the same
  origin is left queued without another search, as httpcore would leave it.
"""

from __future__ import annotations

from typing import Protocol

import httpcore
from httpcore._async.connection_pool import AsyncPoolRequest
from httpcore._async.interfaces import AsyncConnectionInterface


class _Pool(Protocol):
    _connections: list[AsyncConnectionInterface]
    _requests: list[AsyncPoolRequest]
    _max_connections: int
    _max_keepalive_connections: int

    def create_connection(self, origin: httpcore.Origin) -> AsyncConnectionInterface: ...


def assign_requests(pool: _Pool) -> list[AsyncConnectionInterface]:
    """What httpcore's `AsyncConnectionPool._assign_requests_to_connections` does for `pool`:
    drop closed, expired and surplus idle connections, then give each queued request a
    connection (an available one for its origin, else a new one, else one in place of an idle
    one). The connections to close are returned, for the caller to close outside the lock."""
    connections = pool._connections
    closing: list[AsyncConnectionInterface] = []
    for connection in list(connections):
        if connection.is_closed():
            connections.remove(connection)
        elif connection.has_expired() or (
            connection.is_idle() and len(connections) > pool._max_keepalive_connections
        ):
            connections.remove(connection)
            closing.append(connection)

    stuck: list[httpcore.Origin] = []  # origins no connection can take for the rest of the pass
    for pool_request in pool._requests:
        if not pool_request.is_queued():
            continue
        origin = pool_request.request.url.origin
        if origin in stuck:
            continue
        taker: AsyncConnectionInterface | None = next(
            (c for c in connections if c.can_handle_request(origin) and c.is_available()), None
        )
        if taker is None:
            if len(connections) >= pool._max_connections:
                idle = next((c for c in connections if c.is_idle()), None)
                if idle is None:
                    stuck.append(origin)
                    continue
                connections.remove(idle)
                closing.append(idle)
            taker = pool.create_connection(origin)
            connections.append(taker)
        pool_request.assign_to_connection(taker)
    return closing
