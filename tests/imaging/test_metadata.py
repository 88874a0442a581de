"""Prompt and settings inside PNG, JPEG and WebP files: written where A1111 and its readers look,
read back from ours and other tools' files, stripped on export, and hostile files survived."""

from __future__ import annotations

import io
import json
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageCms
from PIL.PngImagePlugin import PngInfo

from studio.domain.provenance import Origin
from studio.imaging import metadata

PARAMETERS = (
    "a lighthouse, é, 灯台\nNegative prompt: fog\n"
    "Steps: 20, Sampler: Euler a, Size: 768x512, Model: sd15"
)
STUDIO = json.dumps({"app": "Image Studio 9", "request": {"provider": "demo", "prompt": "灯台"}})
TEXTS = {"parameters": PARAMETERS, "studio": STUDIO, "Software": "Image Studio 9"}
#: How the files are made: Pillow format and options, and the image mode.
KINDS = {
    "png": ("PNG", {}, "RGB"),
    "jpeg": ("JPEG", {"quality": 85}, "RGB"),
    "webp-lossy": ("WEBP", {"quality": 80}, "RGB"),
    "webp-lossless": ("WEBP", {"lossless": True}, "RGBA"),
    "webp-alpha": ("WEBP", {"quality": 80}, "RGBA"),
}


def encoded(kind: str, size: tuple[int, int] = (40, 24)) -> bytes:
    fmt, options, mode = KINDS[kind]
    image = Image.new(mode, size, "teal")
    image.putpixel((3, 5), (250, 20, 20, 128) if mode == "RGBA" else (250, 20, 20))
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def pixels(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        return image.tobytes()


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_embedded_texts_read_back_and_pixels_stay(kind: str, tmp_path: Path) -> None:
    original = encoded(kind)
    path = tmp_path / "image.bin"
    path.write_bytes(metadata.embed(original, TEXTS))
    found = metadata.read_texts(path)
    assert found is not None and (found.width, found.height) == (40, 24)
    assert found.texts == TEXTS
    assert pixels(path.read_bytes()) == pixels(original)
    provenance = metadata.read_provenance(path)
    assert provenance is not None and provenance.origin is Origin.studio
    assert provenance.prompt == "灯台"


@pytest.mark.parametrize("kind", ["jpeg", "webp-lossy", "webp-lossless"])
def test_jpeg_and_webp_carry_an_a1111_user_comment(kind: str, tmp_path: Path) -> None:
    """A1111 reads `piexif.helper.UserComment.load(exif[ExifIFD.UserComment])`: the bytes must
    be "UNICODE\\0" and UTF-16 big-endian, in the Exif IFD, as Pillow (like piexif) finds it."""
    path = tmp_path / "image.bin"
    path.write_bytes(metadata.embed(encoded(kind), TEXTS))
    with Image.open(path) as image:
        exif = image.getexif()
        comment = exif.get_ifd(0x8769)[0x9286]
        assert exif[0x0131] == "Image Studio 9"
        xmp = image.info["xmp"]
    assert comment == b"UNICODE\0" + PARAMETERS.encode("utf-16-be")
    assert b"studio:studio" in (xmp if isinstance(xmp, bytes) else xmp.encode())


def test_an_a1111_jpeg_is_read_as_another_tools_prompt(tmp_path: Path) -> None:
    """Made as A1111 saves a JPEG: Pillow writes the picture, then an EXIF UserComment."""
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9286] = b"UNICODE\0" + PARAMETERS.encode("utf-16-be")
    path = tmp_path / "a1111.jpg"
    Image.new("RGB", (768, 512), "navy").save(path, "JPEG", exif=exif.tobytes())
    provenance = metadata.read_provenance(path)
    assert provenance is not None and provenance.origin is Origin.other
    assert provenance.prompt == "a lighthouse, é, 灯台" and provenance.negative == "fog"
    assert provenance.setting("Sampler") == "Euler a" and provenance.tool == "sd15"


def test_a_little_endian_user_comment_is_read_too() -> None:
    assert metadata.decode_user_comment(b"UNICODE\0" + "a cat".encode("utf-16-le")) == "a cat"
    assert metadata.decode_user_comment(b"UNICODE\0" + "a cat".encode("utf-16-be")) == "a cat"
    assert metadata.decode_user_comment(b"ASCII\0\0\0a cat\0") == "a cat"


