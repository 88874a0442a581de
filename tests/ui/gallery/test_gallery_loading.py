"""A long history opens fast and whole: the newest jobs first, the rest right after; a job's
images join the gallery together."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex

from studio.domain.models import GenerationRequest, JobState, ResultImage
from studio.engine.journal import Journal
from studio.settings import journal_path
from studio.ui.gallery.gallery_model import GalleryModel
from studio.ui.gallery.thumbnails import ThumbnailCache
from studio.ui.shell.main_window import FIRST_PAGE
from tests.ui.conftest import StudioFactory
from tests.ui.helpers import succeeded_record


def write_history(jobs: int, folder: Path) -> None:
    """A journal of `jobs` succeeded one-image jobs, oldest first (files need not exist)."""
    journal = Journal(journal_path())
    try:
        for number in range(jobs):
            request = GenerationRequest(
                provider="demo", model="gptimage2", prompt=f"history {number}"
            )
            job_id = journal.create(request, estimated_cost=None, library_dir=str(folder)).record.id
            journal.add_results(job_id, [ResultImage(index=0, url=None)])
            journal.result_saved(job_id, 0, str(folder / f"{number}.png"))
            journal.update(job_id, state=JobState.succeeded)
    finally:
        journal.close()


def test_a_history_longer_than_the_first_page_all_reaches_the_gallery(
    make_studio: StudioFactory, tmp_path: Path
) -> None:
    total = FIRST_PAGE + 25
    write_history(total, tmp_path)
    studio = make_studio()
    window = studio.window
    studio.run.until(
        lambda: window.gallery_model.rowCount() == total,
        message=lambda: f"{window.gallery_model.rowCount()} of {total} in the gallery",
    )
    assert window.gallery.count_label.text() == f"{total} images"
    prompts = [window.gallery_model.entry(row).request.prompt for row in (0, total - 1)]
    assert prompts == [f"history {total - 1}", "history 0"]


def test_a_jobs_images_join_the_gallery_in_one_insertion(qapp: object) -> None:
    model = GalleryModel(ThumbnailCache(32, folder=None))
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))

    model.update_record(succeeded_record("older", 1.0))
    model.update_record(succeeded_record("newer", 2.0))
    model.update_record(succeeded_record("newer", 2.0))  # a repeated announcement adds nothing
    assert inserted == [(0, 2), (0, 2)]
    assert [model.entry(row).job_id for row in range(model.rowCount())] == ["newer"] * 3 + [
        "older"
    ] * 3
    assert model.row_of("older", 2) == 5 and model.cell(5).isValid()
    assert not model.cell(6).isValid() and model.rowCount(QModelIndex()) == 6


def test_a_thumbnail_that_arrives_after_rows_moved_repaints_its_own_cell(qtbot) -> None:  # type: ignore[no-untyped-def]
    thumbnails = ThumbnailCache(32, folder=None)
    model = GalleryModel(thumbnails)
    model.update_record(succeeded_record("older", 1.0))
    # The older job's images move down to rows 3-5:
    model.update_record(succeeded_record("newer", 2.0))
    model.update_record(succeeded_record("newest", 3.0))
    model.remove_job("newer")  # and back up to rows 3-5
    assert model.row_of("older", 1) == 4 and model.row_of("newer") is None
    with qtbot.waitSignal(model.dataChanged) as changed:
        thumbnails.ready.emit("/x/older-1.png")
    first, last = changed.args[0], changed.args[1]
    assert (first.row(), last.row()) == (4, 4)
    assert model.entry(4).path == "/x/older-1.png"
