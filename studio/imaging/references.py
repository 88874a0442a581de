"""Reference pictures from the user: checked, EXIF-rotated, stripped of metadata and downscaled.

A dropped file is read and decoded once: the drop makes its thumbnail and its prepared bytes
together, and the job that sends it finds those bytes by the file's content (`_PreparedCache`).
Everything here is blocking (Pillow, disk): callers run it off the UI thread (`asyncio.to_thread`).
"""

from __future__ import annotations

import hashlib
import io
import os
import threading
import warnings
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from PIL import Image, UnidentifiedImageError

from studio.domain.catalog_types import REFERENCE_EDGE
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
#: Grey of more than 8 bits (a 16-bit PNG or TIFF): `convert` clips these values at 255.
_WIDE_GREY = ("I", "I;16", "I;16B", "I;16L", "I;16N")


@dataclass(frozen=True)
class ReferenceInfo:
    source: str
    width: int | None = None
    height: int | None = None
    thumbnail_png: bytes | None = None


def _unreadable(name: str) -> Refusal:
    return Refusal(
        QT_TRANSLATE_NOOP(
            "studio.validation",
            "{name} cannot be read: the file does not exist or is not accessible.",
        ),
        field="references",
        name=name,
    )


def _read_checked(path: Path) -> bytes:
    """A local file's bytes, refusing what is missing, not a file, empty or too large. Read
    once: the same bytes are hashed (`_PreparedCache`) and decoded."""
    name = path.name
    try:
        size = path.stat().st_size
    except OSError:
        raise _unreadable(name) from None
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
    try:
        with path.open("rb") as file:
            return file.read(MAX_REFERENCE_BYTES)
    except OSError:
        raise _unreadable(name) from None


def _open_checked(data: bytes, name: str) -> Image.Image:
    """Open the bytes of a local image, refusing what is not an image, or a bomb."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
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


def _load(image: Image.Image, name: str) -> Image.Image:
    """Decode (at the scale a draft asked for); a truncated file fails here."""
    try:
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


class _Prepared(NamedTuple):
    data: bytes
    mime: str
    suffix: str

    def named(self, path: Path) -> PreparedReference:
        stem = os.path.splitext(path.name)[0] or "reference"
        return PreparedReference(data=self.data, mime=self.mime, filename=stem + self.suffix)


class _PreparedCache:
    """References already prepared, by the SHA-256 of the file's bytes and the edge. A picture
    dropped on the composer is prepared once (`inspect_reference`), and the job that sends it
    reuses those bytes instead of decoding a 24 MP photo again. Keyed by content, not by path
    or time stamps: a file changed after the drop is prepared anew. Oldest out first, past
    `limit` bytes in all; shared by the worker threads."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._entries: OrderedDict[tuple[bytes, int], _Prepared] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: tuple[bytes, int]) -> _Prepared | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: tuple[bytes, int], prepared: _Prepared) -> None:
        with self._lock:
            if key in self._entries or len(prepared.data) > self.limit:
                return
            self._entries[key] = prepared
            self._size += len(prepared.data)
            while self._size > self.limit:
                _, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped.data)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0


#: A composer takes at most 16 references; a prepared 2048-pixel photo is 0.3-1.5 MB.
_PREPARED = _PreparedCache(limit=48 * 1024 * 1024)


def _prepare(
    data: bytes, name: str, max_edge: int, *, thumbnail: bool = False
) -> tuple[_Prepared, tuple[int, int], bytes | None]:
    """Decode once, downscale, turn upright, encode: (the reference, the size as stored, a PNG
    thumbnail when asked). JPEG is decoded at the smallest 1/2, 1/4 or 1/8 scale that still
    covers the target (libjpeg's DCT scaling), then BICUBIC-downscaled, and turned last, so no
    step touches all 24 MP of a phone photo."""
    with _open_checked(data, name) as image:
        stored = image.size
        target = _fitted(stored, max_edge)
        if image.format in _JPEG_FORMATS and target != stored:
            image.draft("RGB", target)
        loaded = _load(image, name)
        # After the decode: PNG finds its EXIF by decoding, and a damaged file is refused there.
        orientation = loaded.getexif().get(0x0112)
        if loaded.mode in _WIDE_GREY:
            loaded = loaded.point(lambda v: v / 256).convert("L")  # 0..65535 -> 0..255
        has_alpha = loaded.mode in ("RGBA", "LA", "PA") or "transparency" in loaded.info
        mode = "RGBA" if has_alpha else "RGB"
        clean = loaded if loaded.mode == mode else loaded.convert(mode)
        if clean.size != target:
            # BICUBIC, not LANCZOS: from the 1/2-scale decode of a 24 MP photo it is within
            # 0.3 dB PSNR of LANCZOS (against LANCZOS from the full decode) at 2/3 of the time.
            clean = clean.resize(target, Image.Resampling.BICUBIC, reducing_gap=3.0)
        if orientation in _TRANSPOSE:
            clean = clean.transpose(_TRANSPOSE[orientation])
        clean.info.clear()  # nothing of the original's metadata is written
        buffer = io.BytesIO()
        if has_alpha:
            clean.save(buffer, "PNG")
            prepared = _Prepared(buffer.getvalue(), "image/png", ".png")
        else:
            clean.save(buffer, "JPEG", quality=92)
            prepared = _Prepared(buffer.getvalue(), "image/jpeg", ".jpg")
        thumb = None
        if thumbnail:
            small = clean.resize(
                _fitted(clean.size, THUMBNAIL_EDGE), Image.Resampling.BICUBIC, reducing_gap=2.0
            )
            buffer = io.BytesIO()
            small.save(buffer, "PNG", compress_level=1)  # shown from memory: 2 ms, not 12
            thumb = buffer.getvalue()
    return prepared, stored, thumb


def inspect_reference(source: str, *, max_edge: int = REFERENCE_EDGE) -> ReferenceInfo:
    """Check a dropped file or link; a small thumbnail for local files. A local file is also
    prepared for sending at `max_edge` (kept for `prepare_reference`), from the same decode."""
    if "://" in source or source.startswith(("data:", "javascript:")):
        check_reference_url(source)
        return ReferenceInfo(source=source)
    path = Path(source)
    data = _read_checked(path)
    prepared, (width, height), thumb = _prepare(data, path.name, max_edge, thumbnail=True)
    _PREPARED.put((hashlib.sha256(data).digest(), max_edge), prepared)
    return ReferenceInfo(source=str(path), width=width, height=height, thumbnail_png=thumb)


def prepare_reference(source: str, *, max_edge: int) -> PreparedReference:
    """A reference ready for the wire: URLs pass through; local files are oriented, stripped of
    EXIF/GPS (nothing of the original's metadata is copied), downscaled and re-encoded; the
    same bytes already prepared at this edge (a drop) are not decoded again."""
    if "://" in source or source.startswith(("data:", "javascript:")):
        check_reference_url(source)
        return PreparedReference(url=source)
    path = Path(source)
    data = _read_checked(path)
    key = (hashlib.sha256(data).digest(), max_edge)
    prepared = _PREPARED.get(key)
    if prepared is None:
        prepared = _prepare(data, path.name, max_edge)[0]
        _PREPARED.put(key, prepared)
    return prepared.named(path)
