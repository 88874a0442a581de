"""The bucket a job was sent with (--ref-bucket) stays its bucket: it is journaled in the same
transaction as the job (so no draft can exist without it and a resume cannot pick another),
and a Retry sends the new job to it, not to the saved bucket. Found by review after the merges
that brought reference hosting and all-or-none submits together."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest
from PIL import Image

from studio.domain.models import GenerationRequest, JobState, ReferenceImage
from studio.domain.refhost import RefBucket
from tests.helpers import run


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "photo.jpg"
    Image.new("RGB", (640, 480), (200, 40, 40)).save(path, "JPEG")
    return path


@pytest.fixture
def creds(monkeypatch, s3_server):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", s3_server.key_id)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", s3_server.secret)
    monkeypatch.setenv("JOYAI_API_KEY", "sk-joyai-test")
    for name in ("chosen", "saved"):
        with contextlib.suppress(Exception):  # made by an earlier test on the same server
            s3_server.make_bucket(name)
    return s3_server


def edit(photo: Path) -> GenerationRequest:
    return GenerationRequest(
        provider="joyai", model="joyai", prompt="p", references=(ReferenceImage(str(photo)),)
    )


def puts(s3, name):  # type: ignore[no-untyped-def]
    return [p for p in s3.puts(name) if "studio-ref-" in p]


def saved_bucket_engine(make_engine, emulator, creds):  # type: ignore[no-untyped-def]
    engine = make_engine({"joyai": emulator.base_url("joyai")})
    engine.settings.ref_bucket = "s3://saved/p"
    engine.settings.ref_endpoint = creds.endpoint
    return engine


def test_retry_sends_the_new_job_to_the_bucket_the_first_was_sent_with(
    make_engine, emulator, photo, creds
):  # type: ignore[no-untyped-def]
    chosen = RefBucket(endpoint=creds.endpoint, bucket="chosen", prefix="p")
    before_chosen, before_saved = len(puts(creds, "chosen")), len(puts(creds, "saved"))

    async def scenario():  # type: ignore[no-untyped-def]
        engine = saved_bucket_engine(make_engine, emulator, creds)
        try:
            first = await engine.wait((await engine.submit(edit(photo), ref_bucket=chosen)).id)
            assert first.state is JobState.succeeded, first.error_message
            again = await engine.retry(first.id, pay_again=True)  # it was paid: a second one
            return await engine.wait(again.id)
        finally:
            await engine.aclose()

    done = run(scenario())
    assert done.state is JobState.succeeded, done.error_message
    assert len(puts(creds, "chosen")) - before_chosen == 2, "the retry went elsewhere"
    assert len(puts(creds, "saved")) - before_saved == 0, "the photo went to the saved bucket"


def test_a_job_is_never_journaled_without_its_bucket(
    make_engine, emulator, photo, creds, monkeypatch
):  # type: ignore[no-untyped-def]
    """Writing the bucket fails (a full or locked journal): the job is not journaled either, so
    nothing is left for a later start to run with another bucket, and nothing is paid."""
    from studio.engine import refhost_journal

    chosen = RefBucket(endpoint=creds.endpoint, bucket="chosen", prefix="p")
    creates = emulator.state.create_calls("joyai")

    def full(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise sqlite3.OperationalError("database or disk is full")

    async def first_run():  # type: ignore[no-untyped-def]
        engine = saved_bucket_engine(make_engine, emulator, creds)
        try:
            with pytest.raises(sqlite3.OperationalError):
                await engine.submit(edit(photo), ref_bucket=chosen)
            return await engine.jobs()
        finally:
            await engine.aclose()

    async def second_run():  # type: ignore[no-untyped-def]
        engine = saved_bucket_engine(make_engine, emulator, creds)
        try:
            return await engine.resume()
        finally:
            await engine.aclose()

    with monkeypatch.context() as patch:
        patch.setattr(refhost_journal, "set_bucket", full)
        assert run(first_run()) == []  # all or none: no draft without its bucket
    assert run(second_run()) == []
    assert emulator.state.create_calls("joyai") == creates
    assert [n for n in creds.names("saved") if "studio-ref-" in n] == []
