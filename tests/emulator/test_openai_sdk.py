"""The official `openai` package, as a client of the emulator: generate, edit with a mask, and a
stream of partial images, each answer shaped as the spec's schemas say."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from PIL import Image
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

openai = pytest.importorskip("openai")

SCHEMAS = json.loads(
    (Path(__file__).parents[1] / "data" / "openai_images_schemas.json").read_text("utf-8")
)
REGISTRY = Registry().with_resource(
    "urn:openai", Resource.from_contents(SCHEMAS, default_specification=DRAFT202012)
)


def valid(name: str, value: dict) -> list[str]:
    schema = {"$ref": f"urn:openai#/components/schemas/{name}"}
    validator = Draft202012Validator(schema, registry=REGISTRY)
    return [e.message for e in validator.iter_errors(value)]


def png(size=(64, 48), *, hole: bool = False) -> bytes:
    image = Image.new("RGBA", size, (30, 90, 160, 255))
    if hole:
        image.paste((0, 0, 0, 0), (0, 0, size[0] // 2, size[1] // 2))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def client(emulator):
    made = openai.OpenAI(
        base_url=emulator.base_url("openai"), api_key="sk-test-sdk", max_retries=0, timeout=30
    )
    yield made
    made.close()


def test_generate(client):
    result = client.images.generate(model="gpt-image-2", prompt="a lighthouse", size="1536x1024")
    assert valid("ImagesResponse", result.model_dump(exclude_none=True)) == []
    with Image.open(io.BytesIO(base64.b64decode(result.data[0].b64_json))) as image:
        assert image.size == (1536, 1024)
    assert result.usage is not None and result.usage.output_tokens > 0


def test_edit_with_a_mask(client):
    result = client.images.edit(
        model="gpt-image-1.5",
        prompt="paint the corner red",
        image=("photo.png", png(), "image/png"),
        mask=("mask.png", png(hole=True), "image/png"),
    )
    assert result.data and result.data[0].b64_json


def test_edit_with_a_mask_of_another_size_is_refused(client):
    with pytest.raises(openai.BadRequestError, match="same dimensions"):
        client.images.edit(
            model="gpt-image-1.5",
            prompt="paint the corner red",
            image=("photo.png", png(), "image/png"),
            mask=("mask.png", png((32, 32), hole=True), "image/png"),
        )


def test_a_stream_of_two_partial_images_then_the_result(client):
    stream = client.images.generate(
        model="gpt-image-2", prompt="a lighthouse", size="1024x1024", stream=True, partial_images=2
    )
    events = list(stream)
    assert [e.type for e in events] == [
        "image_generation.partial_image",
        "image_generation.partial_image",
        "image_generation.completed",
    ]
    assert [e.partial_image_index for e in events[:2]] == [0, 1]
    for event in events:
        assert valid("ImageGenStreamEvent", event.model_dump(exclude_none=True)) == []
    assert events[-1].usage.output_tokens > 0


def test_an_edit_streams_image_edit_events(client):
    stream = client.images.edit(
        model="gpt-image-2",
        prompt="paint it",
        image=("photo.png", png(), "image/png"),
        stream=True,
        partial_images=1,
    )
    events = list(stream)
    assert [e.type for e in events] == ["image_edit.partial_image", "image_edit.completed"]
    for event in events:
        assert valid("ImageEditStreamEvent", event.model_dump(exclude_none=True)) == []
