"""Send paid creates to a test server through the studio's real JoyAI client and count outcomes."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from dataclasses import dataclass, field

from studio.domain.catalog import provider_spec
from studio.domain.errors import OutcomeUnknown, StudioError
from studio.domain.models import GenerationRequest
from studio.providers import ClientOptions, make_client

REQUEST = GenerationRequest(provider="joyai", model="gptimage2", prompt="a red chair")


@dataclass
class Tally:
    sent: int = 0  # creates the client was asked to send
    started: int = 0  # creates that came back with a task id
    unknown: int = 0  # creates that ended "outcome unknown"
    other: Counter[str] = field(default_factory=Counter)  # any other failure, by type
    warmups: int = 0  # free requests sent ahead of creates
    failed_warmups: int = 0


async def send_creates(
    base_url: str,
    total: int,
    *,
    concurrency: int = 16,
    pause: tuple[float, float] | None = None,
    seed: int = 15,
) -> Tally:
    """`total` creates from `concurrency` workers; with `pause` (low, high), each worker sleeps a
    random time in that range before each of its creates (connections left idle that long)."""
    client = make_client(
        provider_spec("joyai"),
        api_key="sk-test-key-0123456789",
        base_url=base_url,
        options=ClientOptions(trust_env=False),
    )
    tally = Tally()
    rng = random.Random(seed)
    remaining = iter(range(total))

    async def worker() -> None:
        for _ in remaining:
            if pause is not None:
                await asyncio.sleep(rng.uniform(*pause))
            tally.sent += 1
            try:
                update = await client.submit(REQUEST, [])
            except OutcomeUnknown:
                tally.unknown += 1
            except StudioError as exc:
                tally.other[type(exc).__name__] += 1
            else:
                tally.started += bool(update.task_id)

    try:
        await asyncio.gather(*(worker() for _ in range(concurrency)))
    finally:
        pool = client._core.client._transport._pool  # type: ignore[attr-defined]
        tally.warmups = getattr(pool, "warmups", 0)
        tally.failed_warmups = getattr(pool, "failed_warmups", 0)
        await client.aclose()
    return tally
