"""Telling httpx's async stack which event loop library runs on this thread.

httpcore and anyio ask sniffio which async library runs several times per request (each lock,
event and pool request they make); unless told, sniffio finds out by calling asyncio's
`current_task()`, Python code on 3.11: 9% of the engine thread's time holding the GIL with 50
jobs downloading (bench/README.md, UI responsiveness). Told through its documented
thread-local, it answers at once; the answer is the same.

Imports nothing of httpx: the window's engine thread enters it at start-up.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator


@contextlib.contextmanager
def asyncio_thread() -> Iterator[None]:
    """This thread runs asyncio (an engine's loop) for as long as the block lasts."""
    import sniffio

    previous = sniffio.thread_local.name
    sniffio.thread_local.name = "asyncio"
    try:
        yield
    finally:
        sniffio.thread_local.name = previous
