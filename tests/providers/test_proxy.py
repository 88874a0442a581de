"""Behind a company proxy (HTTPS_PROXY, as every HTTP tool reads it): jobs reach the provider
through a CONNECT tunnel, the proxy never sees the key (only "CONNECT host:443"), paid creates
keep the freshness rule through it, NO_PROXY is honoured, and a request to this computer never
goes through a proxy (a key sent to an emulator over plain http:// would reach it in clear).

The provider is the emulator served over TLS on loopback with a certificate for `joyai.test`,
trusted through SSL_CERT_FILE; the test proxy tunnels every CONNECT to it."""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio.domain.models import GenerationRequest, JobState
from studio.engine.runner import Engine
from studio.keys import KeyStore
from studio.providers.freshness import FreshProxyPool
from studio.settings import Settings
from tests.helpers import free_port, run, uvicorn_in_thread
from tests.servers.connect_proxy import ConnectProxy, connect_proxy

KEY = "sk-proxy-secret-4711"
HOST = "joyai.test"
REQUEST = GenerationRequest(provider="joyai", model="gptimage2", prompt="through the proxy")


def certificate(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName(HOST), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
def tls_emulator(tmp_path: Path) -> Iterator[tuple[int, object]]:
    from studio.emulator import EmulatorConfig, create_app

    cert, key = certificate(tmp_path)
    app = create_app(EmulatorConfig(task_seconds=0.05))
    port = free_port()
    with uvicorn_in_thread(app, port, ssl_certfile=str(cert), ssl_keyfile=str(key)):
        yield port, app.state.emulator


@pytest.fixture
def proxied(
    tls_emulator: tuple[int, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[ConnectProxy, object]]:
    port, state = tls_emulator
    with connect_proxy(port) as proxy:
        for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "cert.pem"))
        monkeypatch.setenv("JOYAI_API_KEY", KEY)
        yield proxy, state


def engine_for(tmp_path: Path, base_url: str) -> Engine:
    return Engine(
        journal_path=tmp_path / "journal.sqlite3",
        settings=Settings(library_dir=str(tmp_path / "library"), base_urls={"joyai": base_url}),
        keys=KeyStore(),
        poll_interval=0.02,
        staging_dir=tmp_path / "staging",
    )


def test_a_job_goes_through_the_proxy_and_the_proxy_never_sees_the_key(
    proxied: tuple[ConnectProxy, object], tmp_path: Path
) -> None:
    proxy, state = proxied

    async def scenario() -> tuple[object, list[int]]:
        engine = engine_for(tmp_path, f"https://{HOST}")
        try:
            job = await engine.submit(REQUEST)
            done = await engine.wait(job.id)
            pools = [
                t._pool.warmups  # type: ignore[attr-defined]
                for c in engine.clients._clients.values()
                for t in c._core._client._mounts.values()  # type: ignore[attr-defined]
                if t is not None and isinstance(getattr(t, "_pool", None), FreshProxyPool)
            ]
            return done, pools
        finally:
            await engine.aclose()

    done, warmups = run(scenario())
    assert done.state is JobState.succeeded, done.error_message  # type: ignore[attr-defined]
    assert state.create_calls("joyai") == 1  # type: ignore[attr-defined]
    assert proxy.hosts and set(proxy.hosts) == {f"{HOST}:443"}
    assert proxy.other_requests == 0
    assert KEY.encode() not in proxy.clear_text
    assert warmups and warmups[0] >= 1, "the paid create kept the freshness rule"


def test_no_proxy_is_honoured(
    proxied: tuple[ConnectProxy, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy, _state = proxied
    monkeypatch.setenv("NO_PROXY", HOST)

    async def scenario() -> object:
        engine = engine_for(tmp_path, f"https://{HOST}")
        try:
            job = await engine.submit(REQUEST)
            return await engine.wait(job.id)
        finally:
            await engine.aclose()

    done = run(scenario())
    # joyai.test resolves nowhere without the proxy: the job cannot connect (nothing was sent).
    assert done.state is JobState.failed  # type: ignore[attr-defined]
    assert proxy.hosts == []


def test_this_computer_is_never_reached_through_a_proxy(
    emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    with connect_proxy(1) as proxy:
        for name in ("NO_PROXY", "no_proxy"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        monkeypatch.setenv("ALL_PROXY", proxy.url)
        monkeypatch.setenv("JOYAI_API_KEY", KEY)

        async def scenario() -> object:
            engine = engine_for(tmp_path, emulator.base_url("joyai"))
            try:
                job = await engine.submit(REQUEST)
                return await engine.wait(job.id)
            finally:
                await engine.aclose()

        done = run(scenario())
    assert done.state is JobState.succeeded, done.error_message  # type: ignore[attr-defined]
    assert proxy.clear_text == b"" and proxy.hosts == []


@pytest.mark.parametrize("host", ["127.0.0.2", "[0:0:0:0:0:0:0:1]"])
def test_no_loopback_form_is_reached_through_a_proxy(
    host: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every address check_base_url lets through over plain http:// as "this computer"
    (127.0.0.0/8, any spelling of ::1) stays off the proxy: the key would reach it in clear
    text. Found by review: only 127.0.0.1, localhost and [::1] were exempt."""
    import socket
    import threading

    listener = socket.create_server(("127.0.0.1", 0))
    seen: list[bytes] = []

    def serve() -> None:
        with contextlib.suppress(OSError):
            conn, _ = listener.accept()
            with conn:
                conn.settimeout(2)
                seen.append(conn.recv(65536))
                conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")

    threading.Thread(target=serve, daemon=True).start()
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{listener.getsockname()[1]}")
    monkeypatch.setenv("JOYAI_API_KEY", KEY)

    async def scenario() -> None:
        engine = engine_for(tmp_path, f"http://{host}:9")
        try:
            with contextlib.suppress(Exception):  # nothing listens there: cannot connect
                await engine.check_key("joyai")
        finally:
            await engine.aclose()

    run(scenario())
    listener.close()
    assert seen == []
