"""A complete PNG's structure checked without Pillow: signature, a sane IHDR, every chunk's
CRC-32, at least one IDAT (and the PLTE an indexed image needs), IEND as the very last bytes, and
an image data stream that inflates (zlib, its Adler-32 included) to exactly the bytes the IHDR's
width, height, bit depth, colour type and interlacing call for.

This is what `Image.verify()` checks for a PNG, and more: valid CRCs over garbage pixel data pass
`verify()`, and are only found by decoding. Inflating costs a few ms per megapixel, a fraction of
Pillow's full decode (which also unfilters every row and builds the image), and is streamed in
bounded pieces: a stream that inflates past the expected size is refused at that size.

The walk exists because the engine checks every result it saves on a worker thread: Pillow's
chunk walk hands the GIL back and forth once per chunk (zlib.crc32 releases it for every buffer
past 5 KB), and each of those handovers stalls the event loop thread while it is busy with other
jobs. `binascii.crc32` keeps the GIL for its ~0.2 ms per megabyte.

Inflating is most of the check's cost, so it uses ISA-L's inflate (the `isal` package, which
hands the GIL back while it works, like zlib) where it is installed: 2-3x faster than zlib on
PNG data. Without it, zlib. The image data goes to one inflater in pieces of at most 256 KB:
small IDAT chunks joined (libpng writes 8 KB ones: one call each would be one GIL round trip
each), a large one sliced, so that the input the inflater hands back unread after each call
(`unconsumed_tail`, a copy) is never more than a piece; fed a whole 20 MB chunk, that copy
was made again after every output step, and the check took twice as long. What it produces is
counted and dropped, at most 256 KB per call.

Pure and blocking-free: no files, no Qt.
"""

from __future__ import annotations

import binascii
import struct
import zlib
from collections.abc import Iterator
from types import ModuleType

from studio.imaging.containers import PNG_SIGNATURE

_HEAD = struct.Struct(">I4s")
_IHDR = struct.Struct(">IIBBBBB")
#: Bit depths allowed for each colour type (PNG spec, 11.2.2).
_DEPTHS = {0: {1, 2, 4, 8, 16}, 2: {8, 16}, 3: {1, 2, 4, 8}, 4: {8, 16}, 6: {8, 16}}
_MAX_LENGTH = 2**31 - 1
#: Samples per pixel of each colour type.
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
#: Adam7 passes: (first column, first row, column step, row step).
_ADAM7 = (
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
)
#: Inflated bytes produced (and dropped) per step: bounds memory whatever the image declares.
#: Steps of 64 KB to 1 MB measured the same on the bench's 1 MB PNG; 256 KB keeps each small.
_INFLATE_STEP = 256 * 1024
#: Compressed bytes handed to the inflater per call, at most (see the module's docstring).
_INPUT_STEP = 256 * 1024
#: The inflate module, chosen at the first check (on the worker thread that runs it).
_inflate_module: ModuleType | None = None


class PngDamaged(ValueError):
    """The bytes are not a complete, undamaged PNG."""


class PngTooLarge(PngDamaged):
    """The PNG declares more pixels than the caller accepts (its data was not inflated)."""


def check_png(data: bytes | memoryview, *, max_pixels: int | None = None) -> tuple[int, int]:
    """(width, height) of a complete, undamaged PNG; PngDamaged otherwise, PngTooLarge when it
    declares more than `max_pixels` pixels."""
    view = memoryview(data)
    if bytes(view[:8]) != PNG_SIGNATURE:
        raise PngDamaged("not a PNG")
    end = len(view)
    pos = 8
    size: tuple[int, int] | None = None
    bits = interlace = 0
    indexed = seen_plte = False
    image_data: list[memoryview] = []
    while True:
        if pos + 12 > end:
            raise PngDamaged("truncated")
        length, kind = _HEAD.unpack_from(view, pos)
        body = pos + 8
        if length > _MAX_LENGTH or body + length + 4 > end:
            raise PngDamaged("truncated")
        if not kind.isalpha():
            raise PngDamaged("not a chunk")
        (crc,) = struct.unpack_from(">I", view, body + length)
        if binascii.crc32(view[pos + 4 : body + length]) != crc:
            raise PngDamaged(f"bad CRC in {kind!r}")
        if size is None:
            if kind != b"IHDR" or length != 13:
                raise PngDamaged("IHDR is not first")
            width, height, depth, colour, compression, filtering, interlace = _IHDR.unpack_from(
                view, body
            )
            if not (0 < width <= _MAX_LENGTH and 0 < height <= _MAX_LENGTH):
                raise PngDamaged("bad size")
            if depth not in _DEPTHS.get(colour, ()) or compression or filtering or interlace > 1:
                raise PngDamaged("bad IHDR")
            size, indexed = (width, height), colour == 3
            bits = depth * _CHANNELS[colour]
        elif kind == b"PLTE":
            seen_plte = True
        elif kind == b"IDAT":
            image_data.append(view[body : body + length])
        elif kind == b"IEND":
            if length or body + 4 != end:
                raise PngDamaged("data after IEND")
            if not image_data or (indexed and not seen_plte):
                raise PngDamaged("no image data")
            if max_pixels is not None and size[0] * size[1] > max_pixels:
                raise PngTooLarge("too many pixels")
            _check_inflates_to(image_data, image_bytes(*size, bits, interlace))
            return size
        pos = body + length + 4


