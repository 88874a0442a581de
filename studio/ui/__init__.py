"""The desktop window: PySide6 widgets on a qasync event loop, observing the engine.

Qt classes the window does not use while starting (dialogs, drag-and-drop and key events, style
options) are imported where they are first used, or under TYPE_CHECKING when only annotations
name them. Importing a Qt class makes PySide build its Python class and enums; the ones deferred
this way are 17 classes with 36 enums, 0.6 MB of start-up memory (bench/README.md).
"""

from studio.ui.runtime.pyside_imports import stop_source_caching
from studio.ui.runtime.refcount_guard import make_singletons_immortal

# Before any Qt call: PySide6 6.12 leaks references to None/True/False on Python 3.11.
make_singletons_immortal()
# Before the window's modules are imported: PySide's import hook would keep their source.
stop_source_caching()
