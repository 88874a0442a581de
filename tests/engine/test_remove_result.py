"""Deleting one image of a multi-image job, and undoing that: the job keeps its other images, the
file waits in the holding area, and comes back with its journal row."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from PIL import Image

from studio.domain.models import GenerationRequest, JobState, ResultImage
from studio.engine import holding
from studio.engine.journal import Journal
from studio.engine.runner import Engine
from tests.helpers import run


def three_image_job(journal: Journal, library: Path) -> str:
    """A succeeded job with three saved images (and a sidecar for the second one)."""
    library.mkdir(parents=True, exist_ok=True)
    request = GenerationRequest(provider="openai", model="gpt-image-2", prompt="three", count=3)
    job_id = journal.create(request, estimated_cost=None, library_dir=str(library)).record.id
    journal.update(
        job_id,
        state=JobState.downloading,
        results=[ResultImage(index=i, url=None, seed=f"s{i}") for i in range(3)],
    )
    for i in range(3):
        path = library / f"three-{i}.png"
        Image.new("RGB", (8, 8), ("red", "green", "blue")[i]).save(path)
        journal.result_saved(job_id, i, str(path), state=JobState.succeeded if i == 2 else None)
    Path(str(library / "three-1.png") + ".json").write_text("{}")
    return job_id


def test_removing_one_image_keeps_the_others_and_holds_the_file(make_engine, library):
    async def scenario() -> tuple[Engine, object, object]:
        engine = make_engine()
        try:
            job_id = await engine.db(lambda j: three_image_job(j, library))
            held = await engine.remove_result(job_id, 1)
            return engine, held, await engine.job(job_id)
        finally:
            await engine.aclose()

    engine, held, record = run(scenario())
    assert [r.index for r in record.results] == [0, 2]  # type: ignore[attr-defined]
    assert record.state is JobState.succeeded  # type: ignore[attr-defined]
    assert not (library / "three-1.png").exists()
    assert not (library / "three-1.png.json").exists()
    assert Path(held.held_path).exists() and Path(held.held_path + ".json").exists()  # type: ignore[attr-defined]
    assert Path(held.held_path).is_relative_to(engine.holding_dir)  # type: ignore[attr-defined]
    assert (library / "three-0.png").exists() and (library / "three-2.png").exists()


def test_restoring_puts_the_file_and_its_row_back(make_engine, library):
    async def scenario() -> object:
        engine = make_engine()
        try:
            job_id = await engine.db(lambda j: three_image_job(j, library))
            held = await engine.remove_result(job_id, 1)
            await engine.restore_result(held)
            return await engine.job(job_id)
        finally:
            await engine.aclose()

    record = run(scenario())
    assert [(r.index, r.seed) for r in record.results] == [(0, "s0"), (1, "s1"), (2, "s2")]  # type: ignore[attr-defined]
    assert (library / "three-1.png").exists() and (library / "three-1.png.json").exists()
    with Image.open(library / "three-1.png") as image:
        assert image.getpixel((0, 0)) == (0, 128, 0)


def test_restoring_never_overwrites_a_file_made_since(make_engine, library):
    async def scenario() -> None:
        engine = make_engine()
        try:
            job_id = await engine.db(lambda j: three_image_job(j, library))
            held = await engine.remove_result(job_id, 0)
            (library / "three-0.png").write_bytes(b"new")
            with pytest.raises(FileExistsError):
                await engine.restore_result(held)
            assert [r.index for r in (await engine.job(job_id)).results] == [1, 2]
            assert Path(held.held_path).exists()
        finally:
            await engine.aclose()

    run(scenario())
    assert (library / "three-0.png").read_bytes() == b"new"


def test_a_running_job_keeps_its_results(make_engine, library):
    async def scenario() -> None:
        engine = make_engine()
        try:
            request = GenerationRequest(provider="openai", model="gpt-image-2", prompt="busy")
            row = await engine.db(
                lambda j: j.create(request, estimated_cost=None, library_dir=str(library))
            )
            with pytest.raises(Exception, match="still running"):
                await engine.remove_result(row.record.id, 0)
        finally:
            await engine.aclose()

    run(scenario())


def test_a_failed_move_keeps_the_image_in_its_job(make_engine, library, monkeypatch):
    import shutil

    real_move = shutil.move

    def move(source, target):  # type: ignore[no-untyped-def]
        if str(source).endswith(".json"):  # the sidecar cannot move: the image must stay whole
            raise OSError("disk says no")
        return real_move(source, target)

    monkeypatch.setattr(shutil, "move", move)

    async def scenario() -> object:
        engine = make_engine()
        try:
            job_id = await engine.db(lambda j: three_image_job(j, library))
            with pytest.raises(OSError, match="disk says no"):
                await engine.remove_result(job_id, 1)
            return await engine.job(job_id)
        finally:
            await engine.aclose()

    record = run(scenario())
    assert [r.index for r in record.results] == [0, 1, 2]  # type: ignore[attr-defined]
    assert (library / "three-1.png").exists() and (library / "three-1.png.json").exists()


def test_old_held_results_are_purged(tmp_path):
    folder = tmp_path / "deleted"
    old = folder / f"{int(time.time()) - holding.KEEP_SECONDS - 60}-aaaa"
    new = folder / f"{int(time.time())}-bbbb"
    for place in (old, new):
        place.mkdir(parents=True)
        (place / "x.png").write_bytes(b"x")
    holding.purge(folder)
    assert not old.exists() and new.exists()
    assert os.listdir(folder) == [new.name]
