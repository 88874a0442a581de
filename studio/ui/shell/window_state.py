"""Window geometry and splitter positions, kept with QSettings in the studio's config folder."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

from studio.settings import config_dir


def window_settings() -> QSettings:
    """An explicit INI file (not Qt's per-process default path), so it follows XDG_CONFIG_HOME."""
    return QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)


def restore(window: QMainWindow, splitters: dict[str, QSplitter]) -> bool:
    """Put geometry and splitters back as they were; False when nothing was saved yet."""
    store = window_settings()
    geometry = store.value("window/geometry")
    restored = isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)
    state = store.value("window/state")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    restore_splitters(splitters, store)
    return bool(restored)


def restore_splitters(splitters: dict[str, QSplitter], store: QSettings | None = None) -> None:
    """Put the splitters back (they exist once the window's rooms are built)."""
    store = store or window_settings()
    for name, splitter in splitters.items():
        sizes = store.value(f"splitters/{name}")
        if isinstance(sizes, QByteArray):
            splitter.restoreState(sizes)


def save(window: QMainWindow, splitters: dict[str, QSplitter]) -> None:
    store = window_settings()
    store.setValue("window/geometry", window.saveGeometry())
    store.setValue("window/state", window.saveState())
    for name, splitter in splitters.items():
        store.setValue(f"splitters/{name}", splitter.saveState())
    store.sync()
