"""Background threads give way to the UI thread.

The engine's thread, its workers and the thumbnail workers can keep both cores of a small
machine busy (fifty jobs saving and thumbnailing results at once). At equal priority the UI
thread then queues for a core behind them and a frame is late. Lowering their CPU priority
tells the scheduler which thread a person is waiting for; it costs them nothing when the
machine has cores to spare.

On Linux a thread's niceness is its own and is inherited by the threads it starts, so the
engine's worker threads follow the engine's thread. Elsewhere `os.setpriority` would change the
whole process, so nothing is changed there.
"""

from __future__ import annotations

import os
import sys
import threading

#: Niceness of background threads: the lowest priority short of idle. Measured with the UI
#: responsiveness benchmark (bench/RESULTS.md): niceness 10 left the UI thread's p99 heartbeat
#: gap at 18-22 ms, 19 at 17-19 ms. When no foreground thread wants the core it costs nothing.
BACKGROUND_NICENESS = 19

_lowered = threading.local()


def lower_this_thread() -> None:
    """Give the calling thread background CPU priority (once per thread; never raises it)."""
    if getattr(_lowered, "done", False):
        return
    _lowered.done = True
    if sys.platform != "linux":
        return
    thread = threading.get_native_id()
    try:
        if os.getpriority(os.PRIO_PROCESS, thread) < BACKGROUND_NICENESS:
            os.setpriority(os.PRIO_PROCESS, thread, BACKGROUND_NICENESS)
    except OSError:  # a sandbox may refuse; the thread then simply keeps its priority
        pass
