"""Jobs that start together share one HTTP client per provider, made once off the loop's
thread (each making loads a certificate store: tens of ms of CPU)."""

from __future__ import annotations

import threading

from studio.domain.models import GenerationRequest, JobState
from studio.engine.clients import ClientPool
from tests.helpers import run


def test_jobs_starting_together_make_one_client_off_the_loop_thread(
    make_engine, emulator, monkeypatch
):
    monkeypatch.setenv("JOYAI_API_KEY", "sk_test_key")
    made_on: list[bool] = []
    make = ClientPool._make

    def spy(self, spec, key, base_url):  # type: ignore[no-untyped-def]
        made_on.append(threading.current_thread() is threading.main_thread())
        return make(self, spec, key, base_url)

    monkeypatch.setattr(ClientPool, "_make", spy)
    request = GenerationRequest(
        provider="joyai", model="gptimage2", prompt="a blue chair", quality="low", ratio="1:1"
    )

    async def scenario():
        engine = make_engine({"joyai": emulator.base_url("joyai")})
        try:
            jobs = [await engine.submit(request) for _ in range(6)]
            return [await engine.wait(job.id) for job in jobs]
        finally:
            await engine.aclose()

    finished = run(scenario())
    assert [job.state for job in finished] == [JobState.succeeded] * 6
    assert made_on == [False]
    assert emulator.state.create_calls("joyai") == 6
