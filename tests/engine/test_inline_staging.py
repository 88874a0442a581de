"""Images sent inline (OpenAI's b64) are on disk, in the data folder, and recorded in the
journal by the same step that records the results: a crash before or while they are saved to
the library loses none, and `resume` saves every one of them exactly once."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from studio.domain.models import GenerationRequest, JobState
from studio.engine import saving
from tests.helpers import run

REQUEST = GenerationRequest(provider="openai", model="gpt-image-2", prompt="inline", count=3)


@pytest.fixture
def openai(emulator, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OPENAI_API_KEY", "sk_test_key")
    return emulator


def staged_in_journal(journal: Path) -> list[tuple[int, str | None, bool]]:
    """Each result's index, staged path, and whether that file is on disk now."""
    with closing(sqlite3.connect(journal)) as db:
        rows = db.execute("SELECT idx, staged_path FROM results ORDER BY idx").fetchall()
    return [(index, path, bool(path) and Path(path).is_file()) for index, path in rows]


@pytest.mark.parametrize("saved_before_the_crash", [0, 1])
def test_a_crash_while_saving_inline_results_loses_none_and_resume_saves_each_once(
    saved_before_the_crash, make_engine, openai, library, tmp_path, monkeypatch
):  # type: ignore[no-untyped-def]
    real_save = saving.save_result
    seen: dict[str, object] = {}

    def crashing_save(data, **kwargs):  # type: ignore[no-untyped-def]
        if len(seen) == 0:  # what was on disk and in the journal when the first save began
            seen["staged"] = staged_in_journal(tmp_path / "journal.sqlite3")
        seen[f"save-{kwargs['index']}"] = True
        if len(seen) - 1 > saved_before_the_crash:
            raise asyncio.CancelledError  # the process dies here, as far as the job can tell
        return real_save(data, **kwargs)

    async def first():  # type: ignore[no-untyped-def]
        engine = make_engine({"openai": openai.base_url("openai")})
        try:
            monkeypatch.setattr(saving, "save_result", crashing_save)
            job = await engine.submit(REQUEST)
            await engine.wait(job.id)
            return job.id
        finally:
            await engine.aclose()
            monkeypatch.setattr(saving, "save_result", real_save)

    async def second():  # type: ignore[no-untyped-def]
        engine = make_engine({"openai": openai.base_url("openai")})
        try:
            [job] = await engine.resume()
            return await engine.wait(job.id)
        finally:
            await engine.aclose()

    job_id = run(first())
    staged = seen["staged"]
    assert [index for index, _, _ in staged] == [0, 1, 2]  # type: ignore[union-attr]
    for _, path, on_disk in staged:  # type: ignore[union-attr]
        assert path and on_disk, "staged and recorded before any save"
        assert Path(path).parent == tmp_path / "staging"

    done = run(second())

    assert (done.id, done.state) == (job_id, JobState.succeeded)
    assert len(done.files) == 3
    assert sorted(p.name for p in library.iterdir()) == sorted(Path(f).name for f in done.files)
    assert list((tmp_path / "staging").iterdir()) == []
    assert openai.state.create_calls("openai") == 1


def test_an_inline_job_leaves_nothing_in_the_staging_folder(make_engine, openai, library, tmp_path):  # type: ignore[no-untyped-def]
    async def scenario():  # type: ignore[no-untyped-def]
        engine = make_engine({"openai": openai.base_url("openai")})
        try:
            return await engine.wait((await engine.submit(REQUEST)).id)
        finally:
            await engine.aclose()

    done = run(scenario())
    assert done.state is JobState.succeeded and len(done.files) == 3
    assert list((tmp_path / "staging").iterdir()) == []
    assert [s for _, s, _ in staged_in_journal(tmp_path / "journal.sqlite3")] == [None] * 3
