"""When the engine asks a provider how a task stands: the whole schedule, in one place.

The first poll goes out about a second after the create, so a task the provider finishes that
quickly is seen that quickly. The waits then grow by half each time up to the provider's steady
interval (`ProviderSpec.poll_interval`: the interval its documentation uses or implies), where
they stay. A poll reply may ask for more time (its `Retry-After`, or an ETA): the next poll then
waits that long, never longer than `longest`, since provider text is untrusted and a job must
not look stuck because of one reply.

Pure: no clock, no sleeping. The engine sleeps what `delay` says.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: The first poll, in seconds after the create's answer.
FIRST_POLL = 1.0
#: Each wait is this much longer than the one before, until the steady interval.
GROWTH = 1.5
#: The longest a poll reply's own hint (Retry-After, ETA) makes the engine wait.
LONGEST_HINT = 60.0


@dataclass(frozen=True)
class PollSchedule:
    """Seconds to wait before each poll of one task."""

    steady: float
    first: float = FIRST_POLL
    growth: float = GROWTH
    longest: float = LONGEST_HINT

    @classmethod
    def fixed(cls, interval: float) -> PollSchedule:
        """The same wait before every poll (the engine's `poll_interval` override)."""
        return cls(steady=interval, first=interval, growth=1.0)

    def delay(self, attempt: int, hint: float | None = None) -> float:
        """The wait before poll number `attempt` (0: the first after the create). `hint` is
        what the previous poll's reply asked for (seconds), if anything."""
        if attempt <= 0:
            wait = self.first
        else:  # the exponent is capped: past it the wait is the steady interval anyway
            wait = min(self.steady, self.first * self.growth ** min(attempt, 64))
        wait = max(wait, 0.0)
        if hint is not None and math.isfinite(hint) and hint > wait:
            wait = min(hint, max(self.longest, wait))
        return wait

    def times(self, count: int) -> list[float]:
        """When the first `count` polls go out, in seconds after the create (no hints)."""
        out, now = [], 0.0
        for attempt in range(count):
            now += self.delay(attempt)
            out.append(now)
        return out
