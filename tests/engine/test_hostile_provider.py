"""A misbehaving provider never crashes the engine, never leaves a bad file, never charges twice."""

from __future__ import annotations

import os
from pathlib import Path

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


def run_job(make_engine, emulator, request=REQUEST, **engine_kwargs):
    async def scenario():
        engine = make_engine(
            {request.provider: emulator.base_url(request.provider)}, **engine_kwargs
        )
        try:
            job = await engine.submit(request)
            return await engine.wait(job.id)
        finally:
            await engine.aclose()

    return run(scenario())


def library_files(library: Path) -> list[str]:
    return sorted(p.name for p in library.glob("*")) if library.exists() else []


@pytest.mark.parametrize(
    "action", ["truncate", "corrupt", "html", "bomb", "garbage_pixels", "redirect_loop"]
)
def test_a_bad_download_fails_the_job_and_writes_nothing(action, make_engine, joyai, library):
    joyai.state.add_fault(FaultRule(route="download", action=action))
    job = run_job(make_engine, joyai)
    assert job.state is JobState.failed
    assert job.error_kind == "bad_result"
    assert library_files(library) == []
    assert joyai.state.create_calls() == 1


def test_a_download_larger_than_the_cap_is_refused(make_engine, joyai, library):
    joyai.state.add_fault(FaultRule(route="download", action="huge", length=80 * 1024 * 1024))
    job = run_job(make_engine, joyai)
    assert (job.state, job.error_kind) == (JobState.failed, "bad_result")
    assert "larger" in job.error_message
    assert library_files(library) == []


def test_a_connection_dropped_mid_download_is_retried(make_engine, joyai):
    joyai.state.add_fault(FaultRule(route="download", action="drop_mid_body", times=1))
    job = run_job(make_engine, joyai)
    assert job.state is JobState.succeeded
    assert joyai.state.create_calls() == 1


def test_a_rate_limited_poll_waits_and_then_succeeds(make_engine, joyai):
    joyai.state.add_fault(FaultRule(route="poll", status=429, retry_after=1, times=2))
    job = run_job(make_engine, joyai)
    assert job.state is JobState.succeeded


@pytest.mark.parametrize(
    ("status", "kind"),
    [(401, "authentication"), (402, "insufficient_credits"), (400, "invalid_request")],
)
def test_create_errors_fail_the_job_with_their_kind(status, kind, make_engine, joyai):
    joyai.state.add_fault(FaultRule(route="create", status=status))
    job = run_job(make_engine, joyai)
    assert (job.state, job.error_kind) == (JobState.failed, kind)
    assert job.error_message


def test_a_500_on_create_is_not_retried_where_failures_may_be_billed(make_engine, joyai):
    joyai.state.add_fault(FaultRule(route="create", status=500))
    job = run_job(make_engine, joyai)
    assert job.state in (JobState.failed, JobState.unknown)
    assert joyai.state.create_calls() == 1


def test_a_dropped_create_is_outcome_unknown_and_never_resent(make_engine, joyai):
    joyai.state.add_fault(FaultRule(route="create", action="drop"))
    job = run_job(make_engine, joyai)
    assert job.state is JobState.unknown
    assert "not be sent again" in job.error_message
    assert joyai.state.create_calls() == 1


def test_the_same_task_id_for_two_jobs_is_flagged(make_engine, joyai):
    async def scenario():
        engine = make_engine({"joyai": joyai.base_url("joyai")})
        try:
            first = await engine.wait((await engine.submit(REQUEST)).id)
            joyai.state.add_fault(FaultRule(route="create", action="duplicate_task_id"))
            second = await engine.wait((await engine.submit(REQUEST)).id)
            return first, second
        finally:
            await engine.aclose()

    first, second = run(scenario())
    assert first.state is JobState.succeeded
    assert second.state is JobState.unknown
    assert len(first.files) == 1


def test_a_task_that_never_finishes_times_out_resumably(make_engine, joyai):
    joyai.state.add_fault(FaultRule(route="create", action="never_finish"))
    job = run_job(make_engine, joyai, deadline=0.2)
    assert (job.state, job.error_kind) == (JobState.failed, "timed_out")
    assert job.task_id


@pytest.mark.parametrize("action", ["not_json", "missing_fields"])
def test_an_unreadable_poll_reply_fails_without_crashing(action, make_engine, joyai):
    joyai.state.add_fault(FaultRule(route="poll", action=action))
    job = run_job(make_engine, joyai)
    assert job.state is JobState.failed
    assert joyai.state.create_calls() == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_library_keeps_the_result_for_a_later_retry(make_engine, joyai, library):
    library.mkdir()
    library.chmod(0o500)
    try:
        job = run_job(make_engine, joyai)
    finally:
        library.chmod(0o700)
    assert (job.state, job.error_kind) == (JobState.downloading, "storage_failed")
    assert job.held and job.results[0].url


def test_a_library_that_cannot_be_created_keeps_the_result_and_retry_saves_it(
    make_engine, joyai, tmp_path
):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the library folder should be")

    async def scenario():
        engine = make_engine({"joyai": joyai.base_url("joyai")})
        try:
            engine.settings.library_dir = str(blocker / "library")
            failed = await engine.wait((await engine.submit(REQUEST)).id)
            engine.settings.library_dir = str(tmp_path / "elsewhere")
            blocker.unlink()
            retried = await engine.retry(failed.id)
            return failed, await engine.wait(retried.id)
        finally:
            await engine.aclose()

    failed, retried = run(scenario())
    assert (failed.state, failed.error_kind) == (JobState.downloading, "storage_failed")
    assert failed.held and "Retry" in failed.error_message
    assert retried.id == failed.id
    assert retried.state is JobState.succeeded
    assert joyai.state.create_calls() == 1


def test_an_inline_result_the_library_refuses_is_kept_until_retry_saves_it(
    make_engine, emulator, monkeypatch, tmp_path
):
    """OpenAI sends the image itself: if it cannot be saved, it must not live only in memory."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk_test_key")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the library folder should be")
    request = GenerationRequest(provider="openai", model="gpt-image-2", prompt="inline")

    async def scenario():
        engine = make_engine({"openai": emulator.base_url("openai")})
        try:
            engine.settings.library_dir = str(blocker / "library")
            failed = await engine.wait((await engine.submit(request)).id)
            kept = sorted(p.name for p in (tmp_path / "staging").iterdir())
            blocker.unlink()
            retried = await engine.wait((await engine.retry(failed.id)).id)
            return failed, kept, retried
        finally:
            await engine.aclose()

    failed, kept, retried = run(scenario())
    assert failed.error_kind == "storage_failed"
    assert kept == [f"{failed.id}-0.bin"]
    assert retried.state is JobState.succeeded
    assert emulator.state.create_calls("openai") == 1
    assert list((tmp_path / "staging").iterdir()) == []


def test_an_inline_png_with_garbage_pixels_fails_the_job_and_writes_nothing(
    make_engine, emulator, library, monkeypatch
):
    """Valid chunk CRCs over image data that does not inflate: no success, nothing saved."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk_test_key")
    emulator.state.add_fault(FaultRule(provider="openai", action="garbage_pixels"))
    request = GenerationRequest(provider="openai", model="gpt-image-2", prompt="garbage")
    job = run_job(make_engine, emulator, request)
    assert (job.state, job.error_kind) == (JobState.failed, "bad_result")
    assert job.files == ()
    assert [p for p in library_files(library) if p.endswith(".png")] == []
    assert emulator.state.create_calls("openai") == 1
