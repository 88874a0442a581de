"""A job's journal is written before each action it announces, in as few trips as the safety
allows: what the provider is told, and when, is seen from the emulator's side."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from studio.domain.models import GenerationRequest, JobState, ResultImage
from studio.engine.journal import Journal, TaskTaken
from tests.helpers import run

REQUEST = GenerationRequest(
    provider="gptimage2ai", model="gpt-image-2", prompt="two red chairs", ratio="4:3", count=2
)


def _snapshot(journal: Path) -> tuple[str, str | None, str | None, list[tuple[int, str | None]]]:
    """The committed journal as another process would read it: state, task id, owner, results."""
    with sqlite3.connect(f"file:{journal}?mode=ro", uri=True, timeout=5) as db:
        state, task_id, owner = db.execute("SELECT state, task_id, owner FROM jobs").fetchone()
        results = db.execute("SELECT idx, path FROM results ORDER BY idx").fetchall()
    return state, task_id, owner, results


def test_every_call_to_the_provider_is_preceded_by_its_journal_entry(
    make_engine, emulator, monkeypatch, tmp_path
):
    """Create goes out only once 'submitting' is committed; polls only once the task id is; each
    download only once the results are, and the job is succeeded, with both files and given up
    by this process, in one commit at the end."""
    monkeypatch.setenv("GPTIMAGE2_API_KEY", "sk_test_key")
    journal = tmp_path / "journal.sqlite3"
    seen: list[tuple[str, tuple[str, str | None, str | None, list[tuple[int, str | None]]]]] = []
    record = emulator.state.record

    def spy(call):  # runs on the emulator's thread before the answer is sent
        seen.append((call.route, _snapshot(journal)))
        record(call)

    monkeypatch.setattr(emulator.state, "record", spy)

    async def scenario():
        engine = make_engine({"gptimage2ai": emulator.base_url("gptimage2ai")})
        try:
            job = await engine.submit(REQUEST)
            return await engine.wait(job.id)
        finally:
            await engine.aclose()

    job = run(scenario())
    assert job.state is JobState.succeeded, job.error_message
    # A free key check may go ahead of the create on its connection (studio.providers.freshness).
    routes = [route for route, _ in seen if route != "check"]
    assert routes[0] == "create" and routes.count("create") == 1
    assert routes.count("download") == 2
    for route, (state, task_id, _owner, results) in seen:
        if route in ("check", "create"):
            assert (state, task_id, results) == ("submitting", None, [])
        elif route == "poll":
            assert task_id and state in ("queued", "running") and results == []
        elif route == "download":
            assert state == "downloading"
            assert [index for index, _ in results] == [0, 1]
    # Each file is recorded as saved before the next download starts.
    downloads = [results for route, (_s, _t, _o, results) in seen if route == "download"]
    assert [path is None for _, path in downloads[0]] == [True, True]
    assert [path is None for _, path in downloads[1]] == [False, True]
    state, task_id, owner, results = _snapshot(journal)
    assert (state, owner) == ("succeeded", None)
    assert sorted(Path(path).name for _, path in results) == sorted(Path(f).name for f in job.files)
    assert all(Path(f).is_file() for f in job.files)


def test_the_final_record_wait_returns_is_the_journal_s(make_engine, emulator, monkeypatch):
    monkeypatch.setenv("GPTIMAGE2_API_KEY", "sk_test_key")

    async def scenario():
        engine = make_engine({"gptimage2ai": emulator.base_url("gptimage2ai")})
        try:
            job = await engine.submit(REQUEST)
            waited = await engine.wait(job.id)
            return waited, await engine.job(job.id)
        finally:
            await engine.aclose()

    waited, stored = run(scenario())
    assert waited.state is JobState.succeeded
    assert (waited.files, waited.task_id, waited.results) == (
        stored.files,
        stored.task_id,
        stored.results,
    )


def test_a_task_id_another_job_has_is_refused_and_nothing_is_written(tmp_path):
    journal = Journal(tmp_path / "journal.sqlite3")
    try:
        first = journal.create(REQUEST, estimated_cost=None, library_dir=str(tmp_path))
        second = journal.create(REQUEST, estimated_cost=None, library_dir=str(tmp_path))
        journal.update(first.record.id, state=JobState.queued, task_id="t-1")
        with pytest.raises(TaskTaken):
            journal.update(
                second.record.id,
                state=JobState.downloading,
                task_id="t-1",
                results=[ResultImage(index=0, url="http://x/0.png")],
                unique_task_of=REQUEST.provider,
            )
        row = journal.get(second.record.id)
        assert (row.record.state, row.record.task_id, row.record.results) == (
            JobState.draft,
            None,
            (),
        )
        # The same task id for the same job (a poll repeating it) is not a conflict.
        again = journal.update(
            first.record.id, state=JobState.running, task_id="t-1", unique_task_of="gptimage2ai"
        )
        assert again.record.state is JobState.running
    finally:
        journal.close()


def test_staged_bytes_are_known_from_the_job_row(tmp_path):
    """Retry reads kept bytes from where the row says, without asking the journal per result."""
    journal = Journal(tmp_path / "journal.sqlite3")
    try:
        job = journal.create(REQUEST, estimated_cost=None, library_dir=str(tmp_path))
        journal.add_results(
            job.record.id,
            [ResultImage(index=0, url=None), ResultImage(index=1, url="http://x/1.png")],
            staged={0: str(tmp_path / "kept-0.bin")},
        )
        row = journal.get(job.record.id)
        assert row.staged == {0: str(tmp_path / "kept-0.bin")}
        [listed] = journal.jobs()
        assert listed.staged == row.staged
        saved = journal.result_saved(job.record.id, 0, str(tmp_path / "0.png"))
        assert saved.staged == {}
        assert saved.record.files == (str(tmp_path / "0.png"),)
    finally:
        journal.close()
