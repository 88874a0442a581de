"""One wallet over every provider: what each charged (never estimates), per day, week and month in
its own unit (never added across units); the balance each last reported; and the caps the user
set, checked before any job is journaled (`check_budgets`, run inside the journal's write
transaction, so two processes cannot both slip under a cap they jointly exceed)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from studio.domain.catalog import provider_spec
from studio.domain.errors import InvalidRequest, OverBudget
from studio.domain.models import Cost
from studio.engine.costs import cost_account
from studio.engine.crashpoints import crash_point
from studio.engine.events import JobRecord
from studio.engine.journal import Journal
from studio.engine.journal_wallet import Budget, SeenBalance
from studio.engine.new_job import NewJob

__all__ = ["Budget", "SeenBalance", "check_budgets", "provider_unit", "spend"]


def provider_unit(provider: str) -> str | None:
    """The unit a provider's prices are in (its models share one), or None when the studio
    knows no price for it (then no cap can be checked against an estimate)."""
    for model in provider_spec(provider).models:
        if model.price is not None:
            return model.price.unit
        if model.token_prices is not None:  # OpenAI: per token, in USD
            return "USD"
    return None


def provider_label(provider: str) -> str:
    try:
        return provider_spec(provider).label
    except KeyError:
        return provider


def new_budget(provider: str, daily: Decimal | None, monthly: Decimal | None) -> Budget:
    """A checked cap: a known provider with a known unit, amounts not negative."""
    try:
        spec = provider_spec(provider)
    except KeyError:
        raise InvalidRequest(f"Unknown provider {provider!r}.", field="provider") from None
    unit = provider_unit(spec.id)
    if unit is None:
        raise InvalidRequest(
            f"{spec.label} publishes no per-image price the studio knows, so a job's cost "
            "cannot be estimated and a cap on it cannot be enforced.",
            field="provider",
        )
    for amount in (daily, monthly):
        if amount is not None and (not amount.is_finite() or amount < 0):
            raise InvalidRequest(f"A cap is an amount of {unit} of 0 or more, not {amount}.")
    if daily is None and monthly is None:
        raise InvalidRequest("Give a daily cap, a monthly cap or both.")
    return Budget(spec.id, unit, daily, monthly)


# -- periods (local calendar: a day starts at local midnight, a week on Monday) ------------------


def local_now() -> datetime:
    return datetime.now().astimezone()


def day_start(now: datetime) -> datetime:
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def week_start(now: datetime) -> datetime:
    return day_start(now) - timedelta(days=now.weekday())


def month_start(now: datetime) -> datetime:
    return day_start(now).replace(day=1)


# -- what was charged ---------------------------------------------------------------------------


def charged(record: JobRecord) -> Cost | None:
    """What the provider charged for the job, once it said so (a certain zero counts as zero);
    None while unknown. Never the estimate."""
    account = cost_account(record)
    return account.charged_cost if account.charged is not None else None


def in_flight(record: JobRecord) -> Cost | None:
    """The estimate of a job whose charge is not known yet: running, or ended ambiguously (an
    `unknown` outcome may have been paid). The budget check counts it; spend never does."""
    account = cost_account(record)
    return account.estimated if account.charged is None else None


@dataclass
class ProviderSpend:
    """One provider's charged totals in one unit."""

    provider: str
    unit: str
    today: Decimal = Decimal(0)
    week: Decimal = Decimal(0)
    month: Decimal = Decimal(0)
    since: Decimal = Decimal(0)
    #: Local calendar day -> charged that day (days with charges only), from `since` on.
    days: dict[date, Decimal] = field(default_factory=dict)
    balance: SeenBalance | None = None


def spend(
    journal: Journal, *, since: date | None = None, now: datetime | None = None
) -> list[ProviderSpend]:
    """Charged totals per provider and unit for today, this week, this month and since `since`
    (default: the last 30 days, today included), with the latest balance each reported."""
    now = now or local_now()
    since = since or (now.date() - timedelta(days=29))
    since_start = day_start(now.replace(year=since.year, month=since.month, day=since.day))
    starts = {"today": day_start(now), "week": week_start(now), "month": month_start(now)}
    first = min(since_start, *starts.values())
    lines: dict[tuple[str, str], ProviderSpend] = {}
    for row in journal.search(since=first, limit=None):
        record = row.record
        cost = charged(record)
        if cost is None:
            continue
        provider = record.request.provider
        line = lines.setdefault((provider, cost.unit), ProviderSpend(provider, cost.unit))
        created = datetime.fromtimestamp(record.created_at).astimezone()
        for name, start in starts.items():
            if created >= start:
                setattr(line, name, getattr(line, name) + cost.amount)
        if created >= since_start:
            line.since += cost.amount
            day = created.date()
            line.days[day] = line.days.get(day, Decimal(0)) + cost.amount
    balances = journal.balances()
    for provider, seen in balances.items():
        if not any(p == provider for p, _ in lines):
            lines[(provider, seen.balance.unit)] = ProviderSpend(provider, seen.balance.unit)
    for (provider, unit), line in lines.items():
        last = balances.get(provider)
        if last is not None and last.balance.unit == unit:
            line.balance = last
    return [lines[key] for key in sorted(lines)]


