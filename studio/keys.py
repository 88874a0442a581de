"""API keys: the OS keyring, the user's environment, or this session's memory; never a file.

The keyring package is imported, and the OS keyring probed, on first use rather than with this
module: that costs tens of milliseconds (more where D-Bus answers slowly), and the desktop
studio makes its first use on a worker thread after its window is shown.
"""

from __future__ import annotations

import contextlib
import os
from types import ModuleType
from typing import TYPE_CHECKING, Any

from studio.domain.catalog import provider_spec

if TYPE_CHECKING:
    import keyring.backend

SERVICE = "image-studio"


def __getattr__(name: str) -> Any:
    """`studio.keys.MemoryKeyring` (what PYTHON_KEYRING_BACKEND names), defined on demand."""
    if name == "MemoryKeyring":
        from studio.memory_keyring import MemoryKeyring

        return MemoryKeyring
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _keyring() -> ModuleType:
    import keyring
    import keyring.errors

    return keyring


class KeyStore:
    """Finds and keeps provider keys. Where no keyring backend exists, keys live in memory only
    and `persistent` is False so the window can say so (the keyring is probed on first use)."""

    def __init__(self) -> None:
        self._session: dict[str, str] = {}
        self._persistent: bool | None = None

    @property
    def persistent(self) -> bool:
        """Whether keys go to an OS keyring (blocking the first time: call it off the UI thread)."""
        if self._persistent is None:
            self._persistent = _keyring_usable()
        return self._persistent

    @persistent.setter
    def persistent(self, value: bool) -> None:
        self._persistent = value

    def at_hand(self, provider: str, *, env_var: str | None = None) -> str | None:
        """The key from the environment or this session's memory (never blocks); None when
        only the OS keyring could have it."""
        if env_var:
            return os.environ.get(env_var) or None
        spec = provider_spec(provider)
        if spec.key_env is None:
            return None
        return os.environ.get(spec.key_env) or self._session.get(provider) or None

    def get(self, provider: str, *, env_var: str | None = None) -> str | None:
        if value := self.at_hand(provider, env_var=env_var):
            return value
        if env_var or provider_spec(provider).key_env is None:
            return None
        return self._from_keyring(provider)

    def source(self, provider: str) -> str | None:
        """Where the provider's key would come from: "environment", "session" or "keyring";
        None when there is none (the key itself is never returned)."""
        env = provider_spec(provider).key_env
        if env is None:
            return None
        if os.environ.get(env):
            return "environment"
        if self._session.get(provider):
            return "session"
        return "keyring" if self._from_keyring(provider) else None

    def in_keyring(self, provider: str) -> bool:
        """Whether the OS keyring holds a key for the provider (whatever the environment says)."""
        return self._from_keyring(provider) is not None

    def _from_keyring(self, provider: str) -> str | None:
        if not self.persistent:
            return None
        keyring = _keyring()
        try:
            password: str | None = keyring.get_password(SERVICE, provider)
            return password or None
        except keyring.errors.KeyringError:
            return None

    def set(self, provider: str, key: str) -> bool:
        """Store a key; True when it went to the OS keyring, False when kept for this session."""
        key = key.strip()
        if self.persistent:
            keyring = _keyring()
            try:
                keyring.set_password(SERVICE, provider, key)
                self._session.pop(provider, None)
                return True
            except keyring.errors.KeyringError:
                self.persistent = False
        self._session[provider] = key
        return False

    def delete(self, provider: str) -> None:
        self._session.pop(provider, None)
        if self.persistent:
            keyring = _keyring()
            with contextlib.suppress(keyring.errors.KeyringError):
                keyring.delete_password(SERVICE, provider)

    def secret(self, name: str) -> str | None:
        """A secret that is not a provider's key (the S3 secret, "s3"): this session's memory,
        else the OS keyring (blocking: call it off the UI thread)."""
        return self._session.get(name) or self._from_keyring(name)

    def has_key(self, provider: str) -> bool:
        return bool(self.get(provider))


def _keyring_usable() -> bool:
    try:
        backend = _keyring().get_keyring()
    except Exception:  # a broken backend configuration is the same as none
        return False
    name = type(backend).__module__ + "." + type(backend).__name__
    return ("fail" not in name.lower() and "chainer" not in name.lower()) or _chainer_has_backends(
        backend
    )


def _chainer_has_backends(backend: keyring.backend.KeyringBackend) -> bool:
    return bool(getattr(backend, "backends", None))
