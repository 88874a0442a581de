"""Reading the job journal: a job with its results as a `JobRow`, the job lists the faces show,
and the history search. `studio.engine.journal.Journal` writes, and builds on this."""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from studio.domain.models import Cost, GenerationRequest, JobState, ResultImage
from studio.engine.events import JobRecord

#: A point in time: an aware (or local naive) datetime, or POSIX seconds like `created_at`.
Moment = datetime | float

JOB_COLUMNS = (
    "id, created_at, updated_at, state, provider, model, request, base_url, key_env, library_dir,"
    " task_id, estimated_cost, charged_cost, error_kind, error_message"
)

_RESULT_COLUMNS = "idx, url, path, seed, final_prompt, staged_path"
#: One job with its results in a single statement: every write re-reads its job, and each
#: statement releases the GIL (a hand-over to any other busy thread).
_JOB_WITH_RESULTS = (
    "SELECT "
    + ", ".join(f"jobs.{c.strip()}" for c in JOB_COLUMNS.split(","))
    + ", "
    + ", ".join(f"results.{c.strip()}" for c in _RESULT_COLUMNS.split(","))
    + " FROM jobs LEFT JOIN results ON results.job_id = jobs.id WHERE jobs.id = ?"
    " ORDER BY results.idx"
)
_JOB_WIDTH = len(JOB_COLUMNS.split(","))


@dataclass(frozen=True)
class JobRow:
    """A job plus where it runs (base URL, key variable, library folder)."""

    record: JobRecord
    base_url: str | None
    key_env: str | None
    library_dir: str
    #: Result index -> bytes kept in the data folder until the library takes them (Retry).
    staged: Mapping[int, str] = field(default_factory=dict)


@functools.lru_cache(maxsize=512)
def _request(text: str) -> GenerationRequest:
    """A job's request, parsed once: every journal write returns the row, and decoding the same
    JSON into the same (frozen) request on each of them was most of the journal's work."""
    return GenerationRequest.from_dict(json.loads(text))


class JournalReading:
    """The journal's queries, on the connection `Journal` opens."""

    _db: sqlite3.Connection

    def library_dirs(self) -> list[str]:
        """Every folder a job has saved (or will save) results into."""
        return [r[0] for r in self._db.execute("SELECT DISTINCT library_dir FROM jobs")]

    def get(self, job_id: str) -> JobRow:
        rows = self._db.execute(_JOB_WITH_RESULTS, (job_id,)).fetchall()
        if not rows:
            raise KeyError(job_id)
        results = [r[_JOB_WIDTH:] for r in rows if r[_JOB_WIDTH] is not None]
        return self._row(rows[0][:_JOB_WIDTH], results)

    def find_task(self, provider: str, task_id: str, *, other_than: str) -> str | None:
        row = self._db.execute(
            "SELECT id FROM jobs WHERE provider = ? AND task_id = ? AND id != ? LIMIT 1",
            (provider, task_id, other_than),
        ).fetchone()
        return row[0] if row else None

    def jobs(
        self, *, limit: int | None = None, states: Iterable[JobState] | None = None
    ) -> list[JobRow]:
        query = f"SELECT {JOB_COLUMNS} FROM jobs"
        params: list[object] = []
        if states is not None:
            names = [s.value for s in states]
            query += f" WHERE state IN ({','.join('?' * len(names))})"
            params += names
        query += " ORDER BY created_at DESC, rowid DESC"
        if limit is not None:
            query += " LIMIT ?"
            params.append(limit)
        return self._rows(self._db.execute(query, params).fetchall())

    def failed_jobs(self, kinds: Iterable[str]) -> list[JobRow]:
        """Failed jobs whose error is one of `kinds` (not the whole failed history)."""
        names = list(kinds)
        query = (
            f"SELECT {JOB_COLUMNS} FROM jobs WHERE state = ?"
            f" AND error_kind IN ({','.join('?' * len(names))}) ORDER BY created_at DESC"
        )
        return self._rows(self._db.execute(query, [JobState.failed.value, *names]).fetchall())

    def search(
        self,
        text: str = "",
        *,
        since: Moment | None = None,
        until: Moment | None = None,
        provider: str | None = None,
        model: str | None = None,
        states: Iterable[JobState] | None = None,
        limit: int | None = 500,
    ) -> list[JobRow]:
        """Jobs, newest first, whose prompt, provider or model match every word typed (prefix
        match through FTS5), created in [since, until), of the given provider, model and states.

        Empty text with no filter is the whole history; the date range alone walks the
        created_at index, so either way 10,000 jobs answer while the user types."""
        where: list[str] = []
        params: list[object] = []
        words = [w.replace('"', '""') for w in text.split()]
        if words:
            where.append("id IN (SELECT job_id FROM jobs_fts WHERE jobs_fts MATCH ?)")
            params.append(" ".join(f'"{w}"*' for w in words))
        if since is not None:
            where.append("created_at >= ?")
            params.append(_timestamp(since))
        if until is not None:
            where.append("created_at < ?")
            params.append(_timestamp(until))
        for column, value in (("provider", provider), ("model", model)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if states is not None:
            names = [s.value for s in states]
            where.append(f"state IN ({','.join('?' * len(names))})")
            params += names
        query = f"SELECT {JOB_COLUMNS} FROM jobs"
        if where:
            query += " WHERE " + " AND ".join(where)
        query += " ORDER BY created_at DESC, rowid DESC"
        if limit is not None:
            query += " LIMIT ?"
            params.append(limit)
        return self._rows(self._db.execute(query, params).fetchall())

    def _rows(self, rows: list[tuple[Any, ...]]) -> list[JobRow]:
        """Many jobs with their results in one query per 500 jobs, not one query per job."""
        by_job: dict[str, list[tuple[Any, ...]]] = {}
        ids = [r[0] for r in rows]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for r in self._db.execute(
                f"SELECT job_id, {_RESULT_COLUMNS} FROM results"
                f" WHERE job_id IN ({','.join('?' * len(chunk))}) ORDER BY job_id, idx",
                chunk,
            ):
                by_job.setdefault(r[0], []).append(r[1:])
        return [self._row(r, by_job.get(r[0], [])) for r in rows]

    def _row(
        self, row: tuple[Any, ...], result_rows: list[tuple[Any, ...]] | None = None
    ) -> JobRow:
        if result_rows is None:
            result_rows = self._db.execute(
                f"SELECT {_RESULT_COLUMNS} FROM results WHERE job_id = ? ORDER BY idx", (row[0],)
            ).fetchall()
        results = tuple(
            ResultImage(index=r[0], url=r[1], path=r[2], seed=r[3], final_prompt=r[4])
            for r in result_rows
        )
        record = JobRecord(
            id=row[0],
            created_at=row[1],
            updated_at=row[2],
            state=JobState(row[3]),
            request=_request(row[6]),
            task_id=row[10],
            estimated_cost=_cost(row[11]),
            charged_cost=_cost(row[12]),
            error_kind=row[13],
            error_message=row[14],
            results=results,
            files=tuple(r.path for r in results if r.path),
        )
        staged = {r[0]: r[5] for r in result_rows if r[5]}
        return JobRow(
            record=record, base_url=row[7], key_env=row[8], library_dir=row[9], staged=staged
        )


def _timestamp(moment: Moment) -> float:
    """POSIX seconds, as created_at is stored; naive datetimes are local time (Python's rule)."""
    return moment.timestamp() if isinstance(moment, datetime) else float(moment)


def _cost(text: str | None) -> Cost | None:
    return Cost.from_dict(json.loads(text)) if text else None
