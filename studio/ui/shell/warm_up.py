"""Modules the studio imports lazily on first use (job steps, HTTP clients, the demo's in-process
emulator, image codecs, the settings dialog), and the Python types of Qt classes that the first
result's paint would otherwise have PySide build.

None of them is needed to show the window, so the window does not wait for them: it imports them
on a worker thread once someone starts composing a job (editing the prompt, a setting or the
references), the sign that a Generate is coming. That keeps the first use from stalling the UI
thread: an import reads files, and PySide's import hook even reads each new module's source.
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
    "PIL.PngImagePlugin",
    "PIL.JpegImagePlugin",
    "PIL.WebPImagePlugin",
    # Pillow's first Image.open imports these too (Image.preinit).
    "PIL.BmpImagePlugin",
    "PIL.GifImagePlugin",
    "PIL.PpmImagePlugin",
    "studio.ui.settings.settings_dialog",
)


#: Only the demo provider runs the emulator (Starlette, ~8 MB): others never need it.
DEMO_MODULES = ("studio.emulator",)


def warm_up_imports(*, demo: bool) -> None:
    """Import `WARM_UP_MODULES` and, for the demo, `DEMO_MODULES` (blocking: call it through
    asyncio.to_thread)."""
    for name in (*WARM_UP_MODULES, *(DEMO_MODULES if demo else ())):
        try:
            importlib.import_module(name)
        except ImportError:  # an optional codec missing only costs the warm-up
            log.debug("cannot preload %s", name)


def build_paint_types() -> None:
    """Have PySide build now, on the UI thread, the Python types the first result's selection
    and paint would otherwise build in the middle of results arriving: QStyleOptionViewItem
    (the gallery's delegate is handed one) and QGradient (every QBrush or QColor given to a
    QPainter is checked against it; its enums include 180 gradient presets). Each is built with
    all its enums the first time Python names the class: 2-3 ms and 0.5 MB on a quiet machine,
    but the first result's gap of 58-102 ms held 37-55 ms of UI-thread work, 20-30 ms of it
    building these while the engine's thread was busy (bench/README.md, UI responsiveness).
    Called when a job is first composed or generated, so a window left alone stays small."""
    from PySide6.QtGui import QGradient
    from PySide6.QtWidgets import QStyleOptionViewItem

    log.debug("paint types ready: %s, %s", QGradient.__name__, QStyleOptionViewItem.__name__)
