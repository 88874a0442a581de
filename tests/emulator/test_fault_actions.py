"""Every fault action, as a client meets it over a real loopback connection (and in-process)."""

from __future__ import annotations

import base64
import io
import time

import httpx
import pytest
from PIL import Image

from studio.emulator import EmulatorConfig, FaultRule
from tests.emulator.support import KEY, PNG_HEADER, in_process, picture, wait_until

GPT = {"model": "gptimage2", "prompt": "a red chair", "quality": "low"}
OPENAI = {"model": "gpt-image-2", "prompt": "a sea otter"}


def create(http) -> httpx.Response:
    return http.post("/api/v1/generate", json=GPT)


def poll(http, task_id) -> httpx.Response:
    return http.get("/api/v1/status", params={"task_id": task_id})


def result_url(http) -> str:
    task_id = create(http).json()["data"]["task_id"]
    return wait_until(lambda: poll(http, task_id).json()["data"]["images"])[0]


def test_the_first_poll_is_rate_limited_then_normal(client, emulator):
    emulator.state.add_fault(FaultRule(route="poll", status=429, retry_after=1, times=1))
    http = client("joyai")
    task_id = create(http).json()["data"]["task_id"]
    first = poll(http, task_id)
    assert first.status_code == 429
    assert first.headers["retry-after"] == "1"
    assert first.json() == {"code": 429, "message": first.json()["message"], "data": None}
    assert poll(http, task_id).status_code == 200


@pytest.mark.parametrize(
    ("provider", "path", "shape"),
    [
        ("joyai", "/api/v1/status?task_id=x", {"code", "message", "data"}),
        ("gptimage2ai", "/api/generate/x", {"error", "balance"}),
        ("icodeeasy", "/images/tasks/x", {"error"}),
        ("openai", "/models", {"error"}),
    ],
)
def test_an_injected_status_uses_the_providers_own_envelope(
    client, emulator, provider, path, shape
):
    emulator.state.add_fault(FaultRule(provider=provider, status=503))
    reply = client(provider).get(path)
    assert reply.status_code == 503
    assert set(reply.json()) == shape


def test_a_rule_for_another_provider_leaves_this_one_alone(client, emulator):
    emulator.state.add_fault(FaultRule(provider="openai", status=500))
    assert create(client("joyai")).status_code == 200


def test_retry_after_alone_is_added_to_the_normal_answer(client, emulator):
    emulator.state.add_fault(FaultRule(route="create", retry_after=3))
    reply = create(client("joyai"))
    assert (reply.status_code, reply.headers["retry-after"]) == (200, "3")


def test_delay_holds_the_answer_back(client, emulator):
    emulator.state.add_fault(FaultRule(route="create", delay=0.3))
    started = time.monotonic()
    assert create(client("joyai")).status_code == 200
    assert time.monotonic() - started >= 0.3


def test_drop_closes_the_connection_after_handling_the_create(client, emulator):
    emulator.state.add_fault(FaultRule(route="create", action="drop", times=1))
    http = client("joyai")
    with pytest.raises(httpx.RemoteProtocolError):
        create(http)
    assert emulator.state.calls[-1].status == 0
    assert emulator.state.balance(KEY, "joyai") == 10000 - 2
    assert create(http).status_code == 200


def test_drop_in_process_raises_the_error_httpx_raises_for_a_dropped_connection():
    async def scenario(http, state):
        state.add_fault(FaultRule(action="drop"))
        with pytest.raises(httpx.RemoteProtocolError):
            await http.post("/api/v1/generate", json=GPT)
        return state.create_calls()

    assert in_process(scenario) == 1


def test_drop_mid_body_sends_part_of_the_file_then_closes(client, emulator):
    http = client("joyai")
    url = result_url(http)
    emulator.state.add_fault(FaultRule(route="download", action="drop_mid_body", times=1))
    with pytest.raises(httpx.RemoteProtocolError), http.stream("GET", url) as reply:
        assert reply.status_code == 200
        assert int(reply.headers["content-length"]) > 0
        reply.read()
    assert picture(http.get(url).content).size == (1024, 1024)


def test_drop_mid_body_in_process_raises_a_protocol_error():
    async def scenario(http, state):
        state.add_fault(FaultRule(route="create", action="drop_mid_body"))
        with pytest.raises(httpx.RemoteProtocolError):
            await http.post("/api/v1/generate", json=GPT)

    in_process(scenario)


def test_truncate_cuts_the_file_with_a_matching_content_length(client, emulator):
    http = client("joyai")
    url = result_url(http)
    whole = http.get(url).content
    emulator.state.add_fault(FaultRule(route="download", action="truncate"))
    reply = http.get(url)
    assert int(reply.headers["content-length"]) == len(reply.content) == len(whole) // 2
    assert reply.content == whole[: len(whole) // 2]
    with pytest.raises(OSError):
        picture(reply.content)


def test_corrupt_serves_random_bytes_as_png(client, emulator):
    http = client("joyai")
    url = result_url(http)
    emulator.state.add_fault(FaultRule(route="download", action="corrupt"))
    reply = http.get(url)
    assert reply.headers["content-type"] == "image/png"
    with pytest.raises(Image.UnidentifiedImageError):
        Image.open(io.BytesIO(reply.content))


def test_bomb_serves_a_small_png_declaring_a_huge_picture(client, emulator):
    http = client("joyai")
    url = result_url(http)
    emulator.state.add_fault(FaultRule(route="download", action="bomb"))
    reply = http.get(url)
    assert reply.content.startswith(PNG_HEADER)
    assert len(reply.content) < 200_000
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(reply.content))


