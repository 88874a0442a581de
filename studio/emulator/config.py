"""How an emulator instance behaves: task timing, starting balances and fault rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from studio.emulator.faults import FaultRule


@dataclass
class EmulatorConfig:
    #: How long an asynchronous task stays pending/running before it finishes.
    task_seconds: float = 1.0
    #: Extra wait inside synchronous calls (icodeeasy without ?async, OpenAI).
    sync_seconds: float = 0.0
    #: Starting balance of a new key at JoyAI and GPTImage2.ai, in credits.
    default_credits: int = 10000
    #: Starting balance of a new key at icodeeasy, in CNY.
    default_cny: Decimal = Decimal("100")
    faults: list[FaultRule] = field(default_factory=list)
