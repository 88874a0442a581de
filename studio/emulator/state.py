"""What the emulator remembers: calls, balances, tasks, result files and the live fault rules.

uvicorn serves from its own thread while tests read the state from theirs, so every access
goes through one lock.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

from studio.emulator.bucket import DemoBucket
from studio.emulator.config import EmulatorConfig
from studio.emulator.faults import Action, FaultBook, FaultRule, RouteName
from studio.emulator.images import ImageSpec, render

#: Providers that keep a balance per key, and the unit it is kept in.
BALANCE_UNITS = {"joyai": "credits", "gptimage2ai": "credits", "icodeeasy": "CNY"}
Phase = Literal["queued", "running", "succeeded", "failed"]
#: How many drawn result files are kept in memory.
CACHED_FILES = 32


def fingerprint(key: str) -> str:
    """A short, stable name for a key that does not reveal it."""
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def _provider_name(provider: str) -> str:
    return "joyai" if provider == "demo" else provider


@dataclass(frozen=True)
class Call:
    """One request the emulator answered (admin routes are not recorded)."""

    provider: str
    route: RouteName
    method: str
    path: str
    status: int  # 0: the connection was dropped without an answer
    key: str | None  # fingerprint(key), never the key itself
    at: float = field(default_factory=time.time)

    def to_dict(self) -> dict[str, Any]:
        return {
            "provider": self.provider,
            "route": self.route,
            "method": self.method,
            "path": self.path,
            "status": self.status,
            "key": self.key,
            "at": self.at,
        }


class Fate(StrEnum):
    """How a task will end."""

    succeed = "succeed"
    fail = "fail"
    never = "never"  # stays running forever (the never_finish fault)

    @classmethod
    def for_action(cls, action: Action | None) -> Fate:
        if action is Action.fail_task:
            return cls.fail
        if action is Action.never_finish:
            return cls.never
        return cls.succeed


@dataclass
class Task:
    """An asynchronous job at JoyAI, GPTImage2.ai or icodeeasy."""

    id: str
    provider: str
    model: str
    owner: str  # fingerprint of the key that created it
    cost: Decimal
    files: tuple[str, ...]
    fate: Fate = Fate.succeed
    refund_on_failure: bool = False
    callback_url: str | None = None
    details: dict[str, Any] = field(default_factory=dict)  # provider-specific answers
    started: float = field(default_factory=time.monotonic)
    created_at: datetime = field(default_factory=datetime.now)
    refunded: bool = False

    def phase(self, now: float, duration: float) -> Phase:
        elapsed = now - self.started
        if self.fate is Fate.never or elapsed < duration:
            return "queued" if elapsed < duration / 4 else "running"
        return "failed" if self.fate is Fate.fail else "succeeded"


@dataclass
class StoredImage:
    """A result file: drawn on its first download, then kept."""

    provider: str
    spec: ImageSpec
    data: bytes | None = None


class EmulatorState:
    """Everything one emulator app knows. Available as ``app.state.emulator``."""

    def __init__(self, config: EmulatorConfig) -> None:
        self.config = config
        self._lock = threading.RLock()
        self.calls: list[Call] = []
        self._faults = FaultBook(config.faults)
        self._balances: dict[tuple[str, str], Decimal] = {}
        self._tasks: dict[str, Task] = {}
        self._last_task: dict[tuple[str, str], str] = {}
        self._images: dict[str, StoredImage] = {}
        self._drawn: deque[StoredImage] = deque()
        #: The demo's bucket (`studio.emulator.bucket`), and every reference link fetched
        #: (scheme://host/path, fetched as an image or not).
        self.bucket = DemoBucket()
        self.fetched: list[tuple[str, bool]] = []

    # -- calls -------------------------------------------------------------------------------

    def record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)

    def create_calls(self, provider: str | None = None, *, key: str | None = None) -> int:
        """How many paid create calls reached the emulator (for `provider`, or in all; made
        with `key`, or with any)."""
        wanted = None if provider is None else _provider_name(provider)
        owner = None if key is None else fingerprint(key)
        with self._lock:
            return sum(
                1
                for c in self.calls
                if c.route == "create" and wanted in (None, c.provider) and owner in (None, c.key)
            )

    def call_counts(self) -> dict[str, dict[str, int]]:
        """Calls per provider and route: {"joyai": {"create": 1, "poll": 3}, ...}."""
        with self._lock:
            counts = Counter((c.provider, c.route) for c in self.calls)
        summary: dict[str, dict[str, int]] = {}
        for (provider, route), count in sorted(counts.items()):
            summary.setdefault(provider, {})[route] = count
        return summary

    # -- faults ------------------------------------------------------------------------------

    @property
    def faults(self) -> list[FaultRule]:
        with self._lock:
            return self._faults.rules

    def set_faults(self, rules: list[FaultRule]) -> None:
        with self._lock:
            self._faults.replace(rules)

    def add_fault(self, rule: FaultRule) -> None:
        with self._lock:
            self._faults.add(rule)

    def clear_faults(self) -> None:
        self.set_faults([])

    def take_fault(
        self, provider: str, route: RouteName, supported: frozenset[Action]
    ) -> FaultRule | None:
        with self._lock:
            return self._faults.take(provider, route, supported)

    # -- balances ----------------------------------------------------------------------------

    def set_balance(
        self, key: str, amount: Decimal | int | str, provider: str | None = None
    ) -> None:
        """Give `key` this balance at `provider` (or at every provider that keeps one)."""
        providers = list(BALANCE_UNITS) if provider is None else [_provider_name(provider)]
        with self._lock:
            for name in providers:
                self._check_keeps_balance(name)
                self._balances[(name, fingerprint(key))] = Decimal(str(amount))

    def balance(self, key: str, provider: str) -> Decimal:
        """What `key` has left at `provider` (credits, or CNY at icodeeasy)."""
        name = _provider_name(provider)
        self._check_keeps_balance(name)
        with self._lock:
            self._settle_all()
            return self._account(name, key)

    def _check_keeps_balance(self, provider: str) -> None:
        if provider not in BALANCE_UNITS:
            raise ValueError(f"{provider} keeps no balance")

    def _account(self, provider: str, key: str) -> Decimal:
        slot = (provider, fingerprint(key))
        if slot not in self._balances:
            self._balances[slot] = self._starting_balance(provider, key)
        return self._balances[slot]

    def _starting_balance(self, provider: str, key: str) -> Decimal:
        if key.startswith("empty"):
            return Decimal(0)
        if provider == "icodeeasy":
            return Decimal(self.config.default_cny)
        return Decimal(self.config.default_credits)

    def charge(self, key: str, provider: str, amount: Decimal) -> bool:
        """Take `amount` from the key's balance; False (and nothing taken) when it is short."""
        with self._lock:
            current = self._account(provider, key)
            if current < amount:
                return False
            self._balances[(provider, fingerprint(key))] = current - amount
            return True

    def current_balance(self, key: str, provider: str) -> Decimal:
        """The balance as a provider reports it in an answer (refunds settled first)."""
        with self._lock:
            self._settle_all()
            return self._account(provider, key)

    # -- tasks -------------------------------------------------------------------------------

    def add_task(self, task: Task) -> str | None:
        """Store a task; returns the id of the previous task of this provider and key."""
        with self._lock:
            slot = (task.provider, task.owner)
            previous = self._last_task.get(slot)
            self._tasks[task.id] = task
            self._last_task[slot] = task.id
            return previous

    def task(self, task_id: str, owner: str | None = None) -> Task | None:
        """The task with this id, if `owner` (a key fingerprint) may see it."""
        with self._lock:
            task = self._tasks.get(task_id)
        if task is None or (owner is not None and task.owner != owner):
            return None
        return task

    def phase(self, task: Task) -> Phase:
        """Where `task` stands now; a failed task is refunded here where the provider does so."""
        with self._lock:
            return self._settle(task)

    def _settle(self, task: Task) -> Phase:
        phase = task.phase(time.monotonic(), self.config.task_length(task.id))
        if phase == "failed" and task.refund_on_failure and not task.refunded:
            task.refunded = True
            slot = (task.provider, task.owner)
            self._balances[slot] = self._balances.get(slot, Decimal(0)) + task.cost
        return phase

    def _settle_all(self) -> None:
        for task in self._tasks.values():
            if task.fate is Fate.fail and not task.refunded:
                self._settle(task)

    # -- result files ------------------------------------------------------------------------

    def add_image(self, name: str, image: StoredImage) -> None:
        with self._lock:
            self._images[name] = image

    def image(self, name: str) -> StoredImage | None:
        with self._lock:
            return self._images.get(name)

    def image_bytes(self, image: StoredImage) -> bytes:
        """The encoded file, drawn on first use (call it off the event loop).

        Only the most recent files stay in memory: drawing is deterministic, so a file
        forgotten here is drawn again, byte for byte, when it is downloaded again.
        """
        data = image.data
        if data is None:
            data = render(image.spec)  # drawn outside the lock; a rare double draw is harmless
            with self._lock:
                image.data = data
                self._drawn.append(image)
                while len(self._drawn) > CACHED_FILES:
                    self._drawn.popleft().data = None
        return data

    # -- all of it ---------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget calls, balances, tasks and files; the fault rules return to the config's."""
        with self._lock:
            self.calls.clear()
            self._faults.replace(self.config.faults)
            self._balances.clear()
            self._tasks.clear()
            self._last_task.clear()
            self._images.clear()
            self._drawn.clear()
