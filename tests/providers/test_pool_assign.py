"""The pool's request assignment (studio.providers.pool_assign) against httpcore's own: the same
decisions on thousands of random pools, and a number of connection checks that grows linearly."""

from __future__ import annotations

import asyncio
import random

import httpcore
import pytest
from httpcore._async.connection_pool import AsyncPoolRequest

from studio.providers.freshness import FreshPool
from studio.providers.pool_assign import assign_requests

ORIGINS = [httpcore.Origin(b"https", host, 443) for host in (b"a.example", b"b.example")]


class FakeConnection:
    """A pooled connection in a fixed state; counts the checks made of it."""

    def __init__(self, number: int, origin: httpcore.Origin, state: str, calls: list[int]) -> None:
        self.number, self.origin, self.state, self._calls = number, origin, state, calls

    def _check(self) -> None:
        self._calls[0] += 1

    # "dead": a connection whose connect failed is closed, expired and idle at once;
    # "idle-full": an HTTP/2 connection out of stream ids (or after GOAWAY), idle but taking no
    # request; "busy-h2" and "new-h2": HTTP/2 connections taking requests while busy or new.
    def is_closed(self) -> bool:
        self._check()
        return self.state in ("closed", "dead")

    def has_expired(self) -> bool:
        self._check()
        return self.state in ("expired", "dead")

    def is_idle(self) -> bool:
        self._check()
        return self.state in ("idle", "idle-h2", "idle-full", "dead")

    def is_available(self) -> bool:
        self._check()
        return self.state in ("idle", "idle-h2", "busy-h2", "new-h2")

    def can_handle_request(self, origin: httpcore.Origin) -> bool:
        self._check()
        return origin == self.origin


class FakePool:
    """Just what both versions of the assignment read and call."""

    def __init__(self, seed: int, calls: list[int]) -> None:
        rng = random.Random(seed)
        self._rng = rng
        self._calls = calls
        self._max_connections = rng.randint(1, 8)
        self._max_keepalive_connections = rng.randint(0, self._max_connections)
        states = (
            "closed", "expired", "dead", "idle", "idle-full", "busy", "busy-h2", "idle-h2",
            "new", "new-h2",
        )  # fmt: skip
        self._connections = [
            FakeConnection(n, rng.choice(ORIGINS), rng.choice(states), calls)
            for n in range(rng.randint(0, self._max_connections))
        ]
        self._created = 100
        self._requests = []
        for _ in range(rng.randint(0, 12)):
            request = AsyncPoolRequest(
                httpcore.Request("GET", f"https://{rng.choice('ab')}.example/x")
            )
            if rng.random() < 0.3 and self._connections:
                request.assign_to_connection(rng.choice(self._connections))  # type: ignore[arg-type]
            self._requests.append(request)

    def create_connection(self, origin: httpcore.Origin) -> FakeConnection:
        self._created += 1
        state = self._rng.choice(("new", "new-h2"))  # the same choices for both pools
        return FakeConnection(self._created, origin, state, self._calls)


def outcome(pool: FakePool, closing: list[FakeConnection]) -> tuple[object, ...]:
    def name(connection: object) -> object:
        return None if connection is None else (connection.number, connection.origin.host)  # type: ignore[attr-defined]

    return (
        [name(c) for c in pool._connections],
        [name(c) for c in closing],
        [name(r.connection) for r in pool._requests],
    )


def test_the_same_decisions_as_httpcore_on_random_pools() -> None:
    original = httpcore.AsyncConnectionPool._assign_requests_to_connections

    async def compare() -> None:  # a request's "connection assigned" event needs a loop
        for seed in range(3000):
            theirs, ours = FakePool(seed, [0]), FakePool(seed, [0])
            expected = outcome(theirs, original(theirs))  # type: ignore[arg-type]
            assert outcome(ours, assign_requests(ours)) == expected, seed  # type: ignore[arg-type]

    asyncio.run(compare())


@pytest.mark.parametrize("queued", [0, 400])
def test_the_checks_grow_linearly_with_the_pool(queued: int) -> None:
    """100 connections (idle ones, or busy ones with 400 downloads waiting): httpcore's own
    made 10,000 or 80,000 checks a pass; this makes a few per connection."""
    calls = [0]
    pool = FakePool(0, calls)
    pool._max_connections = pool._max_keepalive_connections = 100
    state = "busy" if queued else "idle"
    pool._connections = [FakeConnection(n, ORIGINS[0], state, calls) for n in range(100)]
    pool._requests = [
        AsyncPoolRequest(httpcore.Request("GET", "https://a.example/x")) for _ in range(queued)
    ]
    asyncio.run(_assign(pool))
    assert calls[0] <= 6 * 100
    assert all(request.is_queued() for request in pool._requests)


async def _assign(pool: FakePool) -> None:
    assign_requests(pool)  # type: ignore[arg-type]


def test_the_studio_pool_uses_it() -> None:
    assert FreshPool._assign_requests_to_connections is not (
        httpcore.AsyncConnectionPool._assign_requests_to_connections
    )
    pool = FreshPool(max_connections=1)
    connection = pool.create_connection(ORIGINS[0])
    pool._connections = [connection]
    assert pool._assign_requests_to_connections() == []
