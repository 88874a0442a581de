"""A full disk while saving a result: the job is not lost and never `failed` (it waits, held,
with the reason), it says the disk is full and only what is true about where the image is, no
partial or duplicate file is left, and once space is freed Retry (or `image-studio resume`)
saves it without a second create call. A full journal disk makes the job wait, not fail."""

from __future__ import annotations

import asyncio
import errno
import json
import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from studio.cli import main
from studio.domain.models import GenerationRequest, JobState
from studio.emulator.faults import FaultRule
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

    assert (failed.state, failed.error_kind) == (JobState.downloading, "disk_full")
    assert failed.held and str(failed.waiting) == "the disk is full"
    assert "is full" in failed.error_message and "Retry" in failed.error_message
    # The staging folder is on the same full disk: only the provider's link is left, and the
    # message says so rather than "kept".
    assert "link" in failed.error_message and "kept" not in failed.error_message
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
    assert "The disk holding" in failed.err and "is full" in failed.err
    assert (state, kind) == ("downloading", "disk_full") and url
    assert everything_in(out) == []

    disk.full = False
    assert main(["resume", "--json"]) == 0

    [job] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert job["status"] == "succeeded"
    assert [Path(f).parent for f in job["files"]] == [out.resolve()]
    assert joyai.state.create_calls("joyai") == 1


def test_an_inline_result_that_no_disk_takes_waits_in_memory_until_space_is_freed(
    make_engine, emulator, monkeypatch, disk, library, caplog
):  # type: ignore[no-untyped-def]
    """OpenAI's inline bytes, with the library and the data folder on one full disk, exist
    only in memory: the engine never lets go of them. The job waits ("the disk is full"),
    tries again by itself, warns once, and once space is freed saves them without a new
    create."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk_test_key")
    request = GenerationRequest(provider="openai", model="gpt-image-2", prompt="inline", count=2)

    async def scenario():  # type: ignore[no-untyped-def]
        engine = make_engine({"openai": emulator.base_url("openai")})
        engine.journal_retry_seconds = 0.02
        try:
            job = await engine.submit(request)
            for _ in range(500):
                waiting = await engine.job(job.id)
                if waiting.waiting is not None and disk.refused >= 4:
                    break
                await asyncio.sleep(0.01)
            still_running = engine.running(job.id)
            disk.full = False  # the user frees some space
            return waiting, still_running, await engine.wait(job.id)
        finally:
            await engine.aclose()

    with caplog.at_level("WARNING", logger="studio.engine"):
        waiting, still_running, done = run(scenario())
    assert str(waiting.waiting) == "the disk is full" and not waiting.is_final
    assert still_running, "the job holds on to the bytes: it has not ended"
    assert done.state is JobState.succeeded, done.error_message
    assert len(done.files) == 2 and len(everything_in(library)) == 2
    assert emulator.state.create_calls("openai") == 1
    warned = [r for r in caplog.records if "only in memory" in r.getMessage()]
    assert len(warned) == 1, "warned once per stretch, not once per try"


class LibraryDiskFull:
    """The library's disk is full, the data folder's (staging) is not: another disk."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, library: Path) -> None:
        from studio.engine import library as library_module

        self.full = True
        real = library_module.write_atomically

        def write(target: Path, data: bytes, **kwargs):  # type: ignore[no-untyped-def]
            if self.full and target.parent == library:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real(target, data, **kwargs)

        monkeypatch.setattr(library_module, "write_atomically", write)


@pytest.mark.parametrize("provider", ["joyai", "openai"])
def test_a_full_library_disk_keeps_the_image_in_the_data_folder_for_a_later_resume(
    provider, make_engine, emulator, monkeypatch, library, tmp_path
):  # type: ignore[no-untyped-def]
    """The message says the image is kept: it is, on disk, and a later process saves it."""
    monkeypatch.setenv(f"{provider.upper()}_API_KEY", "sk_test_key")
    monkeypatch.setenv("IMAGE_STUDIO_POLL_INTERVAL", "0.01")
    full = LibraryDiskFull(monkeypatch, library)
    request = GenerationRequest(provider=provider, model="gpt-image-2", prompt="kept")
    if provider == "joyai":
        request = REQUEST

    async def first():  # type: ignore[no-untyped-def]
        engine = make_engine({provider: emulator.base_url(provider)})
        try:
            return await engine.wait((await engine.submit(request)).id)
        finally:
            await engine.aclose()

    async def second():  # type: ignore[no-untyped-def]
        engine = make_engine({provider: emulator.base_url(provider)})
        try:
            [job] = await engine.resume()
            return await engine.wait(job.id)
        finally:
            await engine.aclose()

    held = run(first())
    assert (held.state, held.error_kind) == (JobState.downloading, "disk_full")
    assert "kept in the studio's data folder" in held.error_message
    assert everything_in(tmp_path / "staging") == [f"{held.id}-0.bin"]
    full.full = False
    emulator.state.add_fault(FaultRule(route="download", status=410))
    done = run(second())
    assert (done.id, done.state) == (held.id, JobState.succeeded)
    assert len(everything_in(library)) == 1
    assert everything_in(tmp_path / "staging") == []
    assert emulator.state.create_calls(provider) == 1


