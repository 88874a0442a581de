"""JoyAI Image API: POST /api/v1/generate and GET /api/v1/status, as documented (api-docs/000)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from studio.emulator import FaultRule
from tests.emulator.support import KEY, picture, wait_until

GPT = {"model": "gptimage2", "prompt": "a red ceramic chair"}
JOY = {"model": "joyai", "prompt": "make the mug blue", "images": ["https://example.com/a.jpg"]}


def create(http, body):
    return http.post("/api/v1/generate", json=body)


def status(http, task_id):
    return http.get("/api/v1/status", params={"task_id": task_id})


def finished(http, task_id):
    def check():
        data = status(http, task_id).json()["data"]
        return data if data["status"] != "processing" else None

    return wait_until(check)


def test_a_create_answers_a_processing_task_in_the_envelope(client):
    reply = create(client("joyai"), {**GPT, "quality": "high", "resolution": "2k"})
    assert reply.status_code == 200
    body = reply.json()
    assert (body["code"], body["message"]) == (200, "success")
    assert body["data"]["status"] == "processing"
    assert body["data"]["model"] == "gptimage2"
    assert body["data"]["credits_charged"] == 88
    assert body["data"]["task_id"]


def test_the_task_succeeds_with_image_urls(client):
    http = client("joyai")
    task_id = create(http, GPT).json()["data"]["task_id"]
    data = finished(http, task_id)
    assert data["status"] == "succeeded"
    assert data["task_id"] == task_id
    assert data["error"] is None
    assert data["credits_charged"] == 12
    assert len(data["images"]) == 1
    assert data["images"][0].startswith(http.base_url.join("/").__str__())
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", data["created_at"])


def test_a_task_is_processing_before_it_succeeds(client, emulator):
    emulator.state.config.task_seconds = 5
    http = client("joyai")
    task_id = create(http, GPT).json()["data"]["task_id"]
    data = status(http, task_id).json()["data"]
    assert (data["status"], data["images"], data["error"]) == ("processing", [], None)


@pytest.mark.parametrize(
    ("mode", "quality", "credits"),
    [
        ("text", "low", (2, 4, 6)),
        ("text", "medium", (12, 24, 36)),
        ("text", "high", (44, 88, 132)),
        ("edit", "low", (6, 12, 18)),
        ("edit", "medium", (12, 24, 36)),
        ("edit", "high", (44, 88, 132)),
    ],
)
def test_gptimage2_costs_the_documented_credits(client, emulator, mode, quality, credits):
    http = client("joyai")
    images = {"images": ["https://example.com/ref.png"]} if mode == "edit" else {}
    for resolution, price in zip(("1k", "2k", "4k"), credits, strict=True):
        before = emulator.state.balance(KEY, "joyai")
        reply = create(http, {**GPT, **images, "quality": quality, "resolution": resolution})
        assert reply.json()["data"]["credits_charged"] == price
        assert emulator.state.balance(KEY, "joyai") == before - price


def test_joyai_edits_cost_24_credits_per_request(client, emulator):
    reply = create(client("joyai"), JOY)
    assert reply.json()["data"]["credits_charged"] == 24
    assert emulator.state.balance(KEY, "joyai") == 10000 - 24


def test_joyai_draws_its_size(client):
    http = client("joyai")
    task_id = create(http, {**JOY, "size": "1280*720"}).json()["data"]["task_id"]
    url = finished(http, task_id)["images"][0]
    assert picture(http.get(url).content).size == (1280, 720)


def test_joyai_size_defaults_to_1024_square(client):
    http = client("joyai")
    task_id = create(http, JOY).json()["data"]["task_id"]
    url = finished(http, task_id)["images"][0]
    assert picture(http.get(url).content).size == (1024, 1024)


def test_gptimage2_draws_its_ratio_at_its_resolution(client):
    http = client("joyai")
    body = {**GPT, "aspect_ratio": "16:9", "resolution": "4k"}
    url = finished(http, create(http, body).json()["data"]["task_id"])["images"][0]
    image = picture(http.get(url).content)
    assert (image.format, image.size) == ("PNG", (3840, 2160))


@pytest.mark.parametrize(
    ("fmt", "pil_format"), [("png", "PNG"), ("jpeg", "JPEG"), ("webp", "WEBP")]
)
def test_gptimage2_draws_its_output_format(client, fmt, pil_format):
    http = client("joyai")
    body = {**GPT, "aspect_ratio": "3:4", "output_format": fmt}
    url = finished(http, create(http, body).json()["data"]["task_id"])["images"][0]
    image = picture(http.get(url).content)
    assert (image.format, image.size) == (pil_format, (768, 1024))


def test_the_callback_url_is_stored_with_the_task(client, emulator):
    body = {**GPT, "callback_url": "https://example.com/hook"}
    task_id = create(client("joyai"), body).json()["data"]["task_id"]
    assert emulator.state.task(task_id).callback_url == "https://example.com/hook"


@pytest.mark.parametrize(
    "reference",
    ["https://example.com/a.png", "http://127.0.0.1:9/a.png", "data:image/png;base64,iVBORw0K"],
)
def test_references_may_be_https_loopback_or_data_urls(client, reference):
    reply = create(client("joyai"), {**JOY, "images": [reference]})
    assert reply.status_code == 200


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"model": "gptimage2"}, "prompt is required"),
        ({**GPT, "prompt": "   "}, "prompt is required"),
        ({"prompt": "x"}, "model is required"),
        ({**GPT, "model": "dall-e-3"}, "model must be one of"),
        ({**JOY, "prompt": "x" * 1501}, "at most 1500"),
        ({**GPT, "prompt": "x" * 20001}, "at most 20000"),
        ({**JOY, "images": []}, "images is required for joyai"),
        ({"model": "joyai", "prompt": "x"}, "images is required for joyai"),
        ({**JOY, "images": ["https://example.com/a.png"] * 4}, "at most 3"),
        ({**JOY, "images": ["http://example.com/a.png"]}, "https"),
        ({**JOY, "images": ["data:image/png;base64,@@@"]}, "base64"),
        ({**JOY, "images": "https://example.com/a.png"}, "list"),
        ({**JOY, "size": "1024x1024"}, "size"),
        ({**JOY, "size": "100*100"}, "size"),
        ({**GPT, "quality": "ultra"}, "quality"),
        ({**GPT, "resolution": "8k"}, "resolution"),
        ({**GPT, "aspect_ratio": "7:5"}, "aspect_ratio"),
        ({**GPT, "output_format": "gif"}, "output_format"),
        ({**GPT, "callback_url": "ftp://example.com"}, "callback_url"),
    ],
)
def test_invalid_parameters_are_refused_with_400(client, emulator, body, message):
    reply = create(client("joyai"), body)
    assert reply.status_code == 400
    assert reply.json()["code"] == 400
    assert message in reply.json()["message"]
    assert reply.json()["data"] is None
    assert emulator.state.balance(KEY, "joyai") == 10000


def test_a_body_that_is_not_json_is_refused(client):
    reply = client("joyai").post("/api/v1/generate", content=b"prompt=x")
    assert (reply.status_code, reply.json()["code"]) == (400, 400)


@pytest.mark.parametrize("key", [None, "bad_key"])
def test_a_missing_or_bad_key_is_401(client, key):
    reply = create(client("joyai", key=key), GPT)
    assert reply.status_code == 401
    assert reply.json()["code"] == 401
    assert reply.json()["data"] is None


def test_an_empty_account_gets_402(client, emulator):
    reply = create(client("joyai", key="empty_key"), GPT)
    assert (reply.status_code, reply.json()["code"]) == (402, 402)
    assert emulator.state.create_calls("joyai") == 1


def test_a_balance_below_the_price_gets_402_and_is_not_charged(client, emulator):
    emulator.state.set_balance(KEY, 87, "joyai")
    reply = create(client("joyai"), {**GPT, "quality": "high", "resolution": "2k"})
    assert reply.status_code == 402
    assert emulator.state.balance(KEY, "joyai") == Decimal(87)


def test_an_unknown_task_is_404_and_counts_as_a_key_check(client, emulator):
    reply = status(client("joyai"), "no-such-task")
    assert (reply.status_code, reply.json()["code"]) == (404, 404)
    assert emulator.state.calls[-1].route == "check"


def test_a_bad_key_checking_a_task_is_401(client):
    assert status(client("joyai", key="bad"), "no-such-task").status_code == 401


def test_another_keys_task_is_not_found(client):
    task_id = create(client("joyai"), GPT).json()["data"]["task_id"]
    assert status(client("joyai", key="sk_other"), task_id).status_code == 404


def test_a_status_query_without_task_id_is_400(client):
    reply = client("joyai").get("/api/v1/status")
    assert reply.status_code == 400
    assert reply.json()["message"] == "task_id is required"


def test_a_failed_task_reports_its_error_and_keeps_the_charge(client, emulator):
    emulator.state.add_fault(FaultRule(route="create", action="fail_task"))
    http = client("joyai")
    task_id = create(http, GPT).json()["data"]["task_id"]
    data = finished(http, task_id)
    assert data["status"] == "failed"
    assert data["images"] == []
    assert data["error"]
    assert emulator.state.balance(KEY, "joyai") == 10000 - 12


def test_the_demo_speaks_joyai_at_the_root(client):
    assert create(client("demo"), GPT).status_code == 200
