"""Run a script that starts the studio under offscreen Qt and prints one JSON report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]


def run_watching(script: str, *args: str) -> dict[str, Any]:
    """`python -c script args...` in a fresh interpreter (offscreen Qt) with this tree first
    on the path; its last JSON line, parsed."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, done.stderr
    report: dict[str, Any] = json.loads(lines[-1])
    return report
