"""A plain threaded HTTP/1.1 server (the standard library's ThreadingHTTPServer) speaking enough
GPTImage2.ai for the throughput figure: the second server the engine is timed against, beside
the Starlette emulator under uvicorn, because servers differ in how they treat kept-alive
connections (#23).

    POST /api/generate            -> {"jobId", "status": "pending"}; the task is done after
                                     --task-seconds
    GET  /api/generate/{jobId}    -> 202 {"status": "running"} until then, then 200 with
                                     {"status": "succeeded", "results": [{"imageUrl", ...}]}
    GET  /files/{jobId}.png       -> the same ~1 MB PNG for every job

Run as ``python -m bench.threaded_target --port PORT [--task-seconds S] [--image-bytes N]``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def noise_png(target_bytes: int) -> bytes:
    """A PNG of about `target_bytes`: random pixels do not compress."""
    from PIL import Image

    side = max(16, int((target_bytes / 3) ** 0.5))
    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, port: int, task_seconds: float, png: bytes) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.task_seconds = task_seconds
        self.png = png
        self.lock = threading.Lock()
        self.tasks: dict[str, float] = {}  # job id -> monotonic time it is done


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep connections alive, as API servers do
    server: Server

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path != "/api/generate":
            return self._json(404, {"error": "not_found"})
        with self.server.lock:
            job_id = f"job{len(self.server.tasks) + 1}"
            self.server.tasks[job_id] = time.monotonic() + self.server.task_seconds
        self._json(200, {"jobId": job_id, "status": "pending"})

    def do_GET(self) -> None:
        if self.path.startswith("/files/"):
            return self._send(200, "image/png", self.server.png)
        job_id = self.path.rpartition("/")[2]
        done_at = self.server.tasks.get(job_id)
        if not self.path.startswith("/api/generate/") or done_at is None:
            return self._json(404, {"error": "job_not_found"})
        if time.monotonic() < done_at:
            return self._json(202, {"jobId": job_id, "status": "running"})
        host = self.headers.get("Host", "127.0.0.1")
        result = {"imageUrl": f"http://{host}/files/{job_id}.png", "seed": "1"}
        self._json(200, {"jobId": job_id, "status": "succeeded", "results": [result]})

    def _json(self, status: int, body: dict[str, Any]) -> None:
        self._send(status, "application/json", json.dumps(body).encode())

    def _send(self, status: int, content_type: str, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--task-seconds", type=float, default=0.3)
    parser.add_argument("--image-bytes", type=int, default=1_000_000)
    args = parser.parse_args()
    Server(args.port, args.task_seconds, noise_png(args.image_bytes)).serve_forever(0.05)


if __name__ == "__main__":
    main()
