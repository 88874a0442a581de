"""The bridge gathers a busy job's changes and tells the window once, with the latest record:
fewer repaints, and still every job's final state."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from studio.domain.models import GenerationRequest, JobState
from studio.engine.engine_thread import start_engine_thread
from studio.engine.events import JobChanged, JobRecord
from studio.engine.runner import Engine
from studio.keys import KeyStore
from studio.settings import Settings
from studio.ui.kit.bridge import EngineBridge
from tests.ui.conftest import Runner


def engine_options(tmp_path: Path, *, demo_jobs: int = 4, **options: Any) -> dict[str, Any]:
    """An engine's arguments on a temporary journal and library (`demo_jobs` at a time)."""
    return {
        "journal_path": tmp_path / "journal.sqlite3",
        "settings": Settings(
            library_dir=str(tmp_path / "library"), concurrency={"demo": demo_jobs}
        ),
        "keys": KeyStore(),
        "staging_dir": tmp_path / "staging",
        **options,
    }


def test_every_job_s_final_state_arrives_once_its_changes_are_gathered(
    run: Runner, tmp_path: Path
) -> None:
    # As the window has it: the engine on its own thread.
    engine = start_engine_thread(
        **engine_options(tmp_path, demo_jobs=6, demo_task_seconds=0.05, poll_interval=0.02)
    )
    bridge = EngineBridge(engine)
    heard: list[JobRecord] = []
    told: list[object] = []  # what the engine said, before gathering
    engine.subscribe(told.append)
    bridge.jobs_changed.connect(heard.extend)
    request = GenerationRequest(provider="demo", model="gptimage2", prompt="a kite")

    def last_heard(job_id: str) -> JobRecord | None:
        return next((h for h in reversed(heard) if h.id == job_id), None)

    async def scenario() -> list[JobRecord]:
        jobs = [await engine.submit(request) for _ in range(6)]
        return [await engine.wait(job.id) for job in jobs]

    try:
        finished = run(scenario())
        run.until(
            lambda: all((h := last_heard(r.id)) and h.is_final for r in finished),
            message=lambda: f"final states not heard: {[(h.id[:6], h.state) for h in heard]}",
        )
    finally:
        bridge.detach()
        run(engine.aclose())
    for record in finished:
        assert record.state is JobState.succeeded
        last = last_heard(record.id)
        assert last is not None and (last.state, last.files) == (JobState.succeeded, record.files)
        assert len(last.files) == 1 and Path(last.files[0]).is_file()
    assert len(heard) <= len(told)


def test_changes_of_one_job_in_a_burst_are_announced_once_with_the_latest(
    run: Runner, tmp_path: Path
) -> None:
    engine = Engine(**engine_options(tmp_path))
    bridge = EngineBridge(engine)
    heard: list[JobRecord] = []
    bridge.jobs_changed.connect(heard.extend)
    request = GenerationRequest(provider="demo", model="gptimage2", prompt="a kite")
    first = JobRecord(id="a", created_at=1.0, updated_at=1.0, state=JobState.draft, request=request)
    other = replace(first, id="b")
    try:
        engine.notify(JobChanged(first))
        engine.notify(JobChanged(other))
        engine.notify(JobChanged(replace(first, state=JobState.running)))
        engine.notify(JobChanged(replace(first, state=JobState.downloading, progress=0.5)))
        assert heard == []  # gathered until the batch is flushed
        run.until(lambda: len(heard) >= 2, message="the batch was never announced")
    finally:
        bridge.detach()
        run(engine.aclose())
    assert [(h.id, h.state) for h in heard] == [("a", JobState.downloading), ("b", JobState.draft)]


def test_a_removed_job_is_not_brought_back_by_a_gathered_change(
    run: Runner, tmp_path: Path
) -> None:
    engine = Engine(**engine_options(tmp_path, demo_task_seconds=30))
    bridge = EngineBridge(engine)
    changed: list[str] = []
    removed: list[str] = []
    bridge.jobs_changed.connect(lambda records: changed.extend(r.id for r in records))
    bridge.job_removed.connect(removed.append)
    request = GenerationRequest(provider="demo", model="gptimage2", prompt="a kite")

    async def scenario() -> str:
        job = await engine.submit(request)  # its change is gathered, not yet announced
        await engine.remove(job.id)
        return job.id

    try:
        job_id = run(scenario())
        bridge.flush()
    finally:
        bridge.detach()
        run(engine.aclose())
    assert removed == [job_id]
    assert job_id not in changed
