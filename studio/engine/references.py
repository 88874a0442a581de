"""A job's pictures made ready for the wire: its references (checked, upright, downscaled,
stripped of metadata) and, for an edit with a mask, the mask fitted to the first reference.
Image work runs on worker threads."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from studio.domain.catalog import ModelSpec, ProviderSpec
from studio.domain.i18n import QT_TRANSLATE_NOOP
from studio.domain.models import GenerationRequest
from studio.domain.validation import Refusal

if TYPE_CHECKING:
    from studio.providers.base import PreparedReference


def _prepare_reference(source: str, edge: int) -> PreparedReference:
    from studio.imaging.references import prepare_reference  # Pillow: on the worker thread

    return prepare_reference(source, max_edge=edge)


def _prepare_mask(mask: str, first: str, sent: PreparedReference) -> PreparedReference:
    from studio.imaging.masks import prepare_mask  # Pillow: on the worker thread

    return prepare_mask(mask, first, sent)


async def prepare_pictures(
    request: GenerationRequest, provider: ProviderSpec, model: ModelSpec
) -> list[PreparedReference]:
    """The references in order, then the mask (`PreparedReference.role == "mask"`) if any."""
    edge = provider.max_reference_edge
    prepared = list(
        await asyncio.gather(
            *(asyncio.to_thread(_prepare_reference, ref.source, edge) for ref in request.references)
        )
    )
    if request.mask is None:
        return prepared
    if not model.takes_mask:
        # Validation refuses this first; kept so a mask is never sent as a reference.
        raise Refusal(
            QT_TRANSLATE_NOOP("studio.validation", "This model does not take a mask."),
            field="mask",
        )
    first = request.references[0]
    mask = await asyncio.to_thread(_prepare_mask, request.mask, first.source, prepared[0])
    return [*prepared, mask.as_mask()]
