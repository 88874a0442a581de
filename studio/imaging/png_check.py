"""A complete PNG's structure checked without Pillow: signature, a sane IHDR, every chunk's
CRC-32, at least one IDAT (and the PLTE an indexed image needs), and IEND as the very last bytes.

This is what `Image.verify()` checks for a PNG, and a little more. It exists because the engine
checks every result it saves on a worker thread: Pillow's chunk walk hands the GIL back and forth
once per chunk (zlib.crc32 releases it for every buffer past 5 KB), and each of those handovers
stalls the event loop thread while it is busy with other jobs. `binascii.crc32` keeps the GIL for
its ~0.2 ms per megabyte, so a whole check is one short stretch. Measured in bench/RESULTS.md.

Pure and blocking-free: no files, no Qt.
"""

from __future__ import annotations

import binascii
import struct

from studio.imaging.containers import PNG_SIGNATURE

_HEAD = struct.Struct(">I4s")
_IHDR = struct.Struct(">IIBBBBB")
#: Bit depths allowed for each colour type (PNG spec, 11.2.2).
_DEPTHS = {0: {1, 2, 4, 8, 16}, 2: {8, 16}, 3: {1, 2, 4, 8}, 4: {8, 16}, 6: {8, 16}}
_MAX_LENGTH = 2**31 - 1


class PngDamaged(ValueError):
    """The bytes are not a complete, undamaged PNG."""


def check_png(data: bytes | memoryview) -> tuple[int, int]:
    """(width, height) of a complete, undamaged PNG; PngDamaged otherwise."""
    view = memoryview(data)
    if bytes(view[:8]) != PNG_SIGNATURE:
        raise PngDamaged("not a PNG")
    end = len(view)
    pos = 8
    size: tuple[int, int] | None = None
    indexed = seen_plte = seen_idat = False
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
        elif kind == b"PLTE":
            seen_plte = True
        elif kind == b"IDAT":
            seen_idat = True
        elif kind == b"IEND":
            if length or body + 4 != end:
                raise PngDamaged("data after IEND")
            if not seen_idat or (indexed and not seen_plte):
                raise PngDamaged("no image data")
            return size
        pos = body + length + 4
