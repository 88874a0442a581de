"""Modules the studio imports lazily on first use (job steps, HTTP clients, the demo's in-process
emulator, image codecs, the settings dialog).

None of them is needed to show the window, so the window does not wait for them: it imports them
on a worker thread once it is up and idle. That keeps the first use from stalling the UI thread:
an import reads files, and PySide's import hook even reads each new module's source.
"""

from __future__ import annotations

import importlib
import logging

log = logging.getLogger("studio.ui")

WARM_UP_MODULES = (
    "studio.engine.steps",
    "studio.providers.joyai",
    "studio.providers.gptimage2ai",
    "studio.providers.openai_images",
    "studio.imaging.references",
    "studio.emulator",
    "PIL.PngImagePlugin",
    "PIL.JpegImagePlugin",
    "PIL.WebPImagePlugin",
    # Pillow's first Image.open imports these too (Image.preinit).
    "PIL.BmpImagePlugin",
    "PIL.GifImagePlugin",
    "PIL.PpmImagePlugin",
    "studio.ui.settings_dialog",
)


def warm_up_imports() -> None:
    """Import `WARM_UP_MODULES` (blocking: call it through asyncio.to_thread)."""
    for name in WARM_UP_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:  # an optional codec missing only costs the warm-up
            log.debug("cannot preload %s", name)
