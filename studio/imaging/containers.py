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
