"""The one error tree of the studio; every failure a user can meet is one of these.

    StudioError
    ├── InvalidRequest          refused before any byte was sent (exit 2)
    ├── AuthenticationFailed    the key was missing or refused (exit 3)
    │   └── KeyMissing          ... missing: a job under way waits for one ("needs key")
    ├── InsufficientCredits     balance or quota exhausted (exit 4)
    ├── RateLimited             429; transient, carries Retry-After
    ├── ProviderFailed          the provider failed the job (exit 5)
    │   ├── BadResult           a result was missing, corrupt, too large, or not an image
    │   └── ProviderUnavailable 5xx / connection trouble that outlived the retries
    ├── TimedOut                the deadline passed; the job is still resumable (exit 6)
    ├── OutcomeUnknown          a paid create may have been received but no task id came back
    ├── StorageFailed           the result could not be written to the library folder
    │   └── DiskFull            ... because the disk (or the user's quota) is full
    ├── OverBudget              a cap on a provider's spend would be crossed; nothing sent (exit 7)
    └── RefHostingFailed        a reference could not be put in the user's bucket (nothing sent)

Messages are written for people; they never contain keys or credential URLs.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studio.domain.models import GenerationRequest


class StudioError(Exception):
    """Base of every error the studio reports to a person."""

    exit_code = 5
    kind = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidRequest(StudioError):
    """The request breaks a documented limit; nothing was sent and nothing was charged."""

    exit_code = 2
    kind = "invalid_request"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class AuthenticationFailed(StudioError):
    exit_code = 3
    kind = "authentication"


class KeyMissing(AuthenticationFailed):
    """No key is at hand for the provider (none stored, or the keyring forgot it with the
    session). Before a job is sent that refuses it; a job already under way waits for a key."""


class InsufficientCredits(StudioError):
    exit_code = 4
    kind = "insufficient_credits"


class RateLimited(StudioError):
    exit_code = 5
    kind = "rate_limited"

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ProviderFailed(StudioError):
    exit_code = 5
    kind = "provider_failed"


class BadResult(ProviderFailed):
    kind = "bad_result"


class ProviderUnavailable(ProviderFailed):
    kind = "provider_unavailable"


class TimedOut(StudioError):
    exit_code = 6
    kind = "timed_out"


class OutcomeUnknown(StudioError):
    exit_code = 5
    kind = "outcome_unknown"


class StorageFailed(StudioError):
    exit_code = 5
    kind = "storage_failed"


class DiskFull(StorageFailed):
    """No space left where the library lives: nothing to fix in the settings, only space to
    free, so it gets its own message; the result stays in the journal for Retry."""

    kind = "disk_full"


class OverBudget(StudioError):
    """The job (or the whole batch or compare) would take a provider's charged-plus-in-flight
    spend over a daily or monthly cap the user set; refused before anything was journaled or
    sent (exit 7, as #19 asks; a journal or data folder that cannot be written is 8)."""

    exit_code = 7
    kind = "over_budget"

    def __init__(
        self,
        message: str,
        *,
        provider: str = "",
        period: str = "",
        unit: str = "",
        cap: Decimal = Decimal(0),
        spent: Decimal = Decimal(0),
        in_flight: Decimal = Decimal(0),
        estimate: Decimal = Decimal(0),
        requests: tuple[GenerationRequest, ...] = (),
    ) -> None:
        super().__init__(message)
        #: What was refused, to send again once the cap is raised.
        self.requests = requests
        #: A refused Retry: the job it was sending again, and whether the person had agreed to
        #: pay again. Once the cap is raised it goes through Retry once more, which sends it
        #: with the job's own address, key, library folder and bucket.
        self.retry_of: str | None = None
        self.pay_again = False
        self.provider, self.period, self.unit = provider, period, unit
        self.cap, self.spent, self.in_flight, self.estimate = cap, spent, in_flight, estimate

    @property
    def cap_needed(self) -> Decimal:
        """The smallest cap under which this job would have been let through."""
        return self.spent + self.in_flight + self.estimate


class RefHostingFailed(StudioError):
    """A local reference could not be uploaded to (or linked from) the user's bucket. Nothing
    was sent to the provider and nothing was charged. `reason` says what to fix: "credentials",
    "bucket", "clock", "network" or "other"."""

    exit_code = 5
    kind = "ref_hosting"

    def __init__(self, message: str, *, reason: str = "other") -> None:
        super().__init__(message)
        self.reason = reason


ERROR_KINDS: dict[str, type[StudioError]] = {
    cls.kind: cls
    for cls in (
        StudioError,
        InvalidRequest,
        AuthenticationFailed,
        InsufficientCredits,
        RateLimited,
        ProviderFailed,
        BadResult,
        ProviderUnavailable,
        TimedOut,
        OutcomeUnknown,
        StorageFailed,
        DiskFull,
        OverBudget,
        RefHostingFailed,
    )
}


def error_from_kind(kind: str, message: str) -> StudioError:
    """Rebuild an error recorded in the journal."""
    return ERROR_KINDS.get(kind, StudioError)(message)
