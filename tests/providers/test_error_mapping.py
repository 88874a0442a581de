"""Every provider's error replies become the studio's error tree, with the provider's words."""

from __future__ import annotations

import httpx
import pytest

from studio.domain.errors import (
    AuthenticationFailed,
    InsufficientCredits,
    InvalidRequest,
    OutcomeUnknown,
    ProviderFailed,
    ProviderUnavailable,
    RateLimited,
    StudioError,
)
from studio.domain.models import GenerationRequest
from tests.helpers import run
from tests.providers.support import Script, call_and_close, client_for, quick_options, reply

REQUESTS = {
    "joyai": GenerationRequest(provider="joyai", model="gptimage2", prompt="a red chair"),
    "gptimage2ai": GenerationRequest(provider="gptimage2ai", model="gpt-image-2", prompt="a cup"),
    "icodeeasy": GenerationRequest(provider="icodeeasy", model="gpt-image-2", prompt="a cup"),
    "openai": GenerationRequest(provider="openai", model="gpt-image-2", prompt="a cup"),
}


def submit_error(provider: str, *answers) -> StudioError:
    client = client_for(provider, Script(*answers), options=quick_options(max_attempts=2))
    with pytest.raises(StudioError) as caught:
        run(call_and_close(client, lambda c: c.submit(REQUESTS[provider], [])))
    return caught.value


def poll_error(provider: str, *answers) -> StudioError:
    client = client_for(provider, Script(*answers), options=quick_options(max_attempts=2))
    with pytest.raises(StudioError) as caught:
        run(call_and_close(client, lambda c: c.poll("t1")))
    return caught.value


def joyai(code: int, message: str) -> dict:
    return {"code": code, "message": message, "data": None}


def gptimage2ai(code: str) -> dict:
    return {"error": code}


def icodeeasy(kind: str, message: str) -> dict:
    return {"error": {"type": kind, "message": message, "provider": "icodeeasy.cc"}}


def openai(kind: str, message: str, code: str | None = None, param: str | None = None) -> dict:
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


CASES = [
    ("joyai", 400, joyai(400, "prompt is required"), InvalidRequest, "prompt is required"),
    ("joyai", 401, joyai(401, "invalid api key"), AuthenticationFailed, "rejected the API key"),
    ("joyai", 402, joyai(402, "insufficient credits"), InsufficientCredits, "balance is too low"),
    ("joyai", 429, joyai(429, "slow down"), RateLimited, "slow down"),
    ("gptimage2ai", 400, gptimage2ai("prompt_required"), InvalidRequest, "prompt_required"),
    ("gptimage2ai", 401, gptimage2ai("unauthorized"), AuthenticationFailed, "Settings"),
    ("gptimage2ai", 402, gptimage2ai("insufficient_credits"), InsufficientCredits, "Top up"),
    ("gptimage2ai", 429, gptimage2ai("rate_limited"), RateLimited, "Try again"),
    (
        "icodeeasy",
        400,
        icodeeasy("invalid_request_error", "unsupported ratio"),
        InvalidRequest,
        "unsupported ratio",
    ),
    (
        "icodeeasy",
        401,
        icodeeasy("authentication_error", "bad key"),
        AuthenticationFailed,
        "rejected the API key",
    ),
    (
        "icodeeasy",
        402,
        icodeeasy("payment_required", "monthly quota exhausted"),
        InsufficientCredits,
        "monthly quota exhausted",
    ),
    (
        "icodeeasy",
        429,
        icodeeasy("rate_limit_error", "rate limit exceeded"),
        RateLimited,
        "rate limit exceeded",
    ),
    (
        "openai",
        400,
        openai("invalid_request_error", "Invalid size", param="size"),
        InvalidRequest,
        "Invalid size (field: size)",
    ),
    (
        "openai",
        401,
        openai("invalid_request_error", "Incorrect API key", "invalid_api_key"),
        AuthenticationFailed,
        "rejected the API key",
    ),
    (
        "openai",
        403,
        openai("permission_error", "Organization not verified"),
        AuthenticationFailed,
        "Organization not verified",
    ),
    (
        "openai",
        429,
        openai("requests", "Rate limit reached", "rate_limit_exceeded"),
        RateLimited,
        "Rate limit reached",
    ),
]


@pytest.mark.parametrize(
    ("provider", "status", "body", "error", "words"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_error_reply_to_a_create_maps_into_the_tree(provider, status, body, error, words):
    caught = submit_error(provider, reply(status, body))
    assert type(caught) is error
    assert words in str(caught)


def test_joyai_error_inside_an_http_200_envelope_is_an_error_too():
    caught = submit_error("joyai", reply(200, joyai(402, "insufficient credits")))
    assert isinstance(caught, InsufficientCredits)


def test_joyai_authentication_refused_in_a_200_envelope_on_poll():
    caught = poll_error("joyai", reply(200, joyai(401, "invalid api key")))
    assert isinstance(caught, AuthenticationFailed)


@pytest.mark.parametrize("provider", ["joyai", "gptimage2ai", "icodeeasy"])
def test_server_error_on_a_poll_outlasting_the_retries_is_provider_unavailable(provider):
    caught = poll_error(provider, reply(503, b"Service Unavailable"))
    assert isinstance(caught, ProviderUnavailable)
    assert "unavailable right now (HTTP 503)" in str(caught)


@pytest.mark.parametrize("provider", ["joyai", "gptimage2ai", "icodeeasy"])
def test_poll_of_a_task_the_provider_does_not_know_is_provider_failed(provider):
    caught = poll_error(provider, reply(404, {"error": "not_found"}))
    assert type(caught) is ProviderFailed
    assert "does not know this job" in str(caught)


def test_openai_server_error_with_its_envelope_is_provider_unavailable_without_retry():
    script = Script(reply(500, openai("server_error", "The server had an error")))
    client = client_for("openai", script)
    with pytest.raises(ProviderUnavailable, match="The server had an error"):
        run(call_and_close(client, lambda c: c.submit(REQUESTS["openai"], [])))
    assert len(script.requests) == 1


def test_openai_gateway_timeout_without_envelope_is_outcome_unknown():
    caught = submit_error("openai", reply(504, b"<html>Gateway Timeout</html>"))
    assert isinstance(caught, OutcomeUnknown)


def test_error_messages_name_the_provider_and_say_what_to_do():
    caught = submit_error("joyai", reply(401, joyai(401, "invalid api key")))
    assert str(caught) == "JoyAI Image API rejected the API key. Check it in Settings > Providers."


def test_a_long_provider_message_is_shortened():
    caught = submit_error("joyai", reply(400, joyai(400, "x" * 5000)))
    assert len(str(caught)) < 400


def test_unexpected_redirect_on_an_api_call_is_provider_failed():
    caught = submit_error("joyai", reply(302, b"", location="https://elsewhere.example/"))
    assert type(caught) is ProviderFailed
    assert "redirect" in str(caught)


@pytest.mark.parametrize("provider", sorted(REQUESTS))
def test_a_create_answered_with_a_redirect_to_no_valid_address_is_reported_not_crashed(provider):
    script = Script(httpx.Response(302, headers={"location": "http:\\\\host/x"}))
    client = client_for(provider, script, options=quick_options())
    with pytest.raises(ProviderFailed, match="redirect to an address that is not valid"):
        run(call_and_close(client, lambda c: c.submit(REQUESTS[provider], [])))
    assert len(script.requests) == 1
