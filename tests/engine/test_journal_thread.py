"""The journal's thread: calls run in order, off the loop's thread, with their own outcome; a
journal that cannot open fails every call with its reason; closing waits for what was asked."""

from __future__ import annotations

import asyncio
import threading

import pytest

from studio.engine.journal_thread import JournalThread
from tests.helpers import run


class Resource:
    def __init__(self) -> None:
        self.log: list[object] = []
        self.threads: set[str] = set()
        self.closed = False

    def record(self, item: object) -> object:
        self.threads.add(threading.current_thread().name)
        self.log.append(item)
        return item

    def close(self) -> None:
        self.closed = True


async def scenario_calls_run_in_order_on_the_journal_thread_and_answer_each_caller() -> None:
    resource = Resource()
    worker = JournalThread(lambda: resource, Resource.close)
    answers = await asyncio.gather(*(worker.call(lambda r, i=i: r.record(i)) for i in range(200)))
    assert answers == list(range(200))
    assert resource.log == list(range(200))
    assert resource.threads == {"journal"}
    await worker.aclose()
    assert resource.closed


async def scenario_an_error_reaches_only_its_own_caller() -> None:
    worker = JournalThread(Resource, Resource.close)

    def fail(_: Resource) -> None:
        raise KeyError("gone")

    outcomes = await asyncio.gather(
        worker.call(lambda r: r.record("a")),
        worker.call(fail),
        worker.call(lambda r: r.record("b")),
        return_exceptions=True,
    )
    assert outcomes[0] == "a" and outcomes[2] == "b"
    assert isinstance(outcomes[1], KeyError)
    await worker.aclose()


async def scenario_a_journal_that_cannot_open_fails_every_call_with_its_reason() -> None:
    def broken() -> Resource:
        raise PermissionError("read-only folder")

    worker = JournalThread(broken, Resource.close)
    with pytest.raises(PermissionError, match="read-only"):
        await worker.call(lambda r: r.record(1))
    await worker.aclose()  # nothing to close, and it does not hang


async def scenario_close_waits_for_calls_already_made_and_refuses_later_ones() -> None:
    resource = Resource()
    worker = JournalThread(lambda: resource, Resource.close)
    pending = [asyncio.ensure_future(worker.call(lambda r, i=i: r.record(i))) for i in range(50)]
    await asyncio.sleep(0)
    await worker.aclose()
    assert resource.closed and resource.log == list(range(50))
    assert [p.result() for p in pending] == list(range(50))
    with pytest.raises(RuntimeError):
        await worker.call(lambda r: r.record("late"))


async def scenario_a_call_whose_caller_gave_up_before_it_ran_is_skipped() -> None:
    resource = Resource()
    gate = threading.Event()
    worker = JournalThread(lambda: resource, Resource.close)
    blocking = asyncio.ensure_future(worker.call(lambda r: gate.wait(5)))
    await asyncio.sleep(0.05)  # the thread is inside the blocking call
    abandoned = asyncio.ensure_future(worker.call(lambda r: r.record("abandoned")))
    await asyncio.sleep(0)
    abandoned.cancel()
    gate.set()
    await blocking
    assert await worker.call(lambda r: r.record("next")) == "next"
    assert resource.log == ["next"]
    await worker.aclose()


def test_calls_run_in_order_on_the_journal_thread_and_answer_each_caller() -> None:
    run(scenario_calls_run_in_order_on_the_journal_thread_and_answer_each_caller())


def test_an_error_reaches_only_its_own_caller() -> None:
    run(scenario_an_error_reaches_only_its_own_caller())


def test_a_journal_that_cannot_open_fails_every_call_with_its_reason() -> None:
    run(scenario_a_journal_that_cannot_open_fails_every_call_with_its_reason())


def test_close_waits_for_calls_already_made_and_refuses_later_ones() -> None:
    run(scenario_close_waits_for_calls_already_made_and_refuses_later_ones())


def test_a_call_whose_caller_gave_up_before_it_ran_is_skipped() -> None:
    run(scenario_a_call_whose_caller_gave_up_before_it_ran_is_skipped())
