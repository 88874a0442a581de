"""The job journal: every job and result in SQLite (WAL), written *before* the step it announces.

A crash at any point leaves rows from which `resume` can finish the job without paying twice.
The connection is used from one thread at a time: the engine's loop, which in the window runs on
a thread of its own (`studio.engine.engine_thread`), so the UI thread never waits on the disk.
Keys are never stored here.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from studio.domain.models import Cost, GenerationRequest, JobState, ResultImage
from studio.engine.events import JobRecord
from studio.engine.journal_reading import (
    JOB_COLUMNS,
    JobRow,
    Moment,
)
from studio.engine.journal_results import ResultEdits
from studio.engine.journal_schema import create_private, migrate, tighten
from studio.engine.journal_wallet import WalletTables
from studio.engine.new_job import NewJob

__all__ = ["JobRow", "Journal", "Moment", "TaskTaken"]


class TaskTaken(Exception):
    """The provider answered with a task id another job already has; nothing was written."""


class Journal(ResultEdits, WalletTables):
    def __init__(self, path: Path) -> None:
        create_private(path)
        self.path = path
        self._db = sqlite3.connect(path, timeout=30, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode survives a killed process; only a power cut may lose the last commit.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        try:
            migrate(self._db)
        except BaseException:
            self._db.close()
            raise
        tighten(path)

    def close(self) -> None:
        self._db.close()

    # -- writing -----------------------------------------------------------------------------

    def create(
        self,
        request: GenerationRequest,
        *,
        estimated_cost: Cost | None,
        library_dir: str,
        base_url: str | None = None,
        key_env: str | None = None,
        owner: str | None = None,
    ) -> JobRow:
        job = NewJob(request, library_dir, estimated_cost, base_url, key_env)
        return self.create_many([job], owner=owner)[0]

    def create_many(
        self,
        jobs: Sequence[NewJob],
        *,
        owner: str | None = None,
        group: str | None = None,
        guard: Callable[[Journal, Sequence[NewJob]], None] | None = None,
        with_each: Callable[[Journal, str, NewJob], None] | None = None,
    ) -> list[JobRow]:
        """Journal jobs all or none, in one transaction under the write lock. `guard` runs
        first inside it and may refuse them all by raising (the budget check: what it reads
        cannot change before these rows are in, not even from another process); `with_each`
        writes what else belongs to each job in the same transaction (its bucket)."""
        import uuid  # not at start-up: a window that only shows its history never needs it

        now = time.time()
        ids = [uuid.uuid4().hex for _ in jobs]
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            if guard is not None:
                guard(self, jobs)
            for n, (job_id, job) in enumerate(zip(ids, jobs, strict=True)):
                request, at = job.request, now + n * 1e-6  # in the order given, as one by one
                self._db.execute(
                    f"INSERT INTO jobs ({JOB_COLUMNS}, owner) VALUES ({','.join('?' * 18)})",
                    (job_id, at, at, JobState.draft.value, request.provider, request.model,
                     request.to_json(), job.base_url, job.key_env, job.library_dir, None,
                     _cost_text(job.estimated_cost), None, None, None, group, job.target, owner),
                )  # fmt: skip
                self._db.execute(
                    "INSERT INTO jobs_fts (job_id, prompt, provider, model) VALUES (?,?,?,?)",
                    (job_id, request.prompt, request.provider, request.model),
                )
                if with_each is not None:
                    with_each(self, job_id, job)
        return [self.get(job_id) for job_id in ids]

    def update(
        self,
        job_id: str,
        *,
        state: JobState | None = None,
        task_id: str | None = None,
        charged_cost: Cost | None = None,
        error: tuple[str, str] | None = None,
        clear_error: bool = False,
        results: Iterable[ResultImage] | None = None,
        staged: Mapping[int, str] | None = None,
        unique_task_of: str | None = None,
    ) -> JobRow:
        """Change a job's state, task id, cost or error, and add the results the provider
        announced (with where their bytes are `staged` in the data folder, if they came
        inline), in one transaction (one per step of a job).

        With `unique_task_of` (the provider), a task id another job of that provider already has
        raises TaskTaken and writes nothing."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            if unique_task_of and task_id:
                other = self.find_task(unique_task_of, task_id, other_than=job_id)
                if other:
                    raise TaskTaken(other)
            self._set(
                job_id,
                state=state,
                task_id=task_id,
                charged_cost=charged_cost,
                error=error,
                clear_error=clear_error,
            )
            if results is not None:
                self._insert_results(job_id, results, staged or {})
        return self.get(job_id)

    def _set(
        self,
        job_id: str,
        *,
        state: JobState | None = None,
        task_id: str | None = None,
        charged_cost: Cost | None = None,
        error: tuple[str, str] | None = None,
        clear_error: bool = False,
    ) -> None:
        sets: list[str] = ["updated_at = ?"]
        values: list[object] = [time.time()]
        if state is not None:
            sets.append("state = ?")
            values.append(state.value)
        if task_id is not None:
            sets.append("task_id = ?")
            values.append(task_id)
        if charged_cost is not None:
            sets.append("charged_cost = ?")
            values.append(_cost_text(charged_cost))
        if error is not None:
            sets += ["error_kind = ?", "error_message = ?"]
            values += list(error)
        elif clear_error:
            sets += ["error_kind = NULL", "error_message = NULL"]
        self._db.execute(f"UPDATE jobs SET {', '.join(sets)} WHERE id = ?", (*values, job_id))

    def add_results(
        self, job_id: str, results: Iterable[ResultImage], staged: dict[int, str] | None = None
    ) -> JobRow:
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._insert_results(job_id, results, staged or {})
            self._db.execute("UPDATE jobs SET updated_at = ? WHERE id = ?", (time.time(), job_id))
        return self.get(job_id)

    def _insert_results(
        self, job_id: str, results: Iterable[ResultImage], staged: Mapping[int, str]
    ) -> None:
        self._db.executemany(
            "INSERT OR IGNORE INTO results (job_id, idx, url, staged_path, seed,"
            " final_prompt) VALUES (?,?,?,?,?,?)",
            [
                (job_id, i.index, i.url, staged.get(i.index), i.seed, i.final_prompt)
                for i in results
            ],
        )

    def result_saved(
        self,
        job_id: str,
        index: int,
        path: str,
        *,
        state: JobState | None = None,
        release: str | None = None,
    ) -> JobRow:
        """Record a saved result. The last one of a job also carries its final state (errors
        cleared) and gives the job up for `release` (this process's owner tag), in the same
        transaction: a job is never shown succeeded without all its files, nor the reverse."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute(
                "UPDATE results SET path = ?, staged_path = NULL WHERE job_id = ? AND idx = ?",
                (path, job_id, index),
            )
            if state is not None:
                self._set(job_id, state=state, clear_error=True)
            if release is not None:
                self.release(job_id, release)
        return self.get(job_id)

    def restart(self, job_id: str) -> JobRow:
        """Back to draft, forgetting the task and unsaved results (only for free providers)."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("DELETE FROM results WHERE job_id = ? AND path IS NULL", (job_id,))
            self._db.execute(
                "UPDATE jobs SET state = ?, task_id = NULL, error_kind = NULL,"
                " error_message = NULL, updated_at = ? WHERE id = ?",
                (JobState.draft.value, time.time(), job_id),
            )
        return self.get(job_id)

    def set_staged(self, job_id: str, index: int, path: str) -> None:
        self._db.execute(
            "UPDATE results SET staged_path = ? WHERE job_id = ? AND idx = ?", (path, job_id, index)
        )

    def staged_path(self, job_id: str, index: int) -> str | None:
        row = self._db.execute(
            "SELECT staged_path FROM results WHERE job_id = ? AND idx = ?", (job_id, index)
        ).fetchone()
        return row[0] if row else None

    def claim(
        self,
        job_id: str,
        owner: str,
        *,
        is_alive: Callable[[str], bool],
        seen: JobRecord | None = None,
        state: JobState | None = None,
        clear_error: bool = False,
    ) -> JobRow | None:
        """Take a job for this process: a compare-and-set on its row, serialised across
        processes (GUI and CLI may share the journal) by SQLite's write lock. Returns the row as
        claimed, read in the same transaction (run the job from it, never from an older read),
        or None: the job is gone, another live process runs it, it changed since `seen` (the
        row the caller decided on: state and last update must still match), or it is final
        and the caller did not decide on it as it is now. `state`/`clear_error` move it on in
        the same transaction (a failed job that continues)."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            row = self._db.execute(
                "SELECT owner, state, updated_at FROM jobs WHERE id = ?", (job_id,)
            ).fetchone()
            if row is None:
                return None
            current_owner, current_state, updated_at = row
            if current_owner and current_owner != owner and is_alive(current_owner):
                return None
            if seen is not None and (seen.state.value, seen.updated_at) != (
                current_state,
                updated_at,
            ):
                return None
            if seen is None and JobState(current_state).is_final:
                return None
            self._db.execute("UPDATE jobs SET owner = ? WHERE id = ?", (owner, job_id))
            if state is not None or clear_error:
                self._set(job_id, state=state, clear_error=clear_error)
            return self.get(job_id)

    def release(self, job_id: str, owner: str) -> None:
        self._db.execute("UPDATE jobs SET owner = NULL WHERE id = ? AND owner = ?", (job_id, owner))

    def remove(self, job_id: str) -> None:
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("DELETE FROM results WHERE job_id = ?", (job_id,))
            self._db.execute("DELETE FROM jobs_fts WHERE job_id = ?", (job_id,))
            self._db.execute("DELETE FROM jobs WHERE id = ?", (job_id,))


def _cost_text(cost: Cost | None) -> str | None:
    return json.dumps(cost.to_dict()) if cost else None
