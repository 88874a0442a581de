"""The committed Qt translation sources, read through the project's own update script."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "packaging" / "i18n" / "update_translations.py"
UPDATE_COMMAND = "python3 packaging/i18n/update_translations.py"


@cache
def update_script() -> ModuleType:
    """packaging/i18n/update_translations.py as a module (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("update_translations", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


@cache
def english_sources() -> frozenset[str]:
    """Every English source text the studio can show: those in the committed .ts files and
    those the code has now (lupdate over it), so a text added since the last update counts."""
    script = update_script()
    committed = set(script.read_ts(script.ts_path("de")))
    return frozenset(source for _context, source, _comment in committed | script.code_messages())
