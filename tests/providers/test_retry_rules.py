"""When the HTTP core tries a call again, and when it must not (a paid create charged twice)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from studio.domain.errors import (
    InsufficientCredits,
    OutcomeUnknown,
    ProviderFailed,
    ProviderUnavailable,
    RateLimited,
    TimedOut,
)
from studio.domain.models import GenerationRequest
from studio.providers import report_waits
from studio.providers.base import TaskState
from studio.providers.retry import backoff_delay
from tests.helpers import run
from tests.providers.support import Script, Sleeps, call_and_close, client_for, quick_options, reply

JOYAI = GenerationRequest(provider="joyai", model="gptimage2", prompt="a red chair")
ICODEEASY = GenerationRequest(provider="icodeeasy", model="gpt-image-2", prompt="a red chair")
JOYAI_TASK = {
    "code": 200,
    "message": "success",
    "data": {"task_id": "t1", "status": "processing", "credits_charged": 24},
}
ICODEEASY_TASK = {"status": "pending", "task_id": "t1"}
JOYAI_500 = {"code": 500, "message": "Generation service error", "data": None}
ICODEEASY_500 = {"error": {"type": "server_error", "message": "busy", "provider": "icodeeasy.cc"}}


def submit(provider: str, script: Script, request: GenerationRequest, **options):
    client = client_for(provider, script, options=quick_options(**options))
    return run(call_and_close(client, lambda c: c.submit(request, [])))


def poll(provider: str, script: Script, **options):
    client = client_for(provider, script, options=quick_options(**options))
    return run(call_and_close(client, lambda c: c.poll("t1")))


def test_joyai_paid_create_is_not_retried_on_500():
    script = Script(reply(500, JOYAI_500), reply(200, JOYAI_TASK))
    with pytest.raises(OutcomeUnknown):
        submit("joyai", script, JOYAI)
    assert len(script.requests) == 1


def test_joyai_500_inside_a_200_envelope_is_not_retried_either():
    script = Script(reply(200, JOYAI_500), reply(200, JOYAI_TASK))
    with pytest.raises(OutcomeUnknown):
        submit("joyai", script, JOYAI)
    assert len(script.requests) == 1


def test_icodeeasy_paid_create_is_retried_on_its_own_5xx_because_those_are_unbilled():
    script = Script(
        reply(500, ICODEEASY_500), reply(503, ICODEEASY_500), reply(202, ICODEEASY_TASK)
    )
    update = submit("icodeeasy", script, ICODEEASY)
    assert update.task_id == "t1"
    assert len(script.requests) == 3


REQUESTS = {
    "joyai": JOYAI,
    "demo": GenerationRequest(provider="demo", model="gptimage2", prompt="a red chair"),
    "gptimage2ai": GenerationRequest(provider="gptimage2ai", model="gpt-image-2", prompt="a cup"),
    "icodeeasy": ICODEEASY,
    "openai": GenerationRequest(provider="openai", model="gpt-image-2", prompt="a cup"),
}
#: 5xx/408 replies that are not a provider's documented error envelope: a gateway or proxy
#: in front of it answered, and the generation may still be running behind it.
NOT_THE_PROVIDER = {
    "504-html": reply(504, b"<html>Gateway Timeout</html>", content_type="text/html"),
    "502-empty": reply(502, b""),
    "503-plain": reply(503, b"upstream connect error", content_type="text/plain"),
    "408-empty": reply(408, b""),
    "500-json-not-envelope": reply(500, {"message": "Internal Server Error"}),
    "502-error-string": reply(502, {"error": "Bad Gateway"}),
}


@pytest.mark.parametrize("provider", sorted(REQUESTS))
@pytest.mark.parametrize("answer", sorted(NOT_THE_PROVIDER))
def test_a_gateway_5xx_or_408_on_a_paid_create_is_outcome_unknown_and_never_resent(
    provider, answer
):
    task = JOYAI_TASK if provider in ("joyai", "demo") else ICODEEASY_TASK
    script = Script(NOT_THE_PROVIDER[answer], reply(202, task))
    with pytest.raises(OutcomeUnknown, match="cannot tell whether the job was started"):
        submit(provider, script, REQUESTS[provider])
    assert len(script.requests) == 1


def test_icodeeasy_create_failing_every_attempt_is_provider_unavailable():
    script = Script(reply(503, ICODEEASY_500))
    with pytest.raises(ProviderUnavailable, match="not billed"):
        submit("icodeeasy", script, ICODEEASY, max_attempts=3)
    assert len(script.requests) == 3


def test_gptimage2ai_create_5xx_with_its_own_error_code_is_provider_unavailable_unretried():
    script = Script(reply(500, {"error": "image_generation_failed"}))
    request = GenerationRequest(provider="gptimage2ai", model="gpt-image-2", prompt="a cup")
    with pytest.raises(ProviderUnavailable):
        submit("gptimage2ai", script, request)
    assert len(script.requests) == 1


def test_gptimage2ai_create_5xx_gateway_page_is_outcome_unknown():
    script = Script(reply(502, b"<html>Bad gateway</html>", content_type="text/html"))
    request = GenerationRequest(provider="gptimage2ai", model="gpt-image-2", prompt="a cup")
    with pytest.raises(OutcomeUnknown):
        submit("gptimage2ai", script, request)
    assert len(script.requests) == 1


def test_paid_create_is_retried_on_429_after_the_retry_after_seconds():
    sleeps = Sleeps()
    script = Script(
        reply(429, {"code": 429, "message": "slow down"}, retry_after="3"), reply(200, JOYAI_TASK)
    )
    update = submit("joyai", script, JOYAI, sleep=sleeps)
    assert update.task_id == "t1"
    assert sleeps.seconds == [3.0]
    assert len(script.requests) == 2


def test_retry_after_as_an_http_date_is_honoured():
    sleeps = Sleeps()
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=5), usegmt=True)
    script = Script(reply(429, {}, retry_after=when), reply(200, JOYAI_TASK))
    submit("joyai", script, JOYAI, sleep=sleeps)
    assert len(sleeps.seconds) == 1
    assert 3.0 <= sleeps.seconds[0] <= 5.0


def test_retry_after_beyond_the_bound_gives_up_at_once_and_says_when():
    sleeps = Sleeps()
    script = Script(reply(429, {}, retry_after="3600"), reply(200, JOYAI_TASK))
    with pytest.raises(RateLimited) as caught:
        submit("joyai", script, JOYAI, sleep=sleeps)
    assert caught.value.retry_after == 3600
    assert "3600 s" in str(caught.value)
    assert sleeps.seconds == []
    assert len(script.requests) == 1


def test_rate_limit_outlasting_every_attempt_is_rate_limited():
    script = Script(reply(429, {"code": 429, "message": "too many requests"}))
    with pytest.raises(RateLimited):
        submit("joyai", script, JOYAI, max_attempts=4)
    assert len(script.requests) == 4


def test_read_timeout_on_a_paid_create_is_outcome_unknown_and_sent_once():
    script = Script(httpx.ReadTimeout("no answer"), reply(200, JOYAI_TASK))
    with pytest.raises(OutcomeUnknown, match="cannot tell whether the job was started"):
        submit("joyai", script, JOYAI)
    assert len(script.requests) == 1


def test_dropped_connection_on_a_paid_create_is_outcome_unknown_and_sent_once():
    script = Script(httpx.RemoteProtocolError("Server disconnected"), reply(200, JOYAI_TASK))
    with pytest.raises(OutcomeUnknown):
        submit("icodeeasy", script, ICODEEASY)
    assert len(script.requests) == 1


def test_refused_connection_on_a_paid_create_is_retried_because_nothing_was_sent():
    script = Script(
        httpx.ConnectError("refused"), httpx.ConnectTimeout("slow"), reply(200, JOYAI_TASK)
    )
    update = submit("joyai", script, JOYAI)
    assert update.state is TaskState.running
    assert len(script.requests) == 3


def test_a_provider_that_cannot_be_reached_is_provider_unavailable():
    script = Script(httpx.ConnectError("refused"))
    with pytest.raises(ProviderUnavailable, match="Could not connect to JoyAI"):
        submit("joyai", script, JOYAI, max_attempts=3)
    assert len(script.requests) == 3


def test_unreadable_reply_to_a_paid_create_is_outcome_unknown_and_not_retried():
    script = Script(reply(200, b"<html>captive portal</html>", content_type="text/html"))
    with pytest.raises(OutcomeUnknown, match="cannot read the reply"):
        submit("joyai", script, JOYAI)
    assert len(script.requests) == 1


def test_openai_quota_exhausted_429_is_insufficient_credits_and_not_retried():
    body = {
        "error": {
            "message": "You exceeded your quota",
            "type": "insufficient_quota",
            "param": None,
            "code": "insufficient_quota",
        }
    }
    script = Script(reply(429, body))
    request = GenerationRequest(provider="openai", model="gpt-image-2", prompt="a cup")
    with pytest.raises(InsufficientCredits, match="exceeded your quota"):
        submit("openai", script, request)
    assert len(script.requests) == 1


@pytest.mark.parametrize(
    "failure",
    [
        reply(500, {"code": 500, "message": "oops"}),
        reply(503, b""),
        reply(408, b""),
        httpx.ReadError("reset"),
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("cut"),
        httpx.ConnectError("refused"),
    ],
    ids=["500", "503", "408", "read-error", "read-timeout", "protocol-error", "connect-error"],
)
def test_free_poll_is_retried_on_transient_failures(failure):
    done = {
        "code": 200,
        "data": {
            "task_id": "t1",
            "status": "succeeded",
            "images": ["https://cdn.example.com/1.png"],
        },
    }
    script = Script(failure, reply(200, done))
    update = poll("joyai", script)
    assert update.state is TaskState.succeeded
    assert len(script.requests) == 2


def test_poll_timing_out_on_every_attempt_is_timed_out():
    script = Script(httpx.ReadTimeout("slow"))
    with pytest.raises(TimedOut, match="did not answer within"):
        poll("joyai", script, max_attempts=3)
    assert len(script.requests) == 3


def test_unreadable_poll_reply_is_retried_then_reported_unreadable():
    script = Script(reply(200, b"upstream connect error", content_type="application/json"))
    with pytest.raises(ProviderFailed, match="cannot read"):
        poll("joyai", script, max_attempts=3)
    assert len(script.requests) == 3


def test_waits_grow_exponentially_with_full_jitter_under_the_cap():
    rng = random.Random(7)
    for attempt in range(1, 10):
        ceiling = min(8.0, 0.5 * 2 ** (attempt - 1))
        delays = [backoff_delay(attempt, base=0.5, cap=8.0, rng=rng) for _ in range(200)]
        assert all(0.0 <= d <= ceiling for d in delays)
        assert max(delays) > ceiling * 0.8  # jitter spreads over the whole range


def test_backoff_waits_stay_under_each_attempts_ceiling():
    sleeps = Sleeps()
    script = Script(
        reply(503, b""),
        reply(503, b""),
        reply(503, b""),
        reply(200, {"code": 200, "data": {"task_id": "t1", "status": "processing"}}),
    )
    poll("joyai", script, sleep=sleeps, backoff_base=1.0, backoff_cap=3.0)
    assert len(sleeps.seconds) == 3
    for attempt, seconds in enumerate(sleeps.seconds, start=1):
        assert 0.0 <= seconds <= min(3.0, 2 ** (attempt - 1))


def test_delay_scale_shrinks_every_wait():
    sleeps = Sleeps()
    script = Script(reply(429, {}, retry_after="10"), reply(200, JOYAI_TASK))
    submit("joyai", script, JOYAI, sleep=sleeps, delay_scale=0.01)
    assert sleeps.seconds == [pytest.approx(0.1)]


def test_every_wait_is_announced_with_a_reason_and_seconds():
    heard: list[tuple[str, float]] = []
    script = Script(reply(429, {}, retry_after="5"), reply(200, JOYAI_TASK))
    submit("joyai", script, JOYAI, on_wait=lambda reason, s: heard.append((str(reason), s)))
    assert heard == [("Rate limited by JoyAI Image API", 5.0)]


def test_waits_inside_report_waits_reach_that_listener():
    heard: list[str] = []
    script = Script(
        reply(503, b""),
        reply(200, {"code": 200, "data": {"task_id": "t1", "status": "processing"}}),
    )
    client = client_for("joyai", script)

    async def scenario():
        with report_waits(lambda reason, seconds: heard.append(str(reason))):
            return await call_and_close(client, lambda c: c.poll("t1"))

    run(scenario())
    assert heard == ["JoyAI Image API is busy (HTTP 503)"]


def test_a_failing_wait_listener_does_not_break_the_call():
    def broken(reason: object, seconds: float) -> None:
        raise RuntimeError("listener bug")

    script = Script(reply(429, {}, retry_after="1"), reply(200, JOYAI_TASK))
    assert submit("joyai", script, JOYAI, on_wait=broken).task_id == "t1"
