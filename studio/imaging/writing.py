"""Writing an image's prompt and settings into its container, and stripping them again: PNG text
chunks, JPEG APP1 segments (EXIF, XMP) and WebP RIFF chunks (EXIF, XMP).

Nothing here re-encodes pixels: embedding and stripping splice chunks, so a result keeps every
pixel and byte of its picture.

Where other tools look: A1111/Forge and the prompt readers built on them take PNG's `parameters`
text chunk, and for JPEG and WebP the EXIF UserComment holding "UNICODE\\0" + UTF-16BE text
(piexif's `UserComment.dump(text, encoding="unicode")`); we write both.
"""

from __future__ import annotations

import io
import struct

from studio.imaging.containers import (
    _WEBP_FLAG_ALPHA,
    _WEBP_FLAG_EXIF,
    _WEBP_FLAG_XMP,
    EXIF_HEADER,
    MAX_CHUNKS,
    PNG_SIGNATURE,
    XMP_HEADER,
    MalformedImage,
    png_chunk,
    riff_chunk,
    webp_chunks,
)
from studio.imaging.exif import exif_block
from studio.imaging.xmp import standard_fields, xmp_packet

_JPEG_SEGMENT_MAX = 0xFFFF - 2
_XMP_NS = "https://imagestudio.invalid/ns/1.0/"
#: PNG chunks kept by `strip_metadata`: the picture, its colours, and animation.
_PNG_KEEP = frozenset(
    {
        b"IHDR",
        b"PLTE",
        b"IDAT",
        b"IEND",
        b"tRNS",
        b"iCCP",
        b"sRGB",
        b"gAMA",
        b"cHRM",
        b"sBIT",
        b"cICP",
        b"mDCV",
        b"cLLI",
        b"acTL",
        b"fcTL",
        b"fdAT",
    }
)


def embed(data: bytes, texts: dict[str, str]) -> bytes:
    """`data` (PNG, JPEG or WebP) with `texts` embedded where readers look for them. A container
    that cannot be walked comes back unchanged: a paid result is never lost over its label."""
    try:
        if data.startswith(PNG_SIGNATURE):
            return embed_png(data, texts)
        if data.startswith(b"\xff\xd8"):
            return embed_jpeg(data, texts)
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            return embed_webp(data, texts)
    except (MalformedImage, struct.error):
        pass
    return data


def _itxt(keyword: str, text: str) -> bytes:
    return png_chunk(b"iTXt", keyword.encode("latin-1") + b"\0\0\0\0\0" + text.encode("utf-8"))


def embed_png(data: bytes, texts: dict[str, str]) -> bytes:
    """Insert iTXt chunks right after IHDR, where readers that stop at IDAT still see them: our
    texts, and an XMP packet (keyword `XML:com.adobe.xmp`) with the standard fields."""
    ihdr_end = 8 + 4 + 4 + 13 + 4
    view = memoryview(data)
    chunks = [_itxt(k, v) for k, v in texts.items()]
    chunks.append(
        png_chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0" + xmp_packet(texts, private=False))
    )
    # One copy of the image, not three (slicing and two concatenations of ~1 MB each).
    return b"".join((view[:ihdr_end], *chunks, view[ihdr_end:]))


def _exif(data: bytes, texts: dict[str, str], *, describe: bool) -> bytes:
    """Our EXIF block for `data`: the prompt as ImageDescription (with `describe`), A1111's
    `parameters` as UserComment, the app as Software, and the image's pixel size."""
    description = standard_fields(texts).description if describe else None
    return exif_block(
        comment=texts.get("parameters"),
        software=texts.get("Software"),
        description=description,
        size=_pixel_size(data),
    )


