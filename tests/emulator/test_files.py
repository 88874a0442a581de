"""Result files: served by the emulator itself, without a key, on the address the client used."""

from __future__ import annotations

import asyncio

from tests.emulator.support import PNG_HEADER, in_process, picture, wait_until

BODY = {"model": "gptimage2", "prompt": "a lighthouse at dusk"}


def joyai_result_url(http) -> str:
    task_id = http.post("/api/v1/generate", json=BODY).json()["data"]["task_id"]

    def images():
        return http.get("/api/v1/status", params={"task_id": task_id}).json()["data"]["images"]

    return wait_until(images)[0]


def test_a_result_downloads_without_a_key(client, emulator):
    url = joyai_result_url(client("joyai"))
    reply = client("joyai", key=None).get(url)
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "image/png"
    assert reply.content.startswith(PNG_HEADER)
    assert emulator.state.calls[-1].route == "download"
    assert emulator.state.calls[-1].provider == "joyai"


def test_a_file_is_drawn_once_and_then_served_the_same(client):
    http = client("joyai")
    url = joyai_result_url(http)
    assert http.get(url).content == http.get(url).content


def test_an_unknown_file_is_404(client, emulator):
    assert client("joyai").get(emulator.url + "/cdn/joyai/nothing-1.png").status_code == 404


def icodeeasy_url(http) -> str:
    body = {"model": "gpt-image-2", "prompt": "a corgi astronaut"}
    return http.post("/images/generations", json=body).json()["data"][0]["url"]


def test_an_icodeeasy_result_url_answers_302_to_the_file(client):
    http = client("icodeeasy", key=None)
    url = icodeeasy_url(client("icodeeasy"))
    reply = http.get(url)
    assert reply.status_code == 302
    target = http.get(reply.headers["location"])
    assert target.status_code == 200
    assert picture(target.content).size == (1024, 1024)


def test_an_icodeeasy_result_url_with_download_1_returns_the_bytes(client):
    url = icodeeasy_url(client("icodeeasy"))
    reply = client("icodeeasy", key=None).get(url, params={"download": "1"})
    assert reply.status_code == 200
    assert reply.content.startswith(PNG_HEADER)
    assert "attachment" in reply.headers["content-disposition"]


def test_an_unknown_icodeeasy_file_is_404_in_its_envelope(client):
    reply = client("icodeeasy").get("/images/files/gpt-image-2/20260101/nothing-1.png")
    assert reply.status_code == 404
    assert reply.json()["error"]["provider"] == "icodeeasy.cc"


def test_in_process_urls_point_at_the_in_process_address():
    async def scenario(http, state):
        task_id = (await http.post("/api/v1/generate", json=BODY)).json()["data"]["task_id"]
        for _ in range(200):
            reply = await http.get("/api/v1/status", params={"task_id": task_id})
            if images := reply.json()["data"]["images"]:
                return images[0], (await http.get(images[0])).content
            await asyncio.sleep(0.01)
        raise AssertionError("the task never finished")

    url, data = in_process(scenario)
    assert url.startswith("http://demo.invalid/cdn/joyai/")
    assert picture(data).size == (1024, 1024)


def test_a_file_forgotten_from_memory_is_drawn_again_identically(client, emulator, monkeypatch):
    monkeypatch.setattr("studio.emulator.state.CACHED_FILES", 1)
    http = client("joyai")
    first, second = joyai_result_url(http), joyai_result_url(http)
    original = http.get(first).content
    http.get(second)
    assert emulator.state.image(first.split("/cdn/")[1]).data is None
    assert http.get(first).content == original
