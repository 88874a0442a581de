"""The GPTImage2.ai client: jobs, results, balances and error codes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from studio.domain.errors import AuthenticationFailed, BadResult, InvalidRequest, ProviderFailed
from studio.domain.models import Balance, GenerationRequest
from studio.providers.base import RemoteImage, TaskState
from tests.helpers import run
from tests.providers.support import (
    KEY,
    Script,
    call_and_close,
    client_for,
    local_ref,
    reply,
    url_ref,
)

BALANCE = {"paidCredits": 490, "freeImagesRemaining": 0, "totalImages": 49, "freeImagesPerDay": 0}
RUNNING = {"jobId": "8b93b17d", "status": "running", "balance": BALANCE}


def request(**changes) -> GenerationRequest:
    fields = {"provider": "gptimage2ai", "model": "gpt-image-2", "prompt": "a ceramic cup"}
    return GenerationRequest(**(fields | changes))


def submit(req: GenerationRequest, refs=(), answer=None):
    script = Script(answer or reply(200, RUNNING))
    client = client_for("gptimage2ai", script)
    update = run(call_and_close(client, lambda c: c.submit(req, list(refs))))
    return script, update


def poll(status: int, body: dict):
    script = Script(reply(status, body))
    client = client_for("gptimage2ai", script)
    return script, run(call_and_close(client, lambda c: c.poll("8b93b17d")))


def test_text_to_image_sends_mode_ratio_and_count():
    script, _ = submit(request())
    assert str(script.last.url) == "https://gptimage2.ai/api/generate"
    assert script.last.headers["authorization"] == f"Bearer {KEY}"
    assert script.json_sent() == {
        "prompt": "a ceramic cup",
        "mode": "text-to-image",
        "ratio": "1:1",
        "count": 1,
    }


def test_image_to_image_sends_reference_urls_and_every_hint():
    req = request(
        ratio="16:9",
        count=3,
        extras={
            "style": "studio-product",
            "lighting": "softbox",
            "camera": "50mm, eye level",
            "negative": "text, watermark",
        },
    )
    script, _ = submit(
        req,
        [
            url_ref("https://cdn.example.com/subject.png"),
            url_ref("https://cdn.example.com/palette.png"),
        ],
    )
    assert script.json_sent() == {
        "prompt": "a ceramic cup",
        "mode": "image-to-image",
        "ratio": "16:9",
        "count": 3,
        "imageUrls": ["https://cdn.example.com/subject.png", "https://cdn.example.com/palette.png"],
        "style": "studio-product",
        "lighting": "softbox",
        "camera": "50mm, eye level",
        "negative": "text, watermark",
    }


def test_local_references_need_the_inline_consent():
    script = Script(reply(200, RUNNING))
    client = client_for("gptimage2ai", script)
    with pytest.raises(InvalidRequest):
        run(call_and_close(client, lambda c: c.submit(request(), [local_ref()])))
    assert script.requests == []
    script, _ = submit(request(inline_references=True), [local_ref()])
    assert script.json_sent()["imageUrls"][0].startswith("data:image/png;base64,")


def test_create_reply_gives_the_job_id_and_the_balance():
    _, update = submit(request())
    assert update.task_id == "8b93b17d"
    assert update.state is TaskState.running
    assert update.balance == Balance(Decimal(490), "credits")


def test_poll_asks_for_the_job_by_id_escaping_it():
    script = Script(reply(202, RUNNING))
    client = client_for("gptimage2ai", script)
    run(call_and_close(client, lambda c: c.poll("a/b?c")))
    assert script.last.url.raw_path == b"/api/generate/a%2Fb%3Fc"


@pytest.mark.parametrize(
    ("status", "state"), [("pending", TaskState.queued), ("running", TaskState.running)]
)
def test_a_202_while_pending_or_running_keeps_waiting(status, state):
    _, update = poll(202, {"jobId": "8b93b17d", "status": status, "balance": BALANCE})
    assert update.state is state
    assert update.balance == Balance(Decimal(490), "credits")


def test_a_succeeded_job_gives_urls_seeds_and_final_prompts():
    _, update = poll(
        200,
        {
            "jobId": "8b93b17d",
            "status": "succeeded",
            "balance": BALANCE,
            "results": [
                {
                    "imageUrl": "https://file.gptimage2.ai/generated/1.png",
                    "seed": "1",
                    "finalPrompt": "a ceramic cup, soft light",
                },
                {
                    "imageUrl": "https://file.gptimage2.ai/generated/2.png",
                    "seed": 2,
                    "finalPrompt": "a ceramic cup",
                },
            ],
        },
    )
    assert update.state is TaskState.succeeded
    assert update.images == (
        RemoteImage(
            url="https://file.gptimage2.ai/generated/1.png",
            seed="1",
            final_prompt="a ceramic cup, soft light",
        ),
        RemoteImage(
            url="https://file.gptimage2.ai/generated/2.png", seed="2", final_prompt="a ceramic cup"
        ),
    )


def test_a_failed_job_carries_its_error_code_and_says_it_was_refunded():
    _, update = poll(
        200,
        {
            "jobId": "8b93b17d",
            "status": "failed",
            "error": "image_generation_failed",
            "balance": BALANCE,
        },
    )
    assert update.state is TaskState.failed
    assert isinstance(update.error, ProviderFailed)
    assert "image_generation_failed" in str(update.error)
    assert "refunded" in str(update.error)


def test_a_success_without_results_is_a_bad_result():
    _, update = poll(200, {"jobId": "8b93b17d", "status": "succeeded", "results": []})
    assert update.state is TaskState.failed
    assert isinstance(update.error, BadResult)


def test_a_reply_without_balance_has_none():
    _, update = poll(202, {"jobId": "8b93b17d", "status": "running"})
    assert update.balance is None


def test_check_key_returns_the_balance_of_an_unknown_job_reply():
    script = Script(reply(404, {"error": "job_not_found", "balance": BALANCE}))
    client = client_for("gptimage2ai", script)
    assert run(call_and_close(client, lambda c: c.check_key())) == Balance(Decimal(490), "credits")
    assert script.last.method == "GET"
    assert script.last.url.path.startswith("/api/generate/studio-key-check-")


def test_check_key_without_a_balance_in_the_reply_returns_none():
    client = client_for("gptimage2ai", Script(reply(404, {"error": "job_not_found"})))
    assert run(call_and_close(client, lambda c: c.check_key())) is None


def test_check_key_reports_a_refused_key():
    client = client_for("gptimage2ai", Script(reply(401, {"error": "invalid_api_key"})))
    with pytest.raises(AuthenticationFailed):
        run(call_and_close(client, lambda c: c.check_key()))
