"""OpenAI Images under /openai/v1: generations, edits (multipart or JSON) and the model list."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image

from studio.emulator import FaultRule
from tests.emulator.support import picture

BODY = {"model": "gpt-image-2", "prompt": "a cute baby sea otter"}
ERROR_FIELDS = {"message", "type", "param", "code"}


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, "PNG")
    return out.getvalue()


def generate(http, body=None):
    return http.post("/images/generations", json=BODY if body is None else body)


def first_image(reply):
    return picture(base64.b64decode(reply.json()["data"][0]["b64_json"]))


def test_a_generation_answers_an_images_response_with_b64_json(client):
    reply = generate(client("openai"))
    assert reply.status_code == 200
    body = reply.json()
    assert isinstance(body["created"], int)
    assert (body["background"], body["output_format"], body["size"]) == (
        "opaque",
        "png",
        "1024x1024",
    )
    assert body["quality"] in ("low", "medium", "high")
    usage = body["usage"]
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]
    assert set(usage["input_tokens_details"]) == {"text_tokens", "image_tokens"}
    image = first_image(reply)
    assert (image.format, image.size) == ("PNG", (1024, 1024))


def test_n_images_come_back(client):
    assert len(generate(client("openai"), {**BODY, "n": 3}).json()["data"]) == 3


@pytest.mark.parametrize(
    ("model", "size"),
    [
        ("gpt-image-2", "1536x864"),
        ("gpt-image-2", "3840x2160"),
        ("gpt-image-2", "1024x1536"),
        ("gpt-image-1", "1536x1024"),
        ("gpt-image-1-mini", "1024x1024"),
    ],
)
def test_the_picture_has_the_requested_size(client, model, size):
    reply = generate(client("openai"), {**BODY, "model": model, "size": size})
    assert reply.json()["size"] == size
    assert "x".join(map(str, first_image(reply).size)) == size


@pytest.mark.parametrize(("fmt", "pil_format"), [("jpeg", "JPEG"), ("webp", "WEBP")])
def test_output_format_and_compression_shape_the_file(client, fmt, pil_format):
    reply = generate(client("openai"), {**BODY, "output_format": fmt, "output_compression": 50})
    assert reply.json()["output_format"] == fmt
    assert first_image(reply).format == pil_format


def test_a_transparent_background_has_an_alpha_channel(client):
    reply = generate(client("openai"), {**BODY, "background": "transparent"})
    assert reply.json()["background"] == "transparent"
    image = first_image(reply)
    assert image.mode == "RGBA"
    assert image.getpixel((0, 0))[3] == 0


def test_the_model_defaults_to_gpt_image_1_5(client):
    assert generate(client("openai"), {"prompt": "x"}).status_code == 200


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"model": "gpt-image-2"}, "prompt"),
        ({**BODY, "prompt": "x" * 32001}, "prompt"),
        ({**BODY, "model": "dall-e-3"}, "model"),
        ({**BODY, "n": 11}, "n"),
        ({**BODY, "n": 0}, "n"),
        ({**BODY, "size": "1000x1000"}, "size"),
        ({**BODY, "size": "4096x1024"}, "size"),
        ({**BODY, "size": "3840x2176"}, "size"),
        ({**BODY, "model": "gpt-image-1", "size": "256x256"}, "size"),
        ({**BODY, "model": "gpt-image-1", "size": "1536x864"}, "size"),
        ({**BODY, "quality": "hd"}, "quality"),
        ({**BODY, "output_format": "gif"}, "output_format"),
        ({**BODY, "output_compression": 101}, "output_compression"),
        ({**BODY, "output_compression": 50}, "output_compression"),
        ({**BODY, "background": "transparent", "output_format": "jpeg"}, "background"),
        ({**BODY, "background": "green"}, "background"),
        ({**BODY, "moderation": "strict"}, "moderation"),
        ({**BODY, "response_format": "url"}, "response_format"),
        ({**BODY, "stream": "yes"}, "stream"),
        ({**BODY, "stream": True, "partial_images": 4}, "partial_images"),
        ({**BODY, "resolution": "2k"}, "resolution"),
    ],
)
def test_invalid_requests_are_400_invalid_request_error_naming_the_param(client, body, param):
    reply = generate(client("openai"), body)
    assert reply.status_code == 400
    error = reply.json()["error"]
    assert set(error) == ERROR_FIELDS
    assert (error["type"], error["param"]) == ("invalid_request_error", param)


@pytest.mark.parametrize("field", ["image[]", "image"])
def test_edits_take_multipart_image_files(client, field):
    files = [(field, ("a.png", png(), "image/png"))]
    reply = client("openai").post("/images/edits", data=BODY, files=files)
    assert reply.status_code == 200
    assert reply.json()["usage"]["input_tokens_details"]["image_tokens"] > 0


def mask_png(size=(8, 8), *, hole=True) -> bytes:
    """An opaque mask with (or without) a transparent square where the model should edit."""
    mask = Image.new("RGBA", size, (0, 0, 0, 255))
    if hole:
        mask.paste((0, 0, 0, 0), (0, 0, size[0] // 2, size[1] // 2))
    out = io.BytesIO()
    mask.save(out, "PNG")
    return out.getvalue()


def test_edits_take_a_multipart_mask(client):
    files = [
        ("image[]", ("a.png", png(), "image/png")),
        ("mask", ("m.png", mask_png(), "image/png")),
    ]
    assert client("openai").post("/images/edits", data=BODY, files=files).status_code == 200


@pytest.mark.parametrize(
    ("mask", "said"),
    [
        (png(), "transparent"),  # no alpha at all
        (mask_png(hole=False), "transparent"),  # alpha, but nothing to edit
        (mask_png((16, 8)), "same dimensions"),
    ],
)
def test_a_mask_is_a_png_of_the_first_images_size_with_transparency(client, mask, said):
    files = [("image[]", ("a.png", png(), "image/png")), ("mask", ("m.png", mask, "image/png"))]
    reply = client("openai").post("/images/edits", data=BODY, files=files)
    assert reply.status_code == 400
    assert said in reply.json()["error"]["message"]


def test_a_json_edit_takes_only_the_standard_sizes(client):
    body = {**BODY, "size": "2048x1360", "images": [{"image_url": "https://example.com/a.png"}]}
    reply = client("openai").post("/images/edits", json=body)
    assert reply.status_code == 400
    assert reply.json()["error"]["param"] == "size"


def test_edits_take_json_image_references(client):
    body = {
        **BODY,
        "images": [
            {"image_url": "https://example.com/a.png"},
            {"image_url": "data:image/png;base64," + base64.b64encode(png()).decode()},
            {"file_id": "file-abc123"},
        ],
    }
    assert client("openai").post("/images/edits", json=body).status_code == 200


@pytest.mark.parametrize(
    "images",
    [
        [],
        [{"image_url": "http://example.com/a.png"}],
        [{"url": "https://example.com/a.png"}],
        [{"image_url": "https://a/b.png", "file_id": "file-1"}],
        [{"image_url": "https://example.com/a.png"}] * 17,
        "https://example.com/a.png",
    ],
)
def test_bad_json_edit_references_are_400(client, images):
    reply = client("openai").post("/images/edits", json={**BODY, "images": images})
    assert reply.status_code == 400
    assert reply.json()["error"]["param"] == "image"


def test_an_edit_without_an_image_is_400(client):
    reply = client("openai").post("/images/edits", data=BODY, files={"other": ("x", b"x")})
    assert reply.status_code == 400
    assert reply.json()["error"]["param"] == "image"


def test_an_edit_upload_that_is_not_an_image_is_400(client):
    files = [("image[]", ("a.txt", b"just text", "text/plain"))]
    assert client("openai").post("/images/edits", data=BODY, files=files).status_code == 400


@pytest.mark.parametrize("key", [None, "bad_key"])
def test_a_missing_or_bad_key_is_401_invalid_api_key(client, key):
    reply = generate(client("openai", key=key))
    assert reply.status_code == 401
    assert reply.json()["error"]["code"] == "invalid_api_key"
    assert set(reply.json()["error"]) == ERROR_FIELDS


def test_an_exhausted_account_is_429_insufficient_quota(client):
    reply = generate(client("openai", key="empty_key"))
    assert reply.status_code == 429
    assert reply.json()["error"]["code"] == "insufficient_quota"


def test_the_model_list_checks_a_key_for_free(client, emulator):
    reply = client("openai").get("/models")
    assert reply.status_code == 200
    assert "gpt-image-2" in [model["id"] for model in reply.json()["data"]]
    assert emulator.state.calls[-1].route == "check"
    assert emulator.state.create_calls() == 0


def test_the_model_list_refuses_a_bad_key(client):
    assert client("openai", key="bad").get("/models").status_code == 401


def test_openai_keeps_no_balance(emulator):
    with pytest.raises(ValueError, match="no balance"):
        emulator.state.balance("sk_test_key", "openai")


def test_a_rate_limit_is_429_in_the_openai_error_shape(client, emulator):
    emulator.state.add_fault(FaultRule(provider="openai", status=429, retry_after=1))
    reply = generate(client("openai"))
    assert reply.status_code == 429
    assert set(reply.json()["error"]) == ERROR_FIELDS
    assert reply.json()["error"]["code"] == "rate_limit_exceeded"
    assert reply.headers["retry-after"] == "1"
