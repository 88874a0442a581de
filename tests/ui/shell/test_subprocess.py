"""`image-studio --demo` as a real process: it types a prompt with real key events, presses
Ctrl+Enter, and the image is in the library folder within a few seconds."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[3]


def test_demo_studio_generates_from_a_typed_prompt(isolated_home: Path) -> None:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        STUDIO_AUTOTEST_PROMPT="a kettle singing on a stove",
        IMAGE_STUDIO_DEMO_SECONDS="0.3",
        PYTHONPATH=str(ROOT),
    )
    started = time.monotonic()
    finished = subprocess.run(
        [sys.executable, "-m", "studio", "--demo"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    elapsed = time.monotonic() - started
    assert finished.returncode == 0, finished.stderr
    library = Path(os.environ["XDG_PICTURES_DIR"]) / "Image Studio"
    saved = sorted(library.glob("*.png"))
    assert len(saved) == 1
    assert finished.stdout.strip() == str(saved[0])
    with Image.open(saved[0]) as image:
        assert "a kettle singing on a stove" in image.info["parameters"]
    assert elapsed < 20, f"took {elapsed:.1f} s"
