"""What every provider client offers the engine: submit, poll, fetch, check_key.

A client translates a `GenerationRequest` into its wire protocol and the replies back into
provider-neutral `TaskUpdate`s. It knows nothing of Qt, files or the journal.
"""

from __future__ import annotations

import base64
import logging
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from studio.domain.catalog import ProviderSpec
from studio.domain.errors import StudioError
from studio.domain.models import Balance, Cost, GenerationRequest

_log = logging.getLogger("studio.providers")


@dataclass(frozen=True)
class PreparedReference:
    """A reference ready for the wire: a URL passed through, or a local file's cleaned bytes."""

    url: str | None = None
    data: bytes | None = None
    mime: str = "image/png"
    filename: str = "reference.png"
    #: "image" (a reference) or "mask" (an edit's mask, always last).
    role: str = "image"

    @property
    def is_local(self) -> bool:
        return self.data is not None

    def as_mask(self) -> PreparedReference:
        return replace(self, role="mask")

    def data_url(self) -> str:
        assert self.data is not None
        return f"data:{self.mime};base64," + base64.b64encode(self.data).decode("ascii")


@dataclass(frozen=True)
class RemoteImage:
    """A result as the provider handed it over: a URL to fetch, or the bytes themselves."""

    url: str | None = None
    data: bytes | None = None
    seed: str | None = None
    final_prompt: str | None = None


class TaskState(StrEnum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"


@dataclass(frozen=True)
class TaskUpdate:
    """What the provider said about a job, in neutral terms."""

    state: TaskState
    task_id: str | None = None
    images: tuple[RemoteImage, ...] = ()
    error: StudioError | None = None
    cost: Cost | None = None  # what the provider reports it charged
    balance: Balance | None = None
    #: Seconds a poll reply asks the next poll to wait (its Retry-After), if it asks.
    wait_hint: float | None = None
    #: The reply's token counts (OpenAI's `usage`), priced by the client that knows the model.
    usage: Mapping[str, Any] | None = None

    def at_most(self, count: int) -> TaskUpdate:
        """This update with no more images than the `count` asked (and paid) for.

        A provider's reply decides how many files the studio downloads and writes (each up to
        the download cap): one that lists more results than were asked for is cut to the first
        `count`, and the cut is noted in the log."""
        if len(self.images) <= count:
            return self
        _log.warning(
            "task %s: the provider sent %d results for %d asked; only the first %d are kept",
            self.task_id,
            len(self.images),
            count,
            count,
        )
        return replace(self, images=self.images[: max(count, 0)])


#: Keeps a create's successful reply body (on disk, durably) before anything reads it: see
#: `ProviderClient.submit` and `ProviderClient.read_spooled`.
Spool = Callable[[bytes], Awaitable[None]]


class ProviderClient(ABC):
    """One per provider and key. Create with `studio.providers.make_client`."""

    spec: ProviderSpec

    @abstractmethod
    async def submit(
        self,
        request: GenerationRequest,
        references: Sequence[PreparedReference],
        *,
        spool: Spool | None = None,
    ) -> TaskUpdate:
        """Send the (paid) create call once. The update carries the task id, or, for
        synchronous protocols, the finished images. `spool` is given the successful reply's
        body before it is read (a process killed after that can `read_spooled` it)."""

    @abstractmethod
    def read_spooled(self, body: bytes, request: GenerationRequest | None = None) -> TaskUpdate:
        """A create's reply body as `submit` spooled it (for `request`), read as `submit` would
        have read it. Raises StudioError (or UnreadableReply) if it cannot be read."""

    @abstractmethod
    async def poll(self, task_id: str) -> TaskUpdate:
        """Ask how a task stands (free)."""

    @abstractmethod
    async def fetch(self, url: str, *, max_bytes: int) -> bytes:
        """Download a result (free), following redirects, capped at `max_bytes`."""

    @abstractmethod
    async def check_key(self) -> Balance | None:
        """Verify the key with a request that costs nothing; the balance where reported."""

    @abstractmethod
    async def aclose(self) -> None:
        """Close the HTTP connections (before the event loop goes away)."""
