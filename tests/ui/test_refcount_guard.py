"""PySide6 6.12.0 on Python 3.11 drops a reference to None on every call of a void method, so an
unguarded session aborts with "deallocating None" after a few thousand calls. Importing the
window's package guards against it; this runs the calls in a process of their own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SESSION = """
import sys
calls = 2 * sys.getrefcount(None)  # enough to take an unguarded None to zero twice over
import studio.ui
from PySide6.QtCore import QObject
thing = QObject()
for _ in range(calls):
    thing.setObjectName("x")  # a void method: hands back None
print(calls)
"""


def test_thousands_of_qt_calls_do_not_abort_the_studio() -> None:
    finished = subprocess.run(
        [sys.executable, "-c", SESSION],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    assert int(finished.stdout) > 1000
