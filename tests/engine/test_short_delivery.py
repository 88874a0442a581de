"""A provider that charges for n images and delivers fewer: every image that arrived is saved,
and the job ends honestly (failed, never succeeded), saying k of n arrived and that the rest
are paid for and missing, with the cost as charged. One rule for every provider, checked in
the engine against the journaled request (so it holds for a task polled after a restart)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from studio.domain.models import GenerationRequest, JobState
from studio.providers.base import TaskState, TaskUpdate
from tests.helpers import run


def deliver_one(monkeypatch: pytest.MonkeyPatch, cls: type, method: str) -> None:
    """`cls.method` (a reply reader) keeps only the first image of a finished task."""
    real = getattr(cls, method)

    def short(self, reply):  # type: ignore[no-untyped-def]
        update: TaskUpdate = real(self, reply)
        if update.state is TaskState.succeeded:
            update = replace(update, images=update.images[:1])
        return update

    monkeypatch.setattr(cls, method, short)


@pytest.mark.parametrize(
    ("provider", "model"),
    [("openai", "gpt-image-2"), ("gptimage2ai", "gpt-image-2"), ("icodeeasy", "gpt-image-2")],
)
def test_a_short_delivery_saves_what_came_and_says_the_rest_is_missing(
    provider, model, make_engine, emulator, monkeypatch, library
):  # type: ignore[no-untyped-def]
    from studio.domain.catalog import provider_spec
    from studio.providers.gptimage2ai import GptImage2AiClient
    from studio.providers.openai_images import OpenAIImagesClient

    monkeypatch.setenv(str(provider_spec(provider).key_env), "sk_test_key")
    monkeypatch.setenv("IMAGE_STUDIO_POLL_INTERVAL", "0.01")
    if provider == "gptimage2ai":  # a task, polled: the poll's reply is the short one
        deliver_one(monkeypatch, GptImage2AiClient, "_read_job")
    else:  # the create's own reply (inline images, or icodeeasy's synchronous links)
        deliver_one(monkeypatch, OpenAIImagesClient, "read_create")
    request = GenerationRequest(provider=provider, model=model, prompt="short", count=2)

    async def scenario():  # type: ignore[no-untyped-def]
        engine = make_engine({provider: emulator.base_url(provider)}, poll_interval=0.01)
        try:
            return await engine.wait((await engine.submit(request)).id)
        finally:
            await engine.aclose()

    done = run(scenario())
    assert done.state is JobState.failed, "never succeeded with fewer images than paid for"
    assert len(done.files) == 1 and [Path(f).parent for f in done.files] == [library]
    assert sorted(p.name for p in library.iterdir()) == [Path(done.files[0]).name]
    assert "delivered 1 of the 2 images" in (done.error_message or "")
    assert "paid for but are missing" in (done.error_message or "")
    assert emulator.state.create_calls(provider) == 1
