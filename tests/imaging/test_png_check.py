"""The PNG check the engine runs on every result before saving it: whatever Pillow writes passes
with its size; damage, truncation and malformed structure are refused."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from studio.imaging.png_check import PngDamaged, check_png


def png(mode: str = "RGB", size: tuple[int, int] = (37, 21), **options: object) -> bytes:
    out = io.BytesIO()
    image = Image.new(mode, size)
    if mode == "P":
        image.putpalette([i % 256 for i in range(768)])
    image.save(out, "PNG", **options)
    return out.getvalue()


def chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    found, pos = [], 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        found.append((data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]))
        pos += 12 + length
    return found


def build(parts: list[tuple[bytes, bytes]]) -> bytes:
    out = b"\x89PNG\r\n\x1a\n"
    for kind, body in parts:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        out += struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)
    return out


@pytest.mark.parametrize(
    ("mode", "options"),
    [
        ("RGB", {}),
        ("RGBA", {}),
        ("L", {}),
        ("1", {}),
        ("P", {}),
        ("I;16", {}),
        ("RGB", {"optimize": True}),
    ],
)
def test_what_pillow_writes_passes_with_its_size(mode: str, options: dict[str, object]) -> None:
    assert check_png(png(mode, **options)) == (37, 21)


def test_an_interlaced_png_with_text_and_many_idat_chunks_passes() -> None:
    base = chunks(png("RGB", (64, 64)))
    ihdr = bytearray(base[0][1])
    ihdr[12] = 1  # Adam7: only the header says so, the check does not inflate pixels
    idat = b"".join(body for kind, body in base if kind == b"IDAT")
    parts = [(b"IHDR", bytes(ihdr)), (b"tEXt", b"Comment\0hello")]
    parts += [(b"IDAT", idat[i : i + 7]) for i in range(0, len(idat), 7)]
    parts.append((b"IEND", b""))
    assert check_png(build(parts)) == (64, 64)


def test_one_flipped_bit_anywhere_in_a_chunk_is_refused() -> None:
    data = bytearray(png())
    for offset in (20, 40, len(data) - 20):  # IHDR, IDAT, the last IDAT bytes
        damaged = bytearray(data)
        damaged[offset] ^= 0x01
        with pytest.raises(PngDamaged):
            check_png(bytes(damaged))


@pytest.mark.parametrize("cut", [1, 12, 13, 30])
def test_a_cut_off_file_is_refused(cut: int) -> None:
    with pytest.raises(PngDamaged):
        check_png(png()[:-cut])


def test_bytes_after_iend_are_refused() -> None:
    with pytest.raises(PngDamaged):
        check_png(png() + b"\0")


def test_not_a_png_is_refused() -> None:
    with pytest.raises(PngDamaged):
        check_png(b"GIF89a" + png()[6:])


def test_structure_a_decoder_needs_is_required() -> None:
    parts = chunks(png())
    ihdr, rest = parts[0], parts[1:]
    palette_image = chunks(png("P"))
    without_plte = [c for c in palette_image if c[0] != b"PLTE"]
    bad_depth = bytearray(ihdr[1])
    bad_depth[8] = 3  # RGB at 3 bits per sample does not exist
    zero_width = b"\0\0\0\0" + ihdr[1][4:]
    for broken in (
        [c for c in parts if c[0] != b"IDAT"],  # no image data
        rest,  # no IHDR first
        without_plte,  # indexed colour without its palette
        [(b"IHDR", bytes(bad_depth)), *rest],
        [(b"IHDR", zero_width), *rest],
        [ihdr, (b"t3Xt", b"x"), *rest],  # not a chunk name
    ):
        with pytest.raises(PngDamaged):
            check_png(build(broken))
