"""Not measured yet: see the report in bench/RESULTS.md."""

from __future__ import annotations

from bench.common import Figure

NAME = "big library"


def measure(quick: bool) -> list[Figure]:
    return [
        Figure(
            NAME,
            "not implemented in this pass (needs a gallery/UI harness)",
            None,
            None,
            "ms",
            "cold <= 1.5 s, warm <= 0.5 s, stall <= 50 ms, RSS <= 400 MB",
            None,
        )
    ]
