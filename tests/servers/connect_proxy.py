"""An HTTP CONNECT proxy on loopback for tests: every tunnel goes to one local port, whatever host
the client named (so `https://joyai.test` reaches a local TLS server), and it keeps the clear
text it saw (the CONNECT requests) and the hosts asked for. What passes inside a tunnel is TLS:
the proxy never sees a key there, which the tests check."""

from __future__ import annotations

import contextlib
import select
import socket
import threading
from collections.abc import Iterator


class ConnectProxy:
    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.hosts: list[str] = []
        self.clear_text = b""
        self.other_requests = 0  # anything but CONNECT (a plain-http request sent via us)
        self._lock = threading.Lock()
        self._stop = False
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        self.listener.settimeout(0.1)
        while not self._stop:
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._tunnel, args=(client,), daemon=True).start()

    def _tunnel(self, client: socket.socket) -> None:
        with contextlib.closing(client):
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = client.recv(4096)
                if not chunk:
                    return
                head += chunk
            with self._lock:
                self.clear_text += head
            request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
            method, target, _ = request_line.split(" ", 2)
            if method != "CONNECT":
                with self._lock:
                    self.other_requests += 1
                client.sendall(b"HTTP/1.1 405 Not Allowed\r\nContent-Length: 0\r\n\r\n")
                return
            with self._lock:
                self.hosts.append(target)
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            with contextlib.closing(upstream):
                client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                rest = head.split(b"\r\n\r\n", 1)[1]
                if rest:
                    upstream.sendall(rest)
                self._pipe(client, upstream)

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        while True:
            readable, _, _ = select.select([a, b], [], [], 5)
            if not readable:
                continue
            for source in readable:
                other = b if source is a else a
                data = source.recv(65536)
                if not data:
                    return
                other.sendall(data)

    def close(self) -> None:
        self._stop = True
        self.listener.close()


@contextlib.contextmanager
def connect_proxy(target_port: int) -> Iterator[ConnectProxy]:
    proxy = ConnectProxy(target_port)
    try:
        yield proxy
    finally:
        proxy.close()
