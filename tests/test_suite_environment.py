"""The suite runs wherever it is started, whatever Qt platform the shell hands it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("platform", ["xcb", ""])
def test_widget_tests_pass_with_an_inherited_qt_platform(platform: str) -> None:
    """With QT_QPA_PLATFORM=xcb and no display (or set empty, as over SSH), Qt used to abort the
    whole run half way with a bare "Fatal Python error: Aborted"."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = platform
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/ui/gallery/test_gallery.py::test_results_are_listed_newest_first",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "1 passed" in done.stdout
