"""A provider's reply does not decide how many files the studio writes, nor what it shows as
charged: at most the images asked for are kept, and nonsense charges are ignored, both noted."""

from __future__ import annotations

import io
import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from studio.domain.models import GenerationRequest, JobState
from tests.helpers import run


def small_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "red").save(out, "PNG")
    return out.getvalue()


class Generous(ThreadingHTTPServer):
    """Answers a JoyAI create at once as done, listing `results` image links and a charge."""

    results = 300
    charge: Any = -5
    downloads = 0


class Handler(BaseHTTPRequestHandler):
    server: Generous

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        task = {
            "task_id": "t-generous",
            "status": "succeeded",
            "images": [f"{base}/img/{i}.png" for i in range(self.server.results)],
            "credits_charged": self.server.charge,
        }
        self._send(200, "application/json", json.dumps({"code": 200, "data": task}).encode())

    def do_GET(self) -> None:
        # Only image links count: the free request that may precede a create is a GET too.
        if self.path.startswith("/img/"):
            self.server.downloads += 1
        self._send(200, "image/png", small_png())

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def generous(monkeypatch) -> Iterator[Generous]:
    monkeypatch.setenv("JOYAI_API_KEY", "sk_test_key")
    server = Generous(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def run_one(make_engine, server: Generous, count: int = 1):
    url = f"http://127.0.0.1:{server.server_address[1]}"
    request = GenerationRequest(
        provider="joyai", model="gptimage2", prompt="a chair", quality="low", count=count
    )

    async def scenario():
        engine = make_engine({"joyai": url})
        try:
            return await engine.wait((await engine.submit(request)).id)
        finally:
            await engine.aclose()

    return run(scenario())


def test_300_results_for_one_image_asked_save_one_file_and_say_so(
    make_engine, generous, library: Path, caplog
):
    caplog.set_level(logging.WARNING)
    job = run_one(make_engine, generous)
    assert job.state is JobState.succeeded
    assert len(job.files) == 1
    assert len(list(library.glob("*.png"))) == 1
    assert generous.downloads == 1
    assert "300 results for 1 asked" in caplog.text


@pytest.mark.parametrize("charge", [-5, "-0.01", "NaN", 1e30, "lots", [3]])
def test_a_nonsense_charge_is_ignored_and_noted(make_engine, generous, caplog, charge):
    generous.results, generous.charge = 1, charge
    caplog.set_level(logging.WARNING)
    job = run_one(make_engine, generous)
    assert job.state is JobState.succeeded  # the charge is for showing, never for failing
    assert job.charged_cost is None
    assert job.estimated_cost is not None and job.estimated_cost.amount > 0
    assert "reported a charge" in caplog.text


def test_a_plausible_charge_is_kept(make_engine, generous):
    generous.results, generous.charge = 1, 24
    job = run_one(make_engine, generous)
    assert job.charged_cost is not None and job.charged_cost.amount == 24
