"""Result downloads: https (or loopback http) hop by hop, at most 5 redirects, a byte cap, retries.

The key goes only to the base URL's own origin: a CDN host on the way never sees it.
"""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager, nullcontext
from typing import Protocol

import httpx

from studio.domain.catalog import ProviderSpec
from studio.domain.errors import BadResult, StudioError
from studio.domain.i18n import QT_TRANSLATE_NOOP, Text
from studio.providers.options import ClientOptions, busy_reason, wait_reason
from studio.providers.redaction import hidden_from_logs, loggable_url
from studio.providers.replies import ErrorDetail, error_for
from studio.providers.retry import CallKind, parse_retry_after, transport_error_may_retry
from studio.providers.streaming import chunk_observer

MAX_REDIRECTS = 5
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_log = logging.getLogger("studio.http.download")


class BodyTooLarge(Exception):
    """A reply body went past its byte cap."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"larger than {limit} bytes")
        self.limit = limit


def describe_size(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):.3g} MB"
    return f"{limit / 1024:.3g} KB" if limit >= 1024 else f"{limit} bytes"


async def read_capped(response: httpx.Response, limit: int) -> bytes:
    """The decoded body, refusing more than `limit` bytes (counted after decompression)."""
    declared = response.headers.get("content-length", "")
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if declared.isdigit() and int(declared) > limit and encoding in ("", "identity"):
        raise BodyTooLarge(limit)
    chunks: list[bytes] = []
    received = 0
    # A streamed create's parser sees each chunk as it comes (studio.providers.streaming).
    observe = chunk_observer() if response.is_success else None
    async for chunk in response.aiter_bytes():
        received += len(chunk)
        if received > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
        if observe is not None:
            observe(chunk)
    return b"".join(chunks)


def _is_not_an_image(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return (
        media.startswith("text/")
        or media in ("application/json", "application/xhtml+xml", "application/xml")
        or media.endswith("+json")
    )


class _Redirect:
    def __init__(self, location: str) -> None:
        self.location = location


class _RetryableStatus(Exception):
    def __init__(self, error: StudioError, reason: Text, retry_after: float | None) -> None:
        super().__init__(str(reason))
        self.error = error
        self.reason = reason
        self.retry_after = retry_after


class DownloadHost(Protocol):
    """What a download borrows from its provider's connection (`studio.providers.http.HttpCore`):
    the client, the key's headers, the address rule, the options and the retry waits. Declared
    here so this module needs nothing else of http.py, which builds on it."""

    spec: ProviderSpec
    label: str
    options: ClientOptions

    @property
    def client(self) -> httpx.AsyncClient: ...

    def url_allowed(self, url: str) -> bool: ...

    def headers_for(self, url: str) -> dict[str, str]: ...

    def timeout(self, kind: CallKind) -> httpx.Timeout: ...

    async def wait_before_retry(
        self, attempt: int, reason: Text, retry_after: float | None = None
    ) -> None: ...

    def transport_error(self, exc: httpx.TransportError, kind: CallKind) -> StudioError: ...


class Downloader:
    """The download half of `HttpCore`; shares its client, key, options and retry waits."""

    def __init__(self, core: DownloadHost) -> None:
        self._core = core

    @property
    def _label(self) -> str:
        return self._core.label

    async def fetch(self, url: str, *, max_bytes: int) -> bytes:
        """The bytes at `url`, following up to 5 redirects, each hop checked like the first."""
        visited: list[str] = []
        current = url
        while True:
            if not self._core.url_allowed(current):
                raise BadResult(
                    f"{self._label} pointed the download to an address the studio does not trust "
                    "(only https://, or http:// on this computer). The image was not downloaded."
                )
            outcome = await self._fetch_hop(current, max_bytes)
            if isinstance(outcome, bytes):
                return outcome
            visited.append(current)
            if outcome.location in visited:
                raise BadResult(f"The download from {self._label} redirects in a loop.")
            if len(visited) > MAX_REDIRECTS:
                raise BadResult(
                    f"The download from {self._label} was redirected more than {MAX_REDIRECTS} "
                    "times; the studio gave up."
                )
            current = outcome.location

    async def _fetch_hop(self, url: str, max_bytes: int) -> bytes | _Redirect:
        secret = self._core.spec.result_urls_are_secret
        hidden: AbstractContextManager[None] = hidden_from_logs(url) if secret else nullcontext()
        options = self._core.options
        with hidden:
            attempt = 0
            while True:
                attempt += 1
                last = attempt >= options.max_attempts
                try:
                    return await self._get(url, max_bytes, secret)
                except _RetryableStatus as exc:
                    too_long = exc.retry_after is not None and exc.retry_after > (
                        options.retry_after_cap
                    )
                    if last or too_long:
                        raise exc.error from None
                    await self._core.wait_before_retry(attempt, exc.reason, exc.retry_after)
                except httpx.TransportError as exc:
                    if last or not transport_error_may_retry(exc, CallKind.download):
                        raise self._core.transport_error(exc, CallKind.download) from None
                    reason = wait_reason(
                        QT_TRANSLATE_NOOP(
                            "studio.waits", "The download from {provider} was interrupted"
                        ),
                        provider=self._label,
                    )
                    await self._core.wait_before_retry(attempt, reason)
                except httpx.DecodingError:
                    raise BadResult(
                        f"The image from {self._label} arrived garbled (bad compression)."
                    ) from None

    async def _get(self, url: str, max_bytes: int, secret: bool) -> bytes | _Redirect:
        client = self._core.client
        headers = self._core.headers_for(url)
        headers["Accept"] = "image/*, */*;q=0.5"
        request = client.build_request(
            "GET", url, headers=headers, timeout=self._core.timeout(CallKind.download)
        )
        try:
            response = await client.send(request, stream=True)
        except httpx.InvalidURL:
            # httpx builds the next request of every redirect, even one it does not follow.
            raise BadResult(f"{self._label} redirected the download to a bad address.") from None
        try:
            _log.debug("GET %s -> %d", loggable_url(url, secret=secret), response.status_code)
            return await self._take(response, max_bytes)
        finally:
            await response.aclose()

    async def _take(self, response: httpx.Response, max_bytes: int) -> bytes | _Redirect:
        status = response.status_code
        if status in _REDIRECT_STATUSES:
            location = response.headers.get("location")
            if not location:
                raise BadResult(f"{self._label} redirected the download to nowhere.")
            try:
                return _Redirect(str(response.url.join(location)))
            except httpx.InvalidURL:
                raise BadResult(
                    f"{self._label} redirected the download to a bad address."
                ) from None
        if status == 429 or status == 408 or status >= 500:
            retry_after = parse_retry_after(response.headers)
            error = error_for(
                ErrorDetail(status),
                label=self._label,
                kind=CallKind.download,
                retry_after=retry_after,
            )
            reason = busy_reason(self._label, status, limited=status == 429)
            raise _RetryableStatus(error, reason, retry_after)
        if not 200 <= status < 300:
            raise BadResult(f"{self._label} did not hand over the image (HTTP {status}).")
        if _is_not_an_image(response.headers.get("content-type", "")):
            raise BadResult(f"{self._label} sent a web page or message instead of the image.")
        try:
            body = await read_capped(response, max_bytes)
        except BodyTooLarge:
            raise BadResult(
                f"The image from {self._label} is larger than {describe_size(max_bytes)}; "
                "the studio did not keep it."
            ) from None
        if not body:
            raise BadResult(f"{self._label} sent an empty file instead of the image.")
        return body
