"""One HTTP client per provider, key and address, however many jobs ask for it at once."""

from __future__ import annotations

import asyncio

from studio.domain.catalog import provider_spec
from studio.engine.clients import ClientPool
from studio.keys import KeyStore
from studio.providers import ClientOptions
from tests.helpers import run


def test_callers_asking_at_the_same_time_share_one_client(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A second client for the same slot would never be closed, nor its connections."""
    monkeypatch.setenv("JOYAI_API_KEY", "sk_pool")

    async def scenario() -> int:
        pool = ClientPool(
            KeyStore(), ClientOptions(), demo_task_seconds=0.01, on_wait=lambda *_: None
        )
        try:
            joyai = provider_spec("joyai")
            clients = await asyncio.gather(
                *(pool.get(joyai, base_url="http://127.0.0.1:9", key_env=None) for _ in range(4))
            )
            return len({id(c) for c in clients})
        finally:
            await pool.aclose()

    assert run(scenario()) == 1
