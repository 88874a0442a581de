"""How a reference is prepared for sending (#23): decoded at a reduced scale where the format
allows, turned upright for every EXIF orientation, the colour modes handled as before."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image, ImageOps, JpegImagePlugin

from studio.imaging import references
from studio.imaging.references import inspect_reference, prepare_reference

#: Corner colours of the test picture: any turn or flip moves them somewhere else.
CORNERS = {"tl": (220, 30, 30), "tr": (30, 200, 40), "bl": (40, 40, 220), "br": (240, 240, 240)}


def corners_picture(size: tuple[int, int]) -> Image.Image:
    width, height = size
    image = Image.new("RGB", size)
    half_w, half_h = width // 2, height // 2
    image.paste(CORNERS["tl"], (0, 0, half_w, half_h))
    image.paste(CORNERS["tr"], (half_w, 0, width, half_h))
    image.paste(CORNERS["bl"], (0, half_h, half_w, height))
    image.paste(CORNERS["br"], (half_w, half_h, width, height))
    return image


def corner_colours(image: Image.Image) -> dict[str, tuple[int, ...]]:
    width, height = image.size
    rgb = image.convert("RGB")
    at = {"tl": (0.25, 0.25), "tr": (0.75, 0.25), "bl": (0.25, 0.75), "br": (0.75, 0.75)}
    return {k: rgb.getpixel((int(width * x), int(height * y))) for k, (x, y) in at.items()}  # type: ignore[misc]


def close(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 24) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def save_with_orientation(path: Path, orientation: int, size=(1600, 1000)) -> Path:
    exif = Image.Exif()
    exif[0x0112] = orientation
    fmt = {".jpg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".mpo": "MPO"}[path.suffix]
    extra = {"quality": 95} if fmt in ("JPEG", "MPO", "WEBP") else {}
    if fmt == "MPO":
        extra |= {"save_all": True, "append_images": [Image.new("RGB", (160, 100))]}
    corners_picture(size).save(path, fmt, exif=exif.tobytes(), **extra)
    return path


@pytest.mark.parametrize("suffix", [".jpg", ".mpo", ".png", ".webp"])
@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_is_turned_upright(tmp_path, suffix, orientation):
    """Pillow's own `exif_transpose` of the full picture is the oracle: the prepared reference
    (decoded at a reduced scale for JPEG, downscaled, then turned) shows the same corners."""
    path = save_with_orientation(tmp_path / f"o{orientation}{suffix}", orientation)
    with Image.open(path) as original:
        upright = ImageOps.exif_transpose(original)
    expected_size = (500, 312) if upright.width > upright.height else (312, 500)
    ref = prepare_reference(str(path), max_edge=500)
    with Image.open(io.BytesIO(ref.data)) as sent:
        assert sent.size == expected_size
        assert 0x0112 not in sent.getexif()
        got, want = corner_colours(sent), corner_colours(upright)
    assert all(close(got[k], want[k]) for k in CORNERS), (got, want)
    info = inspect_reference(str(path))
    assert (info.width, info.height) == (1600, 1000)  # as stored, before turning
    with Image.open(io.BytesIO(info.thumbnail_png)) as thumb:
        assert max(thumb.size) == 256
        assert (thumb.width > thumb.height) == (upright.width > upright.height)
        got = corner_colours(thumb)
    assert all(close(got[k], want[k]) for k in CORNERS), (got, want)


@pytest.fixture
def drafts(monkeypatch):
    """The (mode, size) of every JPEG draft request: the decoder's reduced-scale decode."""
    calls: list[tuple[str | None, tuple[int, int] | None]] = []
    real = JpegImagePlugin.JpegImageFile.draft

    def spy(self, mode, size):
        calls.append((mode, size))
        return real(self, mode, size)

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    return calls


@pytest.mark.parametrize("suffix", [".jpg", ".mpo"])
def test_a_camera_jpeg_is_decoded_at_the_reduced_scale_it_is_sent_at(tmp_path, drafts, suffix):
    """Phones and cameras write MPO (a JPEG with an MPF index, e.g. a depth or gain map): Pillow
    names that format "MPO", and it must not be decoded at full scale for a small reference."""
    path = save_with_orientation(tmp_path / f"photo{suffix}", 6, size=(4000, 3000))
    ref = prepare_reference(str(path), max_edge=1024)
    assert drafts and drafts[-1] == ("RGB", (1024, 768))
    with Image.open(io.BytesIO(ref.data)) as sent:
        assert sent.size == (768, 1024)


@pytest.mark.parametrize(
    ("name", "image", "mime", "mode"),
    [
        ("grey.jpg", Image.new("L", (3000, 2000), 90), "image/jpeg", "RGB"),
        ("cmyk.jpg", Image.new("CMYK", (3000, 2000), (0, 100, 200, 10)), "image/jpeg", "RGB"),
        ("palette.png", Image.new("P", (300, 200), 3), "image/jpeg", "RGB"),
        ("grey-alpha.png", Image.new("LA", (300, 200), (9, 100)), "image/png", "RGBA"),
        ("photo.webp", Image.new("RGB", (3000, 2000), "teal"), "image/jpeg", "RGB"),
        ("logo.webp", Image.new("RGBA", (300, 200), (1, 2, 3, 4)), "image/png", "RGBA"),
    ],
)
def test_colour_modes_are_sent_as_before(tmp_path, name, image, mime, mode):
    path = tmp_path / name
    image.save(path)
    ref = prepare_reference(str(path), max_edge=2048)
    assert ref.mime == mime
    with Image.open(io.BytesIO(ref.data)) as sent:
        assert sent.mode == mode
        assert max(sent.size) == min(2048, max(image.size))
        assert "icc_profile" not in sent.info and "exif" not in sent.info


