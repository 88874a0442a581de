"""What the engine tells its listeners is news: a poll that finds a job unchanged, or a progress
already reported, is not announced again (each announcement is a journal read and a UI update,
and a busy studio polls many jobs)."""

from __future__ import annotations

import itertools

from studio.domain.models import GenerationRequest, JobState
from studio.engine.events import JobChanged, JobRecord
from tests.helpers import run


def test_a_job_polled_many_times_is_announced_only_when_it_changes(make_engine):
    async def scenario() -> tuple[list[JobRecord], JobRecord]:
        # The demo task stays running for about ten polls.
        engine = make_engine(demo_task_seconds=0.2, poll_interval=0.02)
        seen: list[JobRecord] = []
        engine.subscribe(lambda e: seen.append(e.job) if isinstance(e, JobChanged) else None)
        try:
            request = GenerationRequest(provider="demo", model="gptimage2", prompt="a quiet pond")
            job = await engine.submit(request)
            return seen, await engine.wait(job.id)
        finally:
            await engine.aclose()

    seen, done = run(scenario())
    assert done.state is JobState.succeeded and len(done.files) == 1
    repeats = [(a.state, a.progress) for a, b in itertools.pairwise(seen) if a == b]
    assert repeats == []
    assert [r.state for r in seen][-1] is JobState.succeeded
