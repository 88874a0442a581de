"""How provider clients behave on the wire: attempts, backoff, timeouts, who hears of waits."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from studio.domain.i18n import QT_TRANSLATE_NOOP, Text

#: Told about every wait before a retry: why (translatable, e.g. "Rate limited by JoyAI") and
#: the seconds.
WaitCallback = Callable[[Text, float], None]
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
        import asyncio  # here: this package loads with the window, which paints before asyncio

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


def wait_reason(template: str, **params: object) -> Text:
    """Why a call waits, as text the window translates (mark `template` for lupdate under
    "studio.waits")."""
    return Text("studio.waits", template, params)


def busy_reason(provider: str, status: int, *, limited: bool) -> Text:
    """Why a call waits after a 429 (`limited`) or a 5xx from `provider`."""
    if limited:
        return wait_reason(
            QT_TRANSLATE_NOOP("studio.waits", "Rate limited by {provider}"), provider=provider
        )
    return wait_reason(
        QT_TRANSLATE_NOOP("studio.waits", "{provider} is busy (HTTP {status})"),
        provider=provider,
        status=status,
    )


def announce_wait(options: ClientOptions, reason: Text, seconds: float) -> None:
    """Tell the listeners a call is about to wait; a failing listener never breaks the call."""
    for listener in (options.on_wait, _wait_listener.get()):
        if listener is None:
            continue
        try:
            listener(reason, seconds)
        except Exception:
            _log.exception("A wait listener failed")