@pytest.mark.parametrize(("size", "sent_size"), [((3000, 2000), (2048, 1365)), ((800, 500), None)])
def test_no_metadata_is_carried_resized_or_not(tmp_path, size, sent_size):
    """As before: nothing of the original's metadata, the colour profile included, is sent, also
    when the picture is sent at its own size and upright (no new image is made from it)."""
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0)}
    path = tmp_path / "profiled.jpg"
    Image.new("RGB", size, "teal").save(path, icc_profile=profile, exif=exif.tobytes())
    ref = prepare_reference(str(path), max_edge=2048)
    with Image.open(io.BytesIO(ref.data)) as sent:
        assert sent.size == (sent_size or size)
        assert "icc_profile" not in sent.info and "exif" not in sent.info
        assert not sent.getexif()


@pytest.fixture
def fresh_cache():
    references._PREPARED.clear()
    yield references._PREPARED
    references._PREPARED.clear()


@pytest.fixture
def decodes(monkeypatch):
    """How many times a picture was decoded (opened by Pillow) in the reference code."""
    count = [0]
    real = references._open_checked

    def spy(data, name):
        count[0] += 1
        return real(data, name)

    monkeypatch.setattr(references, "_open_checked", spy)
    return count


def test_a_dropped_picture_is_decoded_once_and_sent_as_prepared(tmp_path, fresh_cache, decodes):
    path = save_with_orientation(tmp_path / "photo.jpg", 6, size=(4000, 3000))
    inspect_reference(str(path))
    sent = prepare_reference(str(path), max_edge=2048)
    assert decodes[0] == 1
    fresh_cache.clear()
    cold = prepare_reference(str(path), max_edge=2048)
    assert decodes[0] == 2
    assert (sent.data, sent.mime, sent.filename) == (cold.data, cold.mime, cold.filename)


def test_a_file_changed_after_the_drop_is_prepared_anew(tmp_path, fresh_cache, decodes):
    """Keyed by the bytes, not the path or the time stamps: a picture saved again over the
    dropped one (same name, same size, same mtime) is what is sent."""
    path = tmp_path / "photo.bmp"  # uncompressed: the same size whatever the colour
    Image.new("RGB", (600, 400), (200, 0, 0)).save(path)
    inspect_reference(str(path))
    before = path.stat()
    Image.new("RGB", (600, 400), (0, 0, 200)).save(path)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    ref = prepare_reference(str(path), max_edge=2048)
    assert decodes[0] == 2
    with Image.open(io.BytesIO(ref.data)) as sent:
        assert close(sent.getpixel((300, 200)), (0, 0, 200))  # type: ignore[arg-type]


def test_the_same_bytes_under_another_name_keep_their_own_name(tmp_path, fresh_cache, decodes):
    first = save_with_orientation(tmp_path / "a.jpg", 1, size=(800, 500))
    second = tmp_path / "b copy.jpeg"
    second.write_bytes(first.read_bytes())
    a = prepare_reference(str(first), max_edge=2048)
    b = prepare_reference(str(second), max_edge=2048)
    assert decodes[0] == 1 and a.data == b.data
    assert (a.filename, b.filename) == ("a.jpg", "b copy.jpg")


def test_another_edge_is_prepared_at_that_edge(tmp_path, fresh_cache, decodes):
    path = save_with_orientation(tmp_path / "photo.jpg", 6, size=(4000, 3000))
    inspect_reference(str(path))
    ref = prepare_reference(str(path), max_edge=1024)
    assert decodes[0] == 2
    with Image.open(io.BytesIO(ref.data)) as sent:
        assert sent.size == (768, 1024)


def test_the_cache_keeps_the_latest_used_within_its_limit():
    cache = references._PreparedCache(limit=130)
    entry = references._Prepared(b"x" * 40, "image/jpeg", ".jpg")
    for n in range(3):
        cache.put((bytes([n]), 2048), entry)
    assert cache.get((bytes([0]), 2048)) is entry  # used: now the latest
    cache.put((bytes([3]), 2048), entry)  # 160 bytes: the least recently used one goes
    assert [cache.get((bytes([n]), 2048)) is entry for n in range(4)] == [True, False, True, True]
    cache.put((b"big", 2048), references._Prepared(b"x" * 131, "image/png", ".png"))
    assert cache.get((b"big", 2048)) is None  # larger than the whole cache: not kept
    assert cache.get((bytes([3]), 2048)) is entry


@pytest.mark.parametrize(("level", "expected"), [(3000, 11), (32768, 128), (65535, 255)])
def test_a_16_bit_grey_png_keeps_its_tones(tmp_path, level, expected):
    """Pillow opens a 16-bit grey PNG as "I;16", and converting that to RGB clips every value
    above 255: a dark scan was sent as a white picture. Its tones are scaled to 8 bits."""
    path = tmp_path / "scan.png"
    Image.new("I;16", (300, 200), level).save(path)
    with Image.open(path) as opened:
        assert opened.mode == "I;16"
    ref = prepare_reference(str(path), max_edge=2048)
    with Image.open(io.BytesIO(ref.data)) as sent:
        assert close(sent.convert("RGB").getpixel((150, 100)), (expected,) * 3, tolerance=2)  # type: ignore[arg-type]
    thumb = inspect_reference(str(path)).thumbnail_png
    with Image.open(io.BytesIO(thumb)) as shown:
        assert close(shown.convert("RGB").getpixel((10, 10)), (expected,) * 3, tolerance=2)  # type: ignore[arg-type]
