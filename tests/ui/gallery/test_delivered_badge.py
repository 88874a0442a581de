"""Requested vs delivered in the gallery (#18): a result whose pixel size or format is not what
the job asked for carries a badge and says so in its tooltip; one that matches does not. The
source's size and format travel with the thumbnail, also through the disk cache."""

from __future__ import annotations

import time
from pathlib import Path

from studio.domain.models import GenerationRequest, JobState, ResultImage
from studio.engine.events import JobRecord
from studio.ui.gallery.gallery_model import GalleryModel, MismatchRole
from studio.ui.gallery.thumbnails import ThumbnailCache
from tests.ui.conftest import Runner
from tests.ui.helpers import make_image


def record(job_id: str, path: Path, **asked: object) -> JobRecord:
    request = GenerationRequest(provider="openai", model="gpt-image-2", prompt="a cat", **asked)  # type: ignore[arg-type]
    now = time.time()
    return JobRecord(
        id=job_id,
        request=request,
        state=JobState.succeeded,
        created_at=now,
        updated_at=now,
        results=(ResultImage(index=0, path=str(path)),),
        files=(str(path),),
    )


def badges(run: Runner, cache: ThumbnailCache, model: GalleryModel) -> list[bool]:
    for row in range(model.rowCount()):
        cache.get(model.entry(row).path)
    run.until(lambda: not cache.busy, message="no thumbnails")
    return [bool(model.cell(row).data(MismatchRole)) for row in range(model.rowCount())]


def test_a_result_of_another_size_carries_a_badge_and_says_why(run: Runner, tmp_path: Path) -> None:
    right = make_image(tmp_path / "right.png", size=(2048, 1360))
    wrong = make_image(tmp_path / "wrong.png", size=(1024, 1024))
    cache = ThumbnailCache(64, folder=tmp_path / "cache")
    model = GalleryModel(cache)
    model.set_records(
        [
            record("a", right, ratio="3:2", resolution="2k", output_format="png"),
            record("b", wrong, ratio="3:2", resolution="2k", output_format="png"),
        ]
    )
    paths = [model.entry(r).path for r in range(2)]
    by_path = dict(zip(paths, badges(run, cache, model), strict=True))
    assert by_path == {str(right): False, str(wrong): True}
    row = [model.entry(r).path for r in range(2)].index(str(wrong))
    tip = model.cell(row).data(3)  # ToolTipRole
    assert "Delivered 1024x1024 png; asked for 2048x1360 png." in tip.replace("\xa0", " ")
    cache.shutdown()

    # A fresh cache reads the thumbnails from disk: the source's size comes with them.
    again = ThumbnailCache(64, folder=tmp_path / "cache")
    fresh = GalleryModel(again)
    fresh.set_records([record("b", wrong, ratio="3:2", resolution="2k", output_format="png")])
    assert badges(run, again, fresh) == [True]
    again.shutdown()


def test_another_format_is_a_mismatch_too(run: Runner, tmp_path: Path) -> None:
    picture = make_image(tmp_path / "cat.png", size=(1024, 1024))
    cache = ThumbnailCache(64, folder=None)
    model = GalleryModel(cache)
    model.set_records([record("c", picture, size="1024x1024", output_format="webp")])
    assert badges(run, cache, model) == [True]
    cache.shutdown()
