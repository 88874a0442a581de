"""The containers that carry an image's metadata, walked without decoding pixels: PNG chunks,
JPEG segments and WebP RIFF chunks. Shared by `reading` and `writing`.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator

#: Files larger than this are not inspected at all.
MAX_FILE_BYTES = 256 * 1024 * 1024
#: A text chunk, EXIF or XMP block larger than this is skipped, not read.
MAX_BLOCK_BYTES = 4 * 1024 * 1024
#: A compressed PNG text inflating beyond this is dropped (a decompression bomb otherwise).
MAX_INFLATED_BYTES = 4 * 1024 * 1024
#: Walking stops after this many chunks or segments.
MAX_CHUNKS = 100_000

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\0"
EXIF_HEADER = b"Exif\0\0"
UNICODE_PREFIX = b"UNICODE\0"
_WEBP_FLAG_EXIF = 0x08
_WEBP_FLAG_XMP = 0x04
_WEBP_FLAG_ALPHA = 0x10

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class MalformedImage(ValueError):
    """The container is not what its signature claims (truncated, bad lengths)."""


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def xml_escape(text: str) -> str:
    """`text` fit for XML content: markup escaped, and the control characters XML 1.0 forbids
    dropped (a prompt may hold any of them)."""
    text = _XML_FORBIDDEN.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def riff_chunk(fourcc: bytes, payload: bytes) -> bytes:
    return fourcc + struct.pack("<I", len(payload)) + payload + (b"\0" if len(payload) % 2 else b"")


def webp_chunks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise MalformedImage("not a WebP file")
    end = min(len(data), 8 + struct.unpack("<I", data[4:8])[0])
    at = 12
    while at + 8 <= end:
        fourcc = data[at : at + 4]
        size = struct.unpack("<I", data[at + 4 : at + 8])[0]
        if at + 8 + size > end:
            raise MalformedImage("a WebP chunk runs past the end of the file")
        yield fourcc, data[at + 8 : at + 8 + size]
        at += 8 + size + (size % 2)


def sniff(head: bytes) -> str:
    if head.startswith(PNG_SIGNATURE):
        return "PNG"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return ""


def has_c2pa(data: bytes) -> bool:
    """Whether `data` carries a C2PA manifest (Content Credentials): a PNG `caBX` chunk, a JPEG
    APP11 JUMBF segment labelled `c2pa`, or a WebP `C2PA` chunk. Its signature covers the file's
    bytes, so nothing may be inserted into such a file. Walks headers only, never decodes."""
    try:
        if data.startswith(PNG_SIGNATURE):
            return any(kind == b"caBX" for kind in _png_kinds(data))
        if data.startswith(b"\xff\xd8"):
            return any(_is_c2pa_jumbf(marker, payload) for marker, payload in jpeg_segments(data))
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            return any(fourcc == b"C2PA" for fourcc, _ in webp_chunks(data))
    except (MalformedImage, struct.error):
        return False
    return False


def _png_kinds(data: bytes) -> Iterator[bytes]:
    at = len(PNG_SIGNATURE)
    for _ in range(MAX_CHUNKS):
        if at + 8 > len(data):
            return
        size, kind = struct.unpack(">I4s", data[at : at + 8])
        yield kind
        if kind == b"IEND":
            return
        at += 12 + size


def jpeg_segments(data: bytes) -> Iterator[tuple[int, bytes]]:
    """Marker and payload of each JPEG segment before the picture (start of scan)."""
    at = 2
    for _ in range(MAX_CHUNKS):
        if at + 4 > len(data) or data[at] != 0xFF:
            return
        marker = data[at + 1]
        if marker == 0xFF:
            at += 1
            continue
        if marker in (0xD9, 0xDA):
            return
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            at += 2
            continue
        size = struct.unpack(">H", data[at + 2 : at + 4])[0]
        yield marker, data[at + 4 : at + 2 + size]
        at += 2 + size


def _is_c2pa_jumbf(marker: int, payload: bytes) -> bool:
    """An APP11 segment of JPEG XT boxes ("JP") holding the JUMBF box labelled "c2pa"."""
    return marker == 0xEB and payload.startswith(b"JP") and b"jumdc2pa" in payload[:64]
