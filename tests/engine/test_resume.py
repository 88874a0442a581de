"""A restart picks up unfinished jobs from their last recorded step, never paying twice."""

from __future__ import annotations

import asyncio

import pytest

from studio.domain.models import GenerationRequest, JobState
from studio.emulator.faults import FaultRule
from tests.helpers import run

REQUEST = GenerationRequest(
    provider="joyai", model="gptimage2", prompt="a red chair", quality="low"
)


@pytest.fixture
def joyai(emulator, monkeypatch):
    monkeypatch.setenv("JOYAI_API_KEY", "sk_test_key")
    return emulator


async def until(engine, job_id, state):
    for _ in range(1000):
        if (await engine.job(job_id)).state is state:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"job never reached {state}")


def stop_at(make_engine, joyai, state):
    """Run a job until it reaches `state`, then stop the engine as a quitting app would."""

    async def scenario():
        engine = make_engine({"joyai": joyai.base_url("joyai")})
        try:
            job = await engine.submit(REQUEST)
            await until(engine, job.id, state)
            return job.id
        finally:
            await engine.aclose()

    return run(scenario())


def resume(make_engine, joyai):
    async def scenario():
        engine = make_engine({"joyai": joyai.base_url("joyai")})
        try:
            resumed = await engine.resume()
            return [await engine.wait(job.id) for job in resumed]
        finally:
            await engine.aclose()

    return run(scenario())


def test_a_job_with_a_task_id_is_polled_not_resubmitted(make_engine, joyai):
    joyai.state.add_fault(FaultRule(route="poll", delay=0.5))
    job_id = stop_at(make_engine, joyai, JobState.running)
    joyai.state.clear_faults()
    [job] = resume(make_engine, joyai)
    assert (job.id, job.state) == (job_id, JobState.succeeded)
    assert len(job.files) == 1
    assert joyai.state.create_calls() == 1


def test_a_job_stopped_mid_download_finishes_without_a_new_create(make_engine, joyai):
    joyai.state.add_fault(FaultRule(route="download", delay=5))
    job_id = stop_at(make_engine, joyai, JobState.downloading)
    joyai.state.clear_faults()
    [job] = resume(make_engine, joyai)
    assert (job.id, job.state) == (job_id, JobState.succeeded)
    assert joyai.state.create_calls() == 1


def test_a_job_stopped_while_its_create_was_in_flight_is_outcome_unknown(make_engine, joyai):
    joyai.state.add_fault(FaultRule(route="create", delay=5))
    job_id = stop_at(make_engine, joyai, JobState.submitting)
    joyai.state.clear_faults()
    calls_before = joyai.state.create_calls()
    [job] = resume(make_engine, joyai)
    assert (job.id, job.state) == (job_id, JobState.unknown)
    assert "dashboard" in job.error_message
    assert joyai.state.create_calls() == calls_before


def test_nothing_to_resume_when_every_job_finished(make_engine, joyai):
    async def scenario():
        engine = make_engine({"joyai": joyai.base_url("joyai")})
        try:
            await engine.wait((await engine.submit(REQUEST)).id)
        finally:
            await engine.aclose()

    run(scenario())
    assert resume(make_engine, joyai) == []


def test_an_unfinished_demo_job_runs_again_after_a_restart(make_engine):
    """The in-process demo forgets its tasks on quit; being free, its jobs simply rerun."""
    demo = GenerationRequest(provider="demo", model="gptimage2", prompt="again")

    async def first_session():
        engine = make_engine(demo_task_seconds=30)
        try:
            job = await engine.submit(demo)
            await until(engine, job.id, JobState.running)
            return job.id
        finally:
            await engine.aclose()

    async def second_session():
        engine = make_engine()
        try:
            [job] = await engine.resume()
            return await engine.wait(job.id)
        finally:
            await engine.aclose()

    job_id = run(first_session())
    job = run(second_session())
    assert (job.id, job.state) == (job_id, JobState.succeeded)
    assert len(job.files) == 1


def test_a_journaled_mask_without_a_reference_ends_with_the_reason_and_sends_nothing(
    make_engine, emulator, monkeypatch, tmp_path
):
    """Submitting refuses a mask with no reference to apply it to; a journal may still hold
    such a job (hand-edited, or written by a build that let it through). Resuming it must end
    it with that reason, sending nothing, not with an internal error."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-openai")
    mask = tmp_path / "mask.png"
    mask.write_bytes(b"")  # never read: there is nothing to fit it to
    request = GenerationRequest(
        provider="openai", model="gpt-image-1", prompt="only the sky", mask=str(mask)
    )

    async def scenario():
        engine = make_engine({"openai": emulator.base_url("openai")})
        try:
            row = await engine.db(
                lambda j: j.create(
                    request,
                    estimated_cost=None,
                    library_dir=str(tmp_path),
                    base_url=emulator.base_url("openai"),
                )
            )
            resumed = await engine.resume()
            assert [job.id for job in resumed] == [row.record.id]
            return await engine.wait(row.record.id)
        finally:
            await engine.aclose()

    job = run(scenario())
    assert job.state is JobState.failed
    assert job.error_kind == "invalid_request"
    assert "A mask marks what to change in a reference image" in (job.error_message or "")
    assert emulator.state.create_calls() == 0


def test_retry_sends_an_unknown_job_again_only_with_consent(make_engine, joyai):
    """The engine itself refuses to pay twice unasked, deciding from the journal's record."""
    from studio.engine.resend import PayAgainUnconfirmed

    joyai.state.set_faults([FaultRule(route="create", action="drop", times=1)])

    async def scenario():
        engine = make_engine({"joyai": joyai.base_url("joyai")})
        try:
            first = await engine.wait((await engine.submit(REQUEST)).id)
            assert first.state is JobState.unknown
            with pytest.raises(PayAgainUnconfirmed) as refused:
                await engine.retry(first.id)
            assert refused.value.record.id == first.id
            assert joyai.state.create_calls() == 1
            again = await engine.retry(first.id, pay_again=True)
            return await engine.wait(again.id)
        finally:
            await engine.aclose()

    assert run(scenario()).state is JobState.succeeded
    assert joyai.state.create_calls() == 2
