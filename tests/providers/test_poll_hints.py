"""A poll reply's Retry-After, on a task still running, reaches the engine as the wait
before the next poll; on a finished task it means nothing."""

from __future__ import annotations

import pytest

from studio.emulator.faults import FaultRule
from studio.providers.base import TaskState, TaskUpdate
from tests.helpers import run
from tests.providers.test_against_emulator import REQUESTS, client_on, until_done


async def submit_then_poll(emulator, provider: str) -> TaskUpdate:
    client = client_on(emulator, provider)
    try:
        created = await client.submit(REQUESTS[provider], [])
        assert created.task_id
        return await client.poll(created.task_id)
    finally:
        await client.aclose()


@pytest.mark.parametrize("provider", ["joyai", "gptimage2ai", "icodeeasy"])
def test_a_running_tasks_retry_after_is_the_next_polls_wait(emulator, provider):
    emulator.state.set_faults(
        [
            FaultRule(provider=provider, route="create", action="never_finish"),
            FaultRule(provider=provider, route="poll", retry_after=7),
        ]
    )
    update = run(submit_then_poll(emulator, provider))
    assert update.state in (TaskState.queued, TaskState.running)
    assert update.wait_hint == 7.0


@pytest.mark.parametrize("provider", ["joyai", "gptimage2ai"])
def test_without_retry_after_there_is_no_hint(emulator, provider):
    emulator.state.set_faults([FaultRule(provider=provider, route="create", action="never_finish")])
    update = run(submit_then_poll(emulator, provider))
    assert update.state in (TaskState.queued, TaskState.running)
    assert update.wait_hint is None


def test_a_finished_tasks_retry_after_is_no_hint(emulator):
    emulator.state.set_faults([FaultRule(provider="joyai", route="poll", retry_after=7)])

    async def finished() -> TaskUpdate:
        client = client_on(emulator, "joyai")
        try:
            return await until_done(client, await client.submit(REQUESTS["joyai"], []))
        finally:
            await client.aclose()

    update = run(finished())
    assert update.state is TaskState.succeeded
    assert update.wait_hint is None
