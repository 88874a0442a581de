"""One result of a finished job taken out (deleting one image of several) and put back (undo):
the file waits in the engine's holding area (`studio.engine.holding`) meanwhile."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from studio.domain.errors import StudioError
from studio.engine.events import JobRecord
from studio.engine.live import EngineBase

if TYPE_CHECKING:
    from studio.engine.holding import HeldResult


class ResultRemoval(EngineBase):
    staging_dir: Path

    @property
    def holding_dir(self) -> Path:
        """Where deleted results wait for an undo (`studio.engine.holding`)."""
        return self.staging_dir.parent / "deleted"

    async def remove_result(self, job_id: str, index: int) -> HeldResult:
        """Take one image out of a finished job: journaled first, then the file is moved to the
        holding area (a crash in between leaves the file in the library, not lost)."""
        from studio.engine import holding

        row = await self.db(lambda j: j.get(job_id))
        if not row.record.is_final:
            raise StudioError(f"job {job_id} is still running")
        result = await self.db(lambda j: j.remove_result(job_id, index))
        if result is None or not result.path:
            raise KeyError((job_id, index))
        try:
            held_path = await asyncio.to_thread(holding.hold, result.path, self.holding_dir)
        except BaseException:
            # The file stayed in the library (hold is all or nothing): so does its row.
            await self.db(lambda j: j.restore_result(job_id, result))
            raise
        self.emit(await self.db(lambda j: j.get(job_id)))
        await asyncio.to_thread(holding.purge, self.holding_dir)
        return holding.HeldResult(job_id, result, held_path)

    async def restore_result(self, held: HeldResult) -> JobRecord:
        """Undo `remove_result`: the file goes back first, then the journal learns of it (a
        crash in between leaves the file in the library, not a row without its file)."""
        from studio.engine import holding

        await asyncio.to_thread(holding.put_back, held.held_path, held.path)
        row = await self.db(lambda j: j.restore_result(held.job_id, held.result))
        self.emit(row)
        return row.record
