"""`STUDIO_CRASH_AT=name@k`: the k-th time the process reaches `name`, it dies by SIGKILL."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from studio.engine import crashpoints

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

SCRIPT = """
from studio.engine.crashpoints import crash_point
for step in ("poll", "download", "poll", "poll"):
    crash_point(step)
    print(step, flush=True)
"""


def run(spec: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "STUDIO_CRASH_AT"}
    if spec is not None:
        env["STUDIO_CRASH_AT"] = spec
    return subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=30
    )


def test_the_process_dies_by_sigkill_the_kth_time_the_point_is_reached():
    done = run("poll@2")
    assert done.returncode == -9
    assert done.stdout.split() == ["poll", "download"]


def test_a_point_without_a_count_is_its_first_time():
    done = run("download")
    assert (done.returncode, done.stdout.split()) == (-9, ["poll"])


def test_unset_or_not_reached_nothing_happens():
    assert run(None).stdout.split() == ["poll", "download", "poll", "poll"]
    assert run("saved").returncode == 0
    assert run("poll@4").returncode == 0


@pytest.mark.parametrize("spec", ["nowhere", "poll@0", "poll@x", "poll@-1"])
def test_a_misspelt_point_is_refused_rather_than_never_firing(spec):
    with pytest.raises(ValueError, match="STUDIO_CRASH_AT"):
        crashpoints._parse(spec)
