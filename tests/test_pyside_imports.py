"""PySide's import hook no longer keeps the source of every module imported after it."""

from __future__ import annotations

import importlib
import linecache
import sys
from pathlib import Path

import pytest

from studio.ui.runtime.pyside_imports import mentions_pyside, stop_source_caching


@pytest.fixture
def module_dir(tmp_path: Path) -> Path:
    sys.path.insert(0, str(tmp_path))
    yield tmp_path
    sys.path.remove(str(tmp_path))


def test_a_module_imported_after_pyside_leaves_no_source_behind(module_dir: Path) -> None:
    assert stop_source_caching()  # the hook is where this PySide keeps it
    source = module_dir / "studio_probe_plain.py"
    source.write_text("VALUE = 'x' * 3\n" + "# filler line\n" * 2000)
    module = __import__("studio_probe_plain")  # through builtins.__import__, as `import` goes
    assert module.VALUE == "xxx"
    assert str(source) not in linecache.cache


def test_the_hook_still_tells_modules_that_use_pyside(module_dir: Path) -> None:
    uses = module_dir / "studio_probe_qt.py"
    uses.write_text("from PySide6.QtCore import QObject\n")
    plain = module_dir / "studio_probe_other.py"
    plain.write_text("import os\n")
    assert mentions_pyside(importlib.import_module("studio_probe_qt"))
    assert not mentions_pyside(importlib.import_module("studio_probe_other"))
    assert not mentions_pyside(sys)  # built in: no source file


def test_what_the_hook_cached_before_it_was_replaced_is_let_go() -> None:
    import PySide6

    linecache.getlines(PySide6.__file__)  # as the original hook leaves it
    assert PySide6.__file__ in linecache.cache
    stop_source_caching()
    assert PySide6.__file__ not in linecache.cache
