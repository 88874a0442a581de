"""How provider clients behave on the wire: attempts, backoff, timeouts, who hears of waits."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

#: Told about every wait before a retry: a human reason ("Rate limited by JoyAI") and the seconds.
WaitCallback = Callable[[str, float], None]
SleepFunction = Callable[[float], Awaitable[None]]

_log = logging.getLogger("studio.http")
_wait_listener: ContextVar[WaitCallback | None] = ContextVar("studio_wait_listener", default=None)


@dataclass(frozen=True)
class ClientOptions:
    """Retry and timeout settings shared by every client `make_client` builds.

    `delay_scale` multiplies every wait (tests use a tiny value); `sleep` replaces `asyncio.sleep`.
    """

    max_attempts: int = 4
    backoff_base: float = 0.5
    backoff_cap: float = 8.0
    #: A `Retry-After` longer than this is not waited out: the call gives up and reports it.
    retry_after_cap: float = 60.0
    delay_scale: float = 1.0
    sleep: SleepFunction | None = None
    #: icodeeasy: hold the create call open until the images are ready instead of `?async=1`.
    icodeeasy_sync: bool = False
    connect_timeout: float = 15.0
    #: Read timeout of paid create calls; icodeeasy holds a synchronous call up to ~200 s.
    create_timeout: float = 240.0
    poll_timeout: float = 30.0
    download_timeout: float = 60.0
    #: Largest JSON reply read into memory (OpenAI's inline images get `max_inline_reply_bytes`).
    max_reply_bytes: int = 8 * 1024 * 1024
    max_inline_reply_bytes: int = 256 * 1024 * 1024
    #: Use HTTP(S)_PROXY / NO_PROXY from the environment.
    trust_env: bool = True
    on_wait: WaitCallback | None = None

    async def pause(self, seconds: float) -> None:
        """Sleep for `seconds` scaled by `delay_scale`."""
        delay = max(0.0, seconds * self.delay_scale)
        await (self.sleep or asyncio.sleep)(delay)


@contextmanager
def report_waits(callback: WaitCallback) -> Iterator[None]:
    """Send the waits of calls made inside this block (in this asyncio task) to `callback` too.

    The engine shares one client between jobs; this lets each job hear about its own waits.
    """
    token = _wait_listener.set(callback)
    try:
        yield
    finally:
        _wait_listener.reset(token)


def announce_wait(options: ClientOptions, reason: str, seconds: float) -> None:
    """Tell the listeners a call is about to wait; a failing listener never breaks the call."""
    for listener in (options.on_wait, _wait_listener.get()):
        if listener is None:
            continue
        try:
            listener(reason, seconds)
        except Exception:
            _log.exception("A wait listener failed")
