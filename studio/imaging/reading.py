"""Reading an image's prompt and settings: what our results and other tools' files carry.

Reading walks the container with a cap on every chunk it keeps and skips (seeks over) the rest,
so a hostile file cannot make it read or inflate much.

Blocking (disk): call off the UI thread.
"""

from __future__ import annotations

import json
import struct
import warnings
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from PIL import Image, UnidentifiedImageError

from studio.domain.other_tools import KEYS as OTHER_TOOL_KEYS
from studio.domain.provenance import ImageProvenance, from_texts, looks_like_parameters
from studio.imaging.containers import (
    EXIF_HEADER,
    MAX_BLOCK_BYTES,
    MAX_CHUNKS,
    MAX_FILE_BYTES,
    MAX_INFLATED_BYTES,
    PNG_SIGNATURE,
    UNICODE_PREFIX,
    XMP_HEADER,
    MalformedImage,
    sniff,
    xml_unescape,
)
from studio.imaging.xmp import sidecar_path

#: The PNG text keys we read and write: A1111's prompt, our JSON, and the app that wrote them.
KEYS = ("parameters", "studio", "Software")
#: The PNG text keys read: ours, and those of ComfyUI, InvokeAI and NovelAI.
READ_KEYS = frozenset((*KEYS, *OTHER_TOOL_KEYS))
#: At most this many other blocks are named in `EmbeddedTexts.carries`.
MAX_CARRIED = 12
#: What a container's other chunks and segments are, as named to the user.
_PNG_BLOCKS = {b"eXIf": "EXIF", b"iCCP": "ICC", b"caBX": "C2PA"}
_WEBP_BLOCKS = {b"EXIF": "EXIF", b"XMP ": "XMP", b"ICCP": "ICC", b"C2PA": "C2PA"}


@dataclass
class EmbeddedTexts:
    """What an image file says: its format and size, the texts under `READ_KEYS`, and the
    names of the other metadata blocks it carries ("EXIF", "XMP", "ICC", "C2PA", 'text "Title"')."""

    format: str
    width: int | None = None
    height: int | None = None
    texts: dict[str, str] = field(default_factory=dict)
    carries: list[str] = field(default_factory=list)

    def note(self, block: str) -> None:
        if block not in self.carries and len(self.carries) < MAX_CARRIED:
            self.carries.append(block)

    def keep(self, key: str, value: str | None) -> None:
        """First value wins, as readers of A1111 files do."""
        if value and value.strip() and key not in self.texts:
            self.texts[key] = value


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
        other={k: v for k, v in found.texts.items() if k in OTHER_TOOL_KEYS},
        carries=tuple(found.carries),
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
    if "studio" not in found.texts:
        _read_xmp_sidecar(sidecar_path(path), found)
    if found.format == "WEBP" and "studio" not in found.texts:
        _read_sidecar(path.with_name(path.name + ".json"), found)
    return found


def _read_xmp_sidecar(sidecar: Path, found: EmbeddedTexts) -> None:
    """`NAME.xmp` beside the image: where a signed (C2PA) result keeps our texts."""
    try:
        if not sidecar.is_file() or sidecar.stat().st_size > MAX_BLOCK_BYTES:
            return
        _read_xmp(sidecar.read_bytes(), found)
    except OSError:
        return


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


def _identify(path: Path) -> EmbeddedTexts | None:
    """Format (from the signature, else Pillow's guess) and pixel size from the header; no
    pixels are decoded. None for what is not an image, or too large to look at."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
            return None
        with path.open("rb") as handle:
            found = EmbeddedTexts(sniff(handle.read(12)))
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
            if key in READ_KEYS:
                found.keep(key, text)
            else:
                found.note("XMP" if key == "XML:com.adobe.xmp" else f'text "{key[:40]}"')
            handle.seek(4, 1)
        else:
            if kind in _PNG_BLOCKS:
                found.note(_PNG_BLOCKS[kind])
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
            _note_jpeg_block(kind, handle.read(min(size, 64)), found)
            handle.seek(size - min(size, 64), 1)
            continue
        payload = _read_exact(handle, size)
        if kind == 0xFE:  # a comment: some tools (and older copies of ours) put the prompt here
            found.keep("comment", payload.decode("utf-8", errors="replace"))
            found.note("comment")
        elif payload.startswith(EXIF_HEADER):
            found.note("EXIF")
            _read_exif(payload[len(EXIF_HEADER) :], found)
        elif payload.startswith(XMP_HEADER):
            found.note("XMP")
            _read_xmp(payload[len(XMP_HEADER) :], found)


def _note_jpeg_block(marker: int, head: bytes, found: EmbeddedTexts) -> None:
    if marker == 0xE2 and head.startswith(b"ICC_PROFILE\0"):
        found.note("ICC")
    elif marker == 0xEB and head.startswith(b"JP") and b"jumdc2pa" in head:
        found.note("C2PA")


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
        if fourcc in _WEBP_BLOCKS:
            found.note(_WEBP_BLOCKS[fourcc])
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
            found.keep(key, xml_unescape(text[start + len(key) + 9 : end]))


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
