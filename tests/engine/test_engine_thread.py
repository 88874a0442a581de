"""The engine on its own thread, as the window runs it: the caller's loop only awaits, events
come back to the caller's thread in order, and the engine's work runs at background priority."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

from studio.background import BACKGROUND_NICENESS
from studio.domain.errors import InvalidRequest
from studio.domain.models import GenerationRequest, JobState
from studio.engine.engine_thread import EngineThread
from studio.engine.events import EngineEvent, JobChanged
from tests.helpers import run


def thread_niceness() -> int | None:
    """The calling thread's niceness (None where threads have none of their own)."""
    if sys.platform != "linux":
        return None
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


REQUEST = GenerationRequest(provider="demo", model="gptimage2", prompt="a lantern in the fog")


def test_a_job_runs_off_the_callers_thread_and_its_news_comes_back_in_order(make_engine):
    async def scenario() -> dict[str, object]:
        engine = EngineThread(make_engine(demo_task_seconds=0.1))
        home = threading.get_ident()
        heard: list[tuple[int, EngineEvent]] = []
        engine.subscribe(lambda event: heard.append((threading.get_ident(), event)))
        try:
            submitted = await engine.submit(REQUEST)
            heard_by_submit = len(heard)
            done = await engine.wait(submitted.id)
            journal_thread = await engine.db(lambda journal: threading.get_ident())
            engine_niceness = await engine.db(lambda journal: thread_niceness())
            return {
                "home": home,
                "submitted": submitted,
                "heard_by_submit": heard_by_submit,
                "done": done,
                "heard": heard,
                "journal_thread": journal_thread,
                "engine_niceness": engine_niceness,
                "home_niceness": thread_niceness(),
            }
        finally:
            await engine.aclose()

    out = run(scenario())
    done = out["done"]
    assert done.state is JobState.succeeded and Path(done.files[0]).is_file()
    # The job's creation was heard before `submit` answered, as on one loop.
    assert out["heard_by_submit"] >= 1
    heard = out["heard"]
    assert {thread for thread, _ in heard} == {out["home"]}
    states = [e.job.state for _, e in heard if isinstance(e, JobChanged)]
    assert states[0] is not JobState.succeeded and states[-1] is JobState.succeeded
    assert all(e.job.id == out["submitted"].id for _, e in heard if isinstance(e, JobChanged))
    # SQLite ran on the engine's thread, not the caller's.
    assert out["journal_thread"] != out["home"]
    if sys.platform == "linux":
        assert out["engine_niceness"] == BACKGROUND_NICENESS
        assert out["home_niceness"] == 0


def test_unsubscribed_listeners_hear_nothing_more(make_engine):
    async def scenario() -> tuple[int, JobState]:
        engine = EngineThread(make_engine(demo_task_seconds=0.1))
        heard: list[EngineEvent] = []
        unsubscribe = engine.subscribe(heard.append)
        try:
            job = await engine.submit(REQUEST)
            unsubscribe()
            before = len(heard)
            done = await engine.wait(job.id)
            return len(heard) - before, done.state
        finally:
            await engine.aclose()

    more, state = run(scenario())
    assert state is JobState.succeeded
    assert more == 0


def test_a_validation_refusal_reaches_the_caller_and_nothing_is_journaled(make_engine):
    async def scenario() -> int:
        engine = EngineThread(make_engine())
        try:
            empty = GenerationRequest(provider="demo", model="gptimage2", prompt="")
            with pytest.raises(InvalidRequest):
                await engine.submit(empty)
            return len(await engine.jobs())
        finally:
            await engine.aclose()

    assert run(scenario()) == 0


def test_close_ends_the_thread_and_later_calls_are_refused(make_engine):
    async def scenario() -> tuple[bool, bool]:
        before = set(threading.enumerate())
        engine = EngineThread(make_engine())
        (thread,) = set(threading.enumerate()) - before
        await engine.aclose()
        await engine.aclose()  # twice is fine
        refused = False
        try:
            await engine.jobs()
        except RuntimeError:
            refused = True
        thread.join(timeout=5)  # its last step after the loop has closed
        return thread.is_alive(), refused

    alive, refused = run(scenario())
    assert not alive
    assert refused


def test_the_engine_thread_tells_sniffio_it_runs_asyncio(make_engine):
    """httpcore and anyio ask sniffio several times per request; told by the thread, it does
    not have to find out through asyncio's Python `current_task()` each time."""
    import sniffio

    async def scenario() -> tuple[object, object]:
        engine = EngineThread(make_engine())
        try:
            return await engine.db(lambda journal: sniffio.thread_local.name), (
                sniffio.thread_local.name
            )
        finally:
            await engine.aclose()

    assert run(scenario()) == ("asyncio", None)
