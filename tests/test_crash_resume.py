"""Kill the command line with SIGKILL at each stage of a job; `image-studio resume` finishes every
job with its images on disk and the provider sees exactly one create call per job."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from studio.emulator.faults import FaultRule
from studio.settings import journal_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def states() -> list[tuple[str, str | None]]:
    path = journal_path()
    if not path.exists():
        return []
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
        try:
            return db.execute("SELECT state, task_id FROM jobs ORDER BY created_at").fetchall()
        except sqlite3.OperationalError:
            return []


def wait_for(condition, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out; journal: {states()}")
        time.sleep(0.02)


def cli(*args: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Start the command; it will be killed, so its output goes nowhere."""
    return subprocess.Popen(
        [sys.executable, "-m", "studio", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture
def env(emulator) -> dict[str, str]:
    return {**os.environ, "JOYAI_API_KEY": "sk_kill_test", "IMAGE_STUDIO_POLL_INTERVAL": "0.05"}


def resume(env: dict[str, str]) -> list[dict]:
    done = subprocess.run(
        [sys.executable, "-m", "studio", "resume", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_killed_after_journaling_and_after_the_task_id_both_jobs_finish_on_resume(
    emulator, env, tmp_path
):
    # Concurrency 1: the second job waits, journaled but unsent, while the first is polled.
    emulator.state.add_fault(FaultRule(route="poll", delay=1.0))
    jobs = tmp_path / "jobs.jsonl"
    jobs.write_text(
        "\n".join(
            json.dumps(
                {
                    "provider": "joyai",
                    "prompt": f"scene {i}",
                    "base_url": emulator.base_url("joyai"),
                }
            )
            for i in range(2)
        )
    )
    process = cli(
        "batch", str(jobs), "--concurrency", "1", "--output-dir", str(tmp_path / "out"), env=env
    )
    wait_for(lambda: [s for s, _ in states()] in (["running", "draft"], ["queued", "draft"]))
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    [(_, task_id), (_, no_task)] = states()
    assert task_id and no_task is None
    emulator.state.clear_faults()

    finished = resume(env)

    assert sorted(job["status"] for job in finished) == ["succeeded", "succeeded"]
    assert all(Path(f).is_file() for job in finished for f in job["files"])
    assert emulator.state.create_calls("joyai") == 2


def test_killed_mid_download_the_job_finishes_on_resume(emulator, env, tmp_path):
    emulator.state.add_fault(FaultRule(route="download", action="drop_mid_body", delay=2.0))
    process = cli(
        "generate",
        "--provider",
        "joyai",
        "--prompt",
        "mid download",
        "--base-url",
        emulator.base_url("joyai"),
        "--output-dir",
        str(tmp_path),
        env=env,
    )
    wait_for(lambda: [s for s, _ in states()] == ["downloading"])
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    emulator.state.clear_faults()
    assert list(tmp_path.glob("*.png")) == []

    [job] = resume(env)

    assert job["status"] == "succeeded"
    [saved] = job["files"]
    assert Path(saved).parent == tmp_path
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".partial")] == []
    assert emulator.state.create_calls("joyai") == 1


def test_killed_while_the_create_was_in_flight_the_job_is_never_resent(emulator, env, tmp_path):
    emulator.state.add_fault(FaultRule(route="create", delay=3.0))
    process = cli(
        "generate",
        "--provider",
        "joyai",
        "--prompt",
        "in flight",
        "--base-url",
        emulator.base_url("joyai"),
        "--output-dir",
        str(tmp_path),
        env=env,
    )
    wait_for(lambda: [s for s, _ in states()] == ["submitting"])
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    time.sleep(3.5)  # let the emulator finish handling the create it received
    calls = emulator.state.create_calls("joyai")

    done = subprocess.run(
        [sys.executable, "-m", "studio", "resume", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    [job] = [json.loads(line) for line in done.stdout.splitlines()]

    assert job["status"] == "unknown"
    assert "dashboard" in job["error"]
    assert emulator.state.create_calls("joyai") == calls