def test_huge_streams_far_more_than_an_image_cap_without_a_length(client, emulator):
    http = client("joyai")
    url = result_url(http)
    emulator.state.add_fault(FaultRule(route="download", action="huge", times=1))
    received = 0
    with http.stream("GET", url) as reply:
        assert "content-length" not in reply.headers
        for chunk in reply.iter_bytes():
            received += len(chunk)
            if received > 20 * 1024 * 1024:
                break
    assert received > 20 * 1024 * 1024
    assert http.get(url).status_code == 200


def test_huge_streams_exactly_length_bytes_when_given():
    async def scenario(http, state):
        state.add_fault(FaultRule(route="create", action="huge", length=3 * 1024 * 1024))
        return await http.post("/openai/v1/images/generations", json=OPENAI)

    reply = in_process(scenario)
    assert len(reply.json()["data"][0]["b64_json"]) == 3 * 1024 * 1024


def test_html_answers_200_with_a_web_page(client, emulator):
    emulator.state.add_fault(FaultRule(route="create", action="html"))
    reply = create(client("joyai"))
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("text/html")
    assert emulator.state.create_calls() == 1
    assert emulator.state.balance(KEY, "joyai") == 10000


def test_redirect_loop_redirects_to_itself(client, emulator):
    http = client("joyai")
    url = result_url(http)
    emulator.state.add_fault(FaultRule(route="download", action="redirect_loop"))
    reply = http.get(url)
    assert (reply.status_code, reply.headers["location"]) == (302, url)
    with pytest.raises(httpx.TooManyRedirects):
        http.get(url, follow_redirects=True)


def test_not_json_answers_200_with_a_body_that_does_not_parse(client, emulator):
    emulator.state.add_fault(FaultRule(route="poll", action="not_json"))
    http = client("joyai")
    reply = poll(http, create(http).json()["data"]["task_id"])
    assert reply.status_code == 200
    with pytest.raises(ValueError):
        reply.json()


def test_missing_fields_answers_200_with_an_empty_object(client, emulator):
    emulator.state.add_fault(FaultRule(route="create", action="missing_fields"))
    reply = create(client("joyai"))
    assert (reply.status_code, reply.json()) == (200, {})


def test_never_finish_keeps_the_task_running(client, emulator):
    emulator.state.add_fault(FaultRule(route="create", action="never_finish"))
    http = client("joyai")
    task_id = create(http).json()["data"]["task_id"]
    time.sleep(emulator.state.config.task_seconds * 4)
    assert poll(http, task_id).json()["data"]["status"] == "processing"


@pytest.mark.parametrize(
    ("provider", "path", "body"),
    [("icodeeasy", "/images/generations", OPENAI), ("openai", "/images/generations", OPENAI)],
)
def test_never_finish_holds_a_synchronous_call_until_the_client_gives_up(
    client, emulator, provider, path, body
):
    emulator.state.add_fault(FaultRule(route="create", action="never_finish"))
    with pytest.raises(httpx.ReadTimeout):
        client(provider, timeout=0.3).post(path, json=body)


@pytest.mark.parametrize(
    ("provider", "path", "body", "field"),
    [
        ("joyai", "/api/v1/generate", GPT, ("data", "task_id")),
        ("gptimage2ai", "/api/generate", {"prompt": "x"}, ("jobId",)),
        ("icodeeasy", "/images/generations?async=1", OPENAI, ("task_id",)),
    ],
)
def test_duplicate_task_id_answers_the_previous_id_again(
    client, emulator, provider, path, body, field
):
    http = client(provider)

    def task_id(reply):
        data = reply.json()
        for name in field:
            data = data[name]
        return data

    first = task_id(http.post(path, json=body))
    emulator.state.add_fault(FaultRule(route="create", action="duplicate_task_id"))
    assert task_id(http.post(path, json=body)) == first
    assert emulator.state.create_calls(provider) == 2


@pytest.mark.parametrize("action", ["truncate", "corrupt", "bomb", "garbage_pixels"])
def test_openai_image_faults_spoil_the_inline_image(client, emulator, action):
    emulator.state.add_fault(FaultRule(provider="openai", action=action))
    reply = client("openai").post("/images/generations", json=OPENAI)
    assert reply.status_code == 200
    refusals = (OSError, Image.DecompressionBombError, Image.DecompressionBombWarning)
    with pytest.raises(refusals):
        picture(base64.b64decode(reply.json()["data"][0]["b64_json"]))


def test_faults_from_the_config_apply_from_the_start():
    async def scenario(http, state):
        return (await http.post("/api/v1/generate", json=GPT)).status_code

    config = EmulatorConfig(task_seconds=0.05, faults=[FaultRule(status=500)])
    assert in_process(scenario, config=config) == 500
