"""The PNG check the engine runs on every result before saving it: whatever Pillow writes passes
with its size; damage, truncation and malformed structure are refused."""

from __future__ import annotations

import io
import struct
import sys
import zlib

import pytest
from PIL import Image

from studio.imaging import png_check
from studio.imaging.png_check import PngDamaged, PngTooLarge, check_png


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


def adam7_rgb(width: int, height: int) -> bytes:
    """The image data of an Adam7-interlaced 8-bit RGB image (Pillow writes no interlacing):
    each pass's rows, each a filter byte and its pixels, in one zlib stream; a pass without
    pixels has no rows at all."""
    passes = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2))
    raw = b""
    for number, (x0, y0, dx, dy) in enumerate((*passes, (0, 1, 1, 2))):
        columns, rows = len(range(x0, width, dx)), len(range(y0, height, dy))
        if columns and rows:
            raw += (b"\0" + bytes([number * 30]) * 3 * columns) * rows
    return zlib.compress(raw)


@pytest.mark.parametrize("size", [(64, 64), (5, 3), (1, 1), (13, 2)])
def test_an_interlaced_png_with_text_and_many_idat_chunks_passes(size: tuple[int, int]) -> None:
    ihdr = struct.pack(">IIBBBBB", *size, 8, 2, 0, 0, 1)  # RGB, 8 bits, Adam7
    idat = adam7_rgb(*size)
    parts = [(b"IHDR", ihdr), (b"tEXt", b"Comment\0hello")]
    parts += [(b"IDAT", idat[i : i + 7]) for i in range(0, len(idat), 7)]
    parts.append((b"IEND", b""))
    data = build(parts)
    assert check_png(data) == size
    with Image.open(io.BytesIO(data)) as image:  # a real decoder agrees
        image.load()
        assert image.size == size


def with_image_data(data: bytes, stream: bytes, *, ihdr: bytes | None = None) -> bytes:
    """`data` (a PNG) with its IDAT chunks replaced by one holding `stream`, CRCs all valid."""
    parts = chunks(data)
    head = [
        (k, ihdr if ihdr and k == b"IHDR" else b) for k, b in parts if k not in (b"IDAT", b"IEND")
    ]
    return build([*head, (b"IDAT", stream), (b"IEND", b"")])


def test_garbage_image_data_under_valid_crcs_is_refused() -> None:
    """The reported case: a 10000x10000 header over data that is no zlib stream at all."""
    huge = struct.pack(">IIBBBBB", 10000, 10000, 8, 2, 0, 0, 0)
    garbage = bytes((i * 73 + 11) % 256 for i in range(4096))
    with pytest.raises(PngDamaged):
        check_png(with_image_data(png(), garbage, ihdr=huge))


