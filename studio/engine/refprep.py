"""Reading the user's reference pictures for a job: checked, cleaned and downscaled (Pillow),
each on a worker thread so neither the engine's loop nor the window waits for the decoding."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studio.domain.plan import RequestPlan
    from studio.imaging.references import ReferenceInfo
    from studio.providers.base import PreparedReference


def _inspect_reference(source: str) -> ReferenceInfo:
    from studio.imaging.references import inspect_reference  # Pillow: on the worker thread

    return inspect_reference(source)


def _prepare_reference(source: str, edge: int) -> PreparedReference:
    from studio.imaging.references import prepare_reference  # Pillow: on the worker thread

    return prepare_reference(source, max_edge=edge)


async def inspect(source: str) -> ReferenceInfo:
    """A dropped file or link checked, with a thumbnail for a file."""
    return await asyncio.to_thread(_inspect_reference, source)


async def prepare_all(plan: RequestPlan) -> list[PreparedReference]:
    """The request's references ready for the wire, in order."""
    edge = plan.provider.max_reference_edge
    sources = [ref.source for ref in plan.request.references]
    return list(
        await asyncio.gather(
            *(asyncio.to_thread(_prepare_reference, source, edge) for source in sources)
        )
    )


async def probe_links(plan: RequestPlan, *, trust_env: bool = True) -> None:
    """The links the user typed, each checked for an image before anything is paid for
    (`studio.providers.probe`); a dead one is refused with InvalidRequest."""
    urls = [r.source for r in plan.request.references if r.is_url and "://" in r.source]
    if urls:
        from studio.providers.probe import probe_references  # httpx: imported by now

        await probe_references(urls, trust_env=trust_env)
