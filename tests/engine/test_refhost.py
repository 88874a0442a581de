"""Reference hosting against a real S3-compatible server (moto, on loopback) and the emulator:
a JoyAI `joyai` edit of a local photo travels as a presigned link the emulated provider
fetches; the objects go when the job ends; wrong credentials or a missing bucket fail the job
before any create; the first use of a bucket sweeps the studio's own old objects."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from studio.domain.errors import InvalidRequest
from studio.domain.models import GenerationRequest, JobState, ReferenceImage
from studio.domain.refhost import RefBucket
from tests.helpers import run


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "holiday photos" / "photo.jpg"
    path.parent.mkdir()
    Image.new("RGB", (640, 480), (200, 40, 40)).save(path, "JPEG")
    return path


@pytest.fixture
def creds(monkeypatch, s3_server):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", s3_server.key_id)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", s3_server.secret)
    return s3_server


def edit(photo: Path) -> GenerationRequest:
    return GenerationRequest(
        provider="joyai",
        model="joyai",
        prompt="make it blue",
        references=(ReferenceImage(str(photo)),),
    )


def bucket(s3_server, name: str = "refs", prefix: str = "studio") -> RefBucket:
    return RefBucket(endpoint=s3_server.endpoint, bucket=name, prefix=prefix)


def studio_objects(s3_server, name: str = "refs") -> list[str]:
    return [n for n in s3_server.names(name) if "studio-ref-" in n]


def test_a_local_photo_travels_as_a_presigned_link_the_provider_fetches(
    make_engine, emulator, photo, creds, monkeypatch, tmp_path
):
    monkeypatch.setenv("JOYAI_API_KEY", "sk-joyai-test")
    before = len(creds.puts("refs"))

    async def scenario():
        engine = make_engine({"joyai": emulator.base_url("joyai")})
        try:
            record = await engine.submit(edit(photo), ref_bucket=bucket(creds))
            return await engine.wait(record.id)
        finally:
            await engine.aclose()

    job = run(scenario())
    assert job.state is JobState.succeeded, job.error_message
    assert len(job.files) == 1
    uploads = creds.puts("refs")[before:]
    assert len(uploads) == 1 and uploads[0].startswith("/refs/studio/studio-ref-")
    fetched = [(url, ok) for url, ok in emulator.state.fetched if "/refs/studio/" in url]
    assert fetched == [(f"{creds.endpoint}{uploads[0]}", True)]
    assert emulator.state.create_calls("joyai") == 1
    # Deleted after the job; the journal keeps no link once the job has ended, only the
    # bucket's address (no credentials), so a Retry sends the new job to the same bucket.
    assert studio_objects(creds) == []
    with sqlite3.connect(tmp_path / "journal.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM ref_uploads").fetchone() == (0,)
        [(kept,)] = db.execute("SELECT bucket FROM ref_hosting").fetchall()
    assert '"bucket": "refs"' in kept and creds.secret not in kept and "Signature" not in kept


@pytest.mark.parametrize(
    ("secret", "name", "reason"),
    [("wrong-secret", "refs", "credentials"), (None, "no-such-bucket", "bucket")],
)
def test_a_failed_upload_fails_the_job_before_any_create(
    make_engine, emulator, photo, creds, monkeypatch, secret, name, reason
):
    monkeypatch.setenv("JOYAI_API_KEY", "sk-joyai-test")
    if secret:
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", secret)

    async def scenario():
        engine = make_engine({"joyai": emulator.base_url("joyai")})
        try:
            record = await engine.submit(edit(photo), ref_bucket=bucket(creds, name))
            return await engine.wait(record.id)
        finally:
            await engine.aclose()

    job = run(scenario())
    assert job.state is JobState.failed
    assert job.error_kind == "ref_hosting"
    assert ("key" if reason == "credentials" else "does not exist") in job.error_message
    assert secret is None or secret not in job.error_message
    assert emulator.state.create_calls("joyai") == 0


def test_without_credentials_the_job_is_refused_before_it_is_journaled(
    make_engine, emulator, photo, s3_server, monkeypatch
):
    monkeypatch.setenv("JOYAI_API_KEY", "sk-joyai-test")

    async def scenario():
        engine = make_engine({"joyai": emulator.base_url("joyai")})
        try:
            with pytest.raises(Exception) as refused:
                await engine.submit(edit(photo), ref_bucket=bucket(s3_server))
            return refused.value, await engine.jobs()
        finally:
            await engine.aclose()

    error, jobs = run(scenario())
    assert "AWS_SECRET_ACCESS_KEY" in str(error)
    assert jobs == []


def test_without_a_bucket_a_local_file_for_joyai_is_refused_with_the_way_out(
    make_engine, emulator, photo, monkeypatch
):
    monkeypatch.setenv("JOYAI_API_KEY", "sk-joyai-test")

    async def scenario():
        engine = make_engine({"joyai": emulator.base_url("joyai")})
        try:
            with pytest.raises(InvalidRequest) as refused:
                await engine.submit(edit(photo))
            return refused.value
        finally:
            await engine.aclose()

    message = run(scenario()).message
    assert "--ref-bucket" in message and "--inline-refs" in message
    assert emulator.state.create_calls() == 0


def test_the_first_use_of_a_bucket_sweeps_only_the_studios_old_objects(
    make_engine, emulator, photo, creds, monkeypatch
):
    monkeypatch.setenv("JOYAI_API_KEY", "sk-joyai-test")
    creds.make_bucket("sweep")
    old_studio = "studio/studio-ref-" + "a" * 64 + ".jpg"
    new_studio = "studio/studio-ref-" + "b" * 64 + ".jpg"
    old_foreign = "studio/holiday.jpg"
    elsewhere = "other/studio-ref-" + "c" * 64 + ".jpg"
    for key in (old_studio, new_studio, old_foreign, elsewhere):
        creds.put("sweep", key, b"\xff\xd8\xff old")
    two_days_ago = datetime.now(UTC) - timedelta(days=2)
    for key in (old_studio, old_foreign, elsewhere):
        creds.age("sweep", key, two_days_ago)

    async def scenario():
        engine = make_engine({"joyai": emulator.base_url("joyai")})
        try:
            record = await engine.submit(edit(photo), ref_bucket=bucket(creds, "sweep"))
            return await engine.wait(record.id)
        finally:
            await engine.aclose()

    assert run(scenario()).state is JobState.succeeded
    assert creds.names("sweep") == sorted([new_studio, old_foreign, elsewhere])


def test_a_dead_link_the_user_typed_is_refused_before_the_job_is_journaled(
    make_engine, emulator, monkeypatch
):
    monkeypatch.setenv("JOYAI_API_KEY", "sk-joyai-test")
    dead = f"{emulator.url}/_bucket/nothing-here.png"
    request = GenerationRequest(
        provider="joyai", model="joyai", prompt="p", references=(ReferenceImage(dead),)
    )

    async def scenario():
        engine = make_engine({"joyai": emulator.base_url("joyai")})
        try:
            with pytest.raises(InvalidRequest) as refused:
                await engine.submit(request)
            return refused.value, await engine.jobs()
        finally:
            await engine.aclose()

    error, jobs = run(scenario())
    assert "nothing-here.png" in error.message and "nothing was sent" in error.message
    assert jobs == []
    assert emulator.state.create_calls() == 0


def test_resume_at_start_sweeps_the_saved_bucket_in_the_background(make_engine, creds):
    creds.make_bucket("startup")
    old = "studio/studio-ref-" + "d" * 64 + ".png"
    creds.put("startup", old, b"\x89PNG old")
    creds.age("startup", old, datetime.now(UTC) - timedelta(days=3))

    async def scenario():
        engine = make_engine()
        engine.settings.ref_bucket = "s3://startup/studio"
        engine.settings.ref_endpoint = creds.endpoint
        try:
            assert await engine.resume() == []
            assert engine.refs._starting is not None
            await engine.refs._starting
        finally:
            await engine.aclose()

    run(scenario())
    assert creds.names("startup") == []


def test_the_offline_demo_plays_the_bucket_for_a_local_photo(make_engine, photo):
    request = GenerationRequest(
        provider="demo", model="joyai", prompt="p", references=(ReferenceImage(str(photo)),)
    )

    async def scenario():
        engine = make_engine()
        try:
            record = await engine.submit(request)
            job = await engine.wait(record.id)
            emulated = engine.clients.demo_app().state.emulator
            return job, emulated
        finally:
            await engine.aclose()

    job, emulated = run(scenario())
    assert job.state is JobState.succeeded, job.error_message
    [name] = emulated.bucket.puts
    assert name.startswith("studio-ref-")
    assert emulated.fetched == [(f"https://demo.invalid/_bucket/{name}", True)]
    assert emulated.bucket.names() == []  # deleted after the job


def test_a_broken_saved_bucket_does_not_stop_jobs_without_local_files(make_engine):
    async def scenario():
        engine = make_engine()
        engine.settings.ref_bucket = "not a bucket"
        engine.settings.ref_endpoint = "http://storage.example.com"
        try:
            record = await engine.submit(
                GenerationRequest(provider="demo", model="gptimage2", prompt="p")
            )
            return await engine.wait(record.id)
        finally:
            await engine.aclose()

    assert run(scenario()).state is JobState.succeeded
