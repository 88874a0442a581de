"""The poll schedule: a first poll about a second after the create, waits growing to the
provider's steady interval, a reply's own hint honoured within bounds. Pure: nothing sleeps."""

from __future__ import annotations

import pytest

from studio.domain.catalog import provider_spec
from studio.domain.polling import LONGEST_HINT, PollSchedule


def test_the_first_poll_comes_a_second_after_the_create() -> None:
    for provider in ("demo", "joyai", "gptimage2ai", "icodeeasy"):
        assert provider_spec(provider).poll_schedule.delay(0) == pytest.approx(1.0)


def test_a_task_done_after_a_second_is_seen_at_its_first_poll_not_two_seconds_later() -> None:
    """The reported case: a fixed 2 s before every poll saw a 1 s task at 2 s."""
    times = provider_spec("joyai").poll_schedule.times(3)
    assert times[0] < 1.5
    assert times[1] < 3.0


def test_the_waits_grow_to_the_interval_each_provider_documents_and_stay_there() -> None:
    """GPTImage2.ai's examples wait 2.5 s; icodeeasy's tasks take 30-60 s (3 s)."""
    for provider, steady in (("gptimage2ai", 2.5), ("icodeeasy", 3.0), ("joyai", 2.0)):
        schedule = provider_spec(provider).poll_schedule
        waits = [schedule.delay(n) for n in range(40)]
        assert waits == sorted(waits)  # never faster again
        assert waits[0] < waits[1] < steady
        assert waits[-1] == steady
        assert max(waits) == steady
        assert schedule.delay(10**6) == steady  # an hour of polls later, no overflow


def test_a_reply_asking_for_longer_is_honoured_up_to_a_minute() -> None:
    schedule = provider_spec("gptimage2ai").poll_schedule
    assert schedule.delay(5, 10.0) == 10.0
    assert schedule.delay(0, 4.0) == 4.0
    assert schedule.delay(5, 3600.0) == LONGEST_HINT  # untrusted text: a job never looks stuck


@pytest.mark.parametrize("hint", [0.0, 0.5, -3.0, float("nan"), float("-inf")])
def test_a_reply_asking_for_less_or_nonsense_does_not_poll_sooner(hint: float) -> None:
    schedule = provider_spec("gptimage2ai").poll_schedule
    for attempt in (0, 1, 5):
        assert schedule.delay(attempt, hint) == schedule.delay(attempt)


def test_a_fixed_interval_is_the_same_before_every_poll() -> None:
    """The engine's `poll_interval` (tests and the bench pass 0.02-0.05 s, or 0)."""
    for interval in (0.0, 0.05, 2.0):
        fixed = PollSchedule.fixed(interval)
        assert [fixed.delay(n) for n in range(5)] == [interval] * 5
    assert PollSchedule.fixed(0.05).delay(3, 0.2) == 0.2  # a reply's hint still counts
