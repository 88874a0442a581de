"""The OpenAI dialect: synchronous calls, inline base64 images, documented options."""

from __future__ import annotations

import base64

import pytest

from studio.domain.errors import AuthenticationFailed, BadResult, InvalidRequest, OutcomeUnknown
from studio.domain.models import GenerationRequest
from studio.providers.base import RemoteImage, TaskState
from tests.helpers import run
from tests.providers.support import (
    KEY,
    PNG,
    Script,
    call_and_close,
    client_for,
    local_ref,
    multipart_fields,
    reply,
    url_ref,
)

BASE = "https://api.openai.com/v1"
IMAGES = {
    "created": 1713833628,
    "data": [{"b64_json": base64.b64encode(PNG).decode()}],
    "output_format": "png",
    "size": "1024x1024",
    "quality": "high",
}


def request(**changes) -> GenerationRequest:
    fields = {"provider": "openai", "model": "gpt-image-2", "prompt": "a sea otter"}
    return GenerationRequest(**(fields | changes))


def submit(req: GenerationRequest, refs=(), answer=None):
    script = Script(answer or reply(200, IMAGES))
    client = client_for("openai", script)
    update = run(call_and_close(client, lambda c: c.submit(req, list(refs))))
    return script, update


def test_generation_is_a_synchronous_json_call_with_every_setting():
    script, _ = submit(request())
    assert str(script.last.url) == f"{BASE}/images/generations"
    assert script.last.headers["authorization"] == f"Bearer {KEY}"
    assert script.json_sent() == {
        "model": "gpt-image-2",
        "prompt": "a sea otter",
        "n": 1,
        "size": "auto",
        "quality": "auto",
        "output_format": "png",
    }


def test_chosen_settings_and_documented_extras_are_sent_with_their_types():
    req = request(
        model="gpt-image-1",
        size="1536x1024",
        quality="high",
        count=2,
        output_format="webp",
        extras={"background": "transparent", "output_compression": "80", "moderation": "low"},
    )
    script, _ = submit(req)
    assert script.json_sent() == {
        "model": "gpt-image-1",
        "prompt": "a sea otter",
        "n": 2,
        "size": "1536x1024",
        "quality": "high",
        "output_format": "webp",
        "background": "transparent",
        "output_compression": 80,
        "moderation": "low",
    }


def test_inline_images_are_decoded_and_there_is_no_task_id():
    reply_body = {
        "created": 1,
        "data": [
            {"b64_json": base64.b64encode(PNG).decode(), "revised_prompt": "a sea otter in a beret"}
        ],
    }
    _, update = submit(request(), answer=reply(200, reply_body))
    assert update.state is TaskState.succeeded
    assert update.task_id is None
    assert update.images == (RemoteImage(data=PNG, final_prompt="a sea otter in a beret"),)


def test_an_image_that_is_not_base64_is_a_bad_result():
    client = client_for(
        "openai", Script(reply(200, {"created": 1, "data": [{"b64_json": "@@not base64@@"}]}))
    )
    with pytest.raises(BadResult, match="not valid base64"):
        run(call_and_close(client, lambda c: c.submit(request(), [])))


def test_a_reply_without_data_is_outcome_unknown():
    client = client_for("openai", Script(reply(200, {"created": 1})))
    with pytest.raises(OutcomeUnknown):
        run(call_and_close(client, lambda c: c.submit(request(), [])))


def test_edits_with_local_files_upload_them_as_image_parts():
    script, _ = submit(request(quality="low"), [local_ref("a.png"), local_ref("b.png")])
    assert str(script.last.url) == f"{BASE}/images/edits"
    parts = multipart_fields(script.last)
    fields = {name: content.decode() for name, filename, content in parts if filename is None}
    assert fields == {
        "model": "gpt-image-2",
        "prompt": "a sea otter",
        "n": "1",
        "size": "auto",
        "quality": "low",
        "output_format": "png",
    }
    assert [(n, f) for n, f, _ in parts if f] == [("image[]", "a.png"), ("image[]", "b.png")]


def test_edits_with_a_link_use_the_json_images_list():
    script, _ = submit(request(), [url_ref("https://example.com/a.png"), local_ref()])
    assert str(script.last.url) == f"{BASE}/images/edits"
    sent = script.json_sent()
    assert sent["images"][0] == {"image_url": "https://example.com/a.png"}
    assert sent["images"][1]["image_url"].startswith("data:image/png;base64,")
    assert "image_urls" not in sent


def test_check_key_lists_the_models():
    script = Script(reply(200, {"object": "list", "data": []}))
    client = client_for("openai", script)
    assert run(call_and_close(client, lambda c: c.check_key())) is None
    assert script.last.method == "GET"
    assert str(script.last.url) == f"{BASE}/models"


def test_check_key_reports_a_refused_key():
    body = {
        "error": {
            "message": "Incorrect API key",
            "type": "invalid_request_error",
            "param": None,
            "code": "invalid_api_key",
        }
    }
    client = client_for("openai", Script(reply(401, body)))
    with pytest.raises(AuthenticationFailed):
        run(call_and_close(client, lambda c: c.check_key()))


def test_there_is_nothing_to_poll():
    script = Script(reply(200, {}))
    client = client_for("openai", script)
    with pytest.raises(InvalidRequest):
        run(call_and_close(client, lambda c: c.poll("anything")))
    assert script.requests == []
