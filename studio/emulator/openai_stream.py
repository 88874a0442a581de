"""OpenAI Images streaming and masks in the emulator (reference/openai-openapi.yaml).

A streamed create (`stream: true`) answers with server-sent events: `partial_images` events of
type `image_generation.partial_image` (`image_edit.partial_image` for edits), then one
`*.completed` event per image with the final picture and the `usage`, each event shaped as
the spec's ImageGen*/ImageEdit* event schemas. A mask must be a PNG of the first image's size
with transparent pixels.
"""

from __future__ import annotations

import base64
import io
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import anyio.to_thread
from PIL import Image, ImageFilter, UnidentifiedImageError
from starlette.responses import StreamingResponse

from studio.emulator.images import ImageSpec, render
from studio.emulator.references import BadReference, decode_data_url, sniff_image

#: The spec's limit for a mask file.
MAX_MASK_BYTES = 4 * 1024 * 1024
#: Seconds between a stream's events (tests use the emulator's short generation time).
EVENT_GAP = 0.02


def check_mask(mask: bytes, first_image: bytes | None) -> None:
    """A mask the real service accepts: a PNG under 4 MB, the first image's size, with an
    alpha channel that has fully transparent pixels (where the model edits)."""
    if len(mask) > MAX_MASK_BYTES:
        raise BadReference("mask must be less than 4MB")
    if sniff_image(mask) != "png":
        raise BadReference("mask must be a PNG file")
    try:
        with Image.open(io.BytesIO(mask)) as picture:
            picture.load()
            size = picture.size
            has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
            alpha = picture.convert("RGBA").getchannel("A") if has_alpha else None
    except (UnidentifiedImageError, OSError, ValueError):
        raise BadReference("mask is not a readable PNG") from None
    if alpha is None or alpha.getextrema()[0] != 0:
        raise BadReference("mask must have transparent pixels (alpha 0) where to edit")
    if first_image is not None:
        with Image.open(io.BytesIO(first_image)) as picture:
            if picture.size != size:
                raise BadReference(
                    f"mask is {size[0]}x{size[1]} but image is "
                    f"{picture.size[0]}x{picture.size[1]}; they must have the same dimensions"
                )


def mask_from_ref(item: dict[str, Any], first_url: str | None) -> None:
    """A JSON edit's `mask: {image_url}`: a data URL is checked like an upload (against the
    first image when that is a data URL too); a link is not fetched."""
    url = item.get("image_url")
    if isinstance(url, str) and url.startswith("data:"):
        first = decode_data_url(first_url) if first_url and first_url.startswith("data:") else None
        check_mask(decode_data_url(url), first)


def stream_options(body: dict[str, Any]) -> tuple[bool, int]:
    """(stream, partial_images) of a request; BadReference-free: fields.Invalid is raised by
    the caller's checks for the values."""
    stream = body.get("stream") in (True, "true", "True")
    raw = body.get("partial_images", 0)
    try:
        partial = int(raw) if raw not in (None, "") else 0
    except (TypeError, ValueError):
        partial = -1
    return stream, partial


def _partial_picture(spec: ImageSpec, index: int, total: int) -> bytes:
    """A coarse, blurred version of the final picture: sharper with each partial image."""
    with Image.open(io.BytesIO(render(spec))) as final:
        radius = max(2, 24 // (index + 1))
        blurred = final.convert("RGBA" if final.mode == "RGBA" else "RGB").filter(
            ImageFilter.GaussianBlur(radius)
        )
    buffer = io.BytesIO()
    blurred.save(buffer, {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}[spec.format])
    return buffer.getvalue()


def _event(kind: str, payload: dict[str, Any]) -> bytes:
    return f"event: {kind}\ndata: {json.dumps(payload)}\n\n".encode()


def streamed_images(
    spec: ImageSpec,
    *,
    count: int,
    partial_images: int,
    edit: bool,
    summary: dict[str, Any],
) -> StreamingResponse:
    """The event stream of one create: partial images, then each image's completed event."""
    prefix = "image_edit" if edit else "image_generation"
    common = {
        "size": summary["size"],
        "quality": summary["quality"],
        "background": summary["background"],
        "output_format": summary["output_format"],
    }

    async def events() -> AsyncIterator[bytes]:
        for index in range(partial_images):
            data = await anyio.to_thread.run_sync(_partial_picture, spec, index, partial_images)
            yield _event(
                f"{prefix}.partial_image",
                {
                    "type": f"{prefix}.partial_image",
                    "b64_json": base64.b64encode(data).decode("ascii"),
                    "created_at": int(time.time()),
                    **common,
                    "partial_image_index": index,
                },
            )
            await anyio.sleep(EVENT_GAP)
        final = await anyio.to_thread.run_sync(render, spec)
        for _ in range(count):
            yield _event(
                f"{prefix}.completed",
                {
                    "type": f"{prefix}.completed",
                    "b64_json": base64.b64encode(final).decode("ascii"),
                    "created_at": int(time.time()),
                    **common,
                    "usage": summary["usage"],
                },
            )

    return StreamingResponse(events(), media_type="text/event-stream")
