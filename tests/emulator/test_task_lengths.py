"""Task lengths drawn from a range (the result-latency benchmark's 1-60 s tasks, scaled)."""

from __future__ import annotations

from studio.emulator import EmulatorConfig


def test_without_a_range_every_task_takes_task_seconds() -> None:
    config = EmulatorConfig(task_seconds=0.7)
    assert {config.task_length(f"t{i}") for i in range(20)} == {0.7}


def test_with_a_range_each_task_has_its_own_length_within_it_the_same_each_time() -> None:
    config = EmulatorConfig(task_seconds=0.7, task_seconds_range=(0.2, 12.0))
    lengths = [config.task_length(f"t{i}") for i in range(200)]
    assert all(0.2 <= x <= 12.0 for x in lengths)
    assert len(set(lengths)) == 200
    assert min(lengths) < 2.0 and max(lengths) > 10.0  # spread over the range
    assert lengths == [config.task_length(f"t{i}") for i in range(200)]
