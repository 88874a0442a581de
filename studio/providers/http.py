"""The HTTP core every provider client shares: one httpx client, one retry loop, one error mapping.

    HttpCore.call   an API call: retried by the rules in `retry.py`, failures mapped by `replies.py`
    HttpCore.fetch  a result download: size-capped, redirects checked hop by hop, retried freely

A paid create is retried only where it cannot have been charged twice (429, a connection that
failed before the request went out, a 5xx the provider answered in its own error envelope where
it documents failed requests as unbilled: a gateway's page, an empty body or a dropped
connection is not the provider's answer); once a create may have reached the provider without a
task id coming back, it is `OutcomeUnknown`. A paid create goes out only on a connection the
server has just answered on (`studio.providers.freshness`).
The API key is sent only to the base URL's origin and never appears in a message, log line or repr.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from typing import Any, TypeVar

import httpx

from studio.domain.catalog import ProviderSpec
from studio.domain.errors import (
    InvalidRequest,
    ProviderFailed,
    StudioError,
)
from studio.domain.i18n import QT_TRANSLATE_NOOP, Text
from studio.domain.validation import check_base_url, is_loopback_host
from studio.providers.download import BodyTooLarge, Downloader, describe_size, read_capped
from studio.providers.failures import CallFailures, ErrorReader
from studio.providers.freshness import EXTENSION, Warmup
from studio.providers.network import lean_transport
from studio.providers.options import ClientOptions, announce_wait, wait_reason
from studio.providers.proxies import proxy_mounts
from studio.providers.redaction import loggable_url, origin_of
from studio.providers.replies import (
    ErrorDetail,
    Reply,
    ReplyError,
    UnreadableReply,
    short,
    unreadable_error,
)
from studio.providers.retry import (
    CallKind,
    backoff_delay,
    parse_retry_after,
    transport_error_may_retry,
)

T = TypeVar("T")
FileParts = Sequence[tuple[str, tuple[str, bytes, str]]]

_log = logging.getLogger("studio.http")

#: The in-process demo's address; reachable only through an injected transport.
DEMO_HOST = "demo.invalid"
#: Connections one client keeps open, idle or not: above any per-provider job limit the
#: settings offer, so running jobs reuse connections instead of reconnecting per call.
KEPT_CONNECTIONS = 100
#: Idle connections are closed after this long: well before the 5 s after which uvicorn, Node
#: and Apache close them by default, and longer than the engine's 2 s between polls.
KEEPALIVE_SECONDS = 2.5


class _HiddenKey:
    """The API key, kept out of every repr and `vars()` dump."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __repr__(self) -> str:
        return "<API key hidden>"


def _default_error_reader(reply: Reply) -> ErrorDetail:
    return ErrorDetail(status=reply.status)


