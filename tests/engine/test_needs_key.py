"""Without a keyring backend the key lives for the session only. A job under way when the
studio quit waits for a key at the next start ("needs key": not final, nothing sent), Retry
never sends a new create for it, and it continues as soon as the key is back."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from studio.cli import main
from studio.domain.models import GenerationRequest, JobState
from studio.emulator.faults import FaultRule
from studio.settings import journal_path
from tests.helpers import run

REQUEST = GenerationRequest(provider="joyai", model="gptimage2", prompt="waits for its key")


async def until_state(engine, job_id, state):  # type: ignore[no-untyped-def]
    for _ in range(1000):
        if (await engine.job(job_id)).state is state:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"never reached {state}")


def start_and_quit(  # type: ignore[no-untyped-def]
    make_engine, emulator, monkeypatch, journal: Path | None = None
) -> str:
    """A job running (task id recorded) when the studio quits; the key goes with the session."""
    monkeypatch.setenv("JOYAI_API_KEY", "sk_session_only")
    emulator.state.add_fault(FaultRule(route="poll", delay=30, times=1))

    async def session():  # type: ignore[no-untyped-def]
        engine = make_engine({"joyai": emulator.base_url("joyai")})
        engine.journal_path = journal or engine.journal_path
        try:
            job = await engine.submit(REQUEST)
            await until_state(engine, job.id, JobState.running)
            return job.id
        finally:
            await engine.aclose()

    job_id = run(session())
    monkeypatch.delenv("JOYAI_API_KEY")
    emulator.state.clear_faults()
    return job_id


def test_a_job_without_its_key_waits_and_continues_once_the_key_is_back(
    make_engine, emulator, monkeypatch
):  # type: ignore[no-untyped-def]
    job_id = start_and_quit(make_engine, emulator, monkeypatch)

    async def next_start():  # type: ignore[no-untyped-def]
        engine = make_engine({"joyai": emulator.base_url("joyai")})
        try:
            [resumed] = await engine.resume()
            waiting = await engine.wait(resumed.id)
            retried = await engine.wait((await engine.retry(job_id)).id)
            monkeypatch.setenv("JOYAI_API_KEY", "sk_session_only")  # the key is given again
            [again] = await engine.resume()
            return waiting, retried, await engine.wait(again.id)
        finally:
            await engine.aclose()

    waiting, retried, done = run(next_start())

    assert waiting.id == job_id
    assert (waiting.state, waiting.error_kind) == (JobState.running, "needs_key")
    assert waiting.held and not waiting.is_final
    assert str(waiting.waiting) == "an API key is needed"
    assert "JOYAI_API_KEY" in (waiting.error_message or "")
    assert (retried.id, retried.state, retried.error_kind) == (
        job_id,
        JobState.running,
        "needs_key",
    ), "Retry without a key keeps waiting; it never sends a new job"
    assert (done.id, done.state, done.error_kind) == (job_id, JobState.succeeded, None)
    assert len(done.files) == 1
    assert emulator.state.create_calls("joyai") == 1


def test_resume_explains_that_the_job_waits_for_a_key(
    make_engine, emulator, monkeypatch, capsys: pytest.CaptureFixture[str]
):  # type: ignore[no-untyped-def]
    start_and_quit(make_engine, emulator, monkeypatch, journal_path())
    monkeypatch.setenv("IMAGE_STUDIO_POLL_INTERVAL", "0.01")
    capsys.readouterr()

    code = main(["resume"])
    waiting = capsys.readouterr()
    monkeypatch.setenv("JOYAI_API_KEY", "sk_session_only")
    again = main(["resume"])
    done = capsys.readouterr()

    assert code == 3
    assert "Nothing to resume" not in waiting.err
    assert "waiting:" in waiting.err and "JOYAI_API_KEY" in waiting.err
    assert "sk_session_only" not in waiting.err + waiting.out
    assert again == 0 and done.out.strip().endswith(".png")
    assert emulator.state.create_calls("joyai") == 1


def test_a_job_waiting_for_its_key_can_be_cancelled(make_engine, emulator, monkeypatch):  # type: ignore[no-untyped-def]
    job_id = start_and_quit(make_engine, emulator, monkeypatch)

    async def next_start():  # type: ignore[no-untyped-def]
        engine = make_engine({"joyai": emulator.base_url("joyai")})
        try:
            [resumed] = await engine.resume()
            await engine.wait(resumed.id)
            engine.cancel(job_id)  # no task runs it: it only waits
            for _ in range(200):
                if (await engine.job(job_id)).is_final:
                    break
                await asyncio.sleep(0.01)
            return await engine.job(job_id), await engine.resume()
        finally:
            await engine.aclose()

    cancelled, resumed_again = run(next_start())
    assert cancelled.state is JobState.cancelled
    assert resumed_again == []
    assert emulator.state.create_calls("joyai") == 1
