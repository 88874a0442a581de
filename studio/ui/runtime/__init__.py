"""PySide6/CPython fixes the window needs: import hook, refcounts, garbage collection, viewports."""
