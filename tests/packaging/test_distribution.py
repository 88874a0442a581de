"""The sdist and the wheel, built as a packager would: what each carries, and what it declares.

The sdist is what distributions build and test from, so it must hold the tests, the translation
sources and packaging/; the wheel holds only the package. Built once per run from a copy of the
tree (nothing is written into the checkout), with setuptools from the test extra."""

from __future__ import annotations

import email.parser
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import studio

ROOT = Path(__file__).resolve().parents[2]
#: Folders a packager needs from the sdist beyond the package itself.
SDIST_FOLDERS = ("tests", "packaging", "docs", "bench")
_SKIP = {"__pycache__", "build", "dist", ".git", ".pytest_cache", ".mypy_cache", ".ruff_cache"}


def _source_files() -> list[Path]:
    """The files of the source tree: git's list in a checkout, else every file (an unpacked
    sdist running its own tests)."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=False)
    if listed.returncode == 0 and listed.stdout:
        names = [n for n in listed.stdout.decode().split("\0") if n]
        return [Path(n) for n in names if (ROOT / n).is_file()]
    return [
        p.relative_to(ROOT)
        for p in ROOT.rglob("*")
        if p.is_file()
        and not _SKIP.intersection(p.relative_to(ROOT).parts)
        and not p.name.endswith((".pyc", ".egg-info"))
        and ".egg-info" not in str(p)
    ]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[Path]]:
    """(sdist, wheel, the source files they were built from)."""
    pytest.importorskip("build", reason="the test extra brings 'build'")
    source = tmp_path_factory.mktemp("source")
    files = _source_files()
    for name in files:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--wheel", "--no-isolation", "-o", str(out)],
        cwd=source,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return sdist, wheel, files


def _metadata(text: str) -> email.message.Message:
    return email.parser.Parser().parsestr(text)


def test_the_sdist_carries_tests_translations_and_packaging(built) -> None:
    sdist, _wheel, files = built
    with tarfile.open(sdist) as archive:
        members = {Path(*Path(m.name).parts[1:]) for m in archive.getmembers() if m.isfile()}
    wanted = {f for f in files if f.parts[0] in SDIST_FOLDERS}
    wanted |= {f for f in files if f.suffix == ".ts"}
    wanted |= {Path("LICENSE"), Path("README.md"), Path("pyproject.toml")}
    assert wanted - members == set()
    assert any(f.parts[:2] == ("packaging", "flatpak") for f in members)
    assert not [m for m in members if "__pycache__" in m.parts or m.suffix == ".pyc"]


def test_the_wheel_holds_the_package_only(built) -> None:
    _sdist, wheel, _files = built
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        scripts = archive.read(entry_points).decode()
    assert not [n for n in names if n.startswith(("tests/", "packaging/", "bench/"))]
    assert [n for n in names if n.endswith("studio_de.qm")]
    assert [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
    # A gui-script, so a Windows shortcut opens no console window.
    assert "[gui_scripts]\nimage-studio-gui = studio.cli:main" in scripts
    assert "[console_scripts]\nimage-studio = studio.cli:main" in scripts


def test_the_metadata_is_complete_and_the_version_is_the_code_s(built) -> None:
    sdist, wheel, _files = built
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        meta = _metadata(archive.read(name).decode())
    assert meta["Version"] == studio.__version__
    assert sdist.name == f"image_studio-{studio.__version__}.tar.gz"
    assert meta["License-Expression"] == "MIT"
    assert meta.get_all("Project-URL")
    assert "Topic :: Multimedia :: Graphics" in meta.get_all("Classifier")
    requires = meta.get_all("Requires-Dist")
    plain = [r for r in requires if "extra ==" not in r]
    # The demo runs the emulator in-process; only `image-studio emulator` serves it over HTTP.
    assert not [r for r in plain if r.startswith("uvicorn")]
    assert [r for r in requires if r.startswith("uvicorn") and 'extra == "emulator"' in r]


def test_the_emulator_command_says_how_to_get_uvicorn_when_it_is_missing() -> None:
    code = (
        "import sys; sys.modules['uvicorn'] = None\n"
        "from studio.cli import main\n"
        "sys.exit(main(['emulator', '--port', '0']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "pip install 'image-studio[emulator]'" in done.stderr


def test_the_demo_generates_without_uvicorn(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['uvicorn'] = None\n"
        "from studio.cli import main\n"
        f"sys.exit(main(['generate', '--provider', 'demo', '--prompt', 'a red fox',"
        f" '--output-dir', {str(tmp_path)!r}]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert len(list(tmp_path.glob("*.png"))) == 1
