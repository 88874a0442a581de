"""The details panel says whether a result's Content Credentials (C2PA) are valid, invalid or
absent, checked on a worker thread only for the result shown; without c2pa-python it says a
signed file's credentials are present but not checked."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from studio.domain.models import GenerationRequest
from studio.engine.library import save_result
from studio.imaging import metadata
from studio.ui.gallery.entries import GalleryEntry
from tests.c2pa_signing import plain_image, signed_image
from tests.ui.conftest import Studio
from tests.ui.shell.test_ui_thread import IoRecorder, io_on_ui_thread  # noqa: F401 - the fixture

REQUEST = GenerationRequest(provider="openai", model="gpt-image-1", prompt="a signed crane")


def saved(data: bytes, library: Path) -> GalleryEntry:
    path = save_result(
        data,
        library_dir=library,
        request=REQUEST,
        job_id="job-cred-1234567",
        index=0,
        task_id=None,
        cost=None,
        seed=None,
    )
    return GalleryEntry("job-cred-1234567", 0, str(path), REQUEST, created_at=time.time())


def credentials_row(studio: Studio, entry: GalleryEntry) -> str:
    """Show `entry` and wait for its "Content Credentials" row to leave "checking…"."""
    details = studio.window.details
    details.show_entry(entry)

    def row() -> str | None:
        form = details.settings_form
        for index in range(form.rowCount()):
            label = form.itemAt(index, form.ItemRole.LabelRole).widget().text()
            if label == "Content Credentials":
                return str(form.itemAt(index, form.ItemRole.FieldRole).widget().text())
        return None

    studio.run.until(lambda: row() not in (None, "checking…"), message="never checked")
    return str(row())


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_signed_results_show_valid_and_tampered_ones_invalid(
    studio: Studio,
    tmp_path: Path,
    fmt: str,
    io_on_ui_thread: IoRecorder,  # noqa: F811 - the fixture imported above
) -> None:
    entry = saved(signed_image(fmt), tmp_path / "library")
    tampered = Path(entry.path).with_name("tampered" + Path(entry.path).suffix)
    tampered.write_bytes(metadata.embed(Path(entry.path).read_bytes(), {"parameters": "x"}))
    io_on_ui_thread.active = True
    assert credentials_row(studio, entry) == "valid"
    changed = GalleryEntry("job-t", 0, str(tampered), REQUEST, created_at=time.time())
    assert credentials_row(studio, changed).startswith("invalid")
    io_on_ui_thread.active = False
    assert io_on_ui_thread.events == [], "\n\n".join(io_on_ui_thread.events)


def test_an_unsigned_result_shows_none(studio: Studio, tmp_path: Path) -> None:
    assert credentials_row(studio, saved(plain_image("PNG"), tmp_path)) == "none"


def test_without_c2pa_python_a_signed_result_is_present_not_checked(
    studio: Studio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = saved(signed_image("PNG"), tmp_path)
    monkeypatch.setitem(sys.modules, "c2pa", None)  # `import c2pa` raises ImportError
    assert credentials_row(studio, entry) == ("present (not checked: c2pa-python is not installed)")


def test_the_window_starts_without_loading_c2pa() -> None:
    """Start-up time and idle memory are budgeted: c2pa-python (~0.1 s, ~7 MB) loads on the
    first check only."""
    code = (
        "import sys, studio.ui.shell.app, studio.ui.shell.main_window;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'c2pa'"
        " or m.startswith('studio.imaging')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_export_without_metadata_removes_the_credentials_and_says_so(
    studio: Studio, tmp_path: Path
) -> None:
    entry = saved(signed_image("JPEG"), tmp_path / "library")
    window = studio.window
    target = tmp_path / "clean.jpg"
    studio.run(window.results.save_as(entry, str(target), "JPEG", strip=True))
    assert not metadata.has_c2pa(target.read_bytes())
    assert window.status_label.text() == (
        f"Exported without metadata to {target}; its Content Credentials (C2PA) were removed too."
    )
    kept = tmp_path / "kept.jpg"
    studio.run(window.results.save_as(entry, str(kept), "JPEG"))
    assert kept.read_bytes() == Path(entry.path).read_bytes()
    assert window.status_label.text() == f"Saved to {kept}"
    converted = tmp_path / "converted.png"
    studio.run(window.results.save_as(entry, str(converted), "PNG"))
    assert window.status_label.text() == (
        f"Saved to {converted}; converting it removed its Content Credentials (C2PA)."
    )
    provenance = metadata.read_provenance(converted)  # the sidecar's texts went inside
    assert provenance is not None and provenance.prompt == REQUEST.prompt
