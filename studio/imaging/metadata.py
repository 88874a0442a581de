"""Prompt and settings inside image files, at the container level: PNG text chunks, JPEG APP1
segments (EXIF, XMP) and WebP RIFF chunks (EXIF, XMP).

Nothing here re-encodes pixels: embedding and stripping splice chunks, so a result keeps every
pixel and byte of its picture. Reading walks the container with a cap on every chunk it keeps
and skips (seeks over) the rest, so a hostile file cannot make it read or inflate much.

Where other tools look: A1111/Forge and the prompt readers built on them take PNG's `parameters`
text chunk, and for JPEG and WebP the EXIF UserComment holding "UNICODE\\0" + UTF-16BE text
(piexif's `UserComment.dump(text, encoding="unicode")`); we write both.

Blocking (disk): call off the UI thread.
"""

from __future__ import annotations

import json
import struct
import warnings
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from PIL import Image, UnidentifiedImageError

from studio.domain.provenance import ImageProvenance, from_texts, looks_like_parameters

#: Files larger than this are not inspected at all.
MAX_FILE_BYTES = 256 * 1024 * 1024
#: A text chunk, EXIF or XMP block larger than this is skipped, not read.
MAX_BLOCK_BYTES = 4 * 1024 * 1024
#: A compressed PNG text inflating beyond this is dropped (a decompression bomb otherwise).
MAX_INFLATED_BYTES = 4 * 1024 * 1024
#: Walking stops after this many chunks or segments.
MAX_CHUNKS = 100_000
#: The PNG text keys we read and write: A1111's prompt, our JSON, and the app that wrote them.
KEYS = ("parameters", "studio", "Software")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\0"
EXIF_HEADER = b"Exif\0\0"
UNICODE_PREFIX = b"UNICODE\0"
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
_WEBP_FLAG_EXIF = 0x08
_WEBP_FLAG_XMP = 0x04
_WEBP_FLAG_ALPHA = 0x10


class MalformedImage(ValueError):
    """The container is not what its signature claims (truncated, bad lengths)."""


@dataclass
class EmbeddedTexts:
    """What an image file says: its format and size, and the texts under `KEYS`."""

    format: str
    width: int | None = None
    height: int | None = None
    texts: dict[str, str] = field(default_factory=dict)

    def keep(self, key: str, value: str | None) -> None:
        """First value wins, as readers of A1111 files do."""
        if value and value.strip() and key not in self.texts:
            self.texts[key] = value


# -- writing ----------------------------------------------------------------------------------
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


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def _itxt(keyword: str, text: str) -> bytes:
    return _png_chunk(b"iTXt", keyword.encode("latin-1") + b"\0\0\0\0\0" + text.encode("utf-8"))


def embed_png(data: bytes, texts: dict[str, str]) -> bytes:
    """Insert iTXt chunks right after IHDR, where readers that stop at IDAT still see them."""
    ihdr_end = 8 + 4 + 4 + 13 + 4
    view = memoryview(data)
    # One copy of the image, not three (slicing and two concatenations of ~1 MB each).
    return b"".join((view[:ihdr_end], *(_itxt(k, v) for k, v in texts.items()), view[ihdr_end:]))


def xmp_packet(texts: dict[str, str]) -> bytes:
    """An XMP packet with each text as a `studio:` property."""
    body = "".join(f"<studio:{k}>{_xml_escape(v)}</studio:{k}>" for k, v in texts.items())
    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description xmlns:studio="{_XMP_NS}">'
        f"{body}</rdf:Description></rdf:RDF></x:xmpmeta>"
    ).encode()


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xml_unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def user_comment(text: str) -> bytes:
    """An EXIF UserComment value as A1111 writes it: "UNICODE\\0" and UTF-16 big-endian."""
    return UNICODE_PREFIX + text.encode("utf-16-be", errors="replace")


