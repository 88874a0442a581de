"""The window imports asyncio without `ssl` (4.3 MB of OpenSSL the idle window does not use,
#23); the first import of `ssl` by anyone gives asyncio the module as well, so TLS through
asyncio works as if it had been there from the start; in the window, that first import comes with
the HTTP clients the warm-up loads once someone starts composing. Each case runs in a fresh
interpreter: which modules are loaded is the point."""

from __future__ import annotations

from pathlib import Path

from tests.providers.test_proxy import HOST, certificate
from tests.ui.shell.watching import run_watching

GLOBALS = """
import sys
def asyncio_globals():
    return {name: sorted(vars(module)) for name, module in sorted(sys.modules.items())
            if name.startswith("asyncio") and module is not None}
"""


PLAIN = (
    GLOBALS
    + """
import json, asyncio, ssl
print(json.dumps({"globals": asyncio_globals()}))
"""
)

TLS_ROUND_TRIP = (
    GLOBALS
    + """
import json, sys
from studio.ui.shell import deferred_ssl

deferred_ssl.import_asyncio()
import asyncio
report = {"ssl_after_asyncio": "ssl" in sys.modules or "_ssl" in sys.modules,
          "asyncio_ssl_before": [getattr(sys.modules[n], "ssl", 0) is None
                                 for n in deferred_ssl.ASYNCIO_USERS]}

import importlib.util
importlib.util.find_spec("ssl")  # looking it up loads nothing, and hands nothing over yet
report["ssl_after_lookup"] = "ssl" in sys.modules

import ssl  # what httpx does with the first job

cert, key, host = sys.argv[1:4]

async def main():
    server_side = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_side.load_cert_chain(cert, key)

    async def echo(reader, writer):
        writer.write(await reader.readline())
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(echo, "127.0.0.1", 0, ssl=server_side)
    port = server.sockets[0].getsockname()[1]
    client_side = ssl.create_default_context(cafile=cert)
    reader, writer = await asyncio.open_connection(
        "127.0.0.1", port, ssl=client_side, server_hostname=host)
    writer.write(b"through TLS\\n")
    answer = await reader.readline()
    cipher = writer.get_extra_info("cipher")
    writer.close()
    server.close()
    return answer.decode(), cipher is not None

answer, encrypted = asyncio.run(asyncio.wait_for(main(), 20))
report.update(answer=answer, encrypted=encrypted, globals=asyncio_globals(),
              asyncio_ssl_after=[getattr(sys.modules[n], "ssl", None) is ssl
                                 for n in deferred_ssl.ASYNCIO_USERS],
              loader_kept=type(ssl.__loader__).__name__,
              finders=[type(f).__name__ for f in sys.meta_path])
print(json.dumps(report))
"""
)


def test_asyncio_loads_without_ssl_and_gets_it_with_its_first_import(tmp_path: Path) -> None:
    cert, key = certificate(tmp_path)
    report = run_watching(TLS_ROUND_TRIP, str(cert), str(key), HOST)
    assert report["ssl_after_asyncio"] is False
    assert report["asyncio_ssl_before"] == [True, True, True]
    assert report["ssl_after_lookup"] is False
    # A TLS server and client on asyncio's own streams (asyncio.sslproto) talk.
    assert report["answer"] == "through TLS\n"
    assert report["encrypted"] is True
    assert report["asyncio_ssl_after"] == [True, True, True]
    assert report["loader_kept"] == "SourceFileLoader"
    assert "_SslOnFirstUse" not in report["finders"]  # gone once ssl is loaded
    # asyncio ends up with every name a plain `import asyncio` gives it (SSLAgainErrors, ...).
    assert report["globals"] == run_watching(PLAIN)["globals"]


ALREADY_LOADED = """
import json, sys, ssl, asyncio.sslproto
from studio.ui.shell import deferred_ssl

deferred_ssl.import_asyncio()
import asyncio.base_events
print(json.dumps({"same": asyncio.base_events.ssl is ssl,
                  "finders": [type(f).__name__ for f in sys.meta_path]}))
"""


def test_with_ssl_or_asyncio_already_loaded_nothing_changes() -> None:
    report = run_watching(ALREADY_LOADED)
    assert report["same"] is True
    assert "_SslOnFirstUse" not in report["finders"]


RACE = """
import importlib, json, sys, threading, time
from studio.ui.shell import deferred_ssl

started = threading.Event()

class SlowSsl:  # loading libssl takes a while, on another thread
    def find_spec(self, name, path=None, target=None):
        if name == "_ssl":
            started.set()
            time.sleep(0.3)
        return None

real = importlib.import_module

def import_module(name, *args):
    module = real(name, *args)
    if name == "asyncio":  # asyncio is in; another thread starts importing ssl just now
        sys.meta_path.insert(1, SlowSsl())
        threading.Thread(target=lambda: __import__("ssl")).start()
        started.wait(5)
    return module

importlib.import_module = import_module
errors = []
try:
    deferred_ssl.import_asyncio()
except BaseException as exc:
    errors.append(repr(exc))
importlib.import_module = real
time.sleep(0.6)
import asyncio.sslproto, ssl
print(json.dumps({"errors": errors, "handed": asyncio.sslproto.ssl is ssl,
                  "again": hasattr(asyncio.sslproto, "SSLAgainErrors")}))
"""


def test_ssl_half_imported_by_another_thread_is_handed_over_once_it_is_loaded() -> None:
    assert run_watching(RACE) == {"errors": [], "handed": True, "again": True}


COMPOSING = """
import json, os, sys, time
from PySide6.QtCore import QTimer
from studio.ui.shell.main_window import MainWindow
from studio.ui.shell.deferred_ssl import ASYNCIO_USERS

show = MainWindow.show
kept = []

def shown(window):
    show(window)
    # After `started` the window connects its composing signals: type once that is done.
    window.started.connect(lambda: QTimer.singleShot(100, lambda: compose(window)))

def compose(window):
    idle = {"ssl": "ssl" in sys.modules}
    window.composer.prompt.edit.insertPlainText("a lighthouse")  # the warm-up starts
    deadline = time.monotonic() + 30
    timer = QTimer()
    kept.append(timer)

    def check():
        # sys.modules names a module from the start of its import: ssl there means the
        # warm-up's import of it has begun (not this check's, below), and `import ssl` then
        # waits for that import to finish, hand-over included.
        if "ssl" not in sys.modules and time.monotonic() < deadline:
            return
        loaded = "ssl" in sys.modules
        import ssl
        import asyncio.sslproto
        print(json.dumps({
            **idle,
            "httpx": "httpx" in sys.modules,
            "loaded": loaded,
            "handed": [sys.modules[n].ssl is ssl for n in ASYNCIO_USERS],
            "again_errors": list(getattr(asyncio.sslproto, "SSLAgainErrors", ()))
            == [ssl.SSLWantReadError, ssl.SSLSyscallError],
        }), flush=True)
        os._exit(0)

    timer.timeout.connect(check)
    timer.start(50)

MainWindow.show = shown
from studio.cli import main
main(["--demo"])
"""


def test_the_window_starts_without_ssl_and_its_warm_up_gives_asyncio_tls(
    isolated_home: Path,
) -> None:
    report = run_watching(COMPOSING)
    assert report["ssl"] is False
    assert report["httpx"] is True  # the HTTP clients, imported when composing starts
    assert report["loaded"] is True  # ...and with them ssl
    assert report["handed"] == [True, True, True]
    assert report["again_errors"] is True
