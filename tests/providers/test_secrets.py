"""The API key never shows in a message, a repr or a log; secret result links stay out of logs."""

from __future__ import annotations

import logging

import httpx
import pytest

from studio.domain.errors import StudioError
from studio.domain.models import GenerationRequest
from tests.helpers import run
from tests.providers.support import (
    KEY,
    PNG,
    Script,
    call_and_close,
    client_for,
    quick_options,
    reply,
)

REQUEST = GenerationRequest(provider="joyai", model="gptimage2", prompt="a red chair")


def everything_said(error: BaseException) -> str:
    """str and repr of an error and of everything chained to it."""
    said = []
    seen: BaseException | None = error
    while seen is not None:
        said += [str(seen), repr(seen), repr(seen.args)]
        seen = seen.__cause__ or seen.__context__
    return "\n".join(said)


FAILURES = [
    reply(401, {"code": 401, "message": f"invalid key {KEY}", "data": None}),
    reply(400, {"code": 400, "message": f"Bearer {KEY} is not allowed", "data": None}),
    reply(200, {"code": 402, "message": f"{KEY} has no credits", "data": None}),
    reply(500, {"code": 500, "message": f"crash while using {KEY}"}),
    reply(503, f"<html>{KEY}</html>".encode()),
    reply(200, f"not json {KEY}".encode()),
    httpx.ConnectError("refused"),
    httpx.ReadTimeout("slow"),
    httpx.RemoteProtocolError("cut"),
]


@pytest.mark.parametrize("failure", FAILURES, ids=range(len(FAILURES)))
@pytest.mark.parametrize("action", ["submit", "poll", "check_key"])
def test_the_key_appears_in_no_error_and_no_log_line(failure, action, caplog):
    caplog.set_level(logging.DEBUG)
    client = client_for("joyai", Script(failure), options=quick_options(max_attempts=2))
    calls = {
        "submit": lambda c: c.submit(REQUEST, []),
        "poll": lambda c: c.poll("t1"),
        "check_key": lambda c: c.check_key(),
    }
    try:
        run(call_and_close(client, calls[action]))
    except StudioError as error:
        assert KEY not in everything_said(error)
    assert caplog.records  # the calls were logged...
    assert KEY not in caplog.text  # ...without the key
    assert all(KEY not in record.getMessage() for record in caplog.records)


def test_a_failed_task_that_quotes_the_key_does_not_repeat_it():
    failed = {
        "code": 200,
        "data": {"task_id": "t1", "status": "failed", "error": f"upstream refused {KEY}"},
    }
    client = client_for("joyai", Script(reply(200, failed)))
    update = run(call_and_close(client, lambda c: c.poll("t1")))
    assert update.error is not None
    assert KEY not in everything_said(update.error)
    assert "upstream refused" in str(update.error)


def test_a_clients_repr_does_not_show_the_key():
    client = client_for("joyai", Script(reply(200, {})))
    try:
        assert KEY not in repr(client)
        assert KEY not in repr(vars(client))
    finally:
        run(client.aclose())


SECRET = "https://api.icodeeasy.cc/v1/images/files/gpt-image-2/20260616/3e0c77bb-1.png"
SIGNED = "https://r2.example-cdn.com/3e0c77bb-1.png?X-Signature=abc123signature"


def test_secret_result_links_are_kept_out_of_every_log_line(caplog):
    caplog.set_level(logging.DEBUG)
    script = Script(
        httpx.Response(302, headers={"location": SIGNED}),
        httpx.Response(200, content=PNG, headers={"content-type": "image/png"}),
    )
    client = client_for("icodeeasy", script)
    assert run(call_and_close(client, lambda c: c.fetch(SECRET, max_bytes=1 << 20))) == PNG
    assert [str(r.url) for r in script.requests] == [SECRET, SIGNED]
    assert "3e0c77bb" not in caplog.text
    assert "abc123signature" not in caplog.text
    assert "https://api.icodeeasy.cc/…(redacted)" in caplog.text


def test_secret_result_links_are_not_in_download_errors():
    client = client_for("icodeeasy", Script(httpx.Response(404)))
    with pytest.raises(StudioError) as caught:
        run(call_and_close(client, lambda c: c.fetch(SECRET, max_bytes=1 << 20)))
    assert "3e0c77bb" not in everything_said(caught.value)


def test_links_of_other_providers_are_logged_without_their_query(caplog):
    caplog.set_level(logging.DEBUG, logger="studio.http")
    url = "https://cdn.example.com/result.png?token=abc123signature"
    client = client_for("joyai", Script(httpx.Response(200, content=PNG)))
    run(call_and_close(client, lambda c: c.fetch(url, max_bytes=1 << 20)))
    studio_lines = [r.getMessage() for r in caplog.records if r.name.startswith("studio")]
    assert any("https://cdn.example.com/result.png" in line for line in studio_lines)
    assert not any("abc123signature" in line for line in studio_lines)


def test_the_key_is_hidden_even_in_the_http_cores_attributes():
    client = client_for("joyai", Script(reply(200, {})))
    try:
        core = vars(client)["_core"]
        assert KEY not in repr(vars(core))
    finally:
        run(client.aclose())


def test_the_key_is_not_in_the_repr_of_what_a_create_carries_for_its_connection():
    """A create carries its free warm-up request (with the key's header) to the connection
    pool as a request extension; printing the request's extensions must not show the key."""
    script = Script(reply(200, {"code": 200, "data": {"task_id": "t1", "status": "pending"}}))
    request = GenerationRequest(provider="joyai", model="gptimage2", prompt="a chair")
    client = client_for("joyai", script)
    run(call_and_close(client, lambda c: c.submit(request, [])))
    extensions = script.last.extensions
    assert "studio.warmup" in extensions
    assert KEY not in repr(extensions)
