"""A mask for an OpenAI edit: a PNG the size of the first reference whose transparent pixels
(alpha 0) mark what the model should change (reference/openai-openapi.yaml,
CreateImageEditRequest.mask). Checked before anything is sent, and fitted to the reference as
sent (references are downscaled and turned upright before they travel).

Blocking (Pillow, disk): callers run it on a worker thread.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from studio.domain.i18n import QT_TRANSLATE_NOOP
from studio.domain.validation import Refusal
from studio.providers.base import PreparedReference

#: The spec's limit for a mask file.
MAX_MASK_BYTES = 4 * 1024 * 1024
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _refuse(template: str, **params: object) -> Refusal:
    return Refusal(template, field="mask", **params)


def reference_size(source: str) -> tuple[int, int]:
    """The first reference's pixel size as the user sees it (upright)."""
    with Image.open(source) as image:
        upright = ImageOps.exif_transpose(image) if image.getexif().get(0x0112) else image
        return upright.size


def prepare_mask(
    path_text: str, first_reference: str, sent: PreparedReference
) -> PreparedReference:
    """The mask checked (PNG, at most 4 MB, same size as the first reference, has transparent
    pixels) and scaled to the reference as it is sent. Raises Refusal saying what to change."""
    path = Path(path_text)
    name = path.name
    try:
        data = path.read_bytes()
    except OSError:
        raise _refuse(
            QT_TRANSLATE_NOOP("studio.validation", "The mask {name} cannot be read."), name=name
        ) from None
    if not data.startswith(_PNG_SIGNATURE):
        raise _refuse(
            QT_TRANSLATE_NOOP("studio.validation", "The mask {name} must be a PNG file."), name=name
        )
    if len(data) > MAX_MASK_BYTES:
        raise _refuse(
            QT_TRANSLATE_NOOP("studio.validation", "The mask {name} is larger than 4 MB."),
            name=name,
        )
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            mask = opened.convert("RGBA") if _has_alpha(opened) else None
            size = opened.size
    except (UnidentifiedImageError, OSError, ValueError):
        raise _refuse(
            QT_TRANSLATE_NOOP("studio.validation", "The mask {name} is damaged."), name=name
        ) from None
    if mask is None or mask.getchannel("A").getextrema()[0] != 0:
        raise _refuse(
            QT_TRANSLATE_NOOP(
                "studio.validation",
                "The mask {name} has no transparent pixels: paint (make transparent) the parts "
                "the model should change.",
            ),
            name=name,
        )
    expected = reference_size(first_reference)
    if size != expected:
        raise _refuse(
            QT_TRANSLATE_NOOP(
                "studio.validation",
                "The mask {name} is {size}; it must be the size of the first reference image "
                "({expected}).",
            ),
            name=name,
            size=f"{size[0]}x{size[1]}",
            expected=f"{expected[0]}x{expected[1]}",
        )
    target = _sent_size(sent) or size
    if target != size:
        mask = mask.resize(target, Image.Resampling.NEAREST)
    buffer = io.BytesIO()
    mask.save(buffer, "PNG")
    return PreparedReference(data=buffer.getvalue(), mime="image/png", filename="mask.png")


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def _sent_size(sent: PreparedReference) -> tuple[int, int] | None:
    if sent.data is None:
        return None
    with Image.open(io.BytesIO(sent.data)) as image:
        return image.size
