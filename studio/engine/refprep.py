"""Reading the user's reference pictures for a job: checked, cleaned and downscaled (Pillow),
and for an edit with a mask, the mask fitted to the first reference; each on a worker thread so
neither the engine's loop nor the window waits for the decoding. Links the user typed are
probed before anything is paid for."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from studio.domain.edit_rules import check_mask

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


def _prepare_mask(mask: str, first: str, sent: PreparedReference) -> PreparedReference:
    from studio.imaging.masks import prepare_mask  # Pillow: on the worker thread

    return prepare_mask(mask, first, sent)


async def inspect(source: str) -> ReferenceInfo:
    """A dropped file or link checked, with a thumbnail for a file; the file is prepared for
    sending at the same time (`studio.imaging.references`), so the job does not decode it again."""
    return await asyncio.to_thread(_inspect_reference, source)


async def prepare_all(plan: RequestPlan) -> list[PreparedReference]:
    """The request's references ready for the wire, in order, then the mask
    (`PreparedReference.role == "mask"`) if any."""
    request = plan.request
    edge = plan.provider.max_reference_edge
    sources = [ref.source for ref in request.references]
    prepared = list(
        await asyncio.gather(
            *(asyncio.to_thread(_prepare_reference, source, edge) for source in sources)
        )
    )
    if request.mask is None:
        return prepared
    # Validation refuses these first. A journaled job is not validated again when it resumes
    # (`Planning.plan_of`): its mask is checked here, so a mask is never sent as a reference,
    # and a job whose mask has no picture to fit ends saying so.
    check_mask(request, plan.provider, plan.model)
    first = request.references[0]
    mask = await asyncio.to_thread(_prepare_mask, request.mask, first.source, prepared[0])
    return [*prepared, mask.as_mask()]


async def probe_links(plan: RequestPlan, *, trust_env: bool = True) -> None:
    """The links the user typed, each checked for an image before anything is paid for
    (`studio.providers.probe`); a dead one is refused with InvalidRequest."""
    urls = [r.source for r in plan.request.references if r.is_url and "://" in r.source]
    if urls:
        from studio.providers.probe import probe_references  # httpx: imported by now

        await probe_references(urls, trust_env=trust_env)
