"""The JoyAI Image API client: the requests it builds and how it reads the replies."""

from __future__ import annotations

from decimal import Decimal

import pytest

from studio.domain.errors import (
    AuthenticationFailed,
    BadResult,
    InvalidRequest,
    ProviderFailed,
    ProviderUnavailable,
)
from studio.domain.models import Balance, Cost, GenerationRequest
from studio.providers.base import RemoteImage, TaskState
from tests.helpers import run
from tests.providers.support import (
    KEY,
    PNG,
    Script,
    call_and_close,
    client_for,
    local_ref,
    quick_options,
    reply,
    url_ref,
)

TASK = {
    "code": 200,
    "message": "success",
    "data": {
        "task_id": "task_1",
        "model": "gptimage2",
        "status": "processing",
        "credits_charged": 88,
    },
}


def submit(
    request: GenerationRequest, refs=(), *, provider: str = "joyai", answer=None
) -> tuple[Script, object]:
    script = Script(answer or reply(200, TASK))
    client = client_for(provider, script)
    update = run(call_and_close(client, lambda c: c.submit(request, list(refs))))
    return script, update


def poll(data: dict) -> object:
    client = client_for(
        "joyai", Script(reply(200, {"code": 200, "message": "success", "data": data}))
    )
    return run(call_and_close(client, lambda c: c.poll("task_1")))


def test_text_to_image_sends_every_gptimage2_setting_with_its_default():
    script, _ = submit(GenerationRequest(provider="joyai", model="gptimage2", prompt="a chair"))
    assert script.last.method == "POST"
    assert str(script.last.url) == "https://joyai-image.com/api/v1/generate"
    assert script.json_sent() == {
        "model": "gptimage2",
        "prompt": "a chair",
        "quality": "medium",
        "resolution": "1k",
        "aspect_ratio": "1:1",
        "output_format": "png",
    }


def test_gptimage2_edit_sends_the_chosen_settings_images_and_callback():
    request = GenerationRequest(
        provider="joyai",
        model="gptimage2",
        prompt="make it blue",
        quality="high",
        resolution="2k",
        ratio="4:5",
        output_format="webp",
        extras={"callback_url": "https://example.com/hook"},
    )
    script, _ = submit(
        request, [url_ref("https://example.com/a.png"), url_ref("https://example.com/b.png")]
    )
    assert script.json_sent() == {
        "model": "gptimage2",
        "prompt": "make it blue",
        "images": ["https://example.com/a.png", "https://example.com/b.png"],
        "quality": "high",
        "resolution": "2k",
        "aspect_ratio": "4:5",
        "output_format": "webp",
        "callback_url": "https://example.com/hook",
    }


def test_joyai_edit_sends_images_and_size_only():
    request = GenerationRequest(
        provider="joyai", model="joyai", prompt="replace the logo", size="1280*720"
    )
    script, _ = submit(request, [url_ref()])
    assert script.json_sent() == {
        "model": "joyai",
        "prompt": "replace the logo",
        "images": ["https://example.com/ref.png"],
        "size": "1280*720",
    }


def test_joyai_size_defaults_to_the_documented_1024_square():
    request = GenerationRequest(provider="joyai", model="joyai", prompt="replace the logo")
    script, _ = submit(request, [url_ref()])
    assert script.json_sent()["size"] == "1024*1024"


def test_the_request_carries_the_bearer_key_and_json():
    script, _ = submit(GenerationRequest(provider="joyai", model="gptimage2", prompt="a chair"))
    assert script.last.headers["authorization"] == f"Bearer {KEY}"
    assert script.last.headers["content-type"] == "application/json"


def test_a_local_reference_is_refused_unless_inline_references_are_allowed():
    script = Script(reply(200, TASK))
    client = client_for("joyai", script)
    request = GenerationRequest(provider="joyai", model="gptimage2", prompt="edit")
    with pytest.raises(InvalidRequest, match="https:// links"):
        run(call_and_close(client, lambda c: c.submit(request, [local_ref()])))
    assert script.requests == []


def test_a_local_reference_goes_inline_as_a_data_url_when_allowed():
    request = GenerationRequest(
        provider="joyai", model="gptimage2", prompt="edit", inline_references=True
    )
    script, _ = submit(request, [url_ref(), local_ref()])
    images = script.json_sent()["images"]
    assert images[0] == "https://example.com/ref.png"
    assert images[1].startswith("data:image/png;base64,")


