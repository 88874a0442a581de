"""The engine takes a job from request to a verified file on disk, paying once."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from studio.domain.errors import AuthenticationFailed, InvalidRequest
from studio.domain.models import GenerationRequest, JobState, ReferenceImage
from studio.engine.events import JobChanged
from studio.engine.library import read_provenance
from tests.helpers import run

PROVIDER_REQUESTS = {
    "joyai": GenerationRequest(
        provider="joyai",
        model="gptimage2",
        prompt="a red chair",
        quality="low",
        ratio="16:9",
        output_format="jpeg",
    ),
    "gptimage2ai": GenerationRequest(
        provider="gptimage2ai",
        model="gpt-image-2",
        prompt="a red chair",
        ratio="4:3",
        count=2,
        extras={"style": "cinematic"},
    ),
    "icodeeasy": GenerationRequest(
        provider="icodeeasy", model="gpt-image-2", prompt="a red chair", ratio="3:2", quality="high"
    ),
    "openai": GenerationRequest(
        provider="openai",
        model="gpt-image-2",
        prompt="a red chair",
        size="1536x1024",
        output_format="webp",
    ),
}
KEY_VARS = {
    "joyai": "JOYAI_API_KEY",
    "gptimage2ai": "GPTIMAGE2_API_KEY",
    "icodeeasy": "ICODEEASY_API_KEY",
    "openai": "OPENAI_API_KEY",
}


def test_demo_job_ends_with_an_image_on_disk_carrying_its_prompt(make_engine, library):
    async def scenario():
        engine = make_engine()
        try:
            request = GenerationRequest(provider="demo", model="gptimage2", prompt="a lighthouse")
            job = await engine.submit(request)
            return await engine.wait(job.id)
        finally:
            await engine.aclose()

    job = run(scenario())
    assert job.state is JobState.succeeded
    [path] = job.files
    assert Path(path).parent == library
    with Image.open(path) as image:
        assert image.size == (1024, 1024)
        assert "a lighthouse" in image.info["parameters"]
    assert read_provenance(Path(path))["request"]["prompt"] == "a lighthouse"


@pytest.mark.parametrize("provider", sorted(PROVIDER_REQUESTS))
def test_every_provider_runs_end_to_end_against_the_emulator(
    provider, make_engine, emulator, monkeypatch
):
    monkeypatch.setenv(KEY_VARS[provider], "sk_test_key")
    request = PROVIDER_REQUESTS[provider]

    async def scenario():
        engine = make_engine({provider: emulator.base_url(provider)})
        try:
            job = await engine.submit(request)
            return await engine.wait(job.id)
        finally:
            await engine.aclose()

    job = run(scenario())
    assert job.state is JobState.succeeded, job.error_message
    assert len(job.files) == request.count
    assert emulator.state.create_calls(provider) == 1
    for path in job.files:
        with Image.open(path) as image:
            image.load()


def test_invalid_request_is_refused_before_anything_is_sent(make_engine, emulator, monkeypatch):
    monkeypatch.setenv("JOYAI_API_KEY", "sk_test_key")
    request = GenerationRequest(provider="joyai", model="joyai", prompt="edit it")

    async def scenario():
        engine = make_engine({"joyai": emulator.base_url("joyai")})
        try:
            with pytest.raises(InvalidRequest, match="add 1 to 3 reference images"):
                await engine.submit(request)
            return await engine.jobs()
        finally:
            await engine.aclose()

    assert run(scenario()) == []
    assert emulator.state.create_calls() == 0


def test_missing_key_says_where_to_add_one(make_engine):
    request = GenerationRequest(provider="openai", model="gpt-image-2", prompt="x")

    async def scenario():
        engine = make_engine()
        try:
            await engine.submit(request)
        finally:
            await engine.aclose()

    with pytest.raises(AuthenticationFailed, match="OPENAI_API_KEY"):
        run(scenario())


def test_a_local_reference_that_is_not_an_image_is_refused(make_engine, tmp_path):
    bogus = tmp_path / "notes.png"
    bogus.write_text("not a picture")
    request = GenerationRequest(
        provider="demo", model="joyai", prompt="edit", references=(ReferenceImage(str(bogus)),)
    )

    async def scenario():
        engine = make_engine()
        try:
            await engine.submit(request)
        finally:
            await engine.aclose()

    with pytest.raises(InvalidRequest, match="not an image"):
        run(scenario())


def test_demo_edit_with_a_local_reference_succeeds(make_engine, tmp_path):
    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (800, 600), "teal").save(photo)
    request = GenerationRequest(
        provider="demo",
        model="joyai",
        prompt="make it red",
        references=(ReferenceImage(str(photo)),),
    )

    async def scenario():
        engine = make_engine()
        try:
            job = await engine.submit(request)
            return await engine.wait(job.id)
        finally:
            await engine.aclose()

    job = run(scenario())
    assert job.state is JobState.succeeded, job.error_message


def test_listeners_see_the_job_move_through_its_states(make_engine):
    seen: list[JobState] = []

    async def scenario():
        engine = make_engine()
        engine.subscribe(lambda e: seen.append(e.job.state) if isinstance(e, JobChanged) else None)
        try:
            job = await engine.submit(
                GenerationRequest(provider="demo", model="gptimage2", prompt="x")
            )
            await engine.wait(job.id)
        finally:
            await engine.aclose()

    run(scenario())
    assert seen[0] is JobState.draft
    assert JobState.submitting in seen
    assert JobState.downloading in seen
    assert seen[-1] is JobState.succeeded


def test_cancelling_a_running_job_marks_it_cancelled(make_engine):
    async def scenario():
        engine = make_engine(demo_task_seconds=30)
        try:
            job = await engine.submit(
                GenerationRequest(provider="demo", model="gptimage2", prompt="slow")
            )
            while (await engine.job(job.id)).state is not JobState.running:
                await __import__("asyncio").sleep(0.01)
            engine.cancel(job.id)
            return await engine.wait(job.id)
        finally:
            await engine.aclose()

    assert run(scenario()).state is JobState.cancelled


def test_search_finds_jobs_by_prompt_words(make_engine):
    async def scenario():
        engine = make_engine()
        try:
            for prompt in ("a red barn at dusk", "blue whale", "red panda"):
                job = await engine.submit(
                    GenerationRequest(provider="demo", model="gptimage2", prompt=prompt)
                )
                await engine.wait(job.id)
            return [j.request.prompt for j in await engine.search("red")]
        finally:
            await engine.aclose()

    assert sorted(run(scenario())) == ["a red barn at dusk", "red panda"]


def test_removing_a_job_deletes_its_journal_entry_and_its_file(make_engine, library):
    async def scenario():
        engine = make_engine()
        try:
            job = await engine.wait(
                (
                    await engine.submit(
                        GenerationRequest(provider="demo", model="gptimage2", prompt="to delete")
                    )
                ).id
            )
            await engine.remove(job.id)
            return job, await engine.jobs()
        finally:
            await engine.aclose()

    job, remaining = run(scenario())
    assert remaining == []
    assert not Path(job.files[0]).exists()


def test_demo_jobs_cost_nothing(make_engine):
    async def scenario():
        engine = make_engine()
        try:
            job = await engine.submit(
                GenerationRequest(provider="demo", model="gptimage2", prompt="free")
            )
            return await engine.wait(job.id)
        finally:
            await engine.aclose()

    job = run(scenario())
    assert str(job.estimated_cost) == "0 credits"
    assert job.charged_cost is None
