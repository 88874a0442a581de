"""API keys: the OS keyring, the user's environment, or this session's memory; never a file."""

from __future__ import annotations

import contextlib
import os

import keyring
import keyring.backend
import keyring.errors

from studio.domain.catalog import provider_spec

SERVICE = "image-studio"


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that forgets everything when the process ends (tests, headless sessions)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self._store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self._store[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError(username) from None


class KeyStore:
    """Finds and keeps provider keys. Where no keyring backend exists, keys live in memory only
    and `persistent` is False so the window can say so."""

    def __init__(self) -> None:
        self._session: dict[str, str] = {}
        self.persistent = _keyring_usable()

    def get(self, provider: str, *, env_var: str | None = None) -> str | None:
        if env_var:
            return os.environ.get(env_var) or None
        spec = provider_spec(provider)
        if spec.key_env is None:
            return None
        if value := os.environ.get(spec.key_env):
            return value
        if provider in self._session:
            return self._session[provider]
        if self.persistent:
            try:
                return keyring.get_password(SERVICE, provider)
            except keyring.errors.KeyringError:
                return None
        return None

    def set(self, provider: str, key: str) -> bool:
        """Store a key; True when it went to the OS keyring, False when kept for this session."""
        key = key.strip()
        if self.persistent:
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
            with contextlib.suppress(keyring.errors.KeyringError):
                keyring.delete_password(SERVICE, provider)

    def has_key(self, provider: str) -> bool:
        return bool(self.get(provider))


def _keyring_usable() -> bool:
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken backend configuration is the same as none
        return False
    name = type(backend).__module__ + "." + type(backend).__name__
    return ("fail" not in name.lower() and "chainer" not in name.lower()) or _chainer_has_backends(
        backend
    )


def _chainer_has_backends(backend: keyring.backend.KeyringBackend) -> bool:
    return bool(getattr(backend, "backends", None))
