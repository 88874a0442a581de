"""The journal's own thread: SQLite calls leave the event loop's thread, run one at a time in the
order they were made, and come back as awaitables.

A one-thread pool did the same with two thread wake-ups per call (the worker's queue, then the
loop's self-pipe). With many jobs running, calls arrive in bursts: here the thread takes a whole
burst in one wake-up and answers it with a single wake-up of the loop. On two cores that
handover, not SQLite, was the larger cost of journaling (bench/RESULTS.md, engine throughput).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections import deque
from collections.abc import Callable
from typing import Any, Generic, TypeVar

J = TypeVar("J")
T = TypeVar("T")

_Call = tuple[Callable[[Any], Any], "asyncio.Future[Any]", asyncio.AbstractEventLoop]


class JournalThread(Generic[J]):
    """Runs `open_resource()` on a new thread, then each `call(action)` as `action(resource)`
    there; `aclose()` runs `close(resource)` last and ends the thread."""

    def __init__(self, open_resource: Callable[[], J], close: Callable[[J], None]) -> None:
        self._open = open_resource
        self._close = close
        self._calls: deque[_Call] = deque()
        self._ready = threading.Condition(threading.Lock())
        self._idle = False
        self._closing = False
        self._thread = threading.Thread(target=self._serve, name="journal", daemon=True)
        self._thread.start()

    async def call(self, action: Callable[[J], T]) -> T:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        with self._ready:
            if self._closing:
                raise RuntimeError("the journal is closed")
            self._calls.append((action, future, loop))
            if self._idle:
                self._ready.notify()
        return await future

    async def aclose(self) -> None:
        """Close the resource after every call made so far; idempotent."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        with self._ready:
            if self._closing:
                return
            self._calls.append((self._close, future, loop))
            self._closing = True
            if self._idle:
                self._ready.notify()
        await future

    def _serve(self) -> None:
        resource: Any = None
        failure: BaseException | None = None
        try:
            resource = self._open()
        except BaseException as exc:  # every call then fails with it, as a pool's future would
            failure = exc
        while True:
            with self._ready:
                while not self._calls:
                    self._idle = True
                    self._ready.wait()
                self._idle = False
                batch = list(self._calls)
                self._calls.clear()
            answers: dict[asyncio.AbstractEventLoop, list[tuple[Any, Any, BaseException | None]]]
            answers = {}
            last = False
            for action, future, loop in batch:
                closing = action is self._close
                last = last or closing
                if future.cancelled() and not closing:
                    continue  # its caller stopped waiting before it ran: as a pool would skip it
                answer: tuple[Any, Any, BaseException | None] = (future, None, failure)
                if failure is None:
                    try:
                        answer = (future, action(resource), None)
                    except BaseException as exc:
                        answer = (future, None, exc)
                elif closing:  # nothing was opened, so nothing to close
                    answer = (future, None, None)
                answers.setdefault(loop, []).append(answer)
            for loop, settled in answers.items():
                # A closed loop has nobody waiting any more.
                with contextlib.suppress(RuntimeError):
                    loop.call_soon_threadsafe(_settle, settled)
            if last:
                return


def _settle(answers: list[tuple[asyncio.Future[Any], Any, BaseException | None]]) -> None:
    for future, result, error in answers:
        if future.cancelled():
            continue
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)
