"""A paid create's reply is kept on disk before anything reads it: a process that stops after
the reply arrived but before the journal recorded it (a kill -9 there is the fault matrix's
`sent`, `write@k`, `staged@k`) leaves the job `submitting`, and `resume` continues it from the
kept reply without a new create, instead of calling its outcome unknown."""

from __future__ import annotations

import pytest

from studio.domain.catalog import provider_spec
from studio.domain.models import GenerationRequest, JobState
from tests.helpers import run


class Killed(BaseException):
    """Stands in for SIGKILL: nothing after it runs in the job (not even `except Exception`)."""


@pytest.mark.parametrize("provider", ["openai", "joyai"])
def test_resume_continues_a_submitting_job_from_its_spooled_reply(
    provider, make_engine, emulator, monkeypatch, library, tmp_path
):  # type: ignore[no-untyped-def]
    from studio.engine import steps

    monkeypatch.setenv(str(provider_spec(provider).key_env), "sk_test_key")
    model = "gpt-image-2" if provider == "openai" else "gptimage2"
    request = GenerationRequest(provider=provider, model=model, prompt="spooled", count=1)

    def die_after_the_reply(name: str) -> None:
        if name == "sent":
            raise Killed

    async def first() -> str:
        engine = make_engine({provider: emulator.base_url(provider)})
        try:
            job = await engine.submit(request)
            stopped = await engine.wait(job.id)
            assert stopped.state is JobState.submitting
            return job.id
        finally:
            await engine.aclose()

    async def second(job_id: str):  # type: ignore[no-untyped-def]
        engine = make_engine({provider: emulator.base_url(provider)})
        try:
            before = await engine.job(job_id)
            [resumed] = await engine.resume()
            return before, await engine.wait(resumed.id)
        finally:
            await engine.aclose()

    with monkeypatch.context() as patch:
        patch.setattr(steps, "crash_point", die_after_the_reply)
        job_id = run(first())
    assert sorted(p.name for p in (tmp_path / "staging").iterdir()) == [f"{job_id}.reply"]
    before, done = run(second(job_id))
    assert before.state is JobState.submitting
    assert done.state is JobState.succeeded, done.error_message
    assert len(done.files) == 1 and len(list(library.iterdir())) == 1
    assert emulator.state.create_calls(provider) == 1
    assert list((tmp_path / "staging").iterdir()) == [], "the kept reply goes once journaled"