def exif_block(*, comment: str | None, software: str | None) -> bytes:
    """A big-endian TIFF block (as piexif writes) holding IFD0 Software and the Exif IFD's
    UserComment; no "Exif\\0\\0" header (WebP takes it bare, JPEG adds the header)."""
    ifd0: list[tuple[int, int, bytes]] = []  # (tag, type, value)
    if software:
        ifd0.append((0x0131, 2, software.encode("ascii", errors="replace") + b"\0"))
    exif_ifd = [(0x9286, 7, user_comment(comment))] if comment else []
    ifd0_size = 2 + 12 * (len(ifd0) + (1 if exif_ifd else 0)) + 4
    out = bytearray(b"MM\x00\x2a" + struct.pack(">I", 8))
    values = bytearray()
    values_at = 8 + ifd0_size
    entries = bytearray()
    for tag, kind, value in ifd0:
        entries += _ifd_entry(tag, kind, value, values_at + len(values))
        if len(value) > 4:
            values += value + b"\0" * (len(value) % 2)
    exif_at = values_at + len(values)
    if exif_ifd:
        entries += struct.pack(">HHII", 0x8769, 4, 1, exif_at)
    out += struct.pack(">H", len(ifd0) + (1 if exif_ifd else 0)) + entries + b"\0\0\0\0" + values
    if exif_ifd:
        tag, kind, value = exif_ifd[0]
        value_at = exif_at + 2 + 12 + 4
        out += struct.pack(">H", 1) + _ifd_entry(tag, kind, value, value_at) + b"\0\0\0\0"
        out += value
    return bytes(out)


def _ifd_entry(tag: int, kind: int, value: bytes, offset: int) -> bytes:
    if len(value) <= 4:
        return struct.pack(">HHI", tag, kind, len(value)) + value.ljust(4, b"\0")
    return struct.pack(">HHII", tag, kind, len(value), offset)


def _app1(payload: bytes) -> bytes | None:
    if len(payload) > _JPEG_SEGMENT_MAX:
        return None
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def embed_jpeg(data: bytes, texts: dict[str, str]) -> bytes:
    """Insert an EXIF segment (UserComment = `parameters`) and an XMP segment (all texts) after
    SOI and any JFIF APP0. A segment holds at most 64 KB: what does not fit is left out (the
    XMP first drops `parameters`, which the EXIF carries too)."""
    segments = []
    exif = _app1(
        EXIF_HEADER + exif_block(comment=texts.get("parameters"), software=texts.get("Software"))
    )
    if exif is not None:
        segments.append(exif)
    xmp_texts = {k: v for k, v in texts.items() if k != "Software"}
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


def _riff_chunk(fourcc: bytes, payload: bytes) -> bytes:
    return fourcc + struct.pack("<I", len(payload)) + payload + (b"\0" if len(payload) % 2 else b"")


def _webp_chunks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
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
    chunks = [(c, p) for c, p in _webp_chunks(data) if c not in (b"EXIF", b"XMP ")]
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
    extra = [
        (
            b"EXIF",
            exif_block(comment=texts.get("parameters"), software=texts.get("Software")),
        ),
        (b"XMP ", xmp_packet({k: v for k, v in texts.items() if k != "Software"})),
    ]
    payload = b"WEBP" + b"".join(
        _riff_chunk(c, p) for c, p in [(b"VP8X", bytes(header)), *body, *extra]
    )
    return b"RIFF" + struct.pack("<I", len(payload)) + payload


# -- stripping --------------------------------------------------------------------------------
def strip_metadata(data: bytes) -> bytes:
    """`data` without text chunks, EXIF, XMP or comments; the picture and its colour profile
    are kept byte for byte. MalformedImage if the container cannot be walked."""
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
    chunks = [(c, p) for c, p in _webp_chunks(data) if c not in (b"EXIF", b"XMP ")]
    if chunks and chunks[0][0] == b"VP8X":
        header = bytearray(chunks[0][1])
        header[0] &= ~(_WEBP_FLAG_EXIF | _WEBP_FLAG_XMP) & 0xFF
        chunks[0] = (b"VP8X", bytes(header))
    payload = b"WEBP" + b"".join(_riff_chunk(c, p) for c, p in chunks)
    return b"RIFF" + struct.pack("<I", len(payload)) + payload


# -- reading ----------------------------------------------------------------------------------
def read_provenance(path: Path) -> ImageProvenance | None:
    """What `path` says about how it was made; None when it is not an image at all."""
    found = read_texts(path)
    if found is None:
        return None
    parameters = found.texts.get("parameters")
    comment = found.texts.get("comment")
    if not parameters and comment and looks_like_parameters(comment):
        parameters = comment
    return from_texts(
        studio=found.texts.get("studio"),
        parameters=parameters,
        software=found.texts.get("Software"),
        format=found.format,
        width=found.width,
        height=found.height,
    )


