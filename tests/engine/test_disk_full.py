"""A full disk while saving a result: the job is not lost (its result link stays in the journal),
it says the disk is full, no partial file is left, and once space is freed Retry (or
`image-studio resume`) saves it without a second create call."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from studio.cli import main
from studio.domain.models import GenerationRequest, JobState
from studio.settings import journal_path
from tests.helpers import FullDisk, run

REQUEST = GenerationRequest(provider="joyai", model="gptimage2", prompt="a full disk")


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> FullDisk:
    return FullDisk(monkeypatch)


@pytest.fixture
def joyai(emulator, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("JOYAI_API_KEY", "sk_test_key")
    monkeypatch.setenv("IMAGE_STUDIO_POLL_INTERVAL", "0.01")
    return emulator


def everything_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


def test_the_job_keeps_its_result_says_the_disk_is_full_and_retry_saves_it(
    make_engine, joyai, library, disk
):  # type: ignore[no-untyped-def]
    async def scenario():  # type: ignore[no-untyped-def]
        engine = make_engine({"joyai": joyai.base_url("joyai")})
        try:
            failed = await engine.wait((await engine.submit(REQUEST)).id)
            left_behind = everything_in(library)
            disk.full = False  # the user frees some space
            retried = await engine.wait((await engine.retry(failed.id)).id)
            return failed, left_behind, retried
        finally:
            await engine.aclose()

    failed, left_behind, retried = run(scenario())

    assert (failed.state, failed.error_kind) == (JobState.failed, "disk_full")
    assert "is full" in failed.error_message and "Retry" in failed.error_message
    assert failed.results[0].url, "the result link is kept in the journal"
    assert disk.refused >= 1
    assert left_behind == [], "no partial file under any name"
    assert (retried.id, retried.state) == (failed.id, JobState.succeeded)
    assert [Path(f).parent for f in retried.files] == [library]
    assert joyai.state.create_calls("joyai") == 1


def test_the_command_line_reports_a_full_disk_and_resume_finishes_the_job(
    joyai, disk, tmp_path, capsys
):  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    code = main(
        [
            "generate",
            "--provider",
            "joyai",
            "--prompt",
            "full disk",
            "--base-url",
            joyai.base_url("joyai"),
            "--output-dir",
            str(out),
        ]
    )
    failed = capsys.readouterr()
    with closing(sqlite3.connect(journal_path())) as db:
        [(state, kind, url)] = db.execute(
            "SELECT state, error_kind, url FROM jobs JOIN results ON job_id = id"
        ).fetchall()
    assert code == 5
    assert "error: The disk holding" in failed.err and "is full" in failed.err
    assert (state, kind) == ("failed", "disk_full") and url
    assert everything_in(out) == []

    disk.full = False
    assert main(["resume", "--json"]) == 0

    [job] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert job["status"] == "succeeded"
    assert [Path(f).parent for f in job["files"]] == [out.resolve()]
    assert joyai.state.create_calls("joyai") == 1


def test_an_inline_result_on_a_full_disk_still_says_the_disk_is_full(
    make_engine, emulator, monkeypatch, disk
):  # type: ignore[no-untyped-def]
    """OpenAI's inline bytes cannot be staged on the same full disk either; the job must not
    end as an internal error."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk_test_key")
    request = GenerationRequest(provider="openai", model="gpt-image-2", prompt="inline")

    async def scenario():  # type: ignore[no-untyped-def]
        engine = make_engine({"openai": emulator.base_url("openai")})
        try:
            return await engine.wait((await engine.submit(request)).id)
        finally:
            await engine.aclose()

    failed = run(scenario())
    assert (failed.state, failed.error_kind) == (JobState.failed, "disk_full")
