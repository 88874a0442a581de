"""Two jobs with the same picture share one content-addressed object: one job ending while the
other uploads it must not delete it under the other (its provider would fetch a dead link after
it was paid). Driven with the demo's in-process bucket, whose calls the test holds back."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PIL import Image

from studio.domain.models import GenerationRequest, JobState, ReferenceImage
from tests.helpers import run


def test_a_job_ending_does_not_delete_the_object_another_job_is_uploading(make_engine, tmp_path):
    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (200, 150), (1, 2, 3)).save(photo, "JPEG")
    request = GenerationRequest(
        provider="demo", model="joyai", prompt="p", references=(ReferenceImage(str(photo)),)
    )

    async def new_job(engine) -> str:  # type: ignore[no-untyped-def]
        row = await engine.db(
            lambda j: j.create(request, estimated_cost=None, library_dir=str(Path(tmp_path)))
        )
        return str(row.record.id)

    async def scenario() -> list[str]:
        engine = make_engine()
        try:
            plan = engine.plan(request)
            refs = await engine.prepare_references(plan)
            bucket = await asyncio.to_thread(engine.clients.demo_bucket)
            first = await new_job(engine)
            await engine.refs.host(first, plan, refs)
            await engine.db(lambda j: j.update(first, state=JobState.succeeded))

            gate, put_done = asyncio.Event(), asyncio.Event()
            real_put, real_delete = bucket.put, bucket.delete

            async def held_put(name: str, data: bytes, mime: str) -> None:
                await gate.wait()  # the second job's upload is on the wire
                await real_put(name, data, mime)
                put_done.set()

            async def slow_delete(names) -> None:  # type: ignore[no-untyped-def]
                # A delete sent before the upload may arrive after it.
                await asyncio.wait_for(put_done.wait(), 2)
                await real_delete(names)

            bucket.put, bucket.delete = held_put, slow_delete
            second = await new_job(engine)
            uploading = asyncio.ensure_future(engine.refs.host(second, plan, refs))
            await asyncio.sleep(0.1)
            ending = asyncio.ensure_future(engine.refs.after_job(first, "demo"))
            await asyncio.sleep(0.1)
            gate.set()
            await asyncio.gather(uploading, ending)
            return list(bucket.names())
        finally:
            await engine.aclose()

    assert len(run(scenario())) == 1  # the second job's picture is still there
