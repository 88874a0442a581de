"""icodeeasy: OpenAI-compatible images, sync or ?async=1, CNY billing (api-docs/004)."""

from __future__ import annotations

import base64
import io
import re
from decimal import Decimal

import pytest
from PIL import Image

from studio.emulator import FaultRule
from tests.emulator.support import KEY, picture, wait_until

BODY = {"model": "gpt-image-2", "prompt": "an orange cat on a windowsill"}
URL = re.compile(r"http://127\.0\.0\.1:\d+/v1/images/files/gpt-image-2/\d{8}/[0-9a-f-]{36}-\d\.png")
ERROR_FIELDS = {"type", "message", "provider"}


def png(size=(8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, "PNG")
    return out.getvalue()


DATA_URL = "data:image/png;base64," + base64.b64encode(png()).decode()


def generate(http, body=None, **params):
    return http.post("/images/generations", json=BODY if body is None else body, params=params)


def completed(http, task_id):
    def check():
        body = http.get(f"/images/tasks/{task_id}").json()
        return body if body["status"] != "pending" else None

    return wait_until(check)


def test_a_sync_generation_answers_200_with_urls(client):
    reply = generate(client("icodeeasy"))
    assert reply.status_code == 200
    body = reply.json()
    assert set(body) == {"id", "created", "data"}
    assert isinstance(body["created"], int)
    assert len(body["data"]) == 1
    assert URL.fullmatch(body["data"][0]["url"])
    assert body["id"] in body["data"][0]["url"]


def test_n_images_are_returned_and_billed_per_image(client, emulator):
    reply = generate(client("icodeeasy"), {**BODY, "n": 3, "quality": "high"})
    assert len(reply.json()["data"]) == 3
    assert emulator.state.balance(KEY, "icodeeasy") == Decimal("100") - Decimal("1.20")


@pytest.mark.parametrize(
    ("quality", "price"),
    [("low", "0.10"), ("medium", "0.20"), ("auto", "0.20"), ("high", "0.40"), (None, "0.20")],
)
def test_each_quality_tier_costs_its_documented_cny(client, emulator, quality, price):
    body = BODY if quality is None else {**BODY, "quality": quality}
    assert generate(client("icodeeasy"), body).status_code == 200
    assert emulator.state.balance(KEY, "icodeeasy") == Decimal("100") - Decimal(price)


@pytest.mark.parametrize("flag", ["1", "true", "yes"])
def test_async_mode_answers_202_with_a_pending_task(client, flag):
    reply = generate(client("icodeeasy"), **{"async": flag})
    assert reply.status_code == 202
    assert reply.json()["status"] == "pending"
    assert set(reply.json()) == {"status", "task_id"}


def test_an_async_task_completes_with_its_cost_and_result_url(client):
    http = client("icodeeasy")
    task_id = generate(http, **{"async": "1"}).json()["task_id"]
    body = completed(http, task_id)
    assert body["task_id"] == task_id
    assert body["status"] == "completed"
    assert body["model"] == "gpt-image-2"
    assert body["cost"] == 0.2
    assert URL.fullmatch(body["result_url"])
    assert "result_urls" not in body


def test_an_async_task_of_several_images_lists_them_all(client):
    http = client("icodeeasy")
    task_id = generate(http, {**BODY, "n": 2}, **{"async": "1"}).json()["task_id"]
    body = completed(http, task_id)
    assert body["result_url"] == body["result_urls"][0]
    assert len(body["result_urls"]) == 2
    assert body["cost"] == 0.4


def test_a_pending_task_has_no_result_yet(client, emulator):
    emulator.state.config.task_seconds = 5
    http = client("icodeeasy")
    task_id = generate(http, **{"async": "1"}).json()["task_id"]
    body = http.get(f"/images/tasks/{task_id}").json()
    assert (body["status"], body["result_url"]) == ("pending", None)


@pytest.mark.parametrize(
    "path", ["/v1/images/generations", "/v1/images/edits", "/images/generations", "/images/edits"]
)
def test_both_endpoints_work_with_and_without_v1(client, emulator, path):
    http = client("icodeeasy")
    reply = http.post(emulator.url + path, json=BODY)
    assert reply.status_code == 200


def test_edits_take_multipart_image_uploads(client):
    files = [("image[]", ("a.png", png(), "image/png")), ("image[]", ("b.png", png(), "image/png"))]
    data = {
        "model": "gpt-image-2",
        "prompt": "make this person 70 years old",
        "size": "1536x1024",
        "n": "2",
    }
    reply = client("icodeeasy").post("/images/edits", data=data, files=files)
    assert reply.status_code == 200
    assert len(reply.json()["data"]) == 2


def test_a_multipart_upload_that_is_not_an_image_is_400(client):
    files = [("image[]", ("a.txt", b"hello", "text/plain"))]
    reply = client("icodeeasy").post("/images/edits", data=BODY, files=files)
    assert reply.status_code == 400
    assert reply.json()["error"]["type"] == "invalid_request_error"


@pytest.mark.parametrize("field", ["image_urls", "image_input"])
def test_json_references_may_mix_https_and_data_urls(client, field):
    body = {**BODY, field: ["https://example.com/photo-a.jpg", DATA_URL]}
    assert client("icodeeasy").post("/images/edits", json=body).status_code == 200


@pytest.mark.parametrize(
    ("size", "resolution", "expected"),
    [
        ("16:9", "2k", (2048, 1152)),
        ("9:21", "1k", (432, 1024)),
        ("auto", "1k", (1024, 1024)),
        ("1536x1024", "1k", (1536, 1024)),
        (None, None, (1024, 1024)),
    ],
)
def test_size_and_resolution_set_the_picture(client, size, resolution, expected):
    http = client("icodeeasy")
    body = {
        **BODY,
        **({"size": size} if size else {}),
        **({"resolution": resolution} if resolution else {}),
    }
    url = generate(http, body).json()["data"][0]["url"]
    assert picture(http.get(url, params={"download": "1"}).content).size == expected


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"prompt": "x"}, "model"),
        ({**BODY, "model": "dall-e-3"}, "not supported"),
        ({"model": "gpt-image-2"}, "prompt is required"),
        ({**BODY, "n": 0}, "n must be"),
        ({**BODY, "size": "7:3"}, "unsupported size"),
        ({**BODY, "size": "1000x1000"}, "unsupported size"),
        ({**BODY, "resolution": "4k"}, "resolution"),
        ({**BODY, "quality": "hd"}, "quality"),
        ({**BODY, "response_format": "b64_json"}, "b64_json is not supported"),
        ({**BODY, "image_urls": ["http://example.com/a.png"]}, "https"),
        ({**BODY, "image_urls": ["data:image/png;base64,%%%"]}, "base64"),
        ({**BODY, "image_urls": ["https://example.com/a.png"] * 17}, "at most 16"),
        ({**BODY, "image_urls": "https://example.com/a.png"}, "list"),
    ],
)
def test_invalid_requests_are_400_invalid_request_error(client, emulator, body, words):
    reply = generate(client("icodeeasy"), body)
    assert reply.status_code == 400
    error = reply.json()["error"]
    assert (error["type"], error["provider"]) == ("invalid_request_error", "icodeeasy.cc")
    assert words in error["message"]
    assert emulator.state.balance(KEY, "icodeeasy") == 100


