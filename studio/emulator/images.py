"""Placeholder pictures the emulator hands out, plus the deliberately broken ones for faults.

A placeholder is a soft gradient seeded from the prompt with the prompt's first words and the
provider/model label on it: it is what demo users see, so it should look pleasant and be quick.
"""

from __future__ import annotations

import colorsys
import functools
import hashlib
import io
import os
import random
import struct
import textwrap
import zlib
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from studio.domain.sizing import tier_size

MEDIA_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}

_PIL_FORMATS = {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}


@dataclass(frozen=True)
class ImageSpec:
    """Everything needed to draw one result picture."""

    width: int
    height: int
    format: str = "png"
    prompt: str = ""
    label: str = ""
    transparent: bool = False
    #: 0-100 for jpeg and webp (OpenAI's output_compression), ignored for png.
    compression: int = 90

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]

    @property
    def seed(self) -> int:
        return int.from_bytes(hashlib.sha256(self.prompt.encode()).digest()[:8], "big")


def size_for_ratio(ratio: str, long_edge: int) -> tuple[int, int]:
    """Width and height for an "a:b" ratio whose longer side is `long_edge`, in steps of 16."""
    first, _, second = ratio.partition(":")
    a, b = int(first), int(second)
    short = max(16, round(long_edge * min(a, b) / max(a, b) / 16) * 16)
    return (long_edge, short) if a >= b else (short, long_edge)


def size_for_resolution(ratio: str, resolution: str) -> tuple[int, int]:
    """The studio's own vocabulary (studio/domain/sizing.py): what it expects back is what the
    emulated providers draw."""
    first, _, second = ratio.partition(":")
    return tier_size((int(first), int(second)), resolution)


def render(spec: ImageSpec) -> bytes:
    """Draw and encode the placeholder for `spec`."""
    picture = _background(spec)
    _write_caption(picture, spec)
    if spec.transparent:
        picture.putalpha(_rounded_mask(spec.width, spec.height))
    elif spec.format != "png" or picture.mode != "RGB":
        picture = picture.convert("RGB")
    return _encode(picture, spec)


def _palette(seed: int) -> list[tuple[int, int, int]]:
    rng = random.Random(seed)
    hue = rng.random()
    colours = []
    for shift, value in ((0.0, 0.95), (0.12, 0.75), (0.5, 0.55), (0.62, 0.85)):
        r, g, b = colorsys.hsv_to_rgb((hue + shift) % 1.0, 0.55, value)
        colours.append((round(r * 255), round(g * 255), round(b * 255)))
    return colours


def _background(spec: ImageSpec) -> Image.Image:
    """A gradient with soft blobs, drawn tiny and scaled up so the blur comes for free."""
    rng = random.Random(spec.seed)
    small_w = max(4, round(48 * spec.width / max(spec.width, spec.height)))
    small_h = max(4, round(48 * spec.height / max(spec.width, spec.height)))
    corners = Image.new("RGB", (2, 2))
    corners.putdata(_palette(spec.seed))
    small = corners.resize((small_w, small_h), Image.Resampling.BILINEAR)
    draw = ImageDraw.Draw(small, "RGBA")
    for _ in range(5):
        radius = rng.uniform(0.15, 0.35) * max(small_w, small_h)
        x, y = rng.uniform(0, small_w), rng.uniform(0, small_h)
        tint = (*(rng.randrange(150, 256) for _ in range(3)), 70)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=tint)
    small = small.filter(ImageFilter.GaussianBlur(radius=3))
    return small.resize((spec.width, spec.height), Image.Resampling.BICUBIC)


def _write_caption(picture: Image.Image, spec: ImageSpec) -> None:
    draw = ImageDraw.Draw(picture)
    edge = min(spec.width, spec.height)
    words = " ".join(spec.prompt.split())[:200] or "Image Studio"
    lines = textwrap.wrap(words, width=22)
    if len(lines) > 3:
        lines = [*lines[:2], lines[2] + " ..."]
    title = ImageFont.load_default(size=max(10, edge // 14))
    small = ImageFont.load_default(size=max(8, edge // 32))
    shadow = max(1, edge // 400)
    line_height = max(12, edge // 11)
    top = spec.height // 2 - line_height * len(lines) // 2
    for index, line in enumerate(lines):
        position = (spec.width // 2, top + index * line_height)
        draw.text(
            (position[0] + shadow, position[1] + shadow),
            line,
            font=title,
            fill=(0, 0, 0),
            anchor="mt",
        )
        draw.text(position, line, font=title, fill=(255, 255, 255), anchor="mt")
    footer = f"{spec.label}  ·  {spec.width}x{spec.height}".strip(" ·")
    draw.text(
        (spec.width // 2, spec.height - edge // 8),
        footer,
        font=small,
        fill=(255, 255, 255),
        anchor="mb",
    )


def _rounded_mask(width: int, height: int) -> Image.Image:
    mask = Image.new("L", (width, height), 0)
    inset = min(width, height) // 16
    ImageDraw.Draw(mask).rounded_rectangle(
        (inset, inset, width - inset, height - inset), radius=inset * 2, fill=255
    )
    return mask


def _encode(picture: Image.Image, spec: ImageSpec) -> bytes:
    out = io.BytesIO()
    if spec.format == "png":
        picture.save(out, "PNG", compress_level=1)
    elif spec.format == "jpeg":
        picture.save(out, "JPEG", quality=max(1, min(95, spec.compression)))
    else:
        picture.save(out, "WEBP", quality=spec.compression, method=0)
    return out.getvalue()


def corrupt_bytes(length: int = 4096) -> bytes:
    """Random bytes that no image decoder accepts (served as image/png by the corrupt fault)."""
    data = bytearray(os.urandom(length))
    data[:4] = b"\x00BAD"  # never a valid image signature, even by chance
    return bytes(data)


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


@functools.cache
def garbage_pixels_png(side: int = 10000) -> bytes:
    """A PNG whose chunks all have valid CRCs, declaring side x side RGB pixels, whose image
    data is random bytes (no zlib stream): it passes a chunk walk and fails any decoder."""
    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", b"\xff" + os.urandom(64 * 1024))
        + _png_chunk(b"IEND", b"")
    )


@functools.cache
def bomb_png(side: int = 30000) -> bytes:
    """A small (~110 kB) but valid 1-bit PNG that declares side x side pixels."""
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    compressor = zlib.compressobj(9)
    rows = bytes(1 + (side + 7) // 8) * 1000
    parts = []
    for start in range(0, side, 1000):
        count = min(1000, side - start)
        parts.append(compressor.compress(rows[: count * (1 + (side + 7) // 8)]))
    parts.append(compressor.flush())
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", b"".join(parts))
        + _png_chunk(b"IEND", b"")
    )
