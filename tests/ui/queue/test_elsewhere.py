"""No ghost jobs (#16 item 12): the queue never says "Running" for a job this studio does not poll.
A job a live process runs says where; when that process is killed, the studio takes the job
over and finishes it without sending its create again."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from studio.domain.models import GenerationRequest, JobState
from studio.emulator.faults import FaultRule
from studio.engine.events import JobRecord
from studio.engine.journal import Journal
from studio.keys import KeyStore
from studio.settings import Settings, journal_path
from studio.ui.queue.queue_model import state_text
from tests.conftest import RunningEmulator
from tests.ui.conftest import StudioFactory

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
ROOT = Path(__file__).resolve().parents[3]
KEY = "sk_elsewhere_test"


def journal_states() -> list[tuple[str, str | None]]:
    path = journal_path()
    if not path.exists():
        return []
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
        try:
            return db.execute("SELECT state, owner FROM jobs").fetchall()
        except sqlite3.OperationalError:
            return []


def command_line_job(emulator: RunningEmulator, tmp_path: Path) -> subprocess.Popen[bytes]:
    """`image-studio generate` in a process of its own, polling a task that stays running."""
    env = {
        **os.environ,
        "JOYAI_API_KEY": KEY,
        "IMAGE_STUDIO_POLL_INTERVAL": "0.05",
        "PYTHONPATH": str(ROOT),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "studio",
            "generate",
            "--provider",
            "joyai",
            "--prompt",
            "a lighthouse polled elsewhere",
            "--base-url",
            emulator.base_url("joyai"),
            "--output-dir",
            str(tmp_path / "cli"),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while [state for state, _ in journal_states()] != ["running"]:
        assert time.monotonic() < deadline, f"the job never ran: {journal_states()}"
        assert process.poll() is None, "the command line ended early"
        time.sleep(0.05)
    return process


def shown(records: list[JobRecord]) -> list[str]:
    return [state_text(record) for record in records]


def test_a_job_another_live_process_runs_says_where_and_is_taken_over_when_it_dies(
    make_studio: StudioFactory,
    emulator: RunningEmulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("JOYAI_API_KEY", KEY)
    emulator.state.add_fault(FaultRule(route="poll", delay=60))  # every poll hangs
    process = command_line_job(emulator, tmp_path)
    try:
        settings = Settings(base_urls={"joyai": emulator.base_url("joyai")})
        studio = make_studio(demo=False, settings=settings, keys=KeyStore())
        queue = studio.window.queue_model
        where = f"Running in another Image Studio on this computer (process {process.pid})"
        studio.run.until(
            lambda: shown(queue.records()) == [where],
            message=lambda: f"the queue shows {shown(queue.records())}",
        )
        assert studio.engine.active_jobs() == 0  # shown as running elsewhere, and not run here

        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        emulator.state.clear_faults()
        studio.run.until(
            lambda: [r.state.value for r in queue.records()] == ["succeeded"],
            timeout=30,
            message=lambda: f"the queue shows {shown(queue.records())}",
        )
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    [record] = queue.records()
    assert all(Path(path).is_file() for path in record.files)
    assert emulator.state.create_calls("joyai") == 1  # taken over, never sent again


def test_a_job_claimed_on_another_computer_is_not_shown_running(
    make_studio: StudioFactory, tmp_path: Path
) -> None:
    # As if the journal's folder were shared and a process on another computer polled the job.
    journal = Journal(journal_path())
    request = GenerationRequest(provider="joyai", model="gptimage2", prompt="polled far away")
    row = journal.create(
        request, estimated_cost=None, library_dir=str(tmp_path), owner="far-away-host:7"
    )
    journal.update(row.record.id, state=JobState.running, task_id="task-far")
    journal.close()

    studio = make_studio(demo=True)

    queue = studio.window.queue_model
    studio.run.until(
        lambda: shown(queue.records()) == ["Claimed by far-away-host; not polled here"],
        message=lambda: f"the queue shows {shown(queue.records())}",
    )
    assert studio.engine.active_jobs() == 0  # never taken over: that host may be alive


def test_what_the_other_process_makes_of_the_job_is_shown_as_it_is(
    make_studio: StudioFactory, tmp_path: Path
) -> None:
    journal = Journal(journal_path())
    request = GenerationRequest(provider="joyai", model="gptimage2", prompt="polled far away")
    row = journal.create(
        request, estimated_cost=None, library_dir=str(tmp_path), owner="far-away-host:7"
    )
    job_id = row.record.id
    journal.update(job_id, state=JobState.running, task_id="task-far")
    studio = make_studio(demo=True)
    queue = studio.window.queue_model
    studio.run.until(
        lambda: shown(queue.records()) == ["Claimed by far-away-host; not polled here"]
    )

    # Over there it stops for a reason of its own (no key there): shown with that reason.
    journal.update(job_id, error=("needs_key", "An API key is needed."))
    studio.window.elsewhere.sweep()
    studio.run.until(
        lambda: shown(queue.records()) == ["Waiting: an API key is needed"],
        message=lambda: f"the queue shows {shown(queue.records())}",
    )
    # Then it fails there: shown as it ended.
    journal.update(job_id, state=JobState.failed, error=("provider_failed", "Task failed."))
    journal.close()
    studio.window.elsewhere.sweep()
    studio.run.until(
        lambda: [r.state for r in queue.records()] == [JobState.failed],
        message=lambda: f"the queue shows {shown(queue.records())}",
    )
    assert studio.engine.active_jobs() == 0
