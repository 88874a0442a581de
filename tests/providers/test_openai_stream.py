"""A streamed OpenAI create: partial images reach the listener as they arrive, the final image
and its usage come from the completed event, and a stream that breaks after it started leaves
the outcome unknown (a paid create is never re-sent)."""

from __future__ import annotations

import base64
import json
from decimal import Decimal

import httpx
import pytest

from studio.domain.errors import OutcomeUnknown
from studio.domain.models import GenerationRequest
from studio.providers.base import TaskState
from studio.providers.streaming import PartialImage, report_partials
from tests.helpers import run
from tests.providers.support import PNG, BrokenStream, Script, call_and_close, client_for

B64 = base64.b64encode(PNG).decode()
USAGE = {
    "total_tokens": 1100,
    "input_tokens": 44,
    "output_tokens": 1056,
    "input_tokens_details": {"text_tokens": 4, "image_tokens": 40},
}
COMMON = {"size": "1024x1024", "quality": "medium", "background": "opaque", "output_format": "png"}


def event(kind: str, **fields) -> bytes:
    payload = {"type": kind, "b64_json": B64, "created_at": 1, **COMMON, **fields}
    return f"event: {kind}\ndata: {json.dumps(payload)}\n\n".encode()


PARTIALS = [event("image_generation.partial_image", partial_image_index=i) for i in range(2)]
COMPLETED = event("image_generation.completed", usage=USAGE)


def request(**changes) -> GenerationRequest:
    fields = {
        "provider": "openai",
        "model": "gpt-image-2",
        "prompt": "a sea otter",
        "extras": {"partial_images": "2"},
    }
    return GenerationRequest(**(fields | changes))


def stream_reply(body: bytes | httpx.AsyncByteStream) -> httpx.Response:
    headers = {"content-type": "text/event-stream"}
    if isinstance(body, bytes):
        return httpx.Response(200, headers=headers, content=body)
    return httpx.Response(200, headers=headers, stream=body)


def submit(answer: httpx.Response):
    script = Script(answer)
    client = client_for("openai", script)
    seen: list[PartialImage] = []

    async def go(c):
        with report_partials(seen.append):
            return await c.submit(request(), [])

    update = run(call_and_close(client, go))
    return script, update, seen


def test_the_request_asks_for_a_stream_with_partial_images():
    script, update, seen = submit(stream_reply(b"".join(PARTIALS) + COMPLETED))
    assert script.json_sent()["stream"] is True
    assert script.json_sent()["partial_images"] == 2
    assert [(p.number, p.total, p.data) for p in seen] == [(1, 2, PNG), (2, 2, PNG)]
    assert update.state is TaskState.succeeded
    assert [image.data for image in update.images] == [PNG]
    assert update.cost is not None and update.cost.basis == "usage"
    # gpt-image-2: 4 text tokens at $5, 40 image tokens at $8, 1056 output tokens at $30 per 1M.
    assert update.cost.amount == Decimal(4 * 5 + 40 * 8 + 1056 * 30) / 1_000_000


def test_a_stream_that_ends_without_the_final_image_is_an_unknown_outcome():
    with pytest.raises(OutcomeUnknown, match="will not be sent again"):
        submit(stream_reply(b"".join(PARTIALS)))


def test_a_stream_that_breaks_after_it_started_is_an_unknown_outcome_and_not_resent():
    script = Script(stream_reply(BrokenStream(PARTIALS[0])))
    client = client_for("openai", script)
    with pytest.raises(OutcomeUnknown):
        run(call_and_close(client, lambda c: c.submit(request(), [])))
    assert len(script.requests) == 1


def test_a_spooled_stream_is_read_as_the_live_one_was():
    """The whole event stream is what gets spooled: a process stopped after it arrived goes on
    from it, priced by the request's model."""
    client = client_for("openai", Script(stream_reply(b"")))
    update = client.read_spooled(b"".join(PARTIALS) + COMPLETED, request())
    run(client.aclose())
    assert [image.data for image in update.images] == [PNG]
    assert update.cost is not None and update.cost.unit == "USD"
