"""Claiming a job is a compare-and-set on its journal row, and a job only ever runs from the
row its claim returned: two processes (or the window and the command line) resuming one
journal never send the same create twice, and a job that finished meanwhile is left alone."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from studio.domain.models import GenerationRequest, JobState
from studio.engine.journal import JobRow, Journal
from studio.settings import journal_path
from tests.helpers import run

REQUEST = GenerationRequest(provider="joyai", model="gptimage2", prompt="claimed once")


def never_alive(owner: str) -> bool:
    return False


def test_claim_returns_the_row_it_claimed_or_none(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.sqlite3")
    row = journal.create(REQUEST, estimated_cost=None, library_dir=str(tmp_path))
    seen = row.record

    claimed = journal.claim(seen.id, "host:1", is_alive=never_alive, seen=seen)
    assert claimed is not None and claimed.record == seen

    # Another process claims it while the first's owner tag is alive: refused.
    assert journal.claim(seen.id, "host:2", is_alive=lambda o: True, seen=seen) is None
    # The job moved on (its state and last update changed) since it was seen: refused.
    journal.update(seen.id, state=JobState.running, task_id="t1")
    assert journal.claim(seen.id, "host:2", is_alive=never_alive, seen=seen) is None
    # Final: refused unless the caller decided on it as it is now.
    journal.update(seen.id, state=JobState.succeeded)
    assert journal.claim(seen.id, "host:2", is_alive=never_alive) is None
    assert journal.claim("no-such-job", "host:2", is_alive=never_alive) is None
    journal.close()


def test_a_resume_that_read_the_job_before_another_ran_it_does_not_send_it_again(
    make_engine, emulator, monkeypatch
):  # type: ignore[no-untyped-def]
    """Engine A lists the unfinished jobs; engine B (another process, sharing the journal)
    then resumes and finishes the same job; only then does A claim it. A must not run it from
    the row it listed (a draft: that would be a second paid create)."""
    monkeypatch.setenv("JOYAI_API_KEY", "sk_test_key")
    base = {"joyai": emulator.base_url("joyai")}

    async def scenario():  # type: ignore[no-untyped-def]
        first = make_engine(base)
        other = make_engine(base)
        job_id = (
            await first.db(
                lambda j: j.create(
                    REQUEST,
                    estimated_cost=None,
                    library_dir=str(first.settings.library_path),
                    base_url=base["joyai"],
                )
            )
        ).record.id
        other_done = asyncio.Event()
        real_db = first.db
        listed = []

        async def slow_db(action):  # type: ignore[no-untyped-def]
            result = await real_db(action)
            # A's first list of unfinished jobs
            if not listed and isinstance(result, list) and result and isinstance(result[0], JobRow):
                listed.append(result)
                await other_done.wait()
            return result

        first.db = slow_db  # type: ignore[method-assign]

        async def other_runs_it() -> None:
            await asyncio.sleep(0)
            [job] = await other.resume()
            await other.wait(job.id)
            other_done.set()

        try:
            resumed, _ = await asyncio.gather(first.resume(), other_runs_it())
            for job in resumed:
                await first.wait(job.id)
            return job_id, listed, resumed, await first.job(job_id)
        finally:
            await first.aclose()
            await other.aclose()

    job_id, listed, resumed, final = run(scenario())
    assert [r.record.id for r in listed[0]] == [job_id]
    assert resumed == []
    assert final.state is JobState.succeeded and len(final.files) == 1
    assert emulator.state.create_calls("joyai") == 1


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX process handling")
def test_two_resume_processes_over_a_long_history_send_one_create(emulator) -> None:
    """20,000 finished jobs and one never sent; two `resume` processes started 0.5 s apart."""
    env = {**os.environ, "JOYAI_API_KEY": "sk_two_resumes", "IMAGE_STUDIO_POLL_INTERVAL": "0.01"}
    journal = Journal(journal_path())
    library = journal_path().parent / "library"
    now = time.time()
    request_json = REQUEST.to_json()
    journal._db.execute("BEGIN")
    journal._db.executemany(
        "INSERT INTO jobs (id, created_at, updated_at, state, provider, model, request,"
        " library_dir, error_kind, error_message) VALUES (?,?,?,?,?,?,?,?,?,?)",
        [
            (
                f"old{i:05d}",
                now - 10_000 + i * 0.01,
                now,
                "failed",
                "joyai",
                "gptimage2",
                request_json,
                str(library),
                "provider_failed",
                "old",
            )
            for i in range(20_000)
        ],
    )
    journal._db.execute("COMMIT")
    journal.create(
        REQUEST, estimated_cost=None, library_dir=str(library), base_url=emulator.base_url("joyai")
    )
    journal.close()

    def start() -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "studio", "resume", "--json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    first = start()
    # The second lists the unsent job before the first has run it, and (reading 20,000 failed
    # jobs takes longer than the job) claims it after the first finished and gave it up: the
    # window in which a claim without compare-and-set sent a second create (3 of 3 trials).
    time.sleep(0.5)
    second = start()
    outputs = [p.communicate(timeout=120) for p in (first, second)]

    finished = [json.loads(line) for out, _ in outputs for line in out.splitlines()]
    assert [job["status"] for job in finished] == ["succeeded"], outputs
    assert emulator.state.create_calls("joyai") == 1
    assert len(list(library.iterdir())) == 1


def test_on_windows_liveness_is_not_probed_with_os_kill(monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows, os.kill(pid, 0) sends CTRL_C_EVENT to a process group: never a probe."""
    from studio.engine import recovery

    asked: list[int] = []
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(os, "kill", lambda *args: pytest.fail(f"os.kill{args} on Windows"))
    monkeypatch.setattr(recovery, "_windows_pid_alive", lambda pid: asked.append(pid) or False)
    assert recovery.pid_alive(4242) is False
    assert recovery.process_alive(f"{recovery.socket.gethostname()}:4243") is False
    assert asked == [4242, 4243]
