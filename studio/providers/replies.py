"""Provider replies as data, safe JSON access, and the mapping of failures into the error tree.

HTTP status / envelope code        -> error
401, 403                           -> AuthenticationFailed
402 (or a quota/credit code)       -> InsufficientCredits
429                                -> RateLimited
404                                -> ProviderFailed (unknown task / wrong address)
other 4xx                          -> InvalidRequest (with the provider's message)
408, 5xx on a free call            -> ProviderUnavailable (408: TimedOut)
408, 5xx on a paid create          -> ProviderUnavailable where the failure is known to be
                                      unbilled, else OutcomeUnknown (never re-sent)
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import httpx

from studio.domain.errors import (
    AuthenticationFailed,
    InsufficientCredits,
    InvalidRequest,
    OutcomeUnknown,
    ProviderFailed,
    ProviderUnavailable,
    RateLimited,
    StudioError,
    TimedOut,
)
from studio.domain.plain_text import plain_text
from studio.providers.retry import CallKind

UNREADABLE = "{label} sent a reply the studio cannot read"
_log = logging.getLogger("studio.providers")


class UnreadableReply(Exception):
    """A reply that is not what the protocol promises: not JSON, or a field missing or wrong."""


@dataclass(frozen=True)
class Reply:
    """A complete reply, read (size-capped) into memory."""

    status: int
    headers: httpx.Headers
    body: bytes

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def json(self) -> Any:
        try:
            return json.loads(self.body, parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as exc:
            raise UnreadableReply("the reply is not JSON") from exc

    def json_object(self) -> dict[str, Any]:
        data = self.json()
        if not isinstance(data, dict):
            raise UnreadableReply("the reply is not a JSON object")
        return data

    def json_object_or_none(self) -> dict[str, Any] | None:
        """The body as a JSON object, or None when it is anything else (a proxy's HTML page)."""
        try:
            return self.json_object()
        except UnreadableReply:
            return None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


@dataclass(frozen=True)
class ErrorDetail:
    """What a provider said went wrong, before it becomes a `StudioError`."""

    status: int  # the HTTP status, or the envelope code that stands in for it
    message: str | None = None  # the provider's own words
    code: str | None = None  # a machine-readable code or type
    #: The body is the provider's own error envelope, not a gateway page or an empty reply.
    from_provider: bool = False


class ReplyError(Exception):
    """Raised by a reply reader when a successful-looking reply carries an error."""

    def __init__(self, detail: ErrorDetail) -> None:
        super().__init__(f"error {detail.status}")
        self.detail = detail


# --- safe field access -------------------------------------------------------------------------


def field_str(data: Mapping[str, Any], name: str, *, required: bool = False) -> str | None:
    """A text field (numbers are accepted as text); optional fields of another type are ignored.

    The value as sent: ids, links and base64 data. Text meant for people is `field_text`."""
    value = data.get(name)
    if isinstance(value, str) and value:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not required:
        return None
    if value is None or value == "":
        raise UnreadableReply(f"the field {name} is missing")
    raise UnreadableReply(f"the field {name} has the wrong type")


def field_text(data: Mapping[str, Any], name: str) -> str | None:
    """An optional field of text for people (a revised prompt, a seed): provider text enters
    the studio here and in `short` (messages), so it comes out without control characters or
    escape sequences (`plain_text`); it may reach a terminal, a window or a file's metadata."""
    value = field_str(data, name)
    return (plain_text(value) or None) if value else None


def field_object(data: Mapping[str, Any], name: str) -> dict[str, Any] | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise UnreadableReply(f"the field {name} is not an object")
    return value


def field_list(data: Mapping[str, Any], name: str) -> list[Any] | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, list):
        raise UnreadableReply(f"the field {name} is not a list")
    return value


