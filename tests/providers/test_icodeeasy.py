"""The icodeeasy dialect of OpenAI Images: async tasks, ratios as size, CNY costs."""

from __future__ import annotations

from decimal import Decimal

import pytest

from studio.domain.errors import AuthenticationFailed, BadResult, ProviderFailed
from studio.domain.models import Cost, GenerationRequest
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
    quick_options,
    reply,
    url_ref,
)

PENDING = {"status": "pending", "task_id": "d142c93a"}
BASE = "https://jp.icodeeasy.cc/v1"


def request(**changes) -> GenerationRequest:
    fields = {"provider": "icodeeasy", "model": "gpt-image-2", "prompt": "an orange cat"}
    return GenerationRequest(**(fields | changes))


def submit(req: GenerationRequest, refs=(), *, answer=None, **options):
    script = Script(answer or reply(202, PENDING))
    client = client_for("icodeeasy", script, options=quick_options(**options))
    update = run(call_and_close(client, lambda c: c.submit(req, list(refs))))
    return script, update


def poll(body: dict):
    script = Script(reply(200, body))
    client = client_for("icodeeasy", script)
    return script, run(call_and_close(client, lambda c: c.poll("d142c93a")))


def test_text_to_image_goes_async_to_generations_with_every_setting():
    script, _ = submit(request())
    assert str(script.last.url) == f"{BASE}/images/generations?async=1"
    assert script.last.headers["authorization"] == f"Bearer {KEY}"
    assert script.json_sent() == {
        "model": "gpt-image-2",
        "prompt": "an orange cat",
        "n": 1,
        "size": "1:1",
        "resolution": "1k",
        "quality": "medium",
    }


def test_the_ratio_travels_as_size():
    script, _ = submit(request(ratio="16:9", resolution="2k", quality="high", count=3))
    sent = script.json_sent()
    assert (sent["size"], sent["resolution"], sent["quality"], sent["n"]) == (
        "16:9",
        "2k",
        "high",
        3,
    )


def test_a_pixel_size_wins_over_the_ratio():
    script, _ = submit(request(size="1536x1024", ratio="16:9"))
    assert script.json_sent()["size"] == "1536x1024"


def test_async_create_gives_the_task_id_to_poll():
    _, update = submit(request())
    assert update.state is TaskState.queued
    assert update.task_id == "d142c93a"


def test_references_with_a_link_go_as_json_image_urls_with_local_files_as_data_urls():
    script, _ = submit(request(), [url_ref("https://example.com/a.jpg"), local_ref()])
    assert str(script.last.url) == f"{BASE}/images/edits?async=1"
    sent = script.json_sent()
    assert sent["image_urls"][0] == "https://example.com/a.jpg"
    assert sent["image_urls"][1].startswith("data:image/png;base64,")
    assert sent["model"] == "gpt-image-2"


def test_only_local_references_go_as_multipart_image_files():
    script, _ = submit(request(ratio="4:3"), [local_ref("a.png", PNG), local_ref("b.png", PNG)])
    assert str(script.last.url) == f"{BASE}/images/edits?async=1"
    assert script.last.headers["content-type"].startswith("multipart/form-data")
    parts = multipart_fields(script.last)
    fields = {name: content.decode() for name, filename, content in parts if filename is None}
    files = [(name, filename, content) for name, filename, content in parts if filename]
    assert fields == {
        "model": "gpt-image-2",
        "prompt": "an orange cat",
        "n": "1",
        "size": "4:3",
        "resolution": "1k",
        "quality": "medium",
    }
    assert files == [("image[]", "a.png", PNG), ("image[]", "b.png", PNG)]


def test_sync_mode_waits_for_the_image_urls():
    done = {
        "id": "3e0c77bb",
        "created": 1781599773,
        "data": [{"url": "https://api.icodeeasy.cc/v1/images/files/x-1.png"}],
    }
    script, update = submit(request(), answer=reply(200, done), icodeeasy_sync=True)
    assert str(script.last.url) == f"{BASE}/images/generations"
    assert update.state is TaskState.succeeded
    assert update.task_id == "3e0c77bb"
    assert update.images == (RemoteImage(url="https://api.icodeeasy.cc/v1/images/files/x-1.png"),)


def test_poll_asks_the_task_endpoint():
    script, update = poll({"task_id": "d142c93a", "status": "pending"})
    assert str(script.last.url) == f"{BASE}/images/tasks/d142c93a"
    assert update.state is TaskState.queued


def test_a_completed_task_gives_its_result_url_and_cost_in_cny():
    _, update = poll(
        {
            "task_id": "d142c93a",
            "status": "completed",
            "model": "gpt-image-2",
            "cost": 0.2,
            "result_url": "https://api.icodeeasy.cc/v1/images/files/1.png",
        }
    )
    assert update.state is TaskState.succeeded
    assert update.cost == Cost(Decimal("0.2"), "CNY")
    assert update.images == (RemoteImage(url="https://api.icodeeasy.cc/v1/images/files/1.png"),)


def test_a_completed_task_with_several_images_lists_them_all():
    urls = [f"https://api.icodeeasy.cc/v1/images/files/{n}.png" for n in range(3)]
    _, update = poll(
        {
            "task_id": "d142c93a",
            "status": "completed",
            "cost": 0.6,
            "result_url": urls[0],
            "result_urls": urls,
        }
    )
    assert [image.url for image in update.images] == urls


def test_a_failed_task_carries_the_providers_message():
    _, update = poll(
        {
            "task_id": "d142c93a",
            "status": "failed",
            "error": {"type": "server_error", "message": "generation failed"},
        }
    )
    assert update.state is TaskState.failed
    assert isinstance(update.error, ProviderFailed)
    assert "generation failed" in str(update.error)


def test_a_completed_task_without_a_url_is_a_bad_result():
    _, update = poll({"task_id": "d142c93a", "status": "completed", "cost": 0.2})
    assert update.state is TaskState.failed
    assert isinstance(update.error, BadResult)


def test_check_key_looks_up_a_task_that_cannot_exist():
    script = Script(reply(404, {"error": {"type": "not_found", "message": "no such task"}}))
    client = client_for("icodeeasy", script)
    assert run(call_and_close(client, lambda c: c.check_key())) is None
    assert script.last.method == "GET"
    assert script.last.url.path.startswith("/v1/images/tasks/studio-key-check-")


def test_check_key_reports_a_refused_key():
    body = {"error": {"type": "authentication_error", "message": "invalid key"}}
    client = client_for("icodeeasy", Script(reply(401, body)))
    with pytest.raises(AuthenticationFailed):
        run(call_and_close(client, lambda c: c.check_key()))
