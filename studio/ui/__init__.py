"""The desktop window: PySide6 widgets on a qasync event loop, observing the engine."""

from studio.ui.pyside_imports import stop_source_caching
from studio.ui.refcount_guard import make_singletons_immortal

# Before any Qt call: PySide6 6.12.0 leaks references to None/True/False on Python 3.11.
make_singletons_immortal()
# Before the window's modules are imported: PySide's import hook would keep their source.
stop_source_caching()
