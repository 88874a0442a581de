"""Not measured yet: see the report in bench/RESULTS.md."""

from __future__ import annotations

from bench.common import Figure

NAME = "UI responsiveness"


def measure(quick: bool) -> list[Figure]:
    return [
        Figure(
            NAME,
            "not implemented in this pass (needs a gallery/UI harness)",
            None,
            None,
            "ms",
            "max <= 50 ms, p99 <= 20 ms",
            None,
        )
    ]