def test_an_a1111_png_parameters_chunk_is_read(tmp_path: Path) -> None:
    info = PngInfo()
    info.add_text("parameters", PARAMETERS)
    path = tmp_path / "a1111.png"
    Image.new("RGB", (768, 512)).save(path, "PNG", pnginfo=info)
    provenance = metadata.read_provenance(path)
    assert provenance is not None and provenance.origin is Origin.other
    assert provenance.target_size == (768, 512)


def test_a_compressed_itxt_is_inflated_within_bounds(tmp_path: Path) -> None:
    info = PngInfo()
    info.add_itxt("parameters", PARAMETERS, zip=True)
    path = tmp_path / "zipped.png"
    Image.new("RGB", (8, 8)).save(path, "PNG", pnginfo=info)
    found = metadata.read_texts(path)
    assert found is not None and found.texts["parameters"] == PARAMETERS


def png_with_chunks(*chunks: tuple[bytes, bytes]) -> bytes:
    """A valid 8x8 PNG with extra chunks inserted after IHDR."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "PNG")
    data = buffer.getvalue()
    extra = b"".join(
        struct.pack(">I", len(p)) + k + p + struct.pack(">I", zlib.crc32(k + p)) for k, p in chunks
    )
    return data[:33] + extra + data[33:]


def test_hostile_pngs_are_read_without_harm(tmp_path: Path) -> None:
    bomb = zlib.compress(b"a" * (64 * 1024 * 1024), 9)  # ~64 KB inflating to 64 MB
    path = tmp_path / "hostile.png"
    path.write_bytes(
        png_with_chunks(
            (b"tEXt", b"parameters\0" + b"x" * (metadata.MAX_BLOCK_BYTES + 1)),  # skipped
            (b"zTXt", b"parameters\0\0" + bomb),  # dropped at the inflate cap
            (b"iTXt", b"studio\0\0\0\0\0{\xff\xfe not json"),  # bad UTF-8, bad JSON
            (b"iTXt", b"parameters\0\0\0\0\0\xffa bad\xfe byte"),
        )
    )
    provenance = metadata.read_provenance(path)
    assert provenance is not None and provenance.origin is Origin.other
    assert provenance.prompt == "\ufffda bad\ufffd byte"


@pytest.mark.parametrize(
    "content",
    [b"", b"just text, not an image", b"\x89PNG\r\n\x1a\n" + b"\xff" * 40, b"RIFF\0\0\0\0WEBP"],
)
def test_what_is_not_a_readable_image_gives_none_or_nothing(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "odd.png"
    path.write_bytes(content)
    provenance = metadata.read_provenance(path)
    assert provenance is None or not provenance.reusable


def test_a_truncated_jpeg_keeps_what_came_before_the_damage(tmp_path: Path) -> None:
    data = metadata.embed(encoded("jpeg"), TEXTS)
    path = tmp_path / "cut.jpg"
    path.write_bytes(data[: data.index(b"http://ns.adobe.com") + 40])
    found = metadata.read_texts(path)
    assert found is not None and found.texts.get("parameters") == PARAMETERS


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_stripping_removes_every_text_and_keeps_the_picture(kind: str, tmp_path: Path) -> None:
    original = encoded(kind)
    stripped = metadata.strip_metadata(metadata.embed(original, TEXTS))
    path = tmp_path / "clean.bin"
    path.write_bytes(stripped)
    with Image.open(path) as image:
        assert not {"parameters", "studio", "Software", "xmp", "exif", "comment"} & set(image.info)
        assert not image.getexif()
    assert pixels(stripped) == pixels(original)
    for text in ("lighthouse", "Image Studio"):
        assert text.encode() not in stripped and text.encode("utf-16-be") not in stripped


def test_stripping_keeps_the_colour_profile(tmp_path: Path) -> None:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "JPEG", icc_profile=profile)
    stripped = metadata.strip_metadata(metadata.embed(buffer.getvalue(), TEXTS))
    with Image.open(io.BytesIO(stripped)) as image:
        assert image.info.get("icc_profile") == profile
