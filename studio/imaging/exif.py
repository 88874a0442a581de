"""A small EXIF writer: a big-endian TIFF block with IFD0 and the Exif IFD, typed as the EXIF
standard types each tag, so that `exiftool -validate` accepts it.

Pillow's `Image.Exif` would write the same tags but types UserComment and
ComponentsConfiguration as int8u (BYTE) where EXIF says UNDEFINED, which validators flag; this
writer has one table of types instead. Entries are sorted by tag and values word-aligned, as
TIFF requires.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from studio.imaging.containers import UNICODE_PREFIX

ASCII, SHORT, LONG, RATIONAL, UNDEFINED = 2, 3, 4, 5, 7
_TYPE_SIZE = {ASCII: 1, SHORT: 2, LONG: 4, RATIONAL: 8, UNDEFINED: 1}
#: IFD0 and Exif IFD tags we write.
IMAGE_DESCRIPTION = 0x010E
X_RESOLUTION, Y_RESOLUTION, RESOLUTION_UNIT = 0x011A, 0x011B, 0x0128
SOFTWARE = 0x0131
YCBCR_POSITIONING = 0x0213
EXIF_IFD_POINTER = 0x8769
EXIF_VERSION, COMPONENTS_CONFIGURATION, USER_COMMENT = 0x9000, 0x9101, 0x9286
FLASHPIX_VERSION, COLOR_SPACE = 0xA000, 0xA001
PIXEL_X_DIMENSION, PIXEL_Y_DIMENSION = 0xA002, 0xA003


@dataclass(frozen=True)
class Entry:
    """One IFD entry: its tag, its TIFF type and its value, already encoded big-endian."""

    tag: int
    kind: int
    value: bytes

    @property
    def count(self) -> int:
        return len(self.value) // _TYPE_SIZE[self.kind]


def ascii_entry(tag: int, text: str) -> Entry:
    """An ASCII value, NUL-terminated. Text outside ASCII is kept as UTF-8, as exiftool and
    most readers decode it."""
    return Entry(tag, ASCII, text.replace("\0", "").encode("utf-8") + b"\0")


def short_entry(tag: int, value: int) -> Entry:
    return Entry(tag, SHORT, struct.pack(">H", value))


def long_entry(tag: int, value: int) -> Entry:
    return Entry(tag, LONG, struct.pack(">I", value))


def user_comment(text: str) -> bytes:
    """An EXIF UserComment value as A1111 writes it: "UNICODE\\0" and UTF-16 big-endian."""
    return UNICODE_PREFIX + text.encode("utf-16-be", errors="replace")


def _ifd(entries: list[Entry], at: int, next_ifd: int = 0) -> bytes:
    """An IFD placed at offset `at`, its long values right after it."""
    entries = sorted(entries, key=lambda e: e.tag)
    values_at = at + 2 + 12 * len(entries) + 4
    table = bytearray(struct.pack(">H", len(entries)))
    values = bytearray()
    for entry in entries:
        table += struct.pack(">HHI", entry.tag, entry.kind, entry.count)
        if len(entry.value) <= 4:
            table += entry.value.ljust(4, b"\0")
        else:
            table += struct.pack(">I", values_at + len(values))
            values += entry.value + b"\0" * (len(entry.value) % 2)
    return bytes(table + struct.pack(">I", next_ifd) + values)


def tiff_block(ifd0: list[Entry], exif_ifd: list[Entry]) -> bytes:
    """The TIFF block (no "Exif\\0\\0" header): IFD0, then the Exif IFD it points to."""
    pointer = long_entry(EXIF_IFD_POINTER, 0)
    first = _ifd([*ifd0, pointer], 8)
    exif_at = 8 + len(first)
    first = _ifd([*ifd0, long_entry(EXIF_IFD_POINTER, exif_at)], 8)
    return b"MM\x00\x2a" + struct.pack(">I", 8) + first + _ifd(exif_ifd, exif_at)


def exif_block(
    *,
    comment: str | None,
    software: str | None,
    description: str | None = None,
    size: tuple[int, int] | None = None,
) -> bytes:
    """Our EXIF: IFD0 ImageDescription (the prompt) and Software, the Exif IFD's UserComment
    (A1111's `parameters`), and the tags EXIF requires of every file (resolution, versions,
    colour space, pixel size)."""
    ifd0 = [
        Entry(X_RESOLUTION, RATIONAL, struct.pack(">II", 72, 1)),
        Entry(Y_RESOLUTION, RATIONAL, struct.pack(">II", 72, 1)),
        short_entry(RESOLUTION_UNIT, 2),  # inches
        short_entry(YCBCR_POSITIONING, 1),  # centred
    ]
    if description:
        ifd0.append(ascii_entry(IMAGE_DESCRIPTION, description))
    if software:
        ifd0.append(ascii_entry(SOFTWARE, software))
    exif_ifd = [
        Entry(EXIF_VERSION, UNDEFINED, b"0232"),
        Entry(COMPONENTS_CONFIGURATION, UNDEFINED, b"\x01\x02\x03\x00"),  # Y Cb Cr
        Entry(FLASHPIX_VERSION, UNDEFINED, b"0100"),
        short_entry(COLOR_SPACE, 1),  # sRGB
    ]
    if size is not None:
        exif_ifd += [long_entry(PIXEL_X_DIMENSION, size[0]), long_entry(PIXEL_Y_DIMENSION, size[1])]
    if comment:
        exif_ifd.append(Entry(USER_COMMENT, UNDEFINED, user_comment(comment)))
    return tiff_block(ifd0, exif_ifd)
