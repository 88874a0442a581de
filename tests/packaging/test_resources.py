"""The icon and other bundled data: every size present, loadable through importlib.resources."""

from __future__ import annotations

import shutil
import struct
import sys
import tomllib
from pathlib import Path

import pytest

import studio
from studio import APP_ID, resources

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
HICOLOR = RESOURCES / "icons" / "hicolor"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_header(data: bytes) -> tuple[int, int, int, int]:
    """(width, height, bit depth, colour type) from a PNG's IHDR chunk."""
    assert data[:8] == PNG_SIGNATURE, "not a PNG"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert (length, kind) == (13, b"IHDR")
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    return width, height, depth, colour


@pytest.mark.parametrize("size", resources.ICON_SIZES)
def test_png_exists_at_every_size_with_its_dimensions(size: int) -> None:
    path = HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    assert path.is_file(), f"missing {path.relative_to(ROOT)} (run packaging/render_icons.sh)"
    assert png_header(path.read_bytes()) == (size, size, 8, 6)  # 8-bit RGBA
    assert resources.icon_png(size) == path.read_bytes()


def test_the_hicolor_sizes_are_the_issue_s_list() -> None:
    assert resources.ICON_SIZES == (16, 24, 32, 48, 64, 128, 256, 512)
    rendered = {p.name for p in HICOLOR.iterdir() if p.name != "scalable"}
    assert rendered == {f"{s}x{s}" for s in resources.ICON_SIZES}


def test_svg_is_the_scalable_icon() -> None:
    svg = resources.icon_svg()
    assert svg == (HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg").read_bytes()
    assert b"<svg" in svg and b'viewBox="0 0 128 128"' in svg


def test_unknown_size_is_refused() -> None:
    with pytest.raises(ValueError, match="no 20px icon"):
        resources.icon_png(20)
    with pytest.raises(ValueError, match="no 20px icon"):
        resources.icon_file(20)


def test_icon_file_gives_a_real_path() -> None:
    with resources.icon_file(48) as path:
        assert png_header(path.read_bytes())[:2] == (48, 48)
    with resources.icon_file() as path:
        assert path.suffix == ".svg"


def test_translations_dir_ships() -> None:
    folder = resources.translations_dir()
    assert folder.is_dir()
    assert (folder / "README.md").is_file()
    for language in ("de", "ko"):
        assert (folder / f"studio_{language}.qm").is_file()


def test_loads_through_importlib_resources_when_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The installed layout: resources/ is the package studio.resources_data (a copy here)."""
    shutil.copytree(RESOURCES, tmp_path / "resources_data", ignore=shutil.ignore_patterns("*.pyc"))
    monkeypatch.setattr(studio, "__path__", [*studio.__path__, str(tmp_path)])
    monkeypatch.delitem(sys.modules, resources.DATA_PACKAGE, raising=False)
    monkeypatch.chdir(tmp_path / "resources_data" / "translations")  # no reliance on the cwd
    try:
        root = resources.data_root()
        assert Path(str(root)).resolve().is_relative_to(tmp_path.resolve())
        assert png_header(resources.icon_png(16))[:2] == (16, 16)
        assert resources.icon_svg().startswith(b"<?xml")
        assert resources.translations_dir().is_dir()
    finally:
        sys.modules.pop(resources.DATA_PACKAGE, None)


def test_app_icon_has_every_size(qapp: object) -> None:
    icon = resources.app_icon()
    assert not icon.isNull()
    assert {size.width() for size in icon.availableSizes()} == set(resources.ICON_SIZES)
    from PySide6.QtCore import QSize

    for size in resources.ICON_SIZES:  # each one loads, at its own size, with its artwork
        image = icon.pixmap(QSize(size, size)).toImage()
        assert (image.width(), image.height()) == (size, size)
        assert image.pixelColor(size // 2, size // 2).alpha() > 0


def test_setuptools_ships_every_package_and_resource() -> None:
    """pyproject lists packages explicitly (for the resources/ mapping): keep it complete."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    setuptools = config["setuptools"]
    assert setuptools["package-dir"] == {resources.DATA_PACKAGE: "resources"}
    on_disk = {
        ".".join(path.relative_to(ROOT).parts)
        for path in [ROOT / "studio", *(ROOT / "studio").rglob("*")]
        if path.is_dir() and path.name != "__pycache__" and any(path.glob("*.py"))
    }
    missing = on_disk - set(setuptools["packages"])
    assert not missing, f"add {sorted(missing)} to [tool.setuptools] packages in pyproject.toml"
    assert resources.DATA_PACKAGE in setuptools["packages"]

    patterns = setuptools["package-data"][resources.DATA_PACKAGE]
    shipped = {path for pattern in patterns for path in RESOURCES.glob(pattern)}
    data_files = {
        path
        for path in RESOURCES.rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and path.relative_to(RESOURCES).as_posix() not in ("__init__.py", "README.md")
        and path.suffix != ".ts"  # translation sources; their compiled .qm ship
    }
    unshipped = sorted(p.relative_to(ROOT).as_posix() for p in data_files - shipped)
    assert not unshipped, f"no [tool.setuptools.package-data] pattern ships {unshipped}"
    # include-package-data is off, so data files inside studio/ would be silently left out.
    stray = sorted(
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "studio").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".py"
    )
    assert not stray, f"put data files in resources/ (they would not ship from studio/): {stray}"


def test_app_icon_from_a_zipped_package_has_every_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: object
) -> None:
    """Installed inside an archive, the icon files are no files Qt could open: decoded at once."""
    import zipfile

    archive = tmp_path / "resources.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in RESOURCES.rglob("*"):
            if path.is_file() and path.suffix != ".pyc":
                bundle.write(path, Path("resources_data") / path.relative_to(RESOURCES))
    monkeypatch.setattr(studio, "__path__", [*studio.__path__, str(archive)])
    monkeypatch.delitem(sys.modules, resources.DATA_PACKAGE, raising=False)
    try:
        assert not isinstance(resources.data_root(), Path)  # really read from the archive
        icon = resources.app_icon()
        assert {size.width() for size in icon.availableSizes()} == set(resources.ICON_SIZES)
    finally:
        sys.modules.pop(resources.DATA_PACKAGE, None)
