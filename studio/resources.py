"""The app's bundled data (icon, translations), loaded through importlib.resources."""

from __future__ import annotations

from contextlib import AbstractContextManager
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

from studio import APP_ID

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

#: The package the top-level ``resources/`` directory is installed as (see pyproject.toml).
DATA_PACKAGE = "studio.resources_data"
#: The sizes the icon is rendered at, as in the freedesktop hicolor theme.
ICON_SIZES: tuple[int, ...] = (16, 24, 32, 48, 64, 128, 256, 512)


def data_root() -> Traversable:
    """The root of the bundled data, wherever (and however) the package is installed."""
    try:
        return resources.files(DATA_PACKAGE)
    except ModuleNotFoundError:
        # A source checkout imported without installing: setuptools maps resources/ into the
        # package only when it builds it, so find it next to the package instead.
        checkout = Path(__file__).resolve().parent.parent / "resources"
        if not (checkout / "__init__.py").is_file():
            raise
        return checkout


def icon_svg() -> bytes:
    """The icon's scalable master artwork."""
    return _icon_resource("scalable").read_bytes()


def icon_png(size: int) -> bytes:
    """The icon rendered at `size` x `size` pixels; `size` must be one of ICON_SIZES."""
    if size not in ICON_SIZES:
        raise ValueError(f"no {size}px icon; sizes are {', '.join(map(str, ICON_SIZES))}")
    return _icon_resource(f"{size}x{size}").read_bytes()


def icon_file(size: int | None = None) -> AbstractContextManager[Path]:
    """A context manager giving a real file path to the PNG at `size` (the SVG if None).

    Use it where an API insists on a path; the file may be temporary and gone after the block.
    """
    if size is not None and size not in ICON_SIZES:
        raise ValueError(f"no {size}px icon; sizes are {', '.join(map(str, ICON_SIZES))}")
    return resources.as_file(_icon_resource("scalable" if size is None else f"{size}x{size}"))


def translations_dir() -> Traversable:
    """The directory of compiled Qt translations (``studio_<locale>.qm``)."""
    return data_root() / "translations"


def app_icon() -> QIcon:
    """The application icon with every rendered size (needs a QGuiApplication).

    Each size is read from its file when the window system first asks for it. Decoded up front,
    the eight sizes held 2.3 MB for the life of the process and took 5 ms of start-up (with two
    extra threads for the 512 px one) on platforms that show one or two sizes or none.
    """
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon, QPixmap

    icon = QIcon()
    for size in ICON_SIZES:
        resource = _icon_resource(f"{size}x{size}")
        if isinstance(resource, Path) and resource.is_file():
            icon.addFile(str(resource), QSize(size, size))
            continue
        pixmap = QPixmap()  # packaged inside an archive: no file Qt could read later
        if pixmap.loadFromData(resource.read_bytes(), "PNG"):
            icon.addPixmap(pixmap)
    return icon


def _icon_resource(theme_size: str) -> Traversable:
    suffix = "svg" if theme_size == "scalable" else "png"
    return data_root() / "icons" / "hicolor" / theme_size / "apps" / f"{APP_ID}.{suffix}"
