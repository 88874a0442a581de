"""GPTImage2.ai: POST /api/generate and GET /api/generate/{jobId}, as documented (api-docs/003)."""

from __future__ import annotations

import pytest

from studio.emulator import FaultRule
from tests.emulator.support import KEY, picture, wait_until

BALANCE_FIELDS = {"paidCredits", "freeImagesRemaining", "totalImages", "freeImagesPerDay"}
TEXT = {"mode": "text-to-image", "prompt": "a ceramic espresso cup", "ratio": "1:1", "count": 1}


def create(http, body):
    return http.post("/api/generate", json=body)


def ended(http, job_id):
    def check():
        reply = http.get(f"/api/generate/{job_id}")
        return reply if reply.status_code == 200 else None

    return wait_until(check)


def test_a_create_answers_a_pending_job_with_the_balance_after_the_reservation(client):
    reply = create(client("gptimage2ai"), TEXT)
    assert reply.status_code == 200
    body = reply.json()
    assert body["jobId"]
    assert body["status"] == "pending"
    assert body["balance"] == {
        "paidCredits": 9990,
        "freeImagesRemaining": 0,
        "totalImages": 999,
        "freeImagesPerDay": 0,
    }


def test_each_image_costs_10_credits(client, emulator):
    create(client("gptimage2ai"), {**TEXT, "count": 3})
    assert emulator.state.balance(KEY, "gptimage2ai") == 10000 - 30


@pytest.mark.parametrize(("count", "images"), [(0, 1), (4, 4), (9, 4)])
def test_count_is_capped_between_1_and_4(client, count, images):
    http = client("gptimage2ai")
    reply = ended(http, create(http, {**TEXT, "count": count}).json()["jobId"])
    assert len(reply.json()["results"]) == images


def test_a_poll_answers_202_while_pending_or_running(client, emulator):
    emulator.state.config.task_seconds = 5
    http = client("gptimage2ai")
    job_id = create(http, TEXT).json()["jobId"]
    reply = http.get(f"/api/generate/{job_id}")
    assert reply.status_code == 202
    assert reply.json()["status"] in ("pending", "running")
    assert set(reply.json()["balance"]) == BALANCE_FIELDS


def test_a_succeeded_job_answers_200_with_results(client):
    http = client("gptimage2ai")
    job_id = create(http, {**TEXT, "count": 2}).json()["jobId"]
    body = ended(http, job_id).json()
    assert (body["jobId"], body["status"]) == (job_id, "succeeded")
    assert len(body["results"]) == 2
    for result in body["results"]:
        assert result["imageUrl"].startswith("http://127.0.0.1:")
        assert isinstance(result["seed"], str)
        assert result["finalPrompt"].startswith("a ceramic espresso cup")
    assert set(body["balance"]) == BALANCE_FIELDS


def test_hints_are_appended_to_the_final_prompt(client):
    http = client("gptimage2ai")
    hints = {
        "style": "studio-product",
        "lighting": "soft window light",
        "camera": "50mm close-up",
        "negative": "text, watermark",
    }
    body = ended(http, create(http, {**TEXT, **hints}).json()["jobId"]).json()
    final = body["results"][0]["finalPrompt"]
    assert final.startswith("a ceramic espresso cup")
    for hint in hints.values():
        assert hint in final


@pytest.mark.parametrize(
    ("ratio", "size"),
    [
        ("1:1", (1024, 1024)),
        ("16:9", (1024, 576)),
        ("9:16", (576, 1024)),
        ("4:3", (1024, 768)),
        ("3:4", (768, 1024)),
    ],
)
def test_each_ratio_is_drawn_at_its_shape(client, ratio, size):
    http = client("gptimage2ai")
    body = ended(http, create(http, {**TEXT, "ratio": ratio}).json()["jobId"]).json()
    assert picture(http.get(body["results"][0]["imageUrl"]).content).size == size


