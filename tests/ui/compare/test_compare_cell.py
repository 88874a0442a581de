"""What a compare cell says of the delivered file: read from the file, flagged when it is not
the shape or format asked for."""

from __future__ import annotations

from PIL import Image

from studio.ui.compare.compare_view import delivered, ratio_mismatch


def test_the_delivered_size_and_format_come_from_the_file(tmp_path):
    path = tmp_path / "named.png"  # the name says PNG; the bytes are JPEG
    Image.new("RGB", (1536, 1024), "teal").save(path, format="JPEG")
    assert delivered(str(path)) == (1536, 1024, "JPEG")
    assert delivered(str(tmp_path / "missing.png")) is None


def test_a_shape_off_the_ratio_asked_for_is_flagged():
    assert not ratio_mismatch("3:2", 1536, 1024)
    assert not ratio_mismatch(None, 1536, 1024)
    assert ratio_mismatch("16:9", 1024, 1024)
    assert not ratio_mismatch("16:9", 1920, 1088)  # within 3 %: sizes round to multiples of 16
