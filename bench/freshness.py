"""``python -m bench.freshness``: paid creates that end "unknown" although the server never saw
them (issue 15, item 7), against the two test servers in tests/servers.

Three runs of `--creates` creates each (default 2,000), through the studio's real JoyAI client:

    threaded      the stdlib ThreadingHTTPServer (listen backlog 5), one client, 16 at a time
    new-conns     the same server, a new client for every 16 creates: 16 connects at once
    idle-1s       uvicorn with timeout_keep_alive=1, 16 at a time, each create after an idle
                  pause of 0.995-1.005 s (the server closes idle connections at 1 s)

For each: creates sent, started (task id back), unknown, other failures, the server's own count,
the free warm-up requests sent (and failed), and the wall time. Target: 0 unknown, server count
== creates. Not part of `python -m bench` (it is a count, not a ratio).
"""

from __future__ import annotations

import argparse
import asyncio
import time

from tests.helpers import free_port
from tests.servers import keepalive_server, stdlib_server
from tests.servers.drive import Tally, send_creates


async def _new_connections(url: str, total: int) -> Tally:
    tally = Tally()
    for start in range(0, total, 16):
        part = await send_creates(url, min(16, total - start), concurrency=16)
        tally.sent += part.sent
        tally.started += part.started
        tally.unknown += part.unknown
        tally.other += part.other
        tally.warmups += part.warmups
        tally.failed_warmups += part.failed_warmups
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--creates", type=int, default=2000)
    total = parser.parse_args().creates
    print("| run | creates | started | unknown | other | server count | warm-ups (failed) | s |")
    print("|---|---|---|---|---|---|---|---|")
    threaded = stdlib_server.start()
    url = f"http://127.0.0.1:{threaded.server_address[1]}"
    uvicorn = keepalive_server.start(free_port(), keep_alive=1)
    runs = (
        ("threaded", lambda: send_creates(url, total, concurrency=16), lambda: threaded.creates),
        ("new-conns", lambda: _new_connections(url, total), lambda: threaded.creates),
        (
            "idle-1s",
            lambda: send_creates(uvicorn.url, total, concurrency=16, pause=(0.995, 1.005)),
            lambda: uvicorn.creates,
        ),
    )
    try:
        for name, job, counted in runs:
            before = counted()
            started = time.monotonic()
            tally = asyncio.run(job())
            seconds = time.monotonic() - started
            other = sum(tally.other.values())
            print(
                f"| {name} | {tally.sent} | {tally.started} | {tally.unknown} | {other} | "
                f"{counted() - before} | {tally.warmups} ({tally.failed_warmups}) "
                f"| {seconds:.0f} |",
                flush=True,
            )
    finally:
        threaded.shutdown()
        uvicorn.stop()


if __name__ == "__main__":
    main()
