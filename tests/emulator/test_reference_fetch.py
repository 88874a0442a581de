"""The emulated JoyAI and GPTImage2.ai fetch each reference link on this machine, and fail
the task (after accepting it, as the real services do) when a link cannot be fetched."""

from __future__ import annotations

import io

import httpx
from PIL import Image

from studio.emulator.bucket import DemoBucket
from tests.helpers import run


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "PNG")
    return buffer.getvalue()


def _joyai_status(emulator, link: str) -> dict:
    headers = {"Authorization": "Bearer sk-fetch-test"}
    with httpx.Client(base_url=emulator.base_url("joyai"), headers=headers) as client:
        body = {"model": "joyai", "prompt": "p", "images": [link]}
        created = client.post("/api/v1/generate", json=body).json()
        task_id = created["data"]["task_id"]
        for _ in range(200):
            status = client.get("/api/v1/status", params={"task_id": task_id}).json()["data"]
            if status["status"] != "processing":
                return status
    raise AssertionError("the task never ended")


def test_a_dead_loopback_link_fails_the_joyai_task(emulator):
    before = len(emulator.state.fetched)
    status = _joyai_status(emulator, f"{emulator.url}/_bucket/missing.png?expires=1&signature=x")
    assert status["status"] == "failed"
    assert "failed to fetch reference image" in status["error"]
    assert emulator.state.fetched[before:] == [(f"{emulator.url}/_bucket/missing.png", False)]


def test_a_live_loopback_link_is_fetched_and_the_task_succeeds(emulator):
    bucket: DemoBucket = emulator.state.bucket
    run(bucket.put("ok.png", _png(), "image/png"))
    link = run(bucket.link("ok.png", 60)).replace(bucket.origin, emulator.url)
    before = len(emulator.state.fetched)

    status = _joyai_status(emulator, link)

    assert status["status"] == "succeeded"
    assert emulator.state.fetched[before:] == [(f"{emulator.url}/_bucket/ok.png", True)]


def test_a_dead_link_fails_the_gptimage2ai_job_and_refunds_it(emulator):
    headers = {"Authorization": "Bearer sk-fetch-test"}
    before = len(emulator.state.fetched)
    with httpx.Client(base_url=emulator.base_url("gptimage2ai"), headers=headers) as client:
        body = {"prompt": "p", "mode": "image-to-image", "imageUrls": [f"{emulator.url}/nope.png"]}
        job = client.post("/api/generate", json=body).json()
        for _ in range(200):
            reply = client.get(f"/api/generate/{job['jobId']}").json()
            if reply["status"] not in ("pending", "running", "processing"):
                break
    assert reply["status"] == "failed"
    assert emulator.state.fetched[before:] == [(f"{emulator.url}/nope.png", False)]
