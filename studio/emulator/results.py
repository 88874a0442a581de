"""Result files as the providers hand them out: stored per task, drawn on first download."""

from __future__ import annotations

from collections.abc import Sequence

import anyio.to_thread
from starlette.responses import Response

from studio.emulator.exchange import Exchange
from studio.emulator.fault_responses import huge_response, spoiled_image
from studio.emulator.faults import SPOILING_ACTIONS, Action
from studio.emulator.images import ImageSpec
from studio.emulator.state import EmulatorState, StoredImage


def store_images(
    state: EmulatorState, provider: str, stem: str, specs: Sequence[ImageSpec]
) -> tuple[str, ...]:
    """Register one file per spec as ``<provider>/<stem>-<seq>.<ext>``; returns their names."""
    names = []
    for seq, spec in enumerate(specs, start=1):
        name = f"{provider}/{stem}-{seq}.{spec.format}"
        state.add_image(name, StoredImage(provider, spec))
        names.append(name)
    return tuple(names)


def file_url(exchange: Exchange, name: str) -> str:
    return exchange.url(f"cdn/{name}")


async def image_response(
    exchange: Exchange, image: StoredImage, *, attachment: bool = False
) -> Response:
    """The file's bytes, or what an image fault makes of them."""
    action, length = exchange.action, exchange.fault.length if exchange.fault else None
    if action is Action.huge:
        return huge_response(length)
    data = await anyio.to_thread.run_sync(exchange.state.image_bytes, image)
    media_type = image.spec.media_type
    if action in SPOILING_ACTIONS:
        data = await anyio.to_thread.run_sync(spoiled_image, action, data, length)
        media_type = media_type if action is Action.truncate else "image/png"
    headers = {"Cache-Control": "private, max-age=31536000"}
    if attachment:
        headers["Content-Disposition"] = 'attachment; filename="image.' + image.spec.format + '"'
    return Response(data, media_type=media_type, headers=headers)