def field_amount(data: Mapping[str, Any], name: str) -> Decimal | None:
    """A number (credits, money) as a Decimal; None when absent."""
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise UnreadableReply(f"the field {name} is not a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise UnreadableReply(f"the field {name} is not a number")
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise UnreadableReply(f"the field {name} is not a number") from exc
    if not amount.is_finite():
        raise UnreadableReply(f"the field {name} is not a number")
    return amount


#: More than any one job costs in any provider's unit (credits, CNY, USD): a charge reported
#: above it is taken for nonsense, not shown.
MAX_PLAUSIBLE_CHARGE = Decimal(100_000)


def field_charge(data: Mapping[str, Any], name: str, *, label: str) -> Decimal | None:
    """What a provider says a job cost: a number from 0 to MAX_PLAUSIBLE_CHARGE, else None.

    A charge is for showing, never for deciding: a nonsense one (negative, not a number,
    absurdly large) is ignored and noted in the log rather than failing the reply (which, on a
    paid create, would make a started job's outcome unknown)."""
    try:
        amount = field_amount(data, name)
    except UnreadableReply:
        amount = None
    else:
        if amount is None or 0 <= amount <= MAX_PLAUSIBLE_CHARGE:
            return amount
    _log.warning("%s reported a charge of %.40r for one job; ignored", label, data.get(name))
    return None


def short(text: str, limit: int = 300) -> str:
    """Provider text for a one-line message: plain, whitespace folded, length capped."""
    text = " ".join(plain_text(text[: 8 * limit]).split())  # what can be shown, not megabytes
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- mapping into the error tree ---------------------------------------------------------------

_CREDIT_WORDS = ("insufficient", "quota", "credit", "balance", "payment", "billing")
_AUTH_WORDS = ("authentication", "api_key", "apikey", "unauthorized", "invalid_key")
_RATE_WORDS = ("rate_limit", "too_many_requests", "rate-limit", "ratelimit")


def _code_names(code: str | None, *words: str) -> bool:
    lowered = (code or "").lower()
    return any(word in lowered for word in words)


def classify(detail: ErrorDetail) -> type[StudioError] | None:
    """The error class a 4xx code names, where the code is more precise than the status."""
    if detail.status >= 500:
        return None
    if detail.status == 402 or _code_names(detail.code, *_CREDIT_WORDS):
        return InsufficientCredits
    if detail.status in (401, 403) or _code_names(detail.code, *_AUTH_WORDS):
        return AuthenticationFailed
    if detail.status == 429 or _code_names(detail.code, *_RATE_WORDS):
        return RateLimited
    return None


def error_for(
    detail: ErrorDetail,
    *,
    label: str,
    kind: CallKind,
    retry_after: float | None = None,
    failure_unbilled: bool = False,
) -> StudioError:
    """The `StudioError` a person should see for this failed call.

    `failure_unbilled`: for a paid create, the provider documents that this failure is not
    billed, so it is reported as ProviderUnavailable instead of OutcomeUnknown.
    """
    said = f" ({detail.message})" if detail.message else ""
    status = detail.status
    named = classify(detail)
    if named is AuthenticationFailed:
        return _auth_error(detail, label)
    if named is InsufficientCredits:
        return InsufficientCredits(
            f"Your {label} balance is too low for this job{said}. Top up your {label} account, "
            "then try again."
        )
    if named is RateLimited:
        when = f"in {math.ceil(retry_after)} s" if retry_after else "in a minute"
        return RateLimited(
            f"{label} is limiting how fast requests can be sent{said}. Try again {when}.",
            retry_after=retry_after,
        )
    if status >= 500 or status == 408:
        return _server_error(detail, label, kind, failure_unbilled)
    if status == 404:
        return _not_found(detail, label, kind)
    if 400 <= status < 500:
        text = f": {detail.message}" if detail.message else f" (HTTP {status})"
        return InvalidRequest(f"{label} refused the request{text}")
    if 300 <= status < 400:
        return ProviderFailed(
            f"{label} answered with a redirect to another address (HTTP {status}). Check the "
            "address in Settings > Providers."
        )
    return ProviderFailed(f"{label} reported an error{said or f' (code {status})'}.")


def _auth_error(detail: ErrorDetail, label: str) -> AuthenticationFailed:
    if detail.status == 403:
        said = f" ({detail.message})" if detail.message else ""
        return AuthenticationFailed(
            f"{label} refused this API key access{said}. Check the key and its permissions in "
            "Settings > Providers."
        )
    return AuthenticationFailed(f"{label} rejected the API key. Check it in Settings > Providers.")


def _server_error(
    detail: ErrorDetail, label: str, kind: CallKind, failure_unbilled: bool
) -> StudioError:
    said = f": {detail.message}" if detail.message else ""
    status = detail.status
    if kind.is_paid and not failure_unbilled:
        return OutcomeUnknown(
            f"{label} failed while handling the request (HTTP {status}{said}), so the studio "
            f"cannot tell whether the job was started or charged. It will not be sent again "
            f"automatically; check your {label} account before trying again."
        )
    if kind.is_paid:
        return ProviderUnavailable(
            f"{label} could not take the job right now (HTTP {status}{said}). Failed requests "
            "are not billed; try again in a few minutes."
        )
    if status == 408:
        return TimedOut(f"{label} took too long to answer (HTTP 408). Try again later.")
    return ProviderUnavailable(
        f"{label} is unavailable right now (HTTP {status}{said}). Try again in a few minutes."
    )


def _not_found(detail: ErrorDetail, label: str, kind: CallKind) -> ProviderFailed:
    if kind is CallKind.poll:
        return ProviderFailed(f"{label} does not know this job any more (HTTP 404).")
    if kind is CallKind.download:
        return ProviderFailed(f"{label} no longer has this image (HTTP 404).")
    return ProviderFailed(
        f"{label} has nothing at this address (HTTP 404). Check the address in "
        "Settings > Providers."
    )


def unreadable_error(label: str, kind: CallKind, reason: str) -> StudioError:
    """The error for a reply that could not be read; on a create the job may exist."""
    if kind.is_paid:
        return OutcomeUnknown(
            f"{label} answered, but the studio cannot read the reply ({reason}), so it does not "
            f"know whether the job was started or charged. It will not be sent again "
            f"automatically; check your {label} account before trying again."
        )
    return ProviderFailed(UNREADABLE.format(label=label) + f" ({reason}).")
