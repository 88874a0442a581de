"""Budgets and spend in the engine: caps checked before anything is journaled or sent, spend
read from what providers charged (never estimates), caps kept across restarts."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from studio.domain.errors import InvalidRequest, OverBudget
from studio.domain.models import Balance, Cost, GenerationRequest, JobState
from studio.engine import wallet
from studio.engine.journal import Journal
from studio.engine.new_job import NewJob
from tests.helpers import run

#: 24 credits each (JoyAI gptimage2, medium quality, 2k).
JOYAI = GenerationRequest(
    provider="joyai", model="gptimage2", prompt="a red chair", quality="medium", resolution="2k"
)
ICODEEASY = GenerationRequest(provider="icodeeasy", model="gpt-image-2", prompt="a red chair")


@pytest.fixture
def keys(monkeypatch):
    for var in ("JOYAI_API_KEY", "ICODEEASY_API_KEY", "GPTIMAGE2_API_KEY", "OPENAI_API_KEY"):
        monkeypatch.setenv(var, "sk_test_key")


def set_cap(tmp_path, provider, daily=None, monthly=None):
    journal = Journal(tmp_path / "journal.sqlite3")
    try:
        journal.set_budget(wallet.new_budget(provider, daily, monthly))
    finally:
        journal.close()


def test_caps_survive_a_restart_and_can_be_cleared(tmp_path):
    set_cap(tmp_path, "joyai", daily=Decimal(40), monthly=Decimal("500.5"))
    again = Journal(tmp_path / "journal.sqlite3")
    try:
        assert again.budgets() == {
            "joyai": wallet.Budget("joyai", "credits", Decimal(40), Decimal("500.5"))
        }
        assert again.clear_budget("joyai") is True
        assert again.budgets() == {}
    finally:
        again.close()


def test_a_cap_is_in_the_providers_own_unit_and_needs_a_price(tmp_path):
    assert wallet.new_budget("icodeeasy", Decimal(5), None).unit == "CNY"
    assert wallet.new_budget("openai", Decimal(5), None).unit == "USD"  # priced by tokens
    with pytest.raises(InvalidRequest, match="0 or more"):
        wallet.new_budget("joyai", Decimal(-1), None)


def test_a_job_over_the_daily_cap_is_refused_with_the_figures_and_nothing_sent(
    make_engine, emulator, keys, tmp_path
):
    set_cap(tmp_path, "joyai", daily=Decimal(40))

    async def scenario():
        engine = make_engine({"joyai": emulator.base_url("joyai")})
        try:
            first = await engine.wait((await engine.submit(JOYAI)).id)
            with pytest.raises(OverBudget) as refused:
                await engine.submit(JOYAI)
            return first, refused.value, await engine.jobs()
        finally:
            await engine.aclose()

    first, refusal, jobs = run(scenario())
    assert first.state is JobState.succeeded and first.charged_cost == Cost(Decimal(24), "credits")
    assert refusal.message.startswith(
        "JoyAI Image API today: 24 of 40 credits spent, this job ≈ 24. "
        "Over budget; nothing was sent"
    )
    assert (refusal.spent, refusal.cap, refusal.estimate, refusal.cap_needed) == (24, 40, 24, 48)
    assert refusal.exit_code == 7
    assert [j.id for j in jobs] == [first.id]
    assert emulator.state.create_calls("joyai") == 1


def test_an_openai_cap_in_usd_refuses_a_job_its_token_estimate_would_cross(
    make_engine, emulator, keys, tmp_path
):
    """OpenAI bills tokens (#18): its estimate in USD comes from the same dated price table as
    its charge, so a cap in USD holds for it like any other."""
    set_cap(tmp_path, "openai", daily=Decimal("0.01"))
    request = GenerationRequest(provider="openai", model="gpt-image-2", prompt="a red chair")

    async def scenario():
        engine = make_engine({"openai": emulator.base_url("openai")})
        try:
            with pytest.raises(OverBudget) as refused:
                await engine.submit(request)
            return refused.value
        finally:
            await engine.aclose()

    refusal = run(scenario())
    assert refusal.unit == "USD" and refusal.estimate > Decimal("0.01")
    assert emulator.state.create_calls("openai") == 0


def test_jobs_in_flight_count_against_the_cap(make_engine, emulator, keys, tmp_path):
    """A job journaled but not yet charged holds its estimate: a second one cannot slip in."""
    set_cap(tmp_path, "joyai", monthly=Decimal(30))
    journal = Journal(tmp_path / "journal.sqlite3")
    journal.create(JOYAI, estimated_cost=Cost(Decimal(24), "credits"), library_dir=str(tmp_path))
    journal.close()

    async def scenario():
        engine = make_engine({"joyai": emulator.base_url("joyai")})
        try:
            await engine.submit(JOYAI)
        finally:
            await engine.aclose()

    with pytest.raises(OverBudget, match="this month: 0 of 30 credits spent, 24 more in flight"):
        run(scenario())
    assert emulator.state.create_calls() == 0


def test_a_batch_over_a_cap_is_refused_as_a_whole_before_its_first_job(
    make_engine, emulator, keys, tmp_path
):
    set_cap(tmp_path, "joyai", daily=Decimal(40))
    jobs = [NewJob(JOYAI, ""), NewJob(ICODEEASY, ""), NewJob(JOYAI, "")]

    async def scenario():
        engine = make_engine(
            {"joyai": emulator.base_url("joyai"), "icodeeasy": emulator.base_url("icodeeasy")}
        )
        try:
            with pytest.raises(OverBudget, match="these 2 jobs ≈ 48"):
                await engine.submit_many(jobs)
            return await engine.jobs()
        finally:
            await engine.aclose()

    assert run(scenario()) == []
    assert emulator.state.create_calls() == 0


def test_spend_totals_equal_the_charged_costs_in_the_journal(make_engine, emulator, keys, tmp_path):
    jobs = [NewJob(JOYAI, ""), NewJob(ICODEEASY, ""), NewJob(JOYAI, ""), NewJob(ICODEEASY, "")]

    async def scenario():
        engine = make_engine(
            {"joyai": emulator.base_url("joyai"), "icodeeasy": emulator.base_url("icodeeasy")}
        )
        try:
            started = await engine.submit_many(jobs)
            finals = [await engine.wait(job.id) for job in started]
            # A job that was journaled but never charged is not spend (an estimate only).
            await engine.db(
                lambda j: j.create(
                    JOYAI, estimated_cost=Cost(Decimal(24), "credits"), library_dir="x"
                )
            )
            return finals, await engine.db(lambda j: wallet.spend(j))
        finally:
            await engine.aclose()

    finals, lines = run(scenario())
    assert all(job.state is JobState.succeeded for job in finals)
    expected: dict[tuple[str, str], Decimal] = {}
    for job in finals:
        assert job.charged_cost is not None
        key = (job.request.provider, job.charged_cost.unit)
        expected[key] = expected.get(key, Decimal(0)) + job.charged_cost.amount
    assert expected == {("icodeeasy", "CNY"): Decimal("0.4"), ("joyai", "credits"): 48}
    for line in lines:
        assert line.today == line.week == line.month == line.since
        assert sum(line.days.values()) == line.today
    assert {(line.provider, line.unit): line.today for line in lines} == expected


def test_spend_splits_days_weeks_and_months_on_the_local_calendar(tmp_path):
    journal = Journal(tmp_path / "journal.sqlite3")
    now = datetime(2026, 12, 10, 12, 0).astimezone()  # a Thursday
    for days_ago in (0, 2, 5, 40):
        row = journal.create(JOYAI, estimated_cost=None, library_dir="x")
        journal.update(
            row.record.id, state=JobState.succeeded, charged_cost=Cost(Decimal(5), "credits")
        )
        moment = (now - timedelta(days=days_ago)).timestamp()
        journal._db.execute("UPDATE jobs SET created_at = ? WHERE id = ?", (moment, row.record.id))
    journal.record_balance("joyai", Balance(Decimal(77), "credits"), seen_at=now.timestamp())
    [line] = wallet.spend(journal, now=now, since=(now - timedelta(days=60)).date())
    journal.close()
    assert (line.today, line.week, line.month, line.since) == (5, 10, 15, 20)
    assert line.balance is not None and line.balance.balance.amount == 77


def test_the_balance_a_provider_reports_is_kept_with_when_it_was_seen(
    make_engine, emulator, keys, tmp_path
):
    request = GenerationRequest(provider="gptimage2ai", model="gpt-image-2", prompt="a red chair")

    async def scenario():
        engine = make_engine({"gptimage2ai": emulator.base_url("gptimage2ai")})
        try:
            await engine.wait((await engine.submit(request)).id)
            return await engine.db(lambda j: j.balances())
        finally:
            await engine.aclose()

    seen = run(scenario())["gptimage2ai"]
    assert seen.balance.unit == "credits"
    assert abs(seen.seen_at - datetime.now().timestamp()) < 600