def test_a_loopback_http_reference_is_accepted(client):
    body = {**BODY, "image_urls": ["http://127.0.0.1:9/a.png"]}
    assert generate(client("icodeeasy"), body).status_code == 200


@pytest.mark.parametrize("key", [None, "bad_key"])
def test_a_missing_or_bad_key_is_401_authentication_error(client, key):
    reply = generate(client("icodeeasy", key=key))
    assert reply.status_code == 401
    assert set(reply.json()["error"]) == ERROR_FIELDS
    assert reply.json()["error"]["type"] == "authentication_error"


def test_an_empty_account_is_402_payment_required(client):
    reply = generate(client("icodeeasy", key="empty_key"), **{"async": "1"})
    assert reply.status_code == 402
    assert reply.json()["error"]["type"] == "payment_required"


def test_a_balance_below_the_price_is_402(client, emulator):
    emulator.state.set_balance(KEY, "0.30", "icodeeasy")
    reply = generate(client("icodeeasy"), {**BODY, "n": 2})
    assert reply.status_code == 402
    assert emulator.state.balance(KEY, "icodeeasy") == Decimal("0.30")


def test_a_rate_limit_is_429_rate_limit_error(client, emulator):
    emulator.state.add_fault(FaultRule(provider="icodeeasy", status=429, retry_after=1))
    reply = generate(client("icodeeasy"))
    assert (reply.status_code, reply.json()["error"]["type"]) == (429, "rate_limit_error")


def test_a_failed_sync_generation_is_a_5xx_server_error_and_not_billed(client, emulator):
    emulator.state.add_fault(FaultRule(route="create", action="fail_task"))
    reply = generate(client("icodeeasy"))
    assert reply.status_code >= 500
    assert reply.json()["error"]["type"] == "server_error"
    assert emulator.state.balance(KEY, "icodeeasy") == 100


def test_a_failed_async_task_costs_nothing(client, emulator):
    emulator.state.add_fault(FaultRule(route="create", action="fail_task"))
    http = client("icodeeasy")
    body = completed(http, generate(http, **{"async": "1"}).json()["task_id"])
    assert (body["status"], body["cost"], body["result_url"]) == ("failed", 0, None)
    assert emulator.state.balance(KEY, "icodeeasy") == 100


def test_an_unknown_task_is_404_and_counts_as_a_check(client, emulator):
    reply = client("icodeeasy").get("/images/tasks/no-such-task")
    assert reply.status_code == 404
    assert set(reply.json()["error"]) == ERROR_FIELDS
    assert emulator.state.calls[-1].route == "check"


def test_a_bad_key_checking_a_task_is_401(client):
    assert client("icodeeasy", key="bad").get("/images/tasks/x").status_code == 401


def test_sync_calls_wait_sync_seconds(client, emulator):
    emulator.state.config.sync_seconds = 0.3
    reply = generate(client("icodeeasy"))
    assert reply.elapsed.total_seconds() >= 0.3


def test_a_malformed_multipart_body_is_400(client):
    reply = client("icodeeasy").post(
        "/images/edits",
        content=b"--xyz\r\nContent-Disposition: form-data\r\n\r\nvalue\r\n--xyz--\r\n",
        headers={"content-type": "multipart/form-data; boundary=xyz"},
    )
    assert reply.status_code == 400
    assert reply.json()["error"]["type"] == "invalid_request_error"