def read_texts(path: Path) -> EmbeddedTexts | None:
    """The format, size and embedded texts of an image file; None when it is missing, too
    large, or not an image. Damaged metadata is skipped, never raised."""
    found = _identify(path)
    if found is None:
        return None
    try:
        with path.open("rb") as handle:
            if found.format == "PNG":
                _read_png(handle, found)
            elif found.format == "JPEG":
                _read_jpeg(handle, found)
            elif found.format == "WEBP":
                _read_webp(handle, found)
    except (OSError, struct.error, MalformedImage):
        pass  # keep what was read before the damage
    if found.format == "WEBP" and "studio" not in found.texts:
        _read_sidecar(path.with_name(path.name + ".json"), found)
    return found


def _read_sidecar(sidecar: Path, found: EmbeddedTexts) -> None:
    """Earlier versions kept a WebP result's texts in `<name>.webp.json` beside it."""
    try:
        if not sidecar.is_file() or sidecar.stat().st_size > MAX_BLOCK_BYTES:
            return
        data = json.loads(sidecar.read_text(encoding="utf-8", errors="replace"))
    except (OSError, ValueError, RecursionError):
        return
    if isinstance(data, dict):
        if isinstance(data.get("studio"), dict):
            found.keep("studio", json.dumps(data["studio"], ensure_ascii=False))
        if isinstance(data.get("parameters"), str):
            found.keep("parameters", data["parameters"])


def _sniff(head: bytes) -> str:
    if head.startswith(PNG_SIGNATURE):
        return "PNG"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return ""


