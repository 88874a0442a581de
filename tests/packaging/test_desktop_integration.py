"""The Linux desktop entry and AppStream metainfo: valid, consistent, and installable."""

from __future__ import annotations

import configparser
import json
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from studio import APP_ID, APP_NAME, __version__
from studio.resources import ICON_SIZES

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"


def tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian: apt-get install {package})")
    return path


def run(*command: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, timeout=60, check=False
    )


def desktop_entry(path: Path = DESKTOP) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_validates() -> None:
    result = run(tool("desktop-file-validate", "desktop-file-utils"), DESKTOP)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_metainfo_validates() -> None:
    result = run(tool("appstreamcli", "appstream"), "validate", "--no-net", METAINFO)
    assert result.returncode == 0, result.stdout + result.stderr
    errors = [line for line in result.stdout.splitlines() if line.startswith(("E:", "W:"))]
    assert errors == [], result.stdout


def test_desktop_file_names_the_app() -> None:
    entry = desktop_entry()
    assert entry["Name"] == APP_NAME
    assert entry["Exec"] == "image-studio %F"  # opening images hands them to the studio
    assert entry["MimeType"] == "image/png;image/jpeg;image/webp;"
    assert entry["Icon"] == APP_ID
    assert entry["StartupWMClass"] == APP_ID
    assert entry["Categories"] == "Graphics;2DGraphics;RasterGraphics;"
    assert entry["Keywords"].endswith(";")


def test_metainfo_matches_the_package() -> None:
    component = ET.parse(METAINFO).getroot()
    assert component.get("type") == "desktop-application"
    assert component.findtext("id") == APP_ID
    assert component.findtext("name") == APP_NAME
    assert component.findtext("metadata_license") == "CC0-1.0"
    assert component.findtext("project_license") == "MIT"
    assert component.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert component.findtext("provides/binary") == "image-studio"
    assert component.find("content_rating[@type='oars-1.1']") is not None
    assert component.findtext("screenshots/screenshot[@type='default']/image")
    raw = "https://raw.githubusercontent.com/imagestudio/image-studio/main/"
    for image in component.findall("screenshots/screenshot/image"):
        url = image.text or ""
        assert url.startswith(raw), url
        # The software centre fetches these from the repository: each must be a real file.
        assert (ROOT / url.removeprefix(raw)).is_file(), f"{url} names no file in the repository"
    newest = component.find("releases/release")
    assert newest is not None
    assert (newest.get("version"), newest.get("date")) == (__version__, "2026-11-24")
    assert newest.find("description") is not None


@pytest.mark.skipif(sys.platform == "win32", reason="install.sh is for Linux desktops")
def test_install_script_installs_and_uninstalls(tmp_path: Path) -> None:
    script = LINUX / "install.sh"
    bash = tool("bash", "bash")
    prefix = tmp_path / "prefix"
    result = run(bash, script, "--prefix", prefix, "--exec", "/opt/image studio/image-studio")
    assert result.returncode == 0, result.stdout + result.stderr
    share = prefix / "share"
    icons = [share / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg"] + [
        share / f"icons/hicolor/{s}x{s}/apps" / f"{APP_ID}.png" for s in ICON_SIZES
    ]
    for path in [share / "applications" / DESKTOP.name, share / "metainfo" / METAINFO.name, *icons]:
        assert path.is_file(), path
    installed = desktop_entry(share / "applications" / DESKTOP.name)
    assert installed["Exec"] == '"/opt/image studio/image-studio" %F'
    assert installed["TryExec"] == "/opt/image studio/image-studio"
    if shutil.which("desktop-file-validate"):
        check = run("desktop-file-validate", share / "applications" / DESKTOP.name)
        assert check.returncode == 0, check.stdout

    result = run(bash, script, "--prefix", prefix, "--uninstall")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not any(path.exists() for path in icons)
    assert not (share / "applications" / DESKTOP.name).exists()


def test_flatpak_manifest_is_the_app_s() -> None:
    """The Flatpak recipe: the app id, the sandbox holes the studio needs (display, network,
    the keyring's Secret Service, notifications) and nothing wider, and the desktop files."""
    manifest_path = ROOT / "packaging" / "flatpak" / f"{APP_ID}.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert manifest["id"] == APP_ID
    assert manifest["command"] == "image-studio"
    assert manifest["runtime"] == "org.freedesktop.Platform"
    assert manifest["sdk"] == "org.freedesktop.Sdk"
    holes = set(manifest["finish-args"])
    assert {"--socket=wayland", "--socket=fallback-x11", "--share=network"} <= holes
    assert {
        "--talk-name=org.freedesktop.secrets",
        "--talk-name=org.freedesktop.Notifications",
    } <= holes
    assert not [h for h in holes if h in ("--filesystem=host", "--filesystem=home")]
    assert manifest["modules"][0] == "python3-requirements.json"
    commands = "\n".join(manifest["modules"][-1]["build-commands"])
    for installed in (DESKTOP, METAINFO):
        assert f"packaging/linux/${{FLATPAK_ID}}{installed.name.removeprefix(APP_ID)}" in commands
    requirements = (ROOT / "packaging" / "flatpak" / "requirements.txt").read_text()
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    for dependency in pyproject["project"]["dependencies"]:
        assert dependency in requirements, f"{dependency} is missing from the Flatpak's wheels"
