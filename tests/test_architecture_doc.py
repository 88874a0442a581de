"""docs/ARCHITECTURE.md matches the tree (#22): every path it names exists, and every package of
studio/ (the window's rooms included) is named in it, so the map cannot drift from the code."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "ARCHITECTURE.md"
LAYERS = ("domain", "providers", "engine", "ui", "imaging", "emulator")
#: Paths named in backticks: `studio/...`, or a layer-relative `engine/runner.py`.
PATH = re.compile(r"`((?:studio/|tests/|(?:" + "|".join(LAYERS) + r")/)[\w/.\-]*)`")


def named_paths() -> list[str]:
    return [m.group(1) for m in PATH.finditer(DOC.read_text(encoding="utf-8"))]


def test_every_path_the_map_names_exists():
    missing = []
    for name in named_paths():
        path = ROOT / (name if name.startswith(("studio/", "tests/")) else f"studio/{name}")
        if not path.exists():
            missing.append(name)
    assert missing == []


def test_every_package_is_on_the_map():
    text = DOC.read_text(encoding="utf-8")
    packages = sorted(
        str(init.parent.relative_to(ROOT)) + "/"
        for init in (ROOT / "studio").rglob("__init__.py")
        if init.parent != ROOT / "studio"
    )
    absent = [p for p in packages if p not in text and p.removeprefix("studio/") not in text]
    assert absent == []
