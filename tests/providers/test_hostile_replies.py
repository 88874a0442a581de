"""Whatever a provider sends back, the client answers with the studio's own errors, not a crash."""

from __future__ import annotations

import json
import logging

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studio.domain.errors import StudioError
from studio.domain.models import GenerationRequest
from studio.providers.base import TaskUpdate
from tests.helpers import run
from tests.providers.support import Script, call_and_close, client_for, quick_options

REQUESTS = {
    "joyai": GenerationRequest(provider="joyai", model="gptimage2", prompt="a red chair"),
    "gptimage2ai": GenerationRequest(provider="gptimage2ai", model="gpt-image-2", prompt="a cup"),
    "icodeeasy": GenerationRequest(provider="icodeeasy", model="gpt-image-2", prompt="a cup"),
    "openai": GenerationRequest(provider="openai", model="gpt-image-2", prompt="a cup"),
}
#: Field names of every protocol, so the generated bodies look almost right.
NAMES = [
    "code",
    "message",
    "data",
    "task_id",
    "status",
    "images",
    "credits_charged",
    "error",
    "jobId",
    "results",
    "imageUrl",
    "seed",
    "finalPrompt",
    "balance",
    "paidCredits",
    "id",
    "result_url",
    "result_urls",
    "cost",
    "b64_json",
    "url",
    "revised_prompt",
    "type",
]
STATUS_WORDS = ["processing", "succeeded", "failed", "pending", "running", "completed", "queued"]
STATUSES = [
    200,
    201,
    202,
    204,
    301,
    302,
    400,
    401,
    402,
    403,
    404,
    408,
    409,
    422,
    429,
    500,
    502,
    503,
    504,
    599,
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False),
    st.sampled_from(STATUS_WORDS),
    st.text(max_size=20),
    st.sampled_from(["https://cdn.example.com/1.png", "aGVsbG8=", "@@@", "200", "NaN"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(NAMES), inner, max_size=6)
    ),
    max_leaves=20,
)
bodies = st.one_of(
    st.dictionaries(st.sampled_from(NAMES), values, max_size=8).map(
        lambda d: json.dumps(d).encode()
    ),
    values.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=64),
)
headers = st.fixed_dictionaries(
    {},
    optional={
        "retry-after": st.sampled_from(
            ["1", "-5", "abc", "Wed, 21 Oct 2015 07:28:00 GMT", "1e999"]
        ),
        "content-type": st.sampled_from(["application/json", "text/html", "image/png"]),
        "location": st.sampled_from(["https://cdn.example.com/x", "::::", ""]),
    },
)


def outcome(provider: str, action: str, status: int, body: bytes, extra: dict) -> object:
    script = Script(httpx.Response(status, content=body, headers=extra))
    client = client_for(provider, script, options=quick_options(max_attempts=2))
    calls = {
        "submit": lambda c: c.submit(REQUESTS[provider], []),
        "poll": lambda c: c.poll("t1"),
        "check_key": lambda c: c.check_key(),
        "fetch": lambda c: c.fetch("https://cdn.example.com/1.png", max_bytes=1024),
    }
    try:
        return run(call_and_close(client, calls[action]))
    except StudioError as error:
        return error


ACTIONS = [
    (p, a)
    for p in REQUESTS
    for a in ("submit", "poll", "check_key", "fetch")
    if not (p == "openai" and a == "poll")
]


@pytest.mark.parametrize(("provider", "action"), ACTIONS, ids=[f"{p}-{a}" for p, a in ACTIONS])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(status=st.sampled_from(STATUSES), body=bodies, extra=headers)
def test_any_reply_gives_an_update_or_a_studio_error(provider, action, status, body, extra):
    result = outcome(provider, action, status, body, extra)
    if isinstance(result, StudioError):
        assert result.message  # every error says something to the person
    elif action in ("submit", "poll"):
        assert isinstance(result, TaskUpdate)


@settings(max_examples=30, deadline=None)
@given(body=bodies)
def test_no_reply_trips_the_reader_safety_net(body):
    """The readers handle odd shapes themselves; the core's catch-all never has to."""
    caught: list[logging.LogRecord] = []

    class Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            caught.append(record)

    handler = Catch(logging.WARNING)
    logging.getLogger("studio.http").addHandler(handler)
    try:
        for provider in REQUESTS:
            outcome(provider, "submit", 200, body, {})
            if provider != "openai":
                outcome(provider, "poll", 200, body, {})
    finally:
        logging.getLogger("studio.http").removeHandler(handler)
    assert not [r for r in caught if "reader" in r.getMessage()]


ESCAPES = "\x1b]0;owned\x07\x1b[2J\x1b]8;;https://evil.example\x1b\\here\x1b]8;;\x1b\\\x9b31m\r"


def assert_plain(text: str | None) -> None:
    assert text is not None
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in text), repr(text)
    assert "here" in text  # the words stay, only the controls go


@pytest.mark.parametrize(
    ("provider", "body"),
    [
        ("joyai", {"code": 200, "data": {"task_id": "t1", "status": "failed", "error": ESCAPES}}),
        ("gptimage2ai", {"jobId": "t1", "status": "failed", "error": ESCAPES}),
        ("icodeeasy", {"task_id": "t1", "status": "failed", "error": {"message": ESCAPES}}),
    ],
)
def test_a_failed_tasks_message_arrives_without_escapes(provider, body):
    update = outcome(provider, "poll", 200, json.dumps(body).encode(), {})
    assert isinstance(update, TaskUpdate) and update.error is not None
    assert_plain(update.error.message)


@pytest.mark.parametrize(
    ("provider", "body"),
    [
        ("joyai", {"code": 400, "message": ESCAPES}),
        ("gptimage2ai", {"error": "bad_request", "message": ESCAPES}),
        ("openai", {"error": {"message": ESCAPES, "type": "invalid_request_error"}}),
    ],
)
def test_an_error_envelopes_message_arrives_without_escapes(provider, body):
    error = outcome(provider, "submit", 400, json.dumps(body).encode(), {})
    assert isinstance(error, StudioError)
    assert_plain(error.message)


def test_a_revised_prompt_arrives_without_escapes():
    body = {"data": [{"url": "https://cdn.example.com/1.png", "revised_prompt": ESCAPES}]}
    update = outcome("openai", "submit", 200, json.dumps(body).encode(), {})
    assert isinstance(update, TaskUpdate)
    assert_plain(update.images[0].final_prompt)


def test_a_final_prompt_and_seed_arrive_without_escapes():
    result = {"imageUrl": "https://cdn.example.com/1.png", "seed": ESCAPES, "finalPrompt": ESCAPES}
    body = {"jobId": "j1", "status": "succeeded", "results": [result]}
    update = outcome("gptimage2ai", "poll", 200, json.dumps(body).encode(), {})
    assert isinstance(update, TaskUpdate)
    assert_plain(update.images[0].final_prompt)
    assert_plain(update.images[0].seed)


@pytest.mark.parametrize("cost", [-1, "NaN", "Infinity", 10**9, "abc"])
def test_icodeeasys_nonsense_cost_is_ignored_not_fatal(cost):
    body = {"task_id": "t1", "status": "succeeded", "result_url": "https://cdn.example.com/1.png"}
    update = outcome("icodeeasy", "poll", 200, json.dumps({**body, "cost": cost}).encode(), {})
    assert isinstance(update, TaskUpdate)
    assert update.cost is None and len(update.images) == 1
