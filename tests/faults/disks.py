"""Full-disk cells of the fault matrix: a real full disk where this machine lets us mount one.

A tiny tmpfs (root, `mount -t tmpfs`) holds the cell's HOME: data folder (journal, staging)
and, but for `disk_full_data_folder`, the output folder on one disk, as in issue #15 item 3;
a filler file takes the free space and is deleted ("the user frees space") before `resume`.
Writes then fail with ENOSPC, as on a real full disk. Where mounting is not permitted the cells
are skipped: a file size limit (RLIMIT_FSIZE, EFBIG) cannot stand in, because it cannot tell
the journal from the library: with a limit below one result image (~135 KB), the journal's
write-ahead log reached it first ("disk I/O error" as the job went to `submitting`), so nothing
of the library was tested.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.faults.harness import Cell, Outcome

#: Size of the tmpfs, and the free space left for the library cell: the journal's few writes
#: fit, one result image (about 135 KB from the emulator) does not.
DISK_BYTES = 2 * 1024 * 1024
LIBRARY_ROOM = 128 * 1024
#: When the disk fills up: `disk_full_journal` once the create was answered and its task id
#: journaled (the provider still working: the task runs for a while); `disk_full_data_folder`
#: once the results are journaled (downloading: the harness's emulator takes a second per
#: download), the output folder being on another disk with room.
FILL_WHEN = {
    "disk_full_journal": ("queued", "running"),
    "disk_full_data_folder": ("downloading",),
}


#: How long `generate` is left on the full disk before the user frees space.
WAIT_ON_FULL_DISK = 4.0


class NoMount(Exception):
    """This machine does not let the tests mount a tmpfs."""


@contextlib.contextmanager
def tmpfs(path: Path, size: int) -> Iterator[None]:
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(path)],
        capture_output=True,
    )
    if done.returncode != 0:
        raise NoMount(done.stderr.decode(errors="replace").strip())
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def fill(path: Path, *, leave: int = 0) -> None:
    """Take the free space of the disk holding `path`, leaving about `leave` bytes."""
    stats = os.statvfs(path.parent)
    free = stats.f_bavail * stats.f_frsize
    chunk = b"\0" * 65536
    with open(path, "ab") as handle:
        remaining = max(0, free - leave)
        try:
            while remaining > 0:
                remaining -= handle.write(chunk[: min(len(chunk), remaining)])
                handle.flush()
        except OSError as exc:
            if exc.errno != errno.ENOSPC:
                raise


def journal_state(journal: Path) -> str | None:
    if not journal.exists():
        return None
    try:
        with sqlite3.connect(f"file:{journal}?mode=ro", uri=True, timeout=1) as db:
            row = db.execute("SELECT state FROM jobs WHERE request LIKE '%fault matrix cell%'")
            found = row.fetchone()
    except sqlite3.Error:
        return None
    return str(found[0]) if found else None


def disk_full(
    cell: Cell,
    outcome: Outcome,
    home: Path,
    make_home: Callable[[], None],
    journal: Path,
    generate: Callable[..., subprocess.Popen[bytes]],
) -> contextlib.AbstractContextManager[None]:
    """Run the cell's `generate` on a full disk; the returned context keeps the disk mounted
    (the caller resumes and measures inside it) and its exit unmounts it."""
    stack = contextlib.ExitStack()
    stack.enter_context(tmpfs(home, DISK_BYTES))  # NoMount: the caller skips the cell
    outcome.disk = f"tmpfs {DISK_BYTES // 1024} KB"
    try:
        _generate_on_full_disk(cell, home / "filler", make_home, journal, generate)
    except BaseException:
        stack.close()  # unmounted at once
        raise
    return stack


def _generate_on_full_disk(
    cell: Cell,
    filler: Path,
    make_home: Callable[[], None],
    journal: Path,
    generate: Callable[..., subprocess.Popen[bytes]],
) -> None:
    make_home()
    if cell.fault == "disk_full_library":
        _create_journal(journal)
        fill(filler, leave=LIBRARY_ROOM)
        process = generate()
    else:
        process = generate()
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            if journal_state(journal) in FILL_WHEN[cell.fault]:
                fill(filler)
                break
            time.sleep(0.005)
    # A paid job is never failed over a local fault: the studio may end with the job waiting,
    # or wait for space itself (a journal that cannot take what the provider said). Either
    # way the user frees some space after a while, and `resume` finishes what is left.
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=WAIT_ON_FULL_DISK)
    filler.unlink(missing_ok=True)
    process.wait(timeout=120)


def _create_journal(journal: Path) -> None:
    """The journal as the studio makes it, before the disk is filled (its schema alone is
    larger than the room left)."""
    from studio.engine.journal import Journal

    Journal(journal).close()
