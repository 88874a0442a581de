"""Live previews in the gallery (#18): while a streamed create runs, its latest partial image
shows in a transient cell at the top, with its number; it is no result (not selectable, not
dragged, no actions), is replaced by the saved result, and goes when the job fails or is
cancelled. Nothing of it is written to disk."""

from __future__ import annotations

import io
import time
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QMenu

from studio.domain.models import GenerationRequest, JobState, ResultImage
from studio.emulator import openai_stream
from studio.engine.events import JobRecord
from studio.ui.gallery.gallery_model import EntryRole, GalleryModel, LiveRole
from studio.ui.gallery.live_previews import LivePreview
from studio.ui.gallery.thumbnails import ThumbnailCache
from tests.ui.conftest import Runner, Studio
from tests.ui.helpers import make_image
from tests.ui.mask.test_mask_in_window import openai_studio  # noqa: F401 (a fixture)

DECORATION = Qt.ItemDataRole.DecorationRole


def png(size: tuple[int, int], color: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def streaming(job_id: str, number: int, *, created_at: float, color: str = "red") -> JobRecord:
    request = GenerationRequest(provider="openai", model="gpt-image-2", prompt=f"job {job_id}")
    return JobRecord(
        id=job_id,
        request=request,
        state=JobState.running,
        created_at=created_at,
        updated_at=created_at,
        preview=png((1024, 768), color),
        partials=(number, 2),
    )


def saved(record: JobRecord, path: Path) -> JobRecord:
    return replace(
        record,
        state=JobState.succeeded,
        preview=None,
        partials=None,
        results=(ResultImage(index=0, path=str(path)),),
        files=(str(path),),
    )


@pytest.fixture
def model(tmp_path: Path) -> GalleryModel:
    return GalleryModel(ThumbnailCache(160, folder=tmp_path / "cache"))


def test_a_streaming_job_gets_a_preview_cell_at_the_top_until_its_result_replaces_it(
    run: Runner, model: GalleryModel, tmp_path: Path
) -> None:
    now = time.time()
    older = saved(streaming("old", 1, created_at=now - 60), make_image(tmp_path / "old.png"))
    model.set_records([older])
    first = streaming("new", 1, created_at=now)
    model.show_live(first)
    assert model.rowCount() == 2
    assert model.cell(0).data(LiveRole) == LivePreview("new", now, 1, 2, "job new")
    assert model.cell(0).data(EntryRole) is None
    assert model.cell(1).data(EntryRole).job_id == "old"
    assert model.row_of("old") == 1 and list(model.result_rows()) == [1]
    run.until(lambda: isinstance(model.cell(0).data(DECORATION), QPixmap), message="no pixmap")
    pixmap = model.cell(0).data(DECORATION)
    assert max(pixmap.width(), pixmap.height()) == 160  # decoded at the cell's size
    # Not a result: cannot be selected or dragged, and is never part of a drag.
    flags = model.flags(model.cell(0))
    assert not flags & Qt.ItemFlag.ItemIsSelectable and not flags & Qt.ItemFlag.ItemIsDragEnabled
    assert not model.mimeData([model.cell(0)]).urls()

    second = streaming("new", 2, created_at=now, color="blue")
    model.show_live(second)
    assert model.rowCount() == 2 and model.cell(0).data(LiveRole).number == 2
    run.until(lambda: model.cell(0).data(DECORATION).toImage().pixelColor(5, 5).blue() > 200)

    model.show_live(saved(second, make_image(tmp_path / "new.png")))
    model.update_record(saved(second, tmp_path / "new.png"))
    assert model.rowCount() == 2
    assert [model.cell(r).data(EntryRole).job_id for r in range(2)] == ["new", "old"]
    assert model.cell(0).data(LiveRole) is None
    assert model.live_pixmaps.get("new") is None


@pytest.mark.parametrize("state", [JobState.failed, JobState.cancelled, JobState.unknown])
def test_a_preview_goes_when_its_job_ends_without_a_result(
    model: GalleryModel, state: JobState
) -> None:
    record = streaming("gone", 1, created_at=time.time())
    model.show_live(record)
    assert model.rowCount() == 1
    model.show_live(replace(record, state=state))
    assert model.rowCount() == 0


def test_results_arriving_under_a_preview_keep_their_rows(
    model: GalleryModel, tmp_path: Path
) -> None:
    now = time.time()
    model.show_live(streaming("live", 1, created_at=now))
    done = saved(streaming("done", 1, created_at=now - 5), make_image(tmp_path / "done.png"))
    model.update_record(done)
    assert model.rowCount() == 2
    assert model.cell(0).data(LiveRole).job_id == "live"
    assert model.entry(1).job_id == "done" and model.row_of("done") == 1
    model.remove_job("done")
    model.remove_job("live")
    assert model.rowCount() == 0


def test_the_window_shows_two_previews_in_the_gallery_and_then_the_result(
    openai_studio: Studio,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(openai_stream, "EVENT_GAP", 0.4)  # time to see each preview
    studio = openai_studio
    composer = studio.window.composer
    composer.prompt.set_text("a lighthouse at dusk")
    assert composer.current_request().extras.get("partial_images") == "2"
    gallery = studio.window.gallery_model
    panel = studio.window.gallery
    seen: set[tuple[int, int]] = set()
    painted: list[bool] = []

    def watch(*_: object) -> None:
        live = gallery.cell(0).data(LiveRole) if gallery.rowCount() else None
        if live is not None:
            seen.add((live.number, live.total))
            painted.append(isinstance(gallery.cell(0).data(DECORATION), QPixmap))

    gallery.dataChanged.connect(watch)
    gallery.rowsInserted.connect(watch)
    composer.generate()
    studio.run.until(lambda: gallery.live_previews() != [], timeout=20, message="no preview")
    assert panel.count_label.text() == "0 images"  # a preview is no image yet
    panel.select_row(0)
    assert panel.current_entry() is None  # no result to act on, delete or drag
    panel.view.customContextMenuRequested.emit(panel.view.visualRect(gallery.cell(0)).center())
    assert not [menu for menu in panel.findChildren(QMenu) if menu.isVisible()]
    studio.run.until(lambda: any(painted), timeout=20, message="the preview never painted")
    panel.view.viewport().grab()  # the badge paints

    studio.run.until(lambda: len(gallery.result_rows()) == 1, timeout=30)
    assert seen == {(1, 2), (2, 2)}
    assert gallery.rowCount() == 1 and gallery.live_previews() == []
    record = studio.window.queue_model.record(0)
    assert len(record.files) == 1  # only the final image is kept
    folder = Path(record.files[0]).parent
    assert [p.name for p in folder.iterdir()] == [Path(record.files[0]).name]