def _identify(path: Path) -> EmbeddedTexts | None:
    """Format (from the signature, else Pillow's guess) and pixel size from the header; no
    pixels are decoded. None for what is not an image, or too large to look at."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
            return None
        with path.open("rb") as handle:
            found = EmbeddedTexts(_sniff(handle.read(12)))
    except OSError:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # bomb warnings: nothing is decoded here
            with Image.open(path) as image:
                found.format = found.format or image.format or ""
                found.width, found.height = image.width, image.height
    except Image.DecompressionBombError:
        pass  # too many pixels to show, but its texts can still be read
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError, struct.error):
        if not found.format:
            return None
    return found


def _read_exact(handle: BinaryIO, size: int) -> bytes:
    data = handle.read(size)
    if len(data) != size:
        raise MalformedImage("truncated")
    return data


def _read_png(handle: BinaryIO, found: EmbeddedTexts) -> None:
    if handle.read(8) != PNG_SIGNATURE:
        raise MalformedImage("not a PNG")
    for _ in range(MAX_CHUNKS):
        head = handle.read(8)
        if len(head) < 8:
            return
        size, kind = struct.unpack(">I4s", head)
        if kind in (b"tEXt", b"zTXt", b"iTXt") and size <= MAX_BLOCK_BYTES:
            key, text = _png_text(kind, _read_exact(handle, size))
            if key in KEYS:
                found.keep(key, text)
            handle.seek(4, 1)
        else:
            handle.seek(size + 4, 1)
        if kind == b"IEND":
            return


def _inflate(data: bytes) -> bytes | None:
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, MAX_INFLATED_BYTES)
    except zlib.error:
        return None
    return None if inflater.unconsumed_tail else out


def _png_text(kind: bytes, payload: bytes) -> tuple[str, str | None]:
    """Keyword and text of a tEXt, zTXt or iTXt chunk (text None when it cannot be read)."""
    keyword, _, rest = payload.partition(b"\0")
    key = keyword.decode("latin-1")
    if kind == b"tEXt":
        return key, rest.decode("latin-1")
    if kind == b"zTXt":
        inflated = _inflate(rest[1:]) if rest[:1] == b"\0" else None
        return key, inflated.decode("latin-1") if inflated is not None else None
    if len(rest) < 2:
        return key, None
    compressed, method, rest = rest[0], rest[1], rest[2:]
    _language, _, rest = rest.partition(b"\0")
    _translated, _, text = rest.partition(b"\0")
    if compressed:
        inflated = _inflate(text) if method == 0 else None
        if inflated is None:
            return key, None
        text = inflated
    return key, text.decode("utf-8", errors="replace")


def _read_jpeg(handle: BinaryIO, found: EmbeddedTexts) -> None:
    if handle.read(2) != b"\xff\xd8":
        raise MalformedImage("not a JPEG")
    for _ in range(MAX_CHUNKS):
        marker = handle.read(2)
        if len(marker) < 2 or marker[0] != 0xFF:
            return
        kind = marker[1]
        if kind in (0xD9, 0xDA):
            return
        if 0xD0 <= kind <= 0xD7 or kind in (0x01, 0xFF):
            if kind == 0xFF:
                handle.seek(-1, 1)
            continue
        size = struct.unpack(">H", _read_exact(handle, 2))[0] - 2
        if size < 0:
            return
        if kind not in (0xE1, 0xFE):
            handle.seek(size, 1)
            continue
        payload = _read_exact(handle, size)
        if kind == 0xFE:  # a comment: some tools (and older copies of ours) put the prompt here
            found.keep("comment", payload.decode("utf-8", errors="replace"))
        elif payload.startswith(EXIF_HEADER):
            _read_exif(payload[len(EXIF_HEADER) :], found)
        elif payload.startswith(XMP_HEADER):
            _read_xmp(payload[len(XMP_HEADER) :], found)


def _read_webp(handle: BinaryIO, found: EmbeddedTexts) -> None:
    head = _read_exact(handle, 12)
    if head[:4] != b"RIFF" or head[8:12] != b"WEBP":
        raise MalformedImage("not a WebP")
    for _ in range(MAX_CHUNKS):
        chunk = handle.read(8)
        if len(chunk) < 8:
            return
        fourcc, size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
        padded = size + (size % 2)
        if fourcc in (b"EXIF", b"XMP ") and size <= MAX_BLOCK_BYTES:
            payload = _read_exact(handle, size)
            handle.seek(padded - size, 1)
            if fourcc == b"XMP ":
                _read_xmp(payload, found)
            else:
                exif = payload[len(EXIF_HEADER) :] if payload.startswith(EXIF_HEADER) else payload
                _read_exif(exif, found)
        else:
            handle.seek(padded, 1)


def _read_xmp(packet: bytes, found: EmbeddedTexts) -> None:
    text = packet.decode("utf-8", errors="replace")
    for key in ("studio", "parameters"):
        # find, not a regex: a lazy `.*?` after each of many unclosed tags is quadratic
        start = text.find(f"<studio:{key}>")
        end = text.find(f"</studio:{key}>", start)
        if start >= 0 and end >= 0:
            found.keep(key, _xml_unescape(text[start + len(key) + 9 : end]))


def _read_exif(tiff: bytes, found: EmbeddedTexts) -> None:
    """UserComment (the prompt) and Software from a TIFF block, via Pillow's parser."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "possibly corrupt EXIF data" and the like
            exif = Image.Exif()
            exif.load(EXIF_HEADER + tiff)
            software = exif.get(0x0131)
            comment = exif.get_ifd(0x8769).get(0x9286)
    except Exception:  # hostile EXIF breaks Pillow's parser in many ways; none matters here
        return
    if isinstance(software, str):
        found.keep("Software", software.replace("\0", ""))
    if isinstance(comment, bytes):
        found.keep("parameters", decode_user_comment(comment))
    elif isinstance(comment, str):
        found.keep("parameters", comment)


def decode_user_comment(value: bytes) -> str:
    """An EXIF UserComment as text: its 8-byte charset prefix says how it is encoded. UNICODE is
    UTF-16, big-endian as A1111 writes it, unless a byte-order mark or the zero bytes of
    mostly-ASCII text show it is little-endian (some tools write it so)."""
    prefix, body = value[:8], value[8:]
    if prefix == UNICODE_PREFIX:
        if body.startswith((b"\xff\xfe", b"\xfe\xff")):
            return body.decode("utf-16", errors="replace").rstrip("\0")
        sample = body[:512]
        little = sample[1::2].count(0) > sample[0::2].count(0)
        return body.decode("utf-16-le" if little else "utf-16-be", errors="replace").rstrip("\0")
    if prefix == b"ASCII\0\0\0":
        return body.decode("latin-1").rstrip("\0")
    if prefix == b"JIS\0\0\0\0\0":
        return body.decode("shift_jis", errors="replace").rstrip("\0")
    return value.decode("utf-8", errors="ignore").strip("\0")
