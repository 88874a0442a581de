"""When a call may be tried again, and how long to wait first (full-jitter backoff, Retry-After).

The rule that matters: a paid create is retried only where it cannot have been charged twice.
"""

from __future__ import annotations

import random
import time
from email.utils import parsedate_to_datetime
from enum import StrEnum

import httpx


class CallKind(StrEnum):
    """What a call is for; it decides the timeouts and what may be retried."""

    create = "create"  # the paid call that starts a job
    poll = "poll"
    check = "check"  # key check / balance
    download = "download"

    @property
    def is_paid(self) -> bool:
        return self is CallKind.create


#: Transport failures where no byte of the request reached the server.
NOT_SENT_ERRORS: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
)

#: Transport failures a free call may retry.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.ReadError,
    httpx.ReadTimeout,
    httpx.WriteError,
    httpx.WriteTimeout,
    httpx.RemoteProtocolError,
)


def status_may_retry(status: int, kind: CallKind, *, failed_requests_unbilled: bool) -> bool:
    """Whether an HTTP status is worth another attempt for this kind of call.

    429 is always safe (the request was refused, not run). 408 and 5xx are safe for free calls;
    for a paid create only when the provider documents that failed requests are not billed.
    """
    if status == 429:
        return True
    if status == 408 or status >= 500:
        return not kind.is_paid or failed_requests_unbilled
    return False


def transport_error_may_retry(error: Exception, kind: CallKind) -> bool:
    """Free calls retry any transient failure; a create only one that happened before sending."""
    if kind.is_paid:
        return isinstance(error, NOT_SENT_ERRORS)
    return isinstance(error, TRANSIENT_ERRORS)


def backoff_delay(
    attempt: int, *, base: float, cap: float, rng: random.Random | None = None
) -> float:
    """Exponential backoff with full jitter: uniform(0, min(cap, base * 2**(attempt-1)))."""
    ceiling = min(cap, base * 2 ** max(0, attempt - 1))
    return (rng or random).uniform(0.0, ceiling)


def parse_retry_after(headers: httpx.Headers, *, now: float | None = None) -> float | None:
    """Seconds the server asks us to wait: `retry-after-ms`, `Retry-After` seconds or HTTP date."""
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            value = float(millis) / 1000.0
        except ValueError:
            value = -1.0
        if 0.0 <= value < float("inf"):
            return value
    raw = headers.get("retry-after")
    if raw is None:
        return None
    raw = raw.strip()
    seconds: float | None
    try:
        seconds = float(raw)
    except ValueError:
        seconds = _seconds_until(raw, now)
    if seconds is None or seconds != seconds or seconds == float("inf"):
        return None
    return max(0.0, seconds)


def _seconds_until(http_date: str, now: float | None) -> float | None:
    try:
        moment = parsedate_to_datetime(http_date)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        return None
    return moment.timestamp() - (time.time() if now is None else now)
