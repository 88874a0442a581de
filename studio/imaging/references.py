"""Reference pictures from the user: checked, EXIF-rotated, stripped of metadata and downscaled.

Everything here is blocking (Pillow, disk): callers run it off the UI thread (`asyncio.to_thread`).
"""

from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from studio.domain.i18n import QT_TRANSLATE_NOOP
from studio.domain.validation import Refusal, check_reference_url
from studio.providers.base import PreparedReference

#: Anything above this many pixels is treated as a decompression bomb (about 90 MP).
MAX_REFERENCE_PIXELS = 90_000_000
#: Files larger than this are refused before decoding.
MAX_REFERENCE_BYTES = 200 * 1024 * 1024
THUMBNAIL_EDGE = 256
#: Formats Pillow decodes with libjpeg, which can decode at 1/2, 1/4 or 1/8 scale (`draft`).
#: "MPO" is a JPEG with an MPF index (a depth map, a gain map): what many phones and cameras
#: write, and Pillow names it by that index.
_JPEG_FORMATS = ("JPEG", "MPO")


@dataclass(frozen=True)
class ReferenceInfo:
    source: str
    width: int | None = None
    height: int | None = None
    thumbnail_png: bytes | None = None


def _open_checked(path: Path) -> Image.Image:
    """Open a local image, refusing what is missing, empty, not an image, or a bomb."""
    name = path.name
    try:
        size = path.stat().st_size
    except OSError:
        raise Refusal(
            QT_TRANSLATE_NOOP(
                "studio.validation",
                "{name} cannot be read: the file does not exist or is not accessible.",
            ),
            field="references",
            name=name,
        ) from None
    if not path.is_file():
        raise Refusal(
            QT_TRANSLATE_NOOP("studio.validation", "{name} is not a file."),
            field="references",
            name=name,
        )
    if size == 0:
        raise Refusal(
            QT_TRANSLATE_NOOP(
                "studio.validation", "{name} is empty (0 bytes) and cannot be used as a reference."
            ),
            field="references",
            name=name,
        )
    if size > MAX_REFERENCE_BYTES:
        raise Refusal(
            QT_TRANSLATE_NOOP("studio.validation", "{name} is too large to use as a reference."),
            field="references",
            name=name,
        )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(path)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise _too_large(name) from None
        except (UnidentifiedImageError, OSError, ValueError):
            raise Refusal(
                QT_TRANSLATE_NOOP(
                    "studio.validation",
                    "{name} is not an image the studio can read (PNG, JPEG, WebP, ...).",
                ),
                field="references",
                name=name,
            ) from None
    if image.width * image.height > MAX_REFERENCE_PIXELS:
        image.close()
        raise _too_large(name)
    return image


def _too_large(name: str) -> Refusal:
    return Refusal(
        QT_TRANSLATE_NOOP(
            "studio.validation",
            "{name} has too many pixels (over 90 megapixels) to be used safely as a reference.",
        ),
        field="references",
        name=name,
    )


def _load(image: Image.Image, name: str, draft_edge: int | None = None) -> Image.Image:
    """Decode fully (a truncated file fails here), using JPEG draft mode to decode at a
    reduced scale when only a smaller picture is needed."""
    try:
        if draft_edge and image.format in _JPEG_FORMATS:
            image.draft("RGB", (draft_edge, draft_edge))
        image.load()
    except (OSError, ValueError, SyntaxError):
        raise Refusal(
            QT_TRANSLATE_NOOP(
                "studio.validation",
                "{name} is damaged or incomplete and cannot be used as a reference.",
            ),
            field="references",
            name=name,
        ) from None
    return image


def inspect_reference(source: str) -> ReferenceInfo:
    """Check a dropped file or link; a small thumbnail for local files."""
    if "://" in source or source.startswith(("data:", "javascript:")):
        check_reference_url(source)
        return ReferenceInfo(source=source)
    path = Path(source)
    with _open_checked(path) as image:
        width, height = image.width, image.height
        loaded = _load(image, path.name, THUMBNAIL_EDGE)
        thumb = ImageOps.exif_transpose(loaded) or loaded
        thumb = thumb.convert("RGBA") if thumb.mode not in ("RGB", "RGBA") else thumb
        thumb.thumbnail((THUMBNAIL_EDGE, THUMBNAIL_EDGE))
        buffer = io.BytesIO()
        thumb.save(buffer, "PNG")
    return ReferenceInfo(
        source=str(path), width=width, height=height, thumbnail_png=buffer.getvalue()
    )


_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _fitted(size: tuple[int, int], max_edge: int) -> tuple[int, int]:
    scale = min(1.0, max_edge / max(size))
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def prepare_reference(source: str, *, max_edge: int) -> PreparedReference:
    """A reference ready for the wire: URLs pass through; local files are oriented, stripped of
    EXIF/GPS (nothing of the original's metadata is copied), downscaled and re-encoded.

    Order matters for speed: JPEG decodes at a reduced scale straight to near the target size,
    the downscale runs before the rotation, so no step touches all 24 MP of a phone photo."""
    if "://" in source or source.startswith(("data:", "javascript:")):
        check_reference_url(source)
        return PreparedReference(url=source)
    path = Path(source)
    with _open_checked(path) as image:
        target = _fitted(image.size, max_edge)
        if image.format in _JPEG_FORMATS:
            image.draft("RGB", target)
        loaded = _load(image, path.name)
        # After the decode: PNG finds its EXIF by decoding, and a damaged file is refused there.
        orientation = loaded.getexif().get(0x0112)
        has_alpha = loaded.mode in ("RGBA", "LA", "PA") or "transparency" in loaded.info
        clean = loaded.convert("RGBA" if has_alpha else "RGB")
    if clean.size != target:
        clean = clean.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
    if orientation in _TRANSPOSE:
        clean = clean.transpose(_TRANSPOSE[orientation])
    clean.info.clear()
    buffer = io.BytesIO()
    stem = os.path.splitext(path.name)[0] or "reference"
    if has_alpha:
        clean.save(buffer, "PNG")
        return PreparedReference(data=buffer.getvalue(), mime="image/png", filename=f"{stem}.png")
    clean.save(buffer, "JPEG", quality=92)
    return PreparedReference(data=buffer.getvalue(), mime="image/jpeg", filename=f"{stem}.jpg")
