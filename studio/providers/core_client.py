"""The base of every provider client that speaks HTTP: its calls all go through one `HttpCore`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import ClassVar

import httpx

from studio.domain.catalog import ProviderSpec
from studio.domain.models import GenerationRequest
from studio.providers.base import ProviderClient, TaskState, TaskUpdate
from studio.providers.http import HttpCore
from studio.providers.options import ClientOptions
from studio.providers.replies import ErrorDetail, Reply
from studio.providers.retry import parse_retry_after


class CoreClient(ProviderClient):
    """A provider client whose calls all go through one `HttpCore`.

    Subclasses name how their protocol reads an error envelope (`error_reader`) and whether a
    5xx create answered in that envelope is unbilled (`unbilled_failures`)."""

    unbilled_failures: ClassVar[bool] = False

    @staticmethod
    def error_reader(reply: Reply) -> ErrorDetail:
        """How this protocol reads an error reply (each subclass names its own)."""
        raise NotImplementedError

    def read_create(self, reply: Reply) -> TaskUpdate:
        """How this protocol reads a create's successful reply (each subclass names its own)."""
        raise NotImplementedError

    def reader_for(self, request: GenerationRequest | None) -> Callable[[Reply], TaskUpdate]:
        """How a create's reply for `request` is read (a protocol that prices the reply by
        the request's model names its own)."""
        return self.read_create

    def read_spooled(self, body: bytes, request: GenerationRequest | None = None) -> TaskUpdate:
        reply = Reply(200, httpx.Headers(), body)
        return self._core.read_reply(self.reader_for(request), reply)

    def warmup_path(self) -> str | None:
        """A free GET (path and query under the base URL) that may go ahead of a paid create
        to make sure its connection is alive: the protocol's key check, or None."""
        return None

    def __init__(
        self,
        spec: ProviderSpec,
        *,
        api_key: str | None,
        base_url: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        options: ClientOptions | None = None,
    ) -> None:
        self.spec = spec
        self._options = options or ClientOptions()
        self._core = HttpCore(
            spec,
            api_key=api_key,
            base_url=base_url,
            transport=transport,
            options=self._options,
            read_error=type(self).error_reader,
            provider_failure_unbilled=self.unbilled_failures,
            warmup_path=self.warmup_path(),
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.spec.id} {self._core.base_url}>"

    @staticmethod
    def hinted(read: Callable[[Reply], TaskUpdate]) -> Callable[[Reply], TaskUpdate]:
        """A poll reader that also keeps what the reply asks the next poll to wait (its
        `Retry-After`) on an update of a task still running (see studio/domain/polling.py)."""

        def reading(reply: Reply) -> TaskUpdate:
            update = read(reply)
            if update.state in (TaskState.queued, TaskState.running):
                hint = parse_retry_after(reply.headers)
                if hint is not None:
                    update = replace(update, wait_hint=hint)
            return update

        return reading

    async def fetch(self, url: str, *, max_bytes: int) -> bytes:
        return await self._core.fetch(url, max_bytes=max_bytes)

    async def aclose(self) -> None:
        await self._core.aclose()
