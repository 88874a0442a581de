"""How an emulator instance behaves: task timing, starting balances and fault rules."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

from studio.emulator.faults import FaultRule


@dataclass
class EmulatorConfig:
    #: How long an asynchronous task stays pending/running before it finishes.
    task_seconds: float = 1.0
    #: When set, each task's length is drawn from this range instead (uniformly, the same for
    #: the same task id): the result-latency benchmark's tasks of 1-60 s, time scaled down.
    task_seconds_range: tuple[float, float] | None = None
    #: Extra wait inside synchronous calls (icodeeasy without ?async, OpenAI).
    sync_seconds: float = 0.0
    #: Starting balance of a new key at JoyAI and GPTImage2.ai, in credits.
    default_credits: int = 10000
    #: Starting balance of a new key at icodeeasy, in CNY.
    default_cny: Decimal = Decimal("100")
    faults: list[FaultRule] = field(default_factory=list)

    def task_length(self, task_id: str) -> float:
        """Seconds the task with this id stays pending/running."""
        if self.task_seconds_range is None:
            return self.task_seconds
        low, high = self.task_seconds_range
        return random.Random(task_id).uniform(low, high)
