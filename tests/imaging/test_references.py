"""Reference pictures are checked, oriented, stripped of private metadata and downscaled."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from studio.domain.errors import InvalidRequest
from studio.imaging.references import inspect_reference, prepare_reference


def photo(path: Path, size=(4000, 3000), orientation: int | None = None, gps=False) -> Path:
    image = Image.new("RGB", size, "orange")
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0)}
    exif[0x010F] = "CameraMaker"
    image.save(path, "JPEG", exif=exif.tobytes())
    return path


def test_a_rotated_phone_photo_is_turned_upright_and_downscaled(tmp_path):
    ref = prepare_reference(str(photo(tmp_path / "p.jpg", orientation=6)), max_edge=2048)
    with Image.open(io.BytesIO(ref.data)) as image:
        assert image.size == (1536, 2048)  # 4000x3000 landscape turned to portrait
        assert max(image.size) <= 2048


def test_gps_and_camera_metadata_are_stripped(tmp_path):
    ref = prepare_reference(str(photo(tmp_path / "p.jpg", gps=True)), max_edge=2048)
    with Image.open(io.BytesIO(ref.data)) as image:
        exif = image.getexif()
        assert 0x8825 not in exif and 0x010F not in exif
        assert "exif" not in image.info


def test_a_picture_with_transparency_stays_png(tmp_path):
    path = tmp_path / "logo.png"
    Image.new("RGBA", (300, 200), (255, 0, 0, 0)).save(path)
    ref = prepare_reference(str(path), max_edge=2048)
    assert ref.mime == "image/png" and ref.filename == "logo.png"


def test_urls_pass_through_untouched():
    ref = prepare_reference("https://example.com/a.png", max_edge=2048)
    assert ref.url == "https://example.com/a.png" and ref.data is None


def refused(path: Path) -> str:
    with pytest.raises(InvalidRequest) as info:
        inspect_reference(str(path))
    with pytest.raises(InvalidRequest):
        prepare_reference(str(path), max_edge=2048)
    return info.value.message


def test_an_empty_file_is_refused(tmp_path):
    (tmp_path / "empty.png").write_bytes(b"")
    assert "empty" in refused(tmp_path / "empty.png")


def test_a_text_file_is_refused(tmp_path):
    (tmp_path / "notes.jpg").write_text("hello")
    assert "not an image" in refused(tmp_path / "notes.jpg")


def test_a_truncated_jpeg_is_refused(tmp_path):
    data = photo(tmp_path / "whole.jpg", size=(800, 600)).read_bytes()
    (tmp_path / "cut.jpg").write_bytes(data[: len(data) // 2])
    assert "damaged" in refused(tmp_path / "cut.jpg")


def test_a_truncated_png_is_refused(tmp_path):
    """PNG reads its EXIF (eXIf may follow the pixels) by decoding: that must be refused too."""
    Image.new("RGB", (800, 600), "red").save(tmp_path / "whole.png")
    data = (tmp_path / "whole.png").read_bytes()
    (tmp_path / "cut.png").write_bytes(data[: len(data) // 2])
    assert "damaged" in refused(tmp_path / "cut.png")


def test_a_decompression_bomb_is_refused(tmp_path):
    Image.new("1", (12000, 9000)).save(tmp_path / "bomb.png")  # 108 MP, a few KB on disk
    assert "90 megapixels" in refused(tmp_path / "bomb.png")


def test_a_missing_file_is_refused(tmp_path):
    assert "does not exist" in refused(tmp_path / "gone.png")


def test_inspect_gives_a_small_thumbnail(tmp_path):
    info = inspect_reference(str(photo(tmp_path / "p.jpg")))
    assert (info.width, info.height) == (4000, 3000)
    with Image.open(io.BytesIO(info.thumbnail_png)) as thumb:
        assert max(thumb.size) <= 256