def test_image_data_shorter_or_longer_than_the_header_declares_is_refused() -> None:
    raw = zlib.decompress(b"".join(b for k, b in chunks(png("RGB", (37, 21))) if k == b"IDAT"))
    assert check_png(with_image_data(png(), zlib.compress(raw))) == (37, 21)
    for wrong in (raw[:-1], raw[: len(raw) // 2], raw + b"\0", raw + raw):
        with pytest.raises(PngDamaged):
            check_png(with_image_data(png(), zlib.compress(wrong)))


def test_a_cut_or_padded_zlib_stream_is_refused() -> None:
    raw = zlib.decompress(b"".join(b for k, b in chunks(png()) if k == b"IDAT"))
    stream = zlib.compress(raw)
    for broken in (stream[:-4], stream[:-1], stream + b"\0\0", stream[:-4] + b"\0\0\0\0"):
        with pytest.raises(PngDamaged):
            check_png(with_image_data(png(), broken))


def test_too_many_pixels_are_refused_before_inflating() -> None:
    data = png("RGB", (37, 21))
    assert check_png(data, max_pixels=37 * 21) == (37, 21)
    with pytest.raises(PngTooLarge):
        check_png(data, max_pixels=37 * 21 - 1)


def test_a_stream_inflating_far_past_its_size_stops_there() -> None:
    """A small header over a zlib bomb: refused once one byte too many came out."""
    bomb = zlib.compress(bytes(64 * 1024 * 1024), 9)
    with pytest.raises(PngDamaged, match="more image data"):
        check_png(with_image_data(png("RGB", (37, 21)), bomb))


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


def inflaters() -> list[object]:
    """zlib always; ISA-L's inflate too where the `isal` package is installed."""
    modules: list[object] = [zlib]
    try:
        from isal import isal_zlib
    except ImportError:
        pass
    else:
        modules.append(isal_zlib)
    return modules


@pytest.fixture(params=inflaters(), ids=lambda m: getattr(m, "__name__", "?"))
def inflater(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.setattr(png_check, "_inflate_module", request.param)
    return request.param


def split_into_idat(data: bytes, stream: bytes, size: int) -> bytes:
    """`data` with its image data replaced by `stream` cut into IDAT chunks of `size` bytes."""
    parts = chunks(data)
    head = [(k, b) for k, b in parts if k not in (b"IDAT", b"IEND")]
    idat = [(b"IDAT", stream[i : i + size]) for i in range(0, len(stream), size)]
    return build([*head, *idat, (b"IEND", b"")])


@pytest.mark.usefixtures("inflater")
@pytest.mark.parametrize("size", [1, 7, 4096, 8192, 300_000, 1_000_000])
def test_a_stream_across_many_idat_chunks_is_checked_whole(size: int) -> None:
    """Each inflater, the stream fed chunk by chunk (small chunks joined, large ones sliced):
    whole passes; cut, padded (also with a chunk after the stream's end), too long, too short,
    garbage or a bad checksum is refused."""
    side = (400, 300)  # 360 KB of image data: more than one inflate step
    raw = zlib.decompress(b"".join(b for k, b in chunks(png("RGB", side)) if k == b"IDAT"))
    noisy = bytes((i * 2654435761 >> 7) & 0xFF for i in range(len(raw)))
    stream = zlib.compress(noisy, 1)
    base = png("RGB", side)
    assert check_png(split_into_idat(base, stream, size)) == side
    for broken in (
        stream[:-4],
        stream[: len(stream) // 2],
        stream + b"\0",
        stream + bytes(size),  # the padding in a chunk of its own
        zlib.compress(noisy[:-1], 1),
        zlib.compress(noisy + b"\0", 1),
        stream[:100] + bytes((i * 73 + 11) % 256 for i in range(4096)),
        stream[:-4] + bytes(a ^ 1 for a in stream[-4:]),  # a bad Adler-32
    ):
        with pytest.raises(PngDamaged):
            check_png(split_into_idat(base, broken, size))


@pytest.mark.usefixtures("inflater")
def test_each_inflater_stops_a_bomb_at_its_declared_size() -> None:
    bomb = zlib.compress(bytes(64 * 1024 * 1024), 9)
    with pytest.raises(PngDamaged, match="more image data"):
        check_png(split_into_idat(png("RGB", (37, 21)), bomb, 8192))


def test_without_isal_zlib_inflates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "isal", None)  # the import fails
    monkeypatch.setattr(png_check, "_inflate_module", None)
    assert png_check.inflate_module() is zlib
    assert check_png(png()) == (37, 21)


class Recording:
    """An inflate module that passes everything to zlib and counts the calls and the input
    bytes handed to `decompress` (what `unconsumed_tail` hands back is handed again)."""

    error = zlib.error

    def __init__(self) -> None:
        self.calls = 0
        self.fed = 0

    def decompressobj(self) -> object:
        inner = zlib.decompressobj()
        outer = self

        class Inflater:
            def decompress(self, data: bytes, max_length: int = 0) -> bytes:
                outer.calls += 1
                outer.fed += len(data)
                return inner.decompress(data, max_length)

            def __getattr__(self, name: str) -> object:
                return getattr(inner, name)

        return Inflater()


def noise_png(size: tuple[int, int], idat_size: int) -> tuple[bytes, bytes]:
    """An RGB PNG of incompressible pixels (its stream as long as its image data) with the
    stream cut into IDAT chunks of `idat_size` bytes; and the stream."""
    import random

    width, height = size
    raw = b"".join(b"\0" + random.Random(row).randbytes(3 * width) for row in range(height))
    stream = zlib.compress(raw, 1)
    return split_into_idat(png("RGB", size), stream, idat_size), stream


def test_one_large_idat_chunk_is_not_copied_again_for_every_step() -> None:
    """A 3 MB stream in one chunk: the input handed back unread after each 256 KB step was
    handed in again whole, 6 times the stream over the check; now each byte about once."""
    data, stream = noise_png((1024, 1024), 1 << 30)
    parts = [memoryview(b) for k, b in chunks(data) if k == b"IDAT"]
    assert len(parts) == 1
    recording = Recording()
    png_check._check_inflates_to(parts, 1024 * (1 + 3 * 1024), recording)  # type: ignore[arg-type]
    assert recording.fed <= 2 * len(stream)


def test_small_idat_chunks_go_to_the_inflater_a_few_at_a_time() -> None:
    """8 KB chunks (libpng's size): not one inflate call (and GIL round trip) per chunk."""
    data, stream = noise_png((512, 512), 8192)
    recording = Recording()
    parts = [memoryview(b) for k, b in chunks(data) if k == b"IDAT"]
    assert len(parts) > 90
    png_check._check_inflates_to(parts, 512 * (1 + 3 * 512), recording)  # type: ignore[arg-type]
    assert recording.calls <= 2 * len(stream) // (256 * 1024) + 3
    assert recording.fed <= 2 * len(stream)