def test_image_to_image_takes_reference_urls(client):
    body = {
        **TEXT,
        "mode": "image-to-image",
        "imageUrls": ["https://cdn.example.com/subject.png", "https://cdn.example.com/palette.png"],
    }
    assert create(client("gptimage2ai"), body).status_code == 200


def test_reference_urls_alone_mean_image_to_image(client):
    body = {"prompt": "keep the product", "imageUrls": ["https://cdn.example.com/a.png"]}
    assert create(client("gptimage2ai"), body).status_code == 200


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"mode": "text-to-image"}, "prompt_required"),
        ({**TEXT, "prompt": "  "}, "prompt_required"),
        ({**TEXT, "prompt": "x" * 32001}, "prompt_too_long"),
        ({**TEXT, "mode": "sketch"}, "invalid_mode"),
        ({**TEXT, "ratio": "21:9"}, "invalid_ratio"),
        ({**TEXT, "count": "two"}, "invalid_count"),
        ({**TEXT, "mode": "image-to-image"}, "image_urls_required"),
        ({**TEXT, "mode": "image-to-image", "imageUrls": ["ftp://x/a.png"]}, "invalid_image_urls"),
        (
            {**TEXT, "mode": "image-to-image", "imageUrls": ["https://x/a.png"] * 17},
            "invalid_image_urls",
        ),
        ({**TEXT, "style": 3}, "invalid_style"),
    ],
)
def test_invalid_requests_are_400_with_a_machine_code_and_the_balance(client, emulator, body, code):
    reply = create(client("gptimage2ai"), body)
    assert reply.status_code == 400
    assert reply.json()["error"] == code
    assert reply.json()["balance"]["paidCredits"] == 10000
    assert emulator.state.balance(KEY, "gptimage2ai") == 10000


def test_a_bad_key_is_401_without_a_balance(client):
    reply = create(client("gptimage2ai", key="bad_key"), TEXT)
    assert reply.status_code == 401
    assert reply.json() == {"error": "unauthorized"}


def test_an_empty_account_is_402_with_its_balance(client):
    reply = create(client("gptimage2ai", key="empty_key"), TEXT)
    assert reply.status_code == 402
    assert reply.json()["error"] == "insufficient_credits"
    assert reply.json()["balance"]["paidCredits"] == 0


def test_an_unknown_job_is_404_with_the_balance_and_counts_as_a_check(client, emulator):
    reply = client("gptimage2ai").get("/api/generate/no-such-job")
    assert reply.status_code == 404
    assert reply.json()["error"] == "job_not_found"
    assert set(reply.json()["balance"]) == BALANCE_FIELDS
    assert emulator.state.calls[-1].route == "check"


def test_a_bad_key_checking_a_job_is_401(client):
    assert client("gptimage2ai", key="bad").get("/api/generate/x").status_code == 401


def test_a_failed_job_answers_200_with_an_error_and_refunds_its_credits(client, emulator):
    emulator.state.add_fault(FaultRule(route="create", action="fail_task"))
    http = client("gptimage2ai")
    job = create(http, {**TEXT, "count": 2}).json()
    assert job["balance"]["paidCredits"] == 9980
    body = ended(http, job["jobId"]).json()
    assert body["status"] == "failed"
    assert body["error"] == "image_generation_failed"
    assert "results" not in body
    assert body["balance"]["paidCredits"] == 10000
    assert emulator.state.balance(KEY, "gptimage2ai") == 10000


def test_a_rate_limit_answers_429_with_a_machine_code(client, emulator):
    emulator.state.add_fault(FaultRule(provider="gptimage2ai", status=429, retry_after=2))
    reply = create(client("gptimage2ai"), TEXT)
    assert reply.status_code == 429
    assert reply.json()["error"] == "rate_limited"
    assert reply.headers["retry-after"] == "2"


def test_a_server_error_answers_500_with_a_machine_code(client, emulator):
    emulator.state.add_fault(FaultRule(provider="gptimage2ai", status=500))
    reply = create(client("gptimage2ai"), TEXT)
    assert (reply.status_code, reply.json()["error"]) == (500, "image_generation_failed")
