"""Named crash points for the fault matrix (tests/faults): a real `kill -9` at one chosen step.

`STUDIO_CRASH_AT=name@k` makes the k-th `crash_point(name)` of this process send SIGKILL to
itself (`name` alone means `name@1`). With `STUDIO_CRASH_SIGNAL=STOP` it sends SIGSTOP instead:
the process halts there until a SIGCONT, which is how the matrix makes two processes interleave
exactly as it wants. The variables are read once, at import; unset, every `crash_point` is a
call to a function that does nothing.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable

#: The steps the engine marks, in the order a job meets them (see docs/RELIABILITY.md).
POINTS = (
    "listed",  # `resume` has read the jobs it will try to claim, before the first claim
    "budgeted",  # the budget check passed, inside its transaction, before the jobs are written
    "journaled",
    "uploaded",  # a job's local references are in the bucket and their links journaled
    "sending",
    "sent",
    "task_recorded",
    "poll",
    "download",
    "write",
    "staged",
    "saved",
)


def _parse(spec: str) -> tuple[str, int]:
    name, _, count = spec.strip().partition("@")
    if name not in POINTS or (count and not count.isdigit()) or count == "0":
        raise ValueError(f"STUDIO_CRASH_AT={spec!r}: expected one of {', '.join(POINTS)}[@k>0]")
    return name, int(count or 1)


def _disarmed(name: str) -> None:
    """No crash point is armed."""


def _armed_at(target: str, times: int) -> Callable[[str], None]:
    seen = 0

    def crash_point(name: str) -> None:
        nonlocal seen
        if name != target:
            return
        seen += 1
        if seen == times:
            # SIGKILL where there is one (POSIX); Windows terminates the process on SIGTERM.
            kill = getattr(signal, "SIGKILL", signal.SIGTERM)
            stop = getattr(signal, "SIGSTOP", kill)
            os.kill(os.getpid(), stop if os.environ.get("STUDIO_CRASH_SIGNAL") == "STOP" else kill)

    return crash_point


_SPEC = os.environ.get("STUDIO_CRASH_AT")
crash_point: Callable[[str], None] = _armed_at(*_parse(_SPEC)) if _SPEC else _disarmed