# -- the budget check ---------------------------------------------------------------------------


def budget_usage(
    journal: Journal, budget: Budget, now: datetime | None = None
) -> dict[str, tuple[Decimal, Decimal]]:
    """For "daily" and "monthly": what the provider charged in the period so far, and the
    estimates of its jobs whose charge is not known yet, both in the budget's unit."""
    now = now or local_now()
    rows = journal.search(provider=budget.provider, since=month_start(now), limit=None)
    usage = {}
    for attribute, start in (("daily", day_start(now)), ("monthly", month_start(now))):
        spent = pending = Decimal(0)
        for row in rows:
            record = row.record
            if datetime.fromtimestamp(record.created_at).astimezone() < start:
                continue
            done, flying = charged(record), in_flight(record)
            if done is not None and done.unit == budget.unit:
                spent += done.amount
            elif flying is not None and flying.unit == budget.unit:
                pending += flying.amount
        usage[attribute] = (spent, pending)
    return usage


def check_budgets(journal: Journal, jobs: Sequence[NewJob], now: datetime | None = None) -> None:
    """Refuse `jobs` (all of them) with OverBudget when, for any provider with a cap, what it
    charged in the period plus the estimates of its jobs in flight plus these jobs' estimates
    would go over the cap. Runs inside `Journal.create_many`'s transaction."""
    caps = journal.budgets()
    wanted: dict[str, Decimal] = {}
    counts: dict[str, int] = {}
    for job in jobs:
        provider = job.request.provider
        if provider in caps:
            counts[provider] = counts.get(provider, 0) + 1
            cost = job.estimated_cost
            same_unit = cost is not None and cost.unit == caps[provider].unit
            wanted[provider] = wanted.get(provider, Decimal(0)) + (
                cost.amount if cost is not None and same_unit else Decimal(0)
            )
    now = now or local_now()
    for provider, estimate in wanted.items():
        budget = caps[provider]
        for attribute, (spent, pending) in budget_usage(journal, budget, now).items():
            cap = getattr(budget, attribute)
            if cap is None:
                continue
            # Without an estimate (a job of unknown price) only a cap already reached refuses.
            if spent + pending + estimate > cap or (estimate == 0 and spent + pending >= cap):
                period = "today" if attribute == "daily" else "this month"
                refusal = _refusal(budget, period, cap, spent, pending, estimate, counts[provider])
                refusal.requests = tuple(job.request for job in jobs)
                raise refusal
    crash_point("budgeted")


def _amount(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _refusal(
    budget: Budget,
    period: str,
    cap: Decimal,
    spent: Decimal,
    pending: Decimal,
    estimate: Decimal,
    count: int,
) -> OverBudget:
    unit = budget.unit
    flying = f", {_amount(pending)} more in flight" if pending else ""
    these = "this job" if count == 1 else f"these {count} jobs"
    message = (
        f"{provider_label(budget.provider)} {period}: {_amount(spent)} of {_amount(cap)} {unit} "
        f"spent{flying}, {these} ≈ {_amount(estimate)}. Over budget; nothing was sent "
        f"(raise the cap with: image-studio budget set {budget.provider} "
        f"--{'daily' if period == 'today' else 'monthly'} N)."
    )
    return OverBudget(
        message,
        provider=budget.provider,
        period="daily" if period == "today" else "monthly",
        unit=unit,
        cap=cap,
        spent=spent,
        in_flight=pending,
        estimate=estimate,
    )


@dataclass(frozen=True)
class Summary:
    """Everything the Spend view shows, read in one go on the engine's thread."""

    lines: list[ProviderSpend]
    budgets: dict[str, Budget]
    #: provider -> "daily"/"monthly" -> (charged, in flight), for providers with caps.
    usage: dict[str, dict[str, tuple[Decimal, Decimal]]]
    today: date


def summary(journal: Journal, now: datetime | None = None) -> Summary:
    now = now or local_now()
    budgets = journal.budgets()
    usage = {p: budget_usage(journal, b, now) for p, b in budgets.items()}
    return Summary(spend(journal, now=now), budgets, usage, now.date())


def set_caps(
    journal: Journal, provider: str, daily: Decimal | None, monthly: Decimal | None
) -> Budget | None:
    """Set a provider's caps (both None: clear them); the caps as kept."""
    if daily is None and monthly is None:
        journal.clear_budget(provider)
        return None
    budget = new_budget(provider, daily, monthly)
    journal.set_budget(budget)
    return budget


def raised(journal: Journal, refusal: OverBudget) -> Budget:
    """The provider's caps with the one that refused raised just enough for that job."""
    old = journal.budgets().get(refusal.provider)
    daily, monthly = (old.daily, old.monthly) if old else (None, None)
    if refusal.period == "daily":
        daily = refusal.cap_needed
    else:
        monthly = refusal.cap_needed
    budget = new_budget(refusal.provider, daily, monthly)
    journal.set_budget(budget)
    return budget
