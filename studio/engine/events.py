"""What the engine tells its faces (window, command line): job snapshots and balances."""

from __future__ import annotations

from dataclasses import dataclass, field

from studio.domain.i18n import Text
from studio.domain.models import Balance, Cost, GenerationRequest, JobState, ResultImage


@dataclass(frozen=True)
class JobRecord:
    """A job as the journal knows it; immutable snapshot handed to listeners."""

    id: str
    request: GenerationRequest
    state: JobState
    created_at: float
    updated_at: float
    task_id: str | None = None
    estimated_cost: Cost | None = None
    charged_cost: Cost | None = None
    results: tuple[ResultImage, ...] = ()
    error_kind: str | None = None
    error_message: str | None = None
    #: Shown while a job is held up but not failed, e.g. "Rate limited; retrying in 5 s"
    #: (`str()` gives the English; the window translates it).
    waiting: Text | None = None
    #: 0..1 where known (downloads), else None (indeterminate).
    progress: float | None = None
    #: A streamed create's latest partial image (encoded bytes) while it streams, not kept.
    preview: bytes | None = None
    #: (partial images received, partial images asked for) of a streamed create in this run.
    partials: tuple[int, int] | None = None
    files: tuple[str, ...] = field(default=())
    #: The compare group the job belongs to, and its target there ("joyai:gptimage2:medium").
    group: str | None = None
    target: str | None = None
    #: Not final and run by another process, not this one: where ("Running in another Image
    #: Studio on this computer"); never journaled (`studio.engine.claims`).
    elsewhere: Text | None = None

    @property
    def is_final(self) -> bool:
        return self.state.is_final

    @property
    def held(self) -> bool:
        """Not final, yet stopped for a reason recorded in `error_kind` that the user can
        remove (a key to give, disk space to free); Retry or `resume` then continues it
        without paying again."""
        return not self.state.is_final and self.error_kind is not None


@dataclass(frozen=True)
class JobChanged:
    job: JobRecord


@dataclass(frozen=True)
class JobRemoved:
    job_id: str


@dataclass(frozen=True)
class BalanceChanged:
    provider: str
    balance: Balance


EngineEvent = JobChanged | JobRemoved | BalanceChanged
