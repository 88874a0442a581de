"""The journal's part of reference hosting: a job's bucket and its uploads (schema 4).

Only what `resume` needs is kept: the bucket (no credentials), and per reference the object's
name and the link sent, so a resumed job sends the same link and never uploads under another
name. The rows go when the job has ended and its objects are deleted.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from studio.domain.models import JobState
from studio.domain.refhost import RefBucket
from studio.engine.journal import Journal
from studio.engine.new_job import NewJob

_FINAL = tuple(s.value for s in JobState if s.is_final)


@dataclass(frozen=True)
class Upload:
    """One local reference as uploaded: the object's name under the prefix and its link."""

    name: str
    url: str
    expires_at: float


def _db(journal: Journal) -> sqlite3.Connection:
    # The journal's own connection: these rows commit in its transactions' order.
    return journal._db


def set_bucket(journal: Journal, job_id: str, bucket: RefBucket) -> None:
    _db(journal).execute(
        "INSERT OR REPLACE INTO ref_hosting (job_id, bucket) VALUES (?, ?)",
        (job_id, json.dumps(bucket.to_dict(), sort_keys=True)),
    )


def remember_bucket(journal: Journal, job_id: str, job: NewJob) -> None:
    """Inside the transaction that writes a new job: the bucket its local references go to,
    so a resume (or a Retry) uses that one, never another."""
    if job.ref_bucket is not None:
        set_bucket(journal, job_id, job.ref_bucket)


def bucket_of(journal: Journal, job_id: str) -> RefBucket | None:
    row = (
        _db(journal)
        .execute("SELECT bucket FROM ref_hosting WHERE job_id = ?", (job_id,))
        .fetchone()
    )
    return RefBucket.from_dict(json.loads(row[0])) if row else None


def uploads(journal: Journal, job_id: str) -> dict[int, Upload]:
    rows = _db(journal).execute(
        "SELECT idx, name, url, expires_at FROM ref_uploads WHERE job_id = ?", (job_id,)
    )
    return {idx: Upload(name, url, expires_at) for idx, name, url, expires_at in rows}


def record_uploads(journal: Journal, job_id: str, done: dict[int, Upload]) -> None:
    """Every upload of one step, in one transaction, before the create that sends the links."""
    db = _db(journal)
    with db:
        db.execute("BEGIN IMMEDIATE")
        db.executemany(
            "INSERT OR REPLACE INTO ref_uploads (job_id, idx, name, url, expires_at)"
            " VALUES (?,?,?,?,?)",
            [(job_id, i, u.name, u.url, u.expires_at) for i, u in sorted(done.items())],
        )


def names_in_use(journal: Journal, *, other_than: str | None = None) -> set[str]:
    """Objects journaled for jobs that have not ended (the same picture may serve several)."""
    marks = ",".join("?" * len(_FINAL))
    rows = _db(journal).execute(
        "SELECT DISTINCT u.name FROM ref_uploads u JOIN jobs j ON j.id = u.job_id"
        f" WHERE j.state NOT IN ({marks}) AND j.id != ?",
        (*_FINAL, other_than or ""),
    )
    return {name for (name,) in rows}


def release(journal: Journal, job_id: str) -> tuple[RefBucket | None, list[str]]:
    """Forget an ended job's uploads; its bucket and the names it had (to delete where no
    unfinished job uses them, `names_in_use`, asked again just before each deletion). The rows
    go in one transaction; deleting the objects is the caller's."""
    db = _db(journal)
    with db:
        db.execute("BEGIN IMMEDIATE")
        bucket = bucket_of(journal, job_id)
        mine = {u.name for u in uploads(journal, job_id).values()}
        db.execute("DELETE FROM ref_uploads WHERE job_id = ?", (job_id,))
        # The bucket stays (it holds no credentials): a Retry sends the new job to it. It goes
        # with the job (ON DELETE CASCADE).
    return bucket, sorted(mine)


def ended_with_uploads(journal: Journal) -> list[tuple[str, str]]:
    """(job id, provider) of jobs that have ended with uploads still journaled: the process
    stopped between a job's end and the deletion of its objects."""
    marks = ",".join("?" * len(_FINAL))
    rows = _db(journal).execute(
        "SELECT DISTINCT j.id, j.provider FROM ref_uploads u JOIN jobs j ON j.id = u.job_id"
        f" WHERE j.state IN ({marks})",
        _FINAL,
    )
    return [(job_id, provider) for job_id, provider in rows]
