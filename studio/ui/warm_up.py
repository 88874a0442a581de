"""Modules the engine imports lazily on first use (the demo's in-process emulator, image codecs).

Importing them on a worker thread at start keeps that first use from stalling the UI thread: an
import reads files, and PySide's import hook even reads each new module's source.
"""

from __future__ import annotations

import importlib
import logging

log = logging.getLogger("studio.ui")

WARM_UP_MODULES = (
    "studio.emulator",
    "PIL.PngImagePlugin",
    "PIL.JpegImagePlugin",
    "PIL.WebPImagePlugin",
)


def warm_up_imports() -> None:
    """Import `WARM_UP_MODULES` (blocking: call it through asyncio.to_thread)."""
    for name in WARM_UP_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:  # an optional codec missing only costs the warm-up
            log.debug("cannot preload %s", name)
