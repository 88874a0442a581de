"""Idle sockets asked together (studio.providers.readability): while a pool walks its
connections, one poll answers for all of them, and the answers are those of one poll each."""

from __future__ import annotations

import asyncio
import select
from typing import Any

import pytest

from studio.providers.network import LeanBackend
from tests.helpers import run


class CountingPoll:
    """A poll object that counts its system calls."""

    def __init__(self, inner: Any, counts: dict[str, int], key: str) -> None:
        self._inner, self._counts, self._key = inner, counts, key

    def register(self, *args: Any) -> None:
        self._inner.register(*args)

    def unregister(self, fd: int) -> None:
        self._inner.unregister(fd)

    def poll(self, timeout: float) -> list[tuple[int, int]]:
        self._counts[self._key] = self._counts.get(self._key, 0) + 1
        return list(self._inner.poll(timeout))


async def _scenario(count: int, close: set[int]) -> dict[str, Any]:
    """`count` connections to a server that closes those numbered in `close`; every stream
    asked inside one walk and then one at a time."""
    writers: list[asyncio.StreamWriter] = []
    arrived = asyncio.Event()

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writers.append(writer)
        if len(writers) == count:
            arrived.set()
        await reader.read()  # until the studio's side closes

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    backend = LeanBackend()
    counts: dict[str, int] = {}
    backend.watch._poll = CountingPoll(backend.watch._poll, counts, "together")
    streams = []
    for _ in range(count):
        stream = await backend.connect_tcp("127.0.0.1", port, timeout=5)
        stream._readable._poll = CountingPoll(stream._readable._poll, counts, "one")
        streams.append(stream)
    await asyncio.wait_for(arrived.wait(), 5)
    # The server's writers arrive in connection order on one loop (accepts are in order).
    for number in close:
        writers[number].close()
    await asyncio.sleep(0.05)  # the FINs have reached our sockets
    with backend.watch.together():
        walked = [stream.get_extra_info("is_readable") for stream in streams]
        polls_in_walk = dict(counts)
    one_by_one = [stream.get_extra_info("is_readable") for stream in streams]
    # A closed stream's number is reused by the next connection: its answers are its own.
    await streams[0].aclose()
    again = await backend.connect_tcp("127.0.0.1", port, timeout=5)
    with backend.watch.together():
        reused = again.get_extra_info("is_readable")
        first_closed = streams[0].get_extra_info("is_readable")
    # A socket closed without our aclose (as a failed TLS handshake leaves it) leaves the set.
    number = streams[1]._socket.fileno()
    streams[1]._transport.abort()  # asyncio closes the socket itself
    await asyncio.sleep(0.01)
    closed_underneath = streams[1].get_extra_info("is_readable")
    left_the_set = number not in backend.watch._owners
    for stream in [*streams[1:], again]:
        await stream.aclose()
    for writer in writers:
        writer.close()
    await asyncio.gather(*(w.wait_closed() for w in writers), return_exceptions=True)
    server.close()
    await server.wait_closed()
    return {
        "walked": walked,
        "one_by_one": one_by_one,
        "polls_in_walk": polls_in_walk,
        "reused": reused,
        "first_closed": first_closed,
        "closed_underneath": closed_underneath,
        "left_the_set": left_the_set,
    }


@pytest.mark.skipif(not hasattr(select, "poll"), reason="one poll set needs select.poll")
def test_a_walk_asks_every_idle_socket_with_one_poll() -> None:
    closed = {3, 7, 18}
    out = run(_scenario(20, closed))
    expected = [number in closed for number in range(20)]
    assert out["walked"] == expected
    assert out["one_by_one"] == expected
    assert out["polls_in_walk"] == {"together": 1}  # not one per socket
    assert out["reused"] is False
    assert out["first_closed"] is True
    assert out["closed_underneath"] is True
    assert out["left_the_set"] is True
