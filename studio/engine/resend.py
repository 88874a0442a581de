"""Retry's two ways: continue a job with no new create (it has results or a task to poll), or
send its request again as a new paid job; and whether sending again may pay twice. Plain
functions of a job's record, so the window can ask before paying again without loading the
job steps."""

from __future__ import annotations

from studio.domain.errors import StudioError
from studio.domain.models import JobState
from studio.engine.costs import nothing_charged
from studio.engine.events import JobRecord

#: Failures after which the same job can go on without paying again.
CONTINUABLE = frozenset(
    {
        "timed_out",
        "storage_failed",
        "disk_full",
        "bad_result",
        "provider_unavailable",
        "rate_limited",
    }
)


def can_continue(record: JobRecord) -> bool:
    return bool(record.results or record.task_id) and record.error_kind in CONTINUABLE


def continues(record: JobRecord) -> bool:
    """Retry goes on with this job (never sending it again) rather than sending a new one."""
    return not record.is_final or (record.state is JobState.failed and can_continue(record))


def may_pay_twice(record: JobRecord) -> bool:
    """Retry would send a new paid create while the first may have been charged: an outcome
    that is unknown, a job cancelled or failed after the provider took it (short deliveries
    included) at a provider that does not refund it."""
    return not continues(record) and not nothing_charged(record)


class PayAgainUnconfirmed(StudioError):
    """Retry would send the job again while its first attempt may have been charged, and the
    person has not agreed to pay again; nothing was sent. Decided from the journal's record,
    which `record` is, so a face asks about what the engine would act on (not an older copy)."""

    kind = "pay_again_unconfirmed"

    def __init__(self, record: JobRecord) -> None:
        super().__init__(
            "The first attempt of this job may already have been charged; Retry sends it "
            "again only once you agree to pay again."
        )
        self.record = record
