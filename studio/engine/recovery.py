"""Picking jobs up again: `resume`, claims, idle cancels, and the debris of killed processes.

Every job another run left (this process's earlier session, a killed one, the window while
the command line runs) is claimed by a compare-and-set on its journal row and runs only from
the row that claim returned; a paid create is never sent again for it.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from collections.abc import Callable
from operator import methodcaller
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from studio.domain.models import JobState
from studio.engine import partials
from studio.engine.crashpoints import crash_point
from studio.engine.events import JobRecord
from studio.engine.journal import JobRow, Journal

if TYPE_CHECKING:
    from studio.domain.plan import RequestPlan
    from studio.settings import Settings

T = TypeVar("T")


class Engine(Protocol):
    """What picking jobs up needs of the engine (`studio.engine.runner.Engine`, which calls
    these functions with itself)."""

    owner: str
    settings: Settings
    staging_dir: Path
    partials_cleaned: bool

    async def db(self, action: Callable[[Journal], T]) -> T: ...
    def emit(self, row: JobRow) -> None: ...
    def plan_of(self, row: JobRow) -> RequestPlan: ...
    def running(self, job_id: str) -> bool: ...
    def start(self, job_id: str, row: JobRow, plan: RequestPlan | None = None) -> None: ...


#: Jobs that `resume` continues: everything not final (held ones included), plus failed jobs
#: that can finish without paying again (`resumable_failure`).
UNFINISHED = (
    JobState.draft,
    JobState.submitting,
    JobState.queued,
    JobState.running,
    JobState.downloading,
)
#: Failures of older versions that `resume` continues (they are held now, not failed).
RESUMABLE_KINDS = ("timed_out", "storage_failed", "disk_full")


def resumable_failure(record: JobRecord) -> bool:
    """Failed jobs `resume` also continues, paying nothing: timed out with a task to poll, or
    results the library could not take (its folder was missing, read-only or full)."""
    if record.error_kind == "timed_out":
        return bool(record.task_id)
    return record.error_kind in ("storage_failed", "disk_full") and bool(record.results)


def process_alive(owner: str) -> bool:
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname():
        return True  # another machine sharing the folder: assume it is alive
    try:
        return pid_alive(int(pid))
    except ValueError:
        return False


def pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError, ValueError):
        return False
    except OSError:  # PermissionError included: someone else's live process
        return True
    return not _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    """A process that has exited (killed with -9, say) but that its parent has not reaped yet
    still answers a signal probe; on Linux its state says it is dead ("Z", or "X" while it goes).
    Elsewhere, and when /proc cannot be read, it counts as alive: a takeover must be certain."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    fields = stat.rpartition(")")[2].split()  # after the command name, which may hold spaces
    return bool(fields) and fields[0] in ("Z", "X")


def _windows_pid_alive(pid: int) -> bool:
    """On Windows `os.kill(pid, 0)` is not a probe: 0 is CTRL_C_EVENT, sent to a console
    process group. Ask for the process's exit code instead."""
    if sys.platform != "win32":
        raise NotImplementedError
    import ctypes

    kernel32 = ctypes.windll.kernel32
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return kernel32.GetLastError() == 5  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


async def claim(engine: Engine, record: JobRecord) -> JobRow | None:
    """Claim a job as `record` shows it (compare-and-set); a failed job that continues goes
    back to the step it stopped at, and a waiting job's reason is cleared, in the same write."""
    state = None
    if record.state is JobState.failed:
        state = JobState.downloading if record.results else JobState.running
    return await engine.db(
        methodcaller(
            "claim",
            record.id,
            engine.owner,
            is_alive=process_alive,
            seen=record,
            state=state,
            clear_error=record.state is JobState.failed or record.held,
        )
    )


async def resume(engine: Engine) -> list[JobRecord]:
    """Start every job `Engine.resume` continues; returns them as claimed."""
    await clean_partials(engine)
    rows = await engine.db(lambda j: j.jobs(states=UNFINISHED))
    failed = await engine.db(lambda j: j.failed_jobs(RESUMABLE_KINDS))
    rows += [r for r in failed if resumable_failure(r.record)]
    crash_point("listed")
    resumed = []
    for seen in rows:
        if not engine.running(seen.record.id) and (row := await take_over(engine, seen.record)):
            resumed.append(row.record)
    return resumed


async def take_over(engine: Engine, record: JobRecord) -> JobRow | None:
    """Claim a job as `record` shows it and run it here, from the row the claim returned: a
    create that may have gone out is never sent again (the job polls, downloads, or ends
    `unknown`). None when another live process runs it, or it changed meanwhile."""
    claimed = await claim(engine, record)
    if claimed is None:
        return None
    row: JobRow = claimed
    plan = engine.plan_of(row)
    if not plan.needs_key:
        # The in-process demo forgets its tasks when the app quits; it costs nothing,
        # so its unfinished jobs simply run again.
        row = await engine.db(methodcaller("restart", record.id))
    engine.start(record.id, row, plan)
    return row


async def cancel_idle(engine: Engine, job_id: str) -> None:
    """Cancel a job no task of this process runs, if no other live process runs it (a held job,
    or one a killed process left). A job that was being sent stays as it is: `resume` says its
    outcome is unknown."""
    row = await engine.db(methodcaller("claim", job_id, engine.owner, is_alive=process_alive))
    if row is None:
        return
    if row.record.state is not JobState.submitting:
        engine.emit(await engine.db(methodcaller("update", job_id, state=JobState.cancelled)))
    await engine.db(methodcaller("release", job_id, engine.owner))


async def clean_partials(engine: Engine, also: Path | None = None) -> None:
    """Remove the temporary files of writes a killed process left half done: in the staging
    folder, every library folder a job names, the one the settings name, and `also` (a new
    job's output folder), once per engine: at `resume`, and as `generate` or `batch` starts.
    The default library folder (in the pictures folder; no setting names it) is among them as
    soon as a job has saved there; before that no job wrote into it. Finding it needs
    platformdirs, which the idle studio does not load (bench/README.md, "Idle memory")."""
    if engine.partials_cleaned:
        return
    engine.partials_cleaned = True
    folders = {engine.staging_dir, *([also] if also else [])}
    if engine.settings.library_dir:
        folders.add(engine.settings.library_path)
    folders.update(Path(f) for f in await engine.db(methodcaller("library_dirs")))
    for folder in folders:
        await asyncio.to_thread(partials.clean_partials, folder, is_alive=pid_alive)
