"""What a job cost, told truthfully: the estimate until the provider reports a charge, then
the charged amount, and "nothing charged" where that is certain (a request the provider refused,
a failed job it refunds). The window and `jobs --json` both read it from here."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from studio.domain.catalog import provider_spec
from studio.domain.models import Cost, JobState
from studio.engine.events import JobRecord


@dataclass(frozen=True)
class CostAccount:
    """A job's cost as far as it is known.

    `charged` is True once the provider reported a charge, False when it is certain that nothing
    was charged, None while only the estimate is known (a job in flight, an ambiguous outcome,
    a provider that does not report charges)."""

    estimated: Cost | None
    charged_cost: Cost | None
    charged: bool | None

    @property
    def unit(self) -> str | None:
        cost = self.charged_cost or self.estimated
        return cost.unit if cost else None


def cost_account(record: JobRecord) -> CostAccount:
    estimate = record.estimated_cost
    if nothing_charged(record):
        known = record.charged_cost or estimate
        unit = known.unit if known else None
        return CostAccount(estimate, Cost(Decimal(0), unit) if unit else None, False)
    if record.charged_cost is not None:
        return CostAccount(estimate, record.charged_cost, True)
    return CostAccount(estimate, None, None)


#: Failures that never prove the provider charged nothing: an ambiguous outcome, and a bad
#: result, which is the provider's answer that it did the job (no image, or one that cannot be
#: used). That create was taken, with a task id or without one (OpenAI answers a create itself),
#: and the refunds some providers promise are for jobs that failed at their end.
MAY_BE_CHARGED = frozenset({"outcome_unknown", "bad_result"})


def nothing_charged(record: JobRecord) -> bool:
    """Certain that the provider charged nothing for this job: the demo; a job that failed or was
    cancelled before the provider took it (no task id, an answered refusal such as 401/402);
    a failed job at a provider that documents failed jobs as unbilled or refunded. An ambiguous
    outcome (`unknown`, outcome_unknown) or a create answered as done (`MAY_BE_CHARGED`) is
    never counted as free."""
    if record.request.provider == "demo":
        return True  # the offline demo never charges
    if record.state not in (JobState.failed, JobState.cancelled):
        return False
    if record.error_kind in MAY_BE_CHARGED:
        return False
    if record.task_id is None and record.charged_cost is None:
        return True
    if record.state is JobState.failed:
        try:
            spec = provider_spec(record.request.provider)
        except KeyError:
            return False
        return spec.failed_requests_unbilled or spec.failed_jobs_refunded
    return False