def test_the_demo_takes_local_references_as_data_urls_without_asking():
    request = GenerationRequest(provider="demo", model="gptimage2", prompt="edit")
    script = Script(reply(200, TASK))
    client = client_for("demo", script, api_key=None, base_url="http://demo.invalid")
    run(call_and_close(client, lambda c: c.submit(request, [local_ref()])))
    assert str(script.last.url) == "http://demo.invalid/api/v1/generate"
    assert script.json_sent()["images"][0].startswith("data:image/png;base64,")
    assert "authorization" not in script.last.headers


def test_an_extra_the_model_does_not_take_is_refused():
    script = Script(reply(200, TASK))
    client = client_for("joyai", script)
    request = GenerationRequest(
        provider="joyai", model="gptimage2", prompt="a chair", extras={"style": "cinematic"}
    )
    with pytest.raises(InvalidRequest):
        run(call_and_close(client, lambda c: c.submit(request, [])))
    assert script.requests == []


def test_create_reply_gives_the_task_id_state_and_credits_charged():
    _, update = submit(GenerationRequest(provider="joyai", model="gptimage2", prompt="a chair"))
    assert update.task_id == "task_1"
    assert update.state is TaskState.running
    assert update.cost == Cost(Decimal(88), "credits")


def test_poll_asks_the_status_endpoint_for_the_task():
    script = Script(reply(200, TASK))
    client = client_for("joyai", script)
    run(call_and_close(client, lambda c: c.poll("task_1")))
    assert script.last.method == "GET"
    assert script.last.url.path == "/api/v1/status"
    assert script.last.url.params["task_id"] == "task_1"


def test_a_succeeded_task_gives_its_image_urls():
    update = poll(
        {
            "task_id": "task_1",
            "status": "succeeded",
            "credits_charged": 88,
            "images": ["https://cdn.example.com/1.png", "https://cdn.example.com/2.png"],
            "error": None,
        }
    )
    assert update.state is TaskState.succeeded
    assert update.images == (
        RemoteImage(url="https://cdn.example.com/1.png"),
        RemoteImage(url="https://cdn.example.com/2.png"),
    )


def test_a_failed_task_carries_the_providers_reason():
    update = poll({"task_id": "task_1", "status": "failed", "error": "content policy"})
    assert update.state is TaskState.failed
    assert isinstance(update.error, ProviderFailed)
    assert "content policy" in str(update.error)


def test_a_success_without_images_is_a_failed_bad_result():
    update = poll({"task_id": "task_1", "status": "succeeded", "images": []})
    assert update.state is TaskState.failed
    assert isinstance(update.error, BadResult)


def test_an_unknown_task_status_is_unreadable():
    client = client_for(
        "joyai",
        Script(reply(200, {"code": 200, "data": {"task_id": "task_1", "status": "exploded"}})),
        options=quick_options(max_attempts=1),
    )
    with pytest.raises(ProviderFailed, match="cannot read"):
        run(call_and_close(client, lambda c: c.poll("task_1")))


def test_check_key_asks_for_an_unknown_task_and_accepts_any_answer_but_401():
    script = Script(reply(404, {"code": 404, "message": "task not found", "data": None}))
    client = client_for("joyai", script)
    assert run(call_and_close(client, lambda c: c.check_key())) is None
    assert script.last.url.path == "/api/v1/status"
    assert script.last.url.params["task_id"].startswith("studio-key-check-")


def test_check_key_reports_a_refused_key():
    client = client_for("joyai", Script(reply(401, {"code": 401, "message": "bad key"})))
    with pytest.raises(AuthenticationFailed):
        run(call_and_close(client, lambda c: c.check_key()))


def test_check_key_says_when_the_provider_cannot_be_asked():
    client = client_for("joyai", Script(reply(503, b"")), options=quick_options(max_attempts=2))
    with pytest.raises(ProviderUnavailable):
        run(call_and_close(client, lambda c: c.check_key()))


def test_check_key_never_costs_a_create():
    script = Script(reply(404, {"code": 404, "message": "task not found"}))
    client = client_for("joyai", script)
    assert not isinstance(run(call_and_close(client, lambda c: c.check_key())), Balance)
    assert all(r.method == "GET" for r in script.requests)


def test_fetch_is_available_on_the_client():
    script = Script(reply(200, PNG, content_type="image/png"))
    client = client_for("joyai", script)
    data = run(
        call_and_close(client, lambda c: c.fetch("https://cdn.example.com/1.png", max_bytes=1024))
    )
    assert data == PNG
