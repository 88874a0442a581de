"""asyncio for the window without OpenSSL until something needs TLS (#23).

`import asyncio` imports `ssl` (three of its modules offer TLS), and with it libssl and
libcrypto: 4.3 MB of the idle window's 80.8 MB (bench/README.md, "Idle memory"), for
connections the window makes only once a job goes to a provider. The window imports asyncio
with `ssl` held back, so those modules see `ssl = None`, as on a Python built without it. The
first import of `ssl` afterwards, by anyone (httpx with the first job or the warm-up, a keyring
backend), loads the real module and hands it to those asyncio modules as well, so TLS through
asyncio works exactly as if they had imported it themselves.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.machinery
import sys
import threading
from collections.abc import Sequence
from types import ModuleType
from typing import Any

#: The asyncio modules that `import ssl` at their top (CPython 3.11-3.13).
ASYNCIO_USERS = ("asyncio.base_events", "asyncio.selector_events", "asyncio.sslproto")


def import_asyncio() -> None:
    """Import asyncio, without `ssl` if neither is loaded yet (otherwise as usual)."""
    if "asyncio" in sys.modules or "ssl" in sys.modules:
        importlib.import_module("asyncio")
        return
    finder = _SslOnFirstUse()
    sys.meta_path.insert(0, finder)
    try:
        importlib.import_module("asyncio")
    finally:
        finder.holding = None
    loaded = sys.modules.get("ssl")
    # Another thread imported it meanwhile: asyncio gets it too. Unless that import is still
    # running (the module is there, half made): its loader hands it over when it is done.
    spec = getattr(loaded, "__spec__", None)
    if loaded is not None and not getattr(spec, "_initializing", False):
        _hand_to_asyncio(loaded)


class _SslOnFirstUse:
    """Refuses `ssl` to the thread importing asyncio; for everyone after that, finds it as the
    other finders do, and leaves once it is loaded. (Only loading counts: a mere
    `importlib.util.find_spec("ssl")` loads nothing.)"""

    def __init__(self) -> None:
        self.holding: int | None = threading.get_ident()

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None = None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != "ssl":
            return None
        if self.holding == threading.get_ident():
            raise ModuleNotFoundError("ssl is imported on first use", name=fullname)
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            if finder is self or find is None:
                continue
            spec = find(fullname, path, target)
            if spec is not None and spec.loader is not None:
                spec.loader = _ThenAsyncio(spec.loader, self)
                return spec
        return None

    def leave(self) -> None:
        with contextlib.suppress(ValueError):  # another thread's import took it out already
            sys.meta_path.remove(self)


class _ThenAsyncio:
    """Loads `ssl` with its own loader, then gives it to asyncio's modules; the module keeps
    its own loader."""

    def __init__(self, loader: Any, finder: _SslOnFirstUse) -> None:
        self.loader = loader
        self.finder = finder

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        module: ModuleType | None = self.loader.create_module(spec)
        return module

    def exec_module(self, module: ModuleType) -> None:
        module.__loader__ = self.loader
        if module.__spec__ is not None:
            module.__spec__.loader = self.loader
        self.loader.exec_module(module)
        _hand_to_asyncio(module)
        self.finder.leave()


def _hand_to_asyncio(ssl: ModuleType) -> None:
    """What those modules would have had with `ssl` there from the start."""
    for name in ASYNCIO_USERS:
        module = sys.modules.get(name)
        if module is not None and getattr(module, "ssl", False) is None:
            module.ssl = ssl  # type: ignore[attr-defined]
    sslproto = sys.modules.get("asyncio.sslproto")
    if sslproto is not None and not hasattr(sslproto, "SSLAgainErrors"):
        sslproto.SSLAgainErrors = (ssl.SSLWantReadError, ssl.SSLSyscallError)  # type: ignore[attr-defined]
