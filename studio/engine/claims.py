"""No ghost jobs: which process runs each unfinished job this engine does not, and taking over
the jobs whose process has certainly ended.

A job shows "Running" only while some process polls it. The window asks every few seconds
(`sweep`) about the unfinished jobs it shows and this engine does not run: a job whose owner has
ended (on this computer, where that can be known) or that nobody owns is taken over, continuing
from the journal without sending its create again; one that a live process runs (another
studio, the command line, or a process on another computer sharing the folder) is announced with
`JobRecord.elsewhere` saying where; one that became final over there is announced as it is now.
"""

from __future__ import annotations

import socket
from collections.abc import Iterable, Mapping
from dataclasses import replace
from operator import methodcaller
from typing import TYPE_CHECKING

from studio.domain.i18n import QT_TRANSLATE_NOOP, Text
from studio.engine.events import JobChanged, JobRecord, JobRemoved
from studio.engine.recovery import process_alive, take_over

if TYPE_CHECKING:
    from studio.engine.journal import Journal
    from studio.engine.runner import Engine

# What the window last showed of a job: its journal time and where it said the job runs.
Shown = tuple[float, str | None]

_CONTEXT = "studio.claims"  # written out in each QT_TRANSLATE_NOOP: lupdate reads literals


def owners(journal: Journal, job_ids: Iterable[str]) -> dict[str, str | None]:
    """The owner tag ("host:pid") of each job; a job that is gone is left out."""
    ids = list(job_ids)
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    # The journal's own connection, on the engine's thread like every journal call.
    rows = journal._db.execute(f"SELECT id, owner FROM jobs WHERE id IN ({marks})", ids)
    return dict(rows.fetchall())


def where(owner: str) -> Text:
    """Where a live owner runs a job, in the user's words."""
    host, _, pid = owner.rpartition(":")
    if host == socket.gethostname():
        return Text(
            _CONTEXT,
            QT_TRANSLATE_NOOP(
                "studio.claims", "Running in another Image Studio on this computer (process {pid})"
            ),
            {"pid": pid},
        )
    return Text(
        _CONTEXT,
        QT_TRANSLATE_NOOP("studio.claims", "Claimed by {host}; not polled here"),
        {"host": host},
    )


def abandoned(owner: str | None, engine: Engine) -> bool:
    """Nobody runs the job: no owner, this engine (which does not run it), or a process on this
    computer that has certainly ended. A process on another computer counts as alive."""
    return owner is None or owner == engine.owner or not process_alive(owner)


async def sweep(engine: Engine, shown: Mapping[str, Shown]) -> list[JobRecord]:
    """Look again at the jobs the window shows as unfinished (`shown`): take over those nobody
    runs, say where the others run, and announce every one that changed; returns those."""
    ids = [job_id for job_id in shown if not engine.running(job_id)]
    tags = await engine.db(lambda j: owners(j, ids))
    announced = []
    for job_id in ids:
        if job_id not in tags:
            engine.notify(JobRemoved(job_id))
            continue
        row = await engine.db(methodcaller("get", job_id))
        record = await _look(engine, row.record, tags[job_id])
        if record is not None and (record.updated_at, _text(record)) != shown[job_id]:
            engine.notify(JobChanged(record))
            announced.append(record)
    return announced


async def _look(engine: Engine, record: JobRecord, owner: str | None) -> JobRecord | None:
    """The job as the window should show it now, or None when it is taken over here (the
    engine announces it as it runs)."""
    if record.is_final or record.held:
        # Over there, it ended or stopped for a reason the queue shows (with that reason).
        return await engine.job(record.id)
    if abandoned(owner, engine):
        if (row := await take_over(engine, record)) is not None:
            engine.emit(row)
            return None
        return await engine.job(record.id)  # it moved on meanwhile: show it as it is now
    assert owner is not None
    return replace(record, elsewhere=where(owner))


def _text(record: JobRecord) -> str | None:
    return None if record.elsewhere is None else str(record.elsewhere)
