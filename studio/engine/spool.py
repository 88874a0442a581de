"""A paid create's reply, kept on disk before anything reads it.

The journal records what a create's reply said one step after the reply arrives (results
staged, task id written). A process killed in between left the job `submitting`, whose only
true outcome was "unknown", although the provider had answered and charged. So the reply's
body goes first to `<staging>/<job_id>.reply` (written, flushed and renamed into place: never
half a file under that name), named by the job alone, so the journal knows where it would be
before the create is sent. `resume` reads a job's spooled reply as the create would have, and
the job goes on from there without a new create; the window of loss shrinks to the network
receive itself. The file goes once the journal holds what it said.
"""

from __future__ import annotations

import logging
from pathlib import Path

from studio.engine.library import sync_folder, write_atomically

log = logging.getLogger("studio.engine")


def spool_path(staging_dir: Path, job_id: str) -> Path:
    return staging_dir / f"{job_id}.reply"


def write_spool(staging_dir: Path, job_id: str, body: bytes) -> None:
    """Keep the reply (blocking: a worker thread). A disk that cannot take it is logged, not
    raised: the reply is still in memory, and the job goes on to save what it says."""
    try:
        staging_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomically(spool_path(staging_dir, job_id), body, overwrite=True, mark=False)
        sync_folder(staging_dir)
    except OSError as exc:
        log.warning("job %s: the create's reply could not be kept on disk: %s", job_id, exc)


def read_spool(staging_dir: Path, job_id: str) -> bytes | None:
    try:
        return spool_path(staging_dir, job_id).read_bytes()
    except FileNotFoundError:
        return None


def drop_spool(staging_dir: Path, job_id: str) -> None:
    try:
        spool_path(staging_dir, job_id).unlink(missing_ok=True)
    except OSError as exc:  # harmless: a spool is only read for a job still `submitting`
        log.warning("job %s: the kept reply could not be removed: %s", job_id, exc)
