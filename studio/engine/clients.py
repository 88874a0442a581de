"""Provider clients for the engine: one per provider, key and base URL; the demo in-process."""

from __future__ import annotations

import asyncio
import importlib
import threading
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from studio.domain.catalog import ProviderSpec
from studio.domain.errors import KeyMissing
from studio.providers import PROTOCOLS, make_client

if TYPE_CHECKING:
    from studio.keys import KeyStore
    from studio.providers.base import ProviderClient
    from studio.providers.options import ClientOptions, WaitCallback

DEMO_KEY = "demo"
#: What httpx and httpcore import only when the first connection opens (on the loop's thread).
_LAZY_HTTP_MODULES = ("httpcore", "httpcore._backends.anyio", "anyio._backends._asyncio")


def _import_client_modules(spec: ProviderSpec) -> None:
    """Import what a client for `spec` is made of (blocking: a worker thread), so making the
    first one does not import httpx and friends on the loop's thread."""
    if spec.protocol in PROTOCOLS:  # else make_client says the protocol is unknown
        importlib.import_module(PROTOCOLS[spec.protocol][0])
    for name in _LAZY_HTTP_MODULES:
        importlib.import_module(name)
    if spec.id == "demo":
        importlib.import_module("studio.emulator")


class ClientPool:
    """Keeps one HTTP client per provider, key and base URL; closes them all on `aclose`."""

    def __init__(
        self,
        keys: KeyStore,
        options: ClientOptions | None,
        *,
        demo_task_seconds: float,
        on_wait: WaitCallback,
    ) -> None:
        """`options` None: the defaults. They are made when first needed: the engine starts
        (and the idle window stays) without the providers' modules (#23)."""
        self._keys = keys
        self._given_options, self._on_wait = options, on_wait
        self._made_options: ClientOptions | None = None
        self._demo_task_seconds = demo_task_seconds
        self._clients: dict[tuple[str, str | None, str | None], ProviderClient] = {}
        self._making: dict[tuple[str, str | None, str | None], asyncio.Future[ProviderClient]] = {}
        self._demo_app: Any = None
        self._demo_lock = threading.Lock()

    @property
    def _options(self) -> ClientOptions:
        if self._made_options is None:
            from studio.providers.options import ClientOptions

            options = self._given_options or ClientOptions()
            self._made_options = replace(options, on_wait=self._on_wait)
        return self._made_options

    @property
    def keys(self) -> KeyStore:
        return self._keys

    @property
    def trust_env(self) -> bool:
        """Whether connections follow the environment's proxy settings."""
        return self._options.trust_env

    def demo_app(self) -> Any:
        """The demo's in-process emulator (one per engine: its bucket serves the demo's jobs).
        Blocking the first time (imports the emulator): call it off the loop's thread."""
        with self._demo_lock:
            if self._demo_app is None:
                from studio.emulator import EmulatorConfig, create_app

                self._demo_app = create_app(EmulatorConfig(task_seconds=self._demo_task_seconds))
            return self._demo_app

    def demo_bucket(self) -> Any:
        """The demo's bucket (`studio.emulator.bucket.DemoBucket`); blocking like `demo_app`."""
        return self.demo_app().state.emulator.bucket

    def key_for(self, spec: ProviderSpec, key_env: str | None) -> str | None:
        if spec.key_env is None:
            return DEMO_KEY
        key = self._keys.get(spec.id, env_var=key_env)
        if not key:
            variable = key_env or spec.key_env
            raise KeyMissing(
                f"There is no API key for {spec.label}. Add one in Settings, or set {variable}."
            )
        return key

    def key_at_hand(self, spec: ProviderSpec, key_env: str | None) -> str | None:
        """The key when it is known without asking the OS keyring (the environment, this
        session's memory, or a provider that needs none); None when only the keyring can say."""
        if spec.key_env is None:
            return DEMO_KEY
        return self._keys.at_hand(spec.id, env_var=key_env)

    async def read_key(self, spec: ProviderSpec, key_env: str | None) -> str | None:
        """`key_for`, on a worker thread only when the OS keyring must be asked."""
        key = self.key_at_hand(spec, key_env)
        if key is None:
            key = await asyncio.to_thread(self.key_for, spec, key_env)
        return key

    async def get(
        self,
        spec: ProviderSpec,
        *,
        base_url: str | None,
        key_env: str | None,
        key: str | None = None,
    ) -> ProviderClient:
        """The client for this provider at `base_url` (checked already: see
        `studio.domain.plan`); the key (unless the caller just read it) is read off the loop's
        thread (an OS keyring answers over D-Bus or similar)."""
        if key is None:
            key = await self.read_key(spec, key_env)
        slot = (spec.id, key, base_url)
        if slot in self._clients:
            return self._clients[slot]
        # Made once per slot on a worker thread: the first making imports httpcore, and each
        # one loads the certificate store into an SSL context (tens of ms of CPU). Jobs starting
        # together wait for the same making rather than each making (and closing) their own.
        making = self._making.get(slot)
        if making is None:
            making = asyncio.ensure_future(
                asyncio.to_thread(self._make_off_loop, spec, key, base_url)
            )
            self._making[slot] = making
            making.add_done_callback(lambda done: self._made(slot, done))
        return await asyncio.shield(making)  # a cancelled job does not cancel the making

    def _made(
        self, slot: tuple[str, str | None, str | None], done: asyncio.Future[ProviderClient]
    ) -> None:
        """Keep the client made for `slot` (so `aclose` closes it) whoever still waits."""
        self._making.pop(slot, None)
        if not done.cancelled() and done.exception() is None:
            self._clients[slot] = done.result()

    def _make_off_loop(
        self, spec: ProviderSpec, key: str | None, base_url: str | None
    ) -> ProviderClient:
        _import_client_modules(spec)
        return self._make(spec, key, base_url)

    def _make(self, spec: ProviderSpec, key: str | None, base_url: str | None) -> ProviderClient:
        if spec.id == "demo":
            import httpx

            transport = httpx.ASGITransport(app=self.demo_app())
            return make_client(
                spec,
                api_key=key,
                base_url=spec.default_base_url,
                transport=transport,
                options=self._options,
            )
        return make_client(spec, api_key=key, base_url=base_url, options=self._options)

    async def aclose(self) -> None:
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.aclose()
