"""No job succeeds with fewer images than were asked (and maybe paid) for.

icodeeasy documents one `result_url` per async task, so n > 1 goes the synchronous way, whose
reply lists every `data[].url`. A provider that delivers fewer images than asked: the client
hands over every image that came, and the engine (one rule for every provider, checked against
the journaled request: tests/engine/test_short_delivery.py) saves them and fails the job with a
true message instead of succeeding."""

from __future__ import annotations

import base64
import json

import httpx
import pytest

from studio.domain.models import GenerationRequest
from studio.providers.base import TaskState, TaskUpdate
from tests.helpers import run
from tests.providers.support import PNG, Script, client_for, quick_options, reply

FILES = "https://api.icodeeasy.cc/v1/images/files/gpt-image-2/20260616"


def documented_icodeeasy(request: httpx.Request) -> httpx.Response:
    """icodeeasy exactly as its document shows: a task reply carries one `result_url`; a
    synchronous reply lists `data[].url` for each of the n images."""
    if request.method == "POST":
        count = json.loads(request.content).get("n", 1)
        if request.url.params.get("async") == "1":
            return reply(202, {"status": "pending", "task_id": "d142c93a"})
        data = [{"url": f"{FILES}/3e0c77bb-{k}.png"} for k in range(1, count + 1)]
        return reply(200, {"id": "3e0c77bb", "created": 1781599773, "data": data})
    return reply(
        200,
        {
            "task_id": "d142c93a",
            "status": "completed",
            "model": "gpt-image-2",
            "cost": 0.4,
            "result_url": f"{FILES}/d142c93a-1.png",
        },
    )


def create_then_poll(provider: str, script: Script, request: GenerationRequest) -> TaskUpdate:
    """Submit, then poll the task (if one came back) until it is done, on one client."""
    client = client_for(provider, script, options=quick_options())

    async def scenario() -> TaskUpdate:
        try:
            update = await client.submit(request, [])
            while update.state in (TaskState.queued, TaskState.running):
                assert update.task_id
                update = await client.poll(update.task_id)
            return update
        finally:
            await client.aclose()

    return run(scenario())


def icodeeasy(count: int) -> GenerationRequest:
    return GenerationRequest(provider="icodeeasy", model="gpt-image-2", prompt="a cat", count=count)


def test_icodeeasy_with_two_images_gets_both_from_a_server_that_answers_as_documented():
    script = Script(documented_icodeeasy)
    update = create_then_poll("icodeeasy", script, icodeeasy(2))
    assert update.state is TaskState.succeeded
    assert [image.url for image in update.images] == [
        f"{FILES}/3e0c77bb-1.png",
        f"{FILES}/3e0c77bb-2.png",
    ]
    assert [r.method for r in script.requests] == ["POST"]
    assert "async" not in script.requests[0].url.params


def test_icodeeasy_with_one_image_stays_asynchronous():
    script = Script(documented_icodeeasy)
    update = create_then_poll("icodeeasy", script, icodeeasy(1))
    assert [image.url for image in update.images] == [f"{FILES}/d142c93a-1.png"]
    assert script.requests[0].url.params["async"] == "1"


def test_an_async_task_of_two_that_delivers_one_image_hands_over_the_one():
    """Where a task is polled (a GPTImage2.ai job of count 2): the image that came is not
    thrown away by the client."""
    running = {"jobId": "8b93b17d", "status": "running"}
    one = {
        "jobId": "8b93b17d",
        "status": "succeeded",
        "results": [{"imageUrl": "https://cdn.gptimage2.ai/1.png"}],
    }
    script = Script(reply(200, running), reply(200, one))
    request = GenerationRequest(provider="gptimage2ai", model="gpt-image-2", prompt="a", count=2)
    update = create_then_poll("gptimage2ai", script, request)
    assert update.state is TaskState.succeeded
    assert update.task_id == "8b93b17d"
    assert [image.url for image in update.images] == ["https://cdn.gptimage2.ai/1.png"]


SHORT_REPLIES = {
    "icodeeasy": reply(200, {"id": "3e0c77bb", "data": [{"url": f"{FILES}/3e0c77bb-1.png"}]}),
    "openai": reply(200, {"created": 1, "data": [{"b64_json": base64.b64encode(PNG).decode()}]}),
}


@pytest.mark.parametrize("provider", sorted(SHORT_REPLIES))
def test_a_synchronous_reply_with_fewer_images_than_asked_hands_over_what_came(provider):
    script = Script(SHORT_REPLIES[provider])
    request = GenerationRequest(provider=provider, model="gpt-image-2", prompt="a", count=3)
    update = create_then_poll(provider, script, request)
    assert update.state is TaskState.succeeded
    assert len(update.images) == 1
    assert len(script.requests) == 1
