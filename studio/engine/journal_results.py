"""The journal's edits of single results: deleting one image of several (and undoing that), and
stars. Part of `Journal`, which owns the connection; split off so the job journal stays short."""

from __future__ import annotations

import time

from studio.domain.models import ResultImage
from studio.engine.journal_reading import JobRow, JournalReading


class ResultEdits(JournalReading):
    def remove_result(self, job_id: str, index: int) -> ResultImage | None:
        """Forget one saved result of a job (the job and its other results stay); what the
        journal knew of it, to give back to `restore_result`, or None when there was none."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            row = self._db.execute(
                "SELECT idx, url, path, seed, final_prompt, starred FROM results"
                " WHERE job_id = ? AND idx = ? AND path IS NOT NULL",
                (job_id, index),
            ).fetchone()
            if row is None:
                return None
            self._db.execute("DELETE FROM results WHERE job_id = ? AND idx = ?", (job_id, index))
            self._db.execute("UPDATE jobs SET updated_at = ? WHERE id = ?", (time.time(), job_id))
        return ResultImage(
            index=row[0], url=row[1], path=row[2], seed=row[3], final_prompt=row[4],
            starred=bool(row[5]),
        )  # fmt: skip

    def restore_result(self, job_id: str, result: ResultImage) -> JobRow:
        """Put back a result `remove_result` took out (its file must be back in place)."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute(
                "INSERT OR REPLACE INTO results (job_id, idx, url, path, seed, final_prompt,"
                " starred) VALUES (?,?,?,?,?,?,?)",
                (
                    job_id,
                    result.index,
                    result.url,
                    result.path,
                    result.seed,
                    result.final_prompt,
                    int(result.starred),
                ),
            )
            self._db.execute("UPDATE jobs SET updated_at = ? WHERE id = ?", (time.time(), job_id))
        return self.get(job_id)

    def set_star(self, job_id: str, index: int, starred: bool) -> bool:
        """Star (or unstar) one result; False when the job has no such result. The job's
        update time moves on, so a window that re-reads it sees the change."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            changed = self._db.execute(
                "UPDATE results SET starred = ? WHERE job_id = ? AND idx = ?",
                (int(starred), job_id, index),
            ).rowcount
            if changed:
                self._db.execute(
                    "UPDATE jobs SET updated_at = ? WHERE id = ?", (time.time(), job_id)
                )
        return bool(changed)
