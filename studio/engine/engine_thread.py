"""The engine on a thread of its own, for the window.

The window's loop is the UI thread. Run there, every HTTP answer parsed, every journal
statement and every hop to and from a worker thread took the UI's time; here the engine has
its own asyncio loop on its own thread, and the window awaits it through this object, which
offers the same calls (`studio.ui.kit.engine_api.EngineApi`):

- a coroutine call runs on the engine's loop; the caller's loop awaits its outcome, and
  cancelling the caller cancels it there;
- `cancel` and `update_settings` are handed over in the order they were made;
- events reach each listener on the loop that subscribed, in the order the engine sent them
  and before the result of any call that sent them; a burst of them costs the subscriber's
  loop one wake-up.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import threading
from collections.abc import Callable, Coroutine, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from studio.background import lower_this_thread
from studio.domain.models import Balance, GenerationRequest
from studio.engine.events import EngineEvent, JobRecord
from studio.engine.journal import Journal
from studio.engine.new_job import NewJob
from studio.settings import Settings

if TYPE_CHECKING:
    from studio.domain.refhost import RefBucket
    from studio.engine.claims import Shown
    from studio.engine.holding import HeldResult
    from studio.engine.runner import Engine
    from studio.imaging.references import ReferenceInfo

log = logging.getLogger("studio.engine")
T = TypeVar("T")

Listener = Callable[[EngineEvent], None]


class EngineThread:
    """Runs `engine` on a new thread with its own event loop until `aclose()`.

    Made on the loop that will use it (the window's): its events are delivered there."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._home = asyncio.get_running_loop()
        self._loop = asyncio.new_event_loop()
        self._outbox: list[tuple[Listener, EngineEvent]] = []
        self._outbox_lock = threading.Lock()
        self._listening: set[Listener] = set()
        self._ended: concurrent.futures.Future[None] = concurrent.futures.Future()
        self._closing = False
        self._thread = threading.Thread(target=self._serve, name="studio-engine", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        from studio.providers.asyncio_thread import asyncio_thread

        lower_this_thread()  # and so the worker threads it starts (studio.background)
        asyncio.set_event_loop(self._loop)
        try:
            with asyncio_thread():
                self._loop.run_forever()
                self._loop.run_until_complete(self._loop.shutdown_asyncgens())
                self._loop.run_until_complete(self._loop.shutdown_default_executor())
        finally:
            self._loop.close()
            self._ended.set_result(None)

    async def _call(self, coro: Coroutine[Any, Any, T]) -> T:
        if self._closing:
            coro.close()
            raise RuntimeError("the engine is closed")
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coro, self._loop))

    # -- events ------------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listening.add(listener)

        def forward(event: EngineEvent) -> None:  # on the engine's thread
            with self._outbox_lock:
                first = not self._outbox
                self._outbox.append((listener, event))
            if first:
                # A closed loop (the window is gone) has nobody listening.
                with contextlib.suppress(RuntimeError):
                    self._home.call_soon_threadsafe(self._deliver)

        # A list append, atomic for the engine's `notify`, which walks a copy of the list.
        unsubscribe_there = self.engine.subscribe(forward)

        def unsubscribe() -> None:
            self._listening.discard(listener)  # events already on their way are dropped
            unsubscribe_there()

        return unsubscribe

    def _deliver(self) -> None:
        with self._outbox_lock:
            batch, self._outbox = self._outbox, []
        for listener, event in batch:
            if listener not in self._listening:
                continue
            try:
                listener(event)
            except Exception:
                log.exception("an engine listener failed")

    # -- calls -------------------------------------------------------------------------------

    async def submit(self, request: GenerationRequest) -> JobRecord:
        return await self._call(self.engine.submit(request))

    async def submit_many(
        self, jobs: Sequence[NewJob], *, group: str | None = None
    ) -> list[JobRecord]:
        return await self._call(self.engine.submit_many(tuple(jobs), group=group))

    async def set_star(self, job_id: str, index: int, starred: bool) -> JobRecord:
        return await self._call(self.engine.set_star(job_id, index, starred))

    def cancel(self, job_id: str) -> None:
        self._loop.call_soon_threadsafe(self.engine.cancel, job_id)

    async def retry(self, job_id: str, *, pay_again: bool = False) -> JobRecord:
        return await self._call(self.engine.retry(job_id, pay_again=pay_again))

    async def remove(self, job_id: str) -> None:
        await self._call(self.engine.remove(job_id))

    async def job(self, job_id: str) -> JobRecord:
        return await self._call(self.engine.job(job_id))

    async def wait(self, job_id: str) -> JobRecord:
        return await self._call(self.engine.wait(job_id))

    async def jobs(self, *, limit: int | None = None) -> list[JobRecord]:
        return await self._call(self.engine.jobs(limit=limit))

    async def search(self, text: str = "", **filters: Any) -> list[JobRecord]:
        """`Engine.search` (the same filters: since, until, provider, model, states, limit)."""
        if filters.get("states") is not None:
            filters["states"] = tuple(filters["states"])  # not an iterator another thread walks
        return await self._call(self.engine.search(text, **filters))

    async def resume(self) -> list[JobRecord]:
        return await self._call(self.engine.resume())

    async def sweep(self, shown: Mapping[str, Shown]) -> list[JobRecord]:
        """`studio.engine.claims.sweep`: no job shown running that nobody polls."""
        from studio.engine import claims

        return await self._call(claims.sweep(self.engine, dict(shown)))

    async def check_key(self, provider: str) -> Balance | None:
        return await self._call(self.engine.check_key(provider))

    async def check_ref_bucket(
        self, bucket: RefBucket, key_id: str | None = None, secret: str | None = None
    ) -> None:
        await self._call(self.engine.check_ref_bucket(bucket, key_id, secret))

    async def prepare_reference(self, source: str) -> ReferenceInfo:
        return await self._call(self.engine.prepare_reference(source))

    async def db(self, action: Callable[[Journal], T]) -> T:
        """`action(journal)` on the engine's thread (for tools and tests)."""
        return await self._call(self.engine.db(action))

    async def remove_result(self, job_id: str, index: int) -> HeldResult:
        return await self._call(self.engine.remove_result(job_id, index))

    async def restore_result(self, held: HeldResult) -> JobRecord:
        return await self._call(self.engine.restore_result(held))

    def active_jobs(self) -> int:
        return self.engine.active_jobs()

    def images_only_in_memory(self) -> int:
        return self.engine.images_only_in_memory()

    def update_settings(self, settings: Settings) -> None:
        self._loop.call_soon_threadsafe(self.engine.update_settings, settings)

    async def aclose(self) -> None:
        """Close the engine (its jobs stay resumable), then end its loop and thread; idempotent."""
        if self._closing:
            await asyncio.wrap_future(self._ended)
            return
        try:
            await self._call(self.engine.aclose())
        finally:
            self._closing = True
            self._loop.call_soon_threadsafe(self._loop.stop)
            await asyncio.wrap_future(self._ended)


def start_engine_thread(**engine_options: Any) -> EngineThread:
    """An `Engine` made with these arguments, running on a thread of its own: the one way the
    window (and whatever stands in for it) gets its engine, so the journal, which runs inline on
    the engine's loop, never runs on the UI thread. Call it on the window's loop."""
    from studio.engine.runner import Engine

    return EngineThread(Engine(**engine_options))
