"""Which providers have keys, as far as the window knows: the keyring is asked on a worker thread,
once, when first needed; and their balances, checked when a key is known."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject

from studio.domain.catalog import PROVIDERS

if TYPE_CHECKING:
    from studio.keys import KeyStore
    from studio.ui.compose.composer import Composer
    from studio.ui.kit.banners import MessageBar
    from studio.ui.kit.engine_api import EngineApi


class KeysWindow(Protocol):
    """What of the main window the key state uses (the window imports this module)."""

    engine: EngineApi
    keys: KeyStore
    composer: Composer
    message_bar: MessageBar


class KeyState(QObject):
    """The providers with keys (`present`) once the keyring has answered (`known`)."""

    def __init__(self, window: KeysWindow, parent: QObject) -> None:
        super().__init__(parent)
        self.window = window
        self.present: set[str] = set()
        #: Whether the keyring has been asked yet (see `MainWindow.start`).
        self.known = False
        self._probe: asyncio.Future[None] | None = None

    def may_have_key(self, provider: str) -> bool:
        """Until the keyring has answered, no "add your key" hint: it would flash, then go."""
        return provider in self.present or not self.known

    async def ensure(self) -> None:
        """Ask the keyring which providers have keys, unless it has answered already."""
        if self.known:
            return
        if self._probe is None:
            self._probe = asyncio.ensure_future(self._probe_keys())
        await asyncio.shield(self._probe)

    async def _probe_keys(self) -> None:
        await self.read()
        self.window.composer.refresh()
        await self.check_balance(self.window.composer.parameters.provider())

    async def read(self) -> None:
        """Which providers have keys (the keyring is asked on a worker thread)."""
        self.present = await asyncio.to_thread(self._find)
        self.known = True

    def _find(self) -> set[str]:
        keys = self.window.keys
        return {p.id for p in PROVIDERS if p.key_env and keys.has_key(p.id)}

    async def check_balance(self, provider: str) -> None:
        if provider in self.present:
            balance = await self.window.engine.check_key(provider)
            self.window.message_bar.resolve_key(provider)
            if balance is not None:
                self.window.composer.set_balance(provider, balance)
