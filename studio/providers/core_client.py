"""The base of every provider client that speaks HTTP: its calls all go through one `HttpCore`."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

import httpx

from studio.domain.catalog import ProviderSpec
from studio.domain.errors import BadResult
from studio.domain.models import GenerationRequest
from studio.providers.base import ProviderClient, TaskState, TaskUpdate
from studio.providers.http import HttpCore
from studio.providers.options import ClientOptions
from studio.providers.replies import ErrorDetail, Reply


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

    def read_spooled(self, body: bytes, request: GenerationRequest) -> TaskUpdate:
        reply = Reply(200, httpx.Headers(), body)
        return self.counted(self._core.read_reply(self.read_create, reply), request)

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
        #: task id -> images its create asked for, for the tasks this client sent.
        self._asked: dict[str, int] = {}
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

    def counted(self, update: TaskUpdate, request: GenerationRequest) -> TaskUpdate:
        """A create's update checked against the images asked for; a task still running is
        remembered with that number, so its polls are checked too (`counted_poll`)."""
        if update.task_id and update.state in (TaskState.queued, TaskState.running):
            self._asked[update.task_id] = request.count
        return self._short_is_failed(update, request.count)

    def counted_poll(self, update: TaskUpdate, task_id: str) -> TaskUpdate:
        """A poll's update checked against the images its create asked for, where known (the
        create was sent by this client)."""
        asked = self._asked.get(task_id)
        if update.state in (TaskState.succeeded, TaskState.failed):
            self._asked.pop(task_id, None)
        return self._short_is_failed(update, asked)

    def _short_is_failed(self, update: TaskUpdate, asked: int | None) -> TaskUpdate:
        """Never a success with fewer images than were asked (and maybe paid) for."""
        if update.state is not TaskState.succeeded or asked is None or len(update.images) >= asked:
            return update
        label = self.spec.label
        error = BadResult(
            f"{label} reported the job done but sent {len(update.images)} of the {asked} "
            f"images asked for. It may have charged for all {asked}; check your {label} "
            "account before trying again."
        )
        return replace(update, state=TaskState.failed, images=(), error=error)

    async def fetch(self, url: str, *, max_bytes: int) -> bytes:
        return await self._core.fetch(url, max_bytes=max_bytes)

    async def aclose(self) -> None:
        await self._core.aclose()
