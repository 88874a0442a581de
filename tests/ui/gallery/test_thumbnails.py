"""The thumbnail cache: made off the UI thread at thumbnail size, stored on disk, renewed when
the file changes, and a broken file is reported instead of retried forever."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from studio.ui.gallery import thumbnails
from studio.ui.gallery.thumbnails import ThumbnailCache
from tests.ui.conftest import Runner
from tests.ui.helpers import make_image


def wait_for(run: Runner, cache: ThumbnailCache, path: Path) -> None:
    cache.get(str(path))
    run.until(lambda: not cache.busy, message=f"no thumbnail for {path.name}")


def test_a_thumbnail_fits_the_requested_edge(run: Runner, tmp_path: Path) -> None:
    cache = ThumbnailCache(128, folder=tmp_path / "cache")
    picture = make_image(tmp_path / "wide.png", size=(2000, 1000))
    wait_for(run, cache, picture)
    pixmap = cache.get(str(picture))
    assert pixmap is not None and (pixmap.width(), pixmap.height()) == (128, 64)
    cache.shutdown()


def test_large_images_are_decoded_off_the_ui_thread_at_reduced_size(
    run: Runner, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    decoded: list[tuple[bool, int]] = []
    original = thumbnails.read_scaled

    def spy(path: str, edge: int) -> QImage:
        image = original(path, edge)
        decoded.append((threading.current_thread() is threading.main_thread(), image.width()))
        return image

    monkeypatch.setattr(thumbnails, "read_scaled", spy)
    cache = ThumbnailCache(96, folder=None)
    wait_for(run, cache, make_image(tmp_path / "big.png", size=(3000, 3000)))
    assert decoded == [(False, 96)]
    cache.shutdown()


def test_thumbnails_are_reused_from_disk_and_renewed_when_the_file_changes(
    run: Runner, tmp_path: Path
) -> None:
    folder = tmp_path / "cache"
    picture = make_image(tmp_path / "p.png", size=(300, 300), color="red")
    wait_for(run, ThumbnailCache(64, folder=folder), picture)
    assert len(list(folder.rglob("*.png"))) == 1
    wait_for(run, ThumbnailCache(64, folder=folder), picture)  # a fresh cache, same file
    assert len(list(folder.rglob("*.png"))) == 1
    make_image(picture, size=(300, 300), color="blue")
    os.utime(picture, ns=(1, 10**18))
    wait_for(run, ThumbnailCache(64, folder=folder), picture)
    assert len(list(folder.rglob("*.png"))) == 2


def test_an_unreadable_file_is_marked_failed(run: Runner, tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not a png at all")
    cache = ThumbnailCache(64, folder=tmp_path / "cache")
    wait_for(run, cache, broken)
    assert cache.get(str(broken)) is None
    assert cache.failed(str(broken)) and not cache.busy


def test_the_newest_request_is_served_before_older_waiting_ones(
    run: Runner, tmp_path: Path
) -> None:
    """Scrolling asks for the cells on screen last; they must not wait behind every cell
    scrolled past. With one worker busy, the waiting requests come back newest first."""
    pictures = [make_image(tmp_path / f"{n}.png", size=(200, 200)) for n in range(6)]
    cache = ThumbnailCache(32, folder=None, threads=1)
    order: list[str] = []
    cache.ready.connect(order.append)
    for picture in pictures:
        cache.request(str(picture))
    cache.request(str(pictures[1]))  # scrolled back into view: asked again, goes first
    run.until(lambda: not cache.busy, message="thumbnails not made")
    names = [Path(p).name for p in order]
    assert names == ["0.png", "1.png", "5.png", "4.png", "3.png", "2.png"]
    assert all(cache.cached(str(p)) for p in pictures)
    cache.shutdown()


def test_decoders_leave_a_core_for_the_window(monkeypatch: pytest.MonkeyPatch) -> None:
    for cores, decoders in ((1, 1), (2, 1), (3, 2), (16, 2)):
        monkeypatch.setattr(os, "sched_getaffinity", lambda _pid, n=cores: set(range(n)))
        assert thumbnails.worker_threads() == decoders