class HttpCore(CallFailures):
    """Owns the `httpx.AsyncClient` of one provider client; see the module docstring."""

    def __init__(
        self,
        spec: ProviderSpec,
        *,
        api_key: str | None,
        base_url: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        options: ClientOptions | None = None,
        read_error: ErrorReader | None = None,
        provider_failure_unbilled: bool = False,
        warmup_path: str | None = None,
    ) -> None:
        """`read_error` turns an error reply into an `ErrorDetail` (the provider's envelope).
        `provider_failure_unbilled`: a 5xx create answered with the provider's own error envelope
        means the job failed and was not billed (ProviderUnavailable instead of OutcomeUnknown).
        `warmup_path`: a free GET under the base URL sent ahead of a paid create on a connection
        that has not answered just now (studio.providers.freshness)."""
        self.spec = spec
        self.label = spec.label
        self.options = options or ClientOptions()
        self.base_url = _checked_base_url(base_url or spec.default_base_url, transport is not None)
        self._origin = origin_of(self.base_url)
        self._key = _HiddenKey(api_key) if api_key else None
        self._injected = transport is not None
        self._read_error = read_error or _default_error_reader
        self._provider_failure_unbilled = provider_failure_unbilled
        self._warmup_path = warmup_path
        trust_env = self.options.trust_env and transport is None
        # httpx keeps 20 idle connections by default: past 20 jobs at once, every finished
        # call closed a connection and the next opened one, on the engine's thread.
        limits = httpx.Limits(
            max_connections=KEPT_CONNECTIONS,
            max_keepalive_connections=KEPT_CONNECTIONS,
            keepalive_expiry=KEEPALIVE_SECONDS,
        )
        self._client = httpx.AsyncClient(
            transport=transport or lean_transport(limits=limits, trust_env=trust_env),
            mounts=proxy_mounts(limits=limits, trust_env=trust_env, base_url=self.base_url),
            follow_redirects=False,
            trust_env=trust_env,
            timeout=self.timeout(CallKind.poll),
        )
        self._downloader = Downloader(self)

    def __repr__(self) -> str:
        return f"<HttpCore {self.spec.id} {self.base_url}>"

    # --- shared pieces ---------------------------------------------------------------------

    def timeout(self, kind: CallKind) -> httpx.Timeout:
        read = {
            CallKind.create: self.options.create_timeout,
            CallKind.download: self.options.download_timeout,
        }.get(kind, self.options.poll_timeout)
        connect = self.options.connect_timeout
        return httpx.Timeout(connect=connect, read=read, write=max(60.0, read), pool=connect)

    def headers_for(self, url: str) -> dict[str, str]:
        """The Authorization header, only for the base URL's own origin."""
        headers = {"Accept": "application/json"}
        if self._key is not None and origin_of(url) == self._origin:
            headers["Authorization"] = f"Bearer {self._key.value}"
        return headers

    def scrub(self, text: str) -> str:
        """Provider text made safe to show: the key removed, whitespace folded, length capped."""
        # Very short keys (the demo's) are no secret, and replacing them would garble words.
        if self._key is not None and len(self._key.value) >= 8:
            text = text.replace(self._key.value, "[API key]")
        return short(text)

    def url_allowed(self, url: str) -> bool:
        """https anywhere; http only to this machine (or the demo, through its transport)."""
        try:
            parts = httpx.URL(url)
        except (httpx.InvalidURL, TypeError):
            return False
        if parts.scheme == "https" and parts.host:
            return True
        if parts.scheme != "http":
            return False
        return is_loopback_host(parts.host) or (self._injected and origin_of(url) == self._origin)

    @property
    def client(self) -> httpx.AsyncClient:
        return self._client

    async def wait_before_retry(
        self, attempt: int, reason: Text, retry_after: float | None = None
    ) -> None:
        delay = retry_after
        if delay is None:
            delay = backoff_delay(
                attempt, base=self.options.backoff_base, cap=self.options.backoff_cap
            )
        seconds = delay * self.options.delay_scale
        _log.info(
            "%s; retrying in %.1f s (attempt %d of %d)",
            reason,
            seconds,
            attempt + 1,
            self.options.max_attempts,
        )
        announce_wait(self.options, reason, seconds)
        await self.options.pause(delay)

    # --- API calls -------------------------------------------------------------------------

    async def call(
        self,
        method: str,
        path: str,
        *,
        kind: CallKind,
        read: Callable[[Reply], T],
        params: Mapping[str, str] | None = None,
        json: Any = None,
        data: Mapping[str, str] | None = None,
        files: FileParts | None = None,
        max_bytes: int | None = None,
        accept: Collection[int] = (),
        spool: Callable[[bytes], Awaitable[None]] | None = None,
    ) -> T:
        """Send one API call with retries and hand the successful reply to `read` (and, first,
        its body to `spool`: a paid create's reply kept on disk before anything reads it).

        Replies with a status in `accept` go to `read` as well instead of being errors (a key
        check that expects 404). `read` may raise `UnreadableReply` (a garbled reply) or
        `ReplyError` (an error inside a successful-looking reply); both go through the same
        retry and mapping rules as HTTP errors.
        """
        url = self.base_url + path
        limit = max_bytes or self.options.max_reply_bytes
        attempt = 0
        while True:
            attempt += 1
            last = attempt >= self.options.max_attempts
            try:
                reply = await self._exchange(
                    method, url, kind, params=params, json=json, data=data, files=files, limit=limit
                )
            except BodyTooLarge as exc:
                raise unreadable_error(
                    self.label, kind, f"larger than {describe_size(exc.limit)}"
                ) from None
            except httpx.TransportError as exc:
                if not last and transport_error_may_retry(exc, kind):
                    await self.wait_before_retry(attempt, self._transport_reason(exc))
                    continue
                _log.info("%s %s failed: %r", method, loggable_url(url, secret=False), exc)
                # Not chained: the httpx exception holds the request, Authorization and all.
                raise self.transport_error(exc, kind) from None
            except httpx.DecodingError:
                if not last and not kind.is_paid:
                    await self.wait_before_retry(
                        attempt,
                        wait_reason(
                            QT_TRANSLATE_NOOP("studio.waits", "{provider} sent a garbled reply"),
                            provider=self.label,
                        ),
                    )
                    continue
                raise unreadable_error(self.label, kind, "garbled compression") from None
            if spool is not None and reply.ok:
                await spool(reply.body)
            try:
                if not reply.ok and reply.status not in accept:
                    raise ReplyError(self._describe(reply))
                return self.read_reply(read, reply)
            except ReplyError as exc:
                detail = self._scrubbed(exc.detail)
                retry_after = parse_retry_after(reply.headers)
                error = self._error(detail, kind, retry_after)
                if last or not self._may_retry(detail, kind):
                    raise error from None
                if retry_after is not None and retry_after > self.options.retry_after_cap:
                    raise error from None
                await self.wait_before_retry(attempt, self._status_reason(detail), retry_after)
            except UnreadableReply as exc:
                _log.warning(
                    "%s %s: unreadable reply (HTTP %d): %s",
                    method,
                    loggable_url(url, secret=False),
                    reply.status,
                    exc,
                )
                if last or kind.is_paid:
                    raise unreadable_error(self.label, kind, str(exc)) from None
                await self.wait_before_retry(
                    attempt,
                    wait_reason(
                        QT_TRANSLATE_NOOP("studio.waits", "{provider} sent an unreadable reply"),
                        provider=self.label,
                    ),
                )

    async def _exchange(
        self,
        method: str,
        url: str,
        kind: CallKind,
        *,
        params: Mapping[str, str] | None,
        json: Any,
        data: Mapping[str, str] | None,
        files: FileParts | None,
        limit: int,
    ) -> Reply:
        try:
            request = self._client.build_request(
                method,
                url,
                params=params,
                json=json,
                data=data,
                files=files,
                headers=self.headers_for(url),
                timeout=self.timeout(kind),
                extensions=self._warmup_for(kind),
            )
        except (httpx.InvalidURL, TypeError, ValueError) as exc:
            _log.warning("Cannot build %s %s: %s", method, loggable_url(url, secret=False), exc)
            message = f"The studio could not build a request for {self.label}."
            raise InvalidRequest(message) from None
        started = time.monotonic()
        try:
            response = await self._client.send(request, stream=True)
        except httpx.InvalidURL:
            # httpx builds the next request of every redirect, even one it does not follow: a
            # reply redirecting to an address that is not one (`http:\\host/x`) ends here.
            raise ProviderFailed(
                f"{self.label} answered with a redirect to an address that is not valid. Check "
                "the address in Settings > Providers."
            ) from None
        try:
            body = await read_capped(response, limit)
        finally:
            await response.aclose()
        _log.debug(
            "%s %s -> %d (%d bytes, %.2f s)",
            method,
            loggable_url(url, secret=False),
            response.status_code,
            len(body),
            time.monotonic() - started,
        )
        return Reply(response.status_code, response.headers, body)

    def _warmup_for(self, kind: CallKind) -> dict[str, Any] | None:
        """A paid create asks the connection pool for the freshness rule."""
        if not kind.is_paid or self._warmup_path is None:
            return None
        url = self.base_url + self._warmup_path
        warmup = Warmup(
            target=httpx.URL(url).raw_path.decode("ascii"),
            headers=tuple(self.headers_for(url).items()),
            timeout=self.options.poll_timeout,
        )
        return {EXTENSION: warmup}

    def read_reply(self, read: Callable[[Reply], T], reply: Reply) -> T:
        try:
            return read(reply)
        except (ReplyError, UnreadableReply, StudioError):
            raise
        except (LookupError, TypeError, ValueError, AttributeError, ArithmeticError) as exc:
            # A reply shape the reader did not foresee: unreadable, never a traceback.
            _log.warning("Reply reader for %s failed", self.spec.id, exc_info=True)
            raise UnreadableReply("unexpected content") from exc

    # --- downloads -------------------------------------------------------------------------

    async def fetch(self, url: str, *, max_bytes: int) -> bytes:
        """Download a result: see `studio.providers.download.Downloader.fetch`."""
        return await self._downloader.fetch(url, max_bytes=max_bytes)

    async def aclose(self) -> None:
        await self._client.aclose()


def _checked_base_url(url: str, injected: bool) -> str:
    """`check_base_url`, except the demo's address, allowed only with an injected transport."""
    if injected:
        try:
            parsed = httpx.URL(url)
        except httpx.InvalidURL:
            parsed = None
        if parsed is not None and parsed.host == DEMO_HOST and parsed.scheme in ("http", "https"):
            return url.rstrip("/")
    return check_base_url(url)
