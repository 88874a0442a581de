"""Placeholder pictures: the requested shape, size and format, and the deliberately bad ones."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from studio.emulator.images import (
    ImageSpec,
    bomb_png,
    corrupt_bytes,
    render,
    size_for_ratio,
    size_for_resolution,
)
from tests.emulator.support import picture


@pytest.mark.parametrize(
    ("ratio", "resolution", "size"),
    [
        ("1:1", "1k", (1024, 1024)),
        ("16:9", "4k", (3840, 2160)),
        ("9:16", "2k", (1152, 2048)),
        ("4:5", "1k", (816, 1024)),
        ("21:9", "1k", (1024, 432)),
    ],
)
def test_a_resolution_tier_sets_the_long_edge(ratio, resolution, size):
    assert size_for_resolution(ratio, resolution) == size


def test_sizes_come_in_steps_of_16():
    for ratio in ("3:2", "2:3", "5:4", "2:1", "9:21"):
        assert all(side % 16 == 0 for side in size_for_ratio(ratio, 2048))


@pytest.mark.parametrize(
    ("fmt", "pil_format"), [("png", "PNG"), ("jpeg", "JPEG"), ("webp", "WEBP")]
)
def test_a_placeholder_has_the_requested_format_and_size(fmt, pil_format):
    image = picture(render(ImageSpec(640, 480, fmt, "a quiet harbour", "Test · model")))
    assert (image.format, image.size) == (pil_format, (640, 480))


def test_the_same_prompt_draws_the_same_picture():
    spec = ImageSpec(256, 256, "png", "a quiet harbour")
    assert render(spec) == render(spec)


def test_different_prompts_draw_different_pictures():
    assert render(ImageSpec(256, 256, prompt="sunrise")) != render(
        ImageSpec(256, 256, prompt="midnight")
    )


def test_a_transparent_placeholder_has_clear_corners():
    image = picture(render(ImageSpec(512, 512, "webp", "glass", transparent=True)))
    assert image.mode == "RGBA"
    assert image.getpixel((0, 0))[3] == 0
    assert image.getpixel((256, 256))[3] == 255


def test_the_bomb_is_small_but_declares_30000_square_pixels():
    data = bomb_png()
    assert len(data) < 200_000
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(data))


def test_corrupt_bytes_are_not_an_image():
    with pytest.raises(Image.UnidentifiedImageError):
        Image.open(io.BytesIO(corrupt_bytes()))
