"""Start-up time and idle memory: ``image-studio --demo`` vs a bare PySide6 QMainWindow, both
under the offscreen platform plugin, each in a fresh isolated HOME; median of the runs.

A third program, the floor (`bench.startup_probe`), runs alongside and is reported, not judged:
the least a window on this stack (qasync, text widgets, SQLite) does before it is idle.

The clock starts in the parent just before the process is spawned and stops when the probe in
the child (`bench.startup_probe`) sees the main window shown and the event loop idle (the
judged start-up), and again when the window is ready: the studio paints its window from plain
Qt first and brings up asyncio, the engine and the journal after (studio/ui/shell/app.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from bench.common import ROOT, Figure, isolated_env, median, temp_home


def one_run(kind: str) -> tuple[float, float, float, float]:
    """(seconds to shown-and-idle, seconds to ready, RSS at the ready moment and once settled,
    in MB) of one fresh process."""
    with temp_home() as home:
        env = isolated_env(home)
        start = time.time()
        done = subprocess.run(
            [sys.executable, "-m", "bench.startup_probe", kind],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if not lines:
            raise RuntimeError(
                f"{kind} start-up probe failed ({done.returncode}): {done.stderr[-2000:]}"
            )
        report = json.loads(lines[-1])
        return (
            report["idle_at"] - start,
            report["ready_at"] - start,
            report["rss"] / 1e6,
            report["rss_settled"] / 1e6,
        )


def measure(quick: bool) -> list[Figure]:
    runs = 5 if quick else 9
    kinds = ("bare", "floor", "studio")
    for kind in kinds:  # warm the file cache: the first start of anything is slower
        one_run(kind)
    times: dict[str, list[float]] = {kind: [] for kind in kinds}
    ready: dict[str, list[float]] = {kind: [] for kind in kinds}
    rss: dict[str, list[float]] = {kind: [] for kind in kinds}
    rss_idle: dict[str, list[float]] = {kind: [] for kind in kinds}
    for _ in range(runs):  # interleaved, so drift on a noisy machine hits all alike
        for kind in kinds:
            seconds, ready_seconds, at_idle, settled = one_run(kind)
            times[kind].append(seconds)
            ready[kind].append(ready_seconds)
            rss_idle[kind].append(at_idle)
            rss[kind].append(settled)
    bare_s, studio_s = median(times["bare"]), median(times["studio"])
    bare_mb, studio_mb = median(rss["bare"]), median(rss["studio"])
    floor_s, floor_mb = median(times["floor"]), median(rss["floor"])
    studio_ready = median(ready["studio"])
    return [
        Figure(
            "start-up",
            f"spawn -> main window shown and idle, median of {runs}",
            bare_s,
            studio_s,
            "s",
            "<= 1.5x",
            studio_s / bare_s <= 1.5,
            note=f"bare {[round(x, 3) for x in times['bare']]}, "
            f"studio {[round(x, 3) for x in times['studio']]}; floor (not judged: qasync loop, "
            f"text widgets, a SQLite query) {floor_s:.3f} s = {floor_s / bare_s:.2f}x the bare "
            f"window, runs {[round(x, 3) for x in times['floor']]}",
        ),
        Figure(
            "start-up to ready",
            f"spawn -> engine up, history loaded, Generate there and idle, median of {runs}",
            bare_s,
            studio_ready,
            "s",
            "<= 1.5x",
            studio_ready / bare_s <= 1.5,
            note=f"studio {[round(x, 3) for x in ready['studio']]}; the window paints first "
            "(the start-up figure) and loads the engine after (bench/README.md)",
        ),
        Figure(
            "idle memory",
            f"RSS once settled after start-up, median of {runs}",
            bare_mb,
            studio_mb,
            "MB",
            "<= 1.5x",
            studio_mb / bare_mb <= 1.5,
            note=f"at the ready moment: bare {median(rss_idle['bare']):.1f} MB, studio "
            f"{median(rss_idle['studio']):.1f} MB; settled (background work done): "
            f"bare {bare_mb:.1f} MB, studio {studio_mb:.1f} MB; floor (not judged) "
            f"{floor_mb:.1f} MB = {floor_mb / bare_mb:.2f}x the bare window",
        ),
    ]
