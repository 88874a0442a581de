"""A mask stays a mask when references are hosted. OpenAI takes local files as uploads, so with
a bucket set up its edit still sends the mask as the form's `mask` part and hosts nothing; and
where references are hosted (the demo's bucket), each link keeps its reference's role."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from studio.domain.models import GenerationRequest, JobState, ReferenceImage
from studio.domain.refhost import RefBucket
from studio.providers.base import PreparedReference
from tests.conftest import RunningEmulator
from tests.helpers import run
from tests.servers.taps import RecordedBodies, tapped_emulator


@pytest.fixture
def recorded() -> Iterator[tuple[RunningEmulator, RecordedBodies]]:
    with tapped_emulator(lambda app: RecordedBodies(app, "/images/edits")) as served:
        yield served


def picture(path: Path, *, mode: str = "RGB", hole: bool = False) -> Path:
    image = Image.new(mode, (512, 384), (200, 120, 40, 255) if mode == "RGBA" else (200, 120, 40))
    if hole:
        image.paste((0, 0, 0, 0), (0, 0, 256, 192))
    image.save(path, "PNG")
    return path


def test_an_openai_edit_with_a_mask_and_a_bucket_sends_the_mask_as_its_mask(
    make_engine, recorded, s3_server, monkeypatch, tmp_path
):  # type: ignore[no-untyped-def]
    emulator, edits = recorded
    monkeypatch.setenv("OPENAI_API_KEY", "sk-openai-test")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", s3_server.key_id)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", s3_server.secret)
    with contextlib.suppress(Exception):  # made by an earlier test on the same server
        s3_server.make_bucket("masks")
    request = GenerationRequest(
        provider="openai",
        model="gpt-image-1",
        prompt="a blue sky",
        references=(ReferenceImage(str(picture(tmp_path / "ref.png"))),),
        mask=str(picture(tmp_path / "mask.png", mode="RGBA", hole=True)),
    )
    bucket = RefBucket(endpoint=s3_server.endpoint, bucket="masks", prefix="p")

    async def scenario():  # type: ignore[no-untyped-def]
        engine = make_engine({"openai": emulator.base_url("openai")})
        try:
            record = await engine.submit(request, ref_bucket=bucket)
            return await engine.wait(record.id)
        finally:
            await engine.aclose()

    job = run(scenario())
    assert job.state is JobState.succeeded, job.error_message
    [body] = edits.bodies
    assert body.count(b'name="mask"') == 1
    assert body.count(b'name="image') == 1  # the reference alone, not the mask as a second one
    assert s3_server.puts("masks") == []  # uploads, not links: nothing hosted


def test_hosting_keeps_each_references_role(make_engine, tmp_path):  # type: ignore[no-untyped-def]
    """Hosting swaps a file's bytes for a link: everything else about it, the mask's role
    included, travels on."""
    photo = picture(tmp_path / "photo.png")
    request = GenerationRequest(
        provider="demo", model="joyai", prompt="p", references=(ReferenceImage(str(photo)),)
    )
    image = PreparedReference(data=photo.read_bytes(), filename="photo.png")
    mask = PreparedReference(data=b"mask bytes", filename="mask.png").as_mask()

    async def scenario() -> list[PreparedReference]:
        engine = make_engine()
        try:
            row = await engine.db(
                lambda j: j.create(request, estimated_cost=None, library_dir=str(tmp_path))
            )
            plan = engine.plan(request)
            return await engine.refs.host(row.record.id, plan, [image, mask])
        finally:
            await engine.aclose()

    sent = run(scenario())
    assert [ref.is_local for ref in sent] == [False, False]
    assert [ref.role for ref in sent] == ["image", "mask"]
    assert [ref.filename for ref in sent] == ["photo.png", "mask.png"]
