"""Keeps PySide's import hook from holding the source of every module the studio imports.

Once PySide6 is imported, each later import passes through its hook, which asks whether the new
module mentions "PySide6" (to support `from __feature__ import ...`). It asks with
`inspect.getsource`, and that leaves the module's whole source, split into lines, in
`linecache` for the life of the process: about 140 files and several megabytes of the studio's
idle memory (bench/RESULTS.md, idle memory).

The same question is answered here by reading the file's bytes, which are then dropped. The
answer is the same (the text "PySide6" is in the source, or there is no source); only the
caching is gone. Should PySide change this internal, nothing is replaced.
"""

from __future__ import annotations

import linecache
import sys
from types import ModuleType

_HOOK_MODULE = "shibokensupport.feature"
_HOOK_FUNCTION = "_mod_uses_pyside"


def mentions_pyside(module: ModuleType) -> bool:
    """Whether `module`'s source file contains "PySide6" (False when it has no source file)."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def stop_source_caching() -> bool:
    """Install `mentions_pyside` in PySide's import hook; whether it was installed."""
    import PySide6  # noqa: F401  (installs the hook)

    hook = sys.modules.get(_HOOK_MODULE)
    if hook is None or not callable(getattr(hook, _HOOK_FUNCTION, None)):
        return False
    setattr(hook, _HOOK_FUNCTION, mentions_pyside)
    # What the hook cached before this (PySide's own files, the modules that imported it).
    linecache.clearcache()
    return True
