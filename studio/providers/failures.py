"""What a failed call means: the provider's error read and scrubbed, the error the person sees
(charged or not, unknown or not), whether the call may be tried again, and the waiting reason
shown meanwhile. The retry loop that asks these questions is `studio.providers.http.HttpCore`,
which builds on this."""

from __future__ import annotations

import logging
from collections.abc import Callable

import httpx

from studio.domain.catalog import ProviderSpec
from studio.domain.errors import OutcomeUnknown, ProviderUnavailable, StudioError, TimedOut
from studio.domain.i18n import QT_TRANSLATE_NOOP, Text
from studio.providers.options import ClientOptions, busy_reason, wait_reason
from studio.providers.replies import ErrorDetail, Reply, classify, error_for
from studio.providers.retry import NOT_SENT_ERRORS, CallKind, status_may_retry

_log = logging.getLogger("studio.http")

#: Reads a provider's error envelope from a reply.
ErrorReader = Callable[[Reply], ErrorDetail]


class CallFailures:
    """The failure rules of one provider's HTTP core."""

    spec: ProviderSpec
    label: str
    options: ClientOptions
    base_url: str
    _read_error: ErrorReader
    _provider_failure_unbilled: bool

    def scrub(self, text: str) -> str:
        """Provider text made safe to show (the HTTP core knows the key to remove)."""
        raise NotImplementedError

    def _describe(self, reply: Reply) -> ErrorDetail:
        try:
            return self._read_error(reply)
        except Exception:
            _log.warning("Error reader for %s failed", self.spec.id, exc_info=True)
            return ErrorDetail(status=reply.status)

    def _scrubbed(self, detail: ErrorDetail) -> ErrorDetail:
        message = self.scrub(detail.message) if detail.message else None
        code = self.scrub(detail.code) if detail.code else None
        return ErrorDetail(detail.status, message or None, code or None, detail.from_provider)

    def _error(self, detail: ErrorDetail, kind: CallKind, retry_after: float | None) -> StudioError:
        unbilled = detail.from_provider and (
            self.spec.failed_requests_unbilled or self._provider_failure_unbilled
        )
        return error_for(
            detail, label=self.label, kind=kind, retry_after=retry_after, failure_unbilled=unbilled
        )

    def _may_retry(self, detail: ErrorDetail, kind: CallKind) -> bool:
        named = classify(detail)
        if named is not None:
            return named.kind == "rate_limited"
        # "Failed requests are not billed" covers the provider's own documented error replies
        # only: a 5xx/408 page from a gateway in front of it may hide a generation still running.
        return status_may_retry(
            detail.status,
            kind,
            failed_requests_unbilled=self.spec.failed_requests_unbilled and detail.from_provider,
        )

    def _status_reason(self, detail: ErrorDetail) -> Text:
        return busy_reason(self.label, detail.status, limited=classify(detail) is not None)

    def _transport_reason(self, exc: httpx.TransportError) -> Text:
        if isinstance(exc, NOT_SENT_ERRORS):
            template = QT_TRANSLATE_NOOP("studio.waits", "Cannot reach {provider}")
        elif isinstance(exc, httpx.TimeoutException):
            template = QT_TRANSLATE_NOOP("studio.waits", "{provider} is slow to answer")
        else:
            template = QT_TRANSLATE_NOOP("studio.waits", "The connection to {provider} dropped")
        return wait_reason(template, provider=self.label)

    def transport_error(self, exc: httpx.TransportError, kind: CallKind) -> StudioError:
        """The error for a connection failure that outlived the retries."""
        host = httpx.URL(self.base_url).host
        if isinstance(exc, NOT_SENT_ERRORS):
            return ProviderUnavailable(
                f"Could not connect to {self.label} ({host}). Check your internet connection "
                "and the address in Settings > Providers, then try again."
            )
        if kind.is_paid:
            what = _describe_break(exc, self.options.create_timeout)
            return OutcomeUnknown(
                f"The connection to {self.label} broke after the request was sent ({what}), so "
                "the studio cannot tell whether the job was started or charged. It will not be "
                f"sent again automatically; check your {self.label} account before trying again."
            )
        if isinstance(exc, httpx.TimeoutException):
            seconds = (
                self.options.download_timeout
                if kind is CallKind.download
                else self.options.poll_timeout
            )
            return TimedOut(f"{self.label} did not answer within {seconds:g} s. Try again later.")
        return ProviderUnavailable(
            f"The connection to {self.label} broke ({_describe_break(exc, 0)}). "
            "Try again in a few minutes."
        )


def _describe_break(exc: httpx.TransportError, timeout: float) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return f"no answer within {timeout:g} s" if timeout else "no answer in time"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the reply was cut off"
    return "the connection dropped"
