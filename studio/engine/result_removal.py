"""Taking one image out of a finished job, and putting it back (the gallery's Delete and Undo):
journaled first, then the file moves to the holding area (`studio.engine.holding`) and back."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypeVar

from studio.domain.errors import StudioError
from studio.engine import holding
from studio.engine.events import JobRecord
from studio.engine.journal import JobRow, Journal

T = TypeVar("T")


class Engine(Protocol):
    """What this needs of the engine (`studio.engine.runner.Engine`)."""

    @property
    def holding_dir(self) -> Path: ...

    async def db(self, action: Callable[[Journal], T]) -> T: ...

    def emit(self, row: JobRow) -> None: ...


async def remove_result(engine: Engine, job_id: str, index: int) -> holding.HeldResult:
    """Take one image out of a finished job: journaled first, then the file is moved to the
    holding area (a crash in between leaves the file in the library, not lost)."""
    row = await engine.db(lambda j: j.get(job_id))
    if not row.record.is_final:
        raise StudioError(f"job {job_id} is still running")
    result = await engine.db(lambda j: j.remove_result(job_id, index))
    if result is None or not result.path:
        raise KeyError((job_id, index))
    try:
        held_path = await asyncio.to_thread(holding.hold, result.path, engine.holding_dir)
    except BaseException:
        # The file stayed in the library (hold is all or nothing): so does its row.
        await engine.db(lambda j: j.restore_result(job_id, result))
        raise
    engine.emit(await engine.db(lambda j: j.get(job_id)))
    await asyncio.to_thread(holding.purge, engine.holding_dir)
    return holding.HeldResult(job_id, result, held_path)


async def restore_result(engine: Engine, held: holding.HeldResult) -> JobRecord:
    """Undo `remove_result`: the file goes back first, then the journal learns of it (a crash
    in between leaves the file in the library, not a row without its file)."""
    await asyncio.to_thread(holding.put_back, held.held_path, held.path)
    await engine.db(lambda j: j.restore_result(held.job_id, held.result))
    row = await engine.db(lambda j: j.get(held.job_id))
    engine.emit(row)
    return row.record