def _pixel_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from the header (nothing decoded); None when Pillow cannot tell."""
    from PIL import Image, UnidentifiedImageError  # only when embedding: not at start-up

    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.width, image.height
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError, struct.error):
        return None


def _app1(payload: bytes) -> bytes | None:
    if len(payload) > _JPEG_SEGMENT_MAX:
        return None
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def embed_jpeg(data: bytes, texts: dict[str, str]) -> bytes:
    """Insert an EXIF segment (UserComment = `parameters`) and an XMP segment (all texts) after
    SOI and any JFIF APP0. A segment holds at most 64 KB: what does not fit is left out (the
    EXIF first drops its description, the XMP `parameters`: both are carried elsewhere too)."""
    segments = []
    exif = _app1(EXIF_HEADER + _exif(data, texts, describe=True))
    if exif is None:
        exif = _app1(EXIF_HEADER + _exif(data, texts, describe=False))
    if exif is not None:
        segments.append(exif)
    xmp_texts = dict(texts)
    xmp = _app1(XMP_HEADER + xmp_packet(xmp_texts))
    if xmp is None:
        xmp_texts.pop("parameters", None)
        xmp = _app1(XMP_HEADER + xmp_packet(xmp_texts))
    if xmp is not None:
        segments.append(xmp)
    at = 2
    if data[2:4] == b"\xff\xe0" and len(data) >= 6:
        at = 4 + struct.unpack(">H", data[4:6])[0]
    return data[:at] + b"".join(segments) + data[at:]


def _webp_canvas(chunks: list[tuple[bytes, bytes]]) -> tuple[int, int, bool]:
    """Width, height and alpha of a simple (VP8 or VP8L) WebP, from its bitstream header."""
    fourcc, payload = chunks[0]
    if fourcc == b"VP8 " and len(payload) >= 10 and payload[3:6] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", payload[6:10])
        return width & 0x3FFF, height & 0x3FFF, any(c == b"ALPH" for c, _ in chunks)
    if fourcc == b"VP8L" and len(payload) >= 5 and payload[0] == 0x2F:
        bits = struct.unpack("<I", payload[1:5])[0]
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, bool((bits >> 28) & 1)
    raise MalformedImage("unknown WebP bitstream")


def embed_webp(data: bytes, texts: dict[str, str]) -> bytes:
    """Add EXIF (UserComment = `parameters`) and XMP (all texts) chunks, turning a simple WebP
    into the extended format (a VP8X header) the spec requires for them."""
    chunks = [(c, p) for c, p in webp_chunks(data) if c not in (b"EXIF", b"XMP ")]
    if not chunks:
        raise MalformedImage("an empty WebP file")
    if chunks[0][0] == b"VP8X":
        header = bytearray(chunks[0][1])
        body = chunks[1:]
    else:
        width, height, alpha = _webp_canvas(chunks)
        header = bytearray(10)
        header[0] = _WEBP_FLAG_ALPHA if alpha else 0
        header[4:7] = (width - 1).to_bytes(3, "little")
        header[7:10] = (height - 1).to_bytes(3, "little")
        body = chunks
    header[0] |= _WEBP_FLAG_EXIF | _WEBP_FLAG_XMP
    extra = [(b"EXIF", _exif(data, texts, describe=True)), (b"XMP ", xmp_packet(texts))]
    payload = b"WEBP" + b"".join(
        riff_chunk(c, p) for c, p in [(b"VP8X", bytes(header)), *body, *extra]
    )
    return b"RIFF" + struct.pack("<I", len(payload)) + payload


# -- stripping --------------------------------------------------------------------------------
def strip_metadata(data: bytes) -> bytes:
    """`data` without text chunks, EXIF, XMP, comments or Content Credentials (C2PA); the
    picture and its colour profile are kept byte for byte. MalformedImage if the container
    cannot be walked."""
    if data.startswith(PNG_SIGNATURE):
        return _strip_png(data)
    if data.startswith(b"\xff\xd8"):
        return _strip_jpeg(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _strip_webp(data)
    raise MalformedImage("not a PNG, JPEG or WebP file")


def _strip_png(data: bytes) -> bytes:
    out = bytearray(PNG_SIGNATURE)
    at = len(PNG_SIGNATURE)
    while at + 12 <= len(data):
        size = struct.unpack(">I", data[at : at + 4])[0]
        kind = data[at + 4 : at + 8]
        end = at + 12 + size
        if end > len(data):
            raise MalformedImage("a PNG chunk runs past the end of the file")
        if kind in _PNG_KEEP:
            out += data[at:end]
        at = end
        if kind == b"IEND":
            return bytes(out)
    raise MalformedImage("a PNG without IEND")


def _jpeg_keeps(marker: int, payload: bytes) -> bool:
    if marker == 0xE0:
        return payload.startswith(b"JFIF\0")
    if marker == 0xE2:
        return payload.startswith(b"ICC_PROFILE\0")
    if marker == 0xEE:  # Adobe: tells how the colour channels are transformed
        return payload.startswith(b"Adobe")
    return not (0xE1 <= marker <= 0xEF or marker == 0xFE)


def _strip_jpeg(data: bytes) -> bytes:
    out = bytearray(b"\xff\xd8")
    at = 2
    for _ in range(MAX_CHUNKS):
        if at + 4 > len(data) or data[at] != 0xFF:
            raise MalformedImage("a JPEG segment is damaged")
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0xD9, 0xDA):  # end of image, start of scan: the rest is the picture
            return bytes(out + data[at:])
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out += data[at : at + 2]
            at += 2
            continue
        size = struct.unpack(">H", data[at + 2 : at + 4])[0]
        end = at + 2 + size
        if size < 2 or end > len(data):
            raise MalformedImage("a JPEG segment runs past the end of the file")
        if _jpeg_keeps(marker, data[at + 4 : end]):
            out += data[at:end]
        at = end
    raise MalformedImage("too many JPEG segments")


def _strip_webp(data: bytes) -> bytes:
    chunks = [(c, p) for c, p in webp_chunks(data) if c not in (b"EXIF", b"XMP ", b"C2PA")]
    if chunks and chunks[0][0] == b"VP8X":
        header = bytearray(chunks[0][1])
        header[0] &= ~(_WEBP_FLAG_EXIF | _WEBP_FLAG_XMP) & 0xFF
        chunks[0] = (b"VP8X", bytes(header))
    payload = b"WEBP" + b"".join(riff_chunk(c, p) for c, p in chunks)
    return b"RIFF" + struct.pack("<I", len(payload)) + payload