def journal_full_on(monkeypatch: pytest.MonkeyPatch, method: str, times: int) -> list[str]:
    """`Journal.<method>` fails `times` times as SQLite does when the journal's disk is full."""
    from studio.engine.journal import Journal

    real = getattr(Journal, method)
    refused: list[str] = []

    def write(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if len(refused) < times:
            refused.append(method)
            raise sqlite3.OperationalError("database or disk is full")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Journal, method, write)
    return refused


@pytest.mark.parametrize("method", ["update", "result_saved"])
def test_a_full_journal_disk_after_the_create_makes_the_job_wait_not_fail(
    method, make_engine, joyai, library, monkeypatch
):  # type: ignore[no-untyped-def]
    """Once the create went out, a journal that cannot be written must not turn the job into
    `failed` (Retry would pay again) nor leave an orphan or a second file."""
    refused: list[str] = []

    async def scenario():  # type: ignore[no-untyped-def]
        engine = make_engine({"joyai": joyai.base_url("joyai")})
        engine.journal_retry_seconds = 0.02
        try:
            job = await engine.submit(REQUEST)
            refused.extend(journal_full_on(monkeypatch, method, times=3))
            return await engine.wait(job.id)
        finally:
            await engine.aclose()

    done = run(scenario())
    assert done.state is JobState.succeeded, done.error_message
    assert len(everything_in(library)) == 1
    assert joyai.state.create_calls("joyai") == 1


def test_a_result_saved_before_the_journal_heard_of_it_is_not_saved_twice(
    make_engine, joyai, library, monkeypatch
):  # type: ignore[no-untyped-def]
    """Killed between the file's rename and the journal's record of it (simulated: the engine
    stops there): resume must not save a second file for the same result."""
    from studio.engine.journal import Journal

    real = Journal.result_saved

    def stop(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise asyncio.CancelledError  # the process ends here, as far as the job can tell

    async def first():  # type: ignore[no-untyped-def]
        engine = make_engine({"joyai": joyai.base_url("joyai")})
        try:
            job = await engine.submit(REQUEST)
            monkeypatch.setattr(Journal, "result_saved", stop)
            await engine.wait(job.id)
        finally:
            await engine.aclose()
            monkeypatch.setattr(Journal, "result_saved", real)

    async def second():  # type: ignore[no-untyped-def]
        engine = make_engine({"joyai": joyai.base_url("joyai")})
        try:
            [job] = await engine.resume()
            return await engine.wait(job.id)
        finally:
            await engine.aclose()

    run(first())
    assert len(everything_in(library)) == 1
    done = run(second())
    assert done.state is JobState.succeeded
    assert everything_in(library) == [Path(done.files[0]).name]
    assert joyai.state.create_calls("joyai") == 1


def test_a_staged_file_that_cannot_be_read_holds_the_job_and_retry_finishes_it(
    make_engine, emulator, monkeypatch, library, tmp_path
):  # type: ignore[no-untyped-def]
    """A local file trouble nobody foresaw (here: the staged image cannot be read) must not
    fail the job as an internal error (Retry would send it again): it waits, and Retry saves
    it once the trouble is gone."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk_test_key")
    full = LibraryDiskFull(monkeypatch, library)
    request = GenerationRequest(provider="openai", model="gpt-image-2", prompt="unreadable")
    real_read = Path.read_bytes
    unreadable = {"on": False}

    def read_bytes(self: Path) -> bytes:
        if unreadable["on"] and self.parent == tmp_path / "staging":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)

    async def scenario():  # type: ignore[no-untyped-def]
        engine = make_engine({"openai": emulator.base_url("openai")})
        try:
            held = await engine.wait((await engine.submit(request)).id)
            engine.unsaved.clear()  # as after a restart: only the staged file has the image
            full.full = False
            unreadable["on"] = True
            still = await engine.wait((await engine.retry(held.id)).id)
            unreadable["on"] = False
            return still, await engine.wait((await engine.retry(held.id)).id)
        finally:
            await engine.aclose()

    still, done = run(scenario())
    assert (still.state, still.error_kind) == (JobState.downloading, "storage_failed")
    assert "Permission denied" in still.error_message
    assert done.state is JobState.succeeded and len(everything_in(library)) == 1
    assert emulator.state.create_calls("openai") == 1