def image_bytes(width: int, height: int, bits_per_pixel: int, interlace: int) -> int:
    """How many bytes the image data inflates to: per row a filter byte and its packed pixels,
    per Adam7 pass when interlaced (a pass with no pixels has no rows at all)."""
    if not interlace:
        return height * (1 + (width * bits_per_pixel + 7) // 8)
    total = 0
    for x0, y0, dx, dy in _ADAM7:
        columns = (width - x0 + dx - 1) // dx if width > x0 else 0
        rows = (height - y0 + dy - 1) // dy if height > y0 else 0
        if columns and rows:
            total += rows * (1 + (columns * bits_per_pixel + 7) // 8)
    return total


def inflate_module() -> ModuleType:
    """`isal.isal_zlib` where installed, else `zlib`: the same decompressobj interface. Imported
    at the first check, not at start-up (the window never needs it)."""
    global _inflate_module
    if _inflate_module is None:
        try:
            from isal import isal_zlib
        except ImportError:
            _inflate_module = zlib
        else:
            _inflate_module = isal_zlib
    return _inflate_module


def _pieces(parts: list[memoryview], step: int) -> Iterator[bytes | memoryview]:
    """The chunks' data in order, in pieces of at most `step` bytes: consecutive small chunks
    joined (a copy of at most `step`), a chunk of `step` or more sliced (no copy)."""
    group: list[memoryview] = []
    size = 0
    for part in parts:
        if group and size + len(part) > step:
            yield group[0] if len(group) == 1 else b"".join(group)
            group, size = [], 0
        if len(part) >= step:
            for start in range(0, len(part), step):
                yield part[start : start + step]
            continue
        group.append(part)
        size += len(part)
    if group:
        yield group[0] if len(group) == 1 else b"".join(group)


def _check_inflates_to(
    parts: list[memoryview], expected: int, module: ModuleType | None = None
) -> None:
    """The IDAT chunks hold one complete zlib stream of exactly `expected` bytes, nothing after.

    The data goes to one inflater in bounded pieces (`_pieces`); the output is only counted."""
    module = module or inflate_module()
    inflater = module.decompressobj()
    produced = 0
    try:
        for piece in _pieces(parts, _INPUT_STEP):
            pending: bytes | memoryview = piece
            while pending:
                if inflater.eof:
                    raise PngDamaged("data after the image")
                # One byte past what is still expected: enough to see a stream that is too long.
                room = min(_INFLATE_STEP, expected - produced + 1)
                produced += len(inflater.decompress(pending, room))
                if produced > expected:
                    raise PngDamaged("more image data than the header declares")
                pending = inflater.unconsumed_tail
        # All input given: whatever the inflater still holds back comes out now.
        while not inflater.eof:
            room = min(_INFLATE_STEP, expected - produced + 1)
            out = len(inflater.decompress(b"", room))
            produced += out
            if produced > expected:
                raise PngDamaged("more image data than the header declares")
            if not out:
                break  # all input used and the stream not finished: cut short
    except (zlib.error, module.error):
        raise PngDamaged("image data does not inflate") from None
    if not inflater.eof or inflater.unused_data:
        raise PngDamaged("image data is cut short" if not inflater.eof else "data after the image")
    if produced != expected:
        raise PngDamaged("less image data than the header declares")
