"""A plain threaded HTTP/1.1 server (stdlib, listen backlog 5) speaking enough JoyAI to count
creates: POST /api/v1/generate starts a task, every GET is a free 404 lookup."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep connections alive, as API servers do

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with self.server.lock:  # type: ignore[attr-defined]
            self.server.creates += 1  # type: ignore[attr-defined]
            task = f"t{self.server.creates}"  # type: ignore[attr-defined]
        self._answer(200, {"code": 200, "data": {"task_id": task, "status": "pending"}})

    def do_GET(self) -> None:
        self._answer(404, {"code": 404, "message": "task not found", "data": None})

    def _answer(self, status: int, body: dict[str, object]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


def start() -> ThreadingHTTPServer:
    """Serve on a free loopback port in a daemon thread; `.creates` counts the creates."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.lock = threading.Lock()  # type: ignore[attr-defined]
    server.creates = 0  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return server
