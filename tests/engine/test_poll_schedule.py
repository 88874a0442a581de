"""The engine polls on the provider's schedule (studio/domain/polling.py): a task the provider
finishes within about a second is seen by the first poll, about a second after the create,
not after a fixed 2 s. The waits are recorded (the schedule is the clock), not timed."""

from __future__ import annotations

from studio.domain.catalog import ProviderSpec, provider_spec
from studio.domain.models import GenerationRequest, JobState
from studio.domain.polling import PollSchedule
from studio.engine.events import JobRecord
from tests.helpers import run


class Recorded:
    """A schedule that remembers every wait it hands out."""

    def __init__(self, inner: PollSchedule) -> None:
        self.inner = inner
        self.waits: list[float] = []

    def delay(self, attempt: int, hint: float | None = None) -> float:
        wait = self.inner.delay(attempt, hint)
        self.waits.append(wait)
        return wait


def test_a_task_done_after_about_a_second_is_seen_well_before_two(make_engine):
    recorded: list[Recorded] = []

    async def scenario() -> JobRecord:
        # The demo provider's task is done 0.9 s after the create reached it; the engine's
        # own clock for its first poll starts later still, when the create's answer is back.
        engine = make_engine(demo_task_seconds=0.9, poll_interval=None)
        schedule_of = engine.poll_schedule

        def recording(provider: ProviderSpec) -> Recorded:
            recorded.append(Recorded(schedule_of(provider)))
            return recorded[-1]

        engine.poll_schedule = recording  # type: ignore[method-assign, assignment]
        try:
            request = GenerationRequest(provider="demo", model="gptimage2", prompt="a quiet pond")
            job = await engine.submit(request)
            return await engine.wait(job.id)
        finally:
            await engine.aclose()

    done = run(scenario())
    assert done.state is JobState.succeeded and len(done.files) == 1
    [schedule] = recorded
    assert len(schedule.waits) == 1  # one poll found it done
    assert sum(schedule.waits) <= 1.2  # about a second after the create, well before 2 s


def test_a_fixed_poll_interval_still_overrides_the_schedule(make_engine):
    async def scenario() -> list[float]:
        engine = make_engine(demo_task_seconds=0.1, poll_interval=0.02)
        try:
            schedule = engine.poll_schedule(provider_spec("demo"))
            return [schedule.delay(n) for n in range(4)]
        finally:
            await engine.aclose()

    assert run(scenario()) == [0.02] * 4
