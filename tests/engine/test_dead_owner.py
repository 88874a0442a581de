"""No ghost jobs (#16 item 12): a job claimed by a process that was killed is taken over even
while that process is an unreaped zombie (a parent that has not waited for it yet, as right
after kill -9 and a quick relaunch), so no job sits "Running" with nobody polling it."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from studio.domain.models import GenerationRequest, JobState
from studio.engine.journal import Journal
from studio.engine.recovery import pid_alive, process_alive

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="zombies as Linux shows them")


def zombie() -> subprocess.Popen[bytes]:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    child.send_signal(signal.SIGKILL)
    stat = Path(f"/proc/{child.pid}/stat")
    deadline = time.monotonic() + 10
    while stat.read_text().rpartition(")")[2].split()[0] != "Z":
        assert time.monotonic() < deadline, "the child never became a zombie"
        time.sleep(0.01)
    return child


def test_a_killed_but_unreaped_process_is_dead() -> None:
    child = zombie()
    try:
        assert not pid_alive(child.pid)
        assert not process_alive(f"{socket.gethostname()}:{child.pid}")
    finally:
        child.wait()


def test_a_running_process_is_alive() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        assert pid_alive(child.pid)
    finally:
        child.kill()
        child.wait()


def test_a_job_a_killed_process_claimed_is_taken_over(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.sqlite3")
    request = GenerationRequest(provider="joyai", model="gptimage2", prompt="a red chair")
    child = zombie()
    try:
        dead_owner = f"{socket.gethostname()}:{child.pid}"
        job = journal.create(
            request, estimated_cost=None, library_dir=str(tmp_path), owner=dead_owner
        ).record
        journal.update(job.id, state=JobState.running, task_id="t1")
        claimed = journal.claim(job.id, "here:1", is_alive=process_alive)
        assert claimed is not None and claimed.record.state is JobState.running
    finally:
        child.wait()
