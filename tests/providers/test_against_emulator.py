"""Every client end to end against the emulator over real loopback HTTP: submit, poll, fetch."""

from __future__ import annotations

import asyncio
import io
import time
from decimal import Decimal

import pytest
from PIL import Image

from studio.domain.catalog import provider_spec
from studio.domain.errors import (
    AuthenticationFailed,
    BadResult,
    InsufficientCredits,
    OutcomeUnknown,
    ProviderUnavailable,
)
from studio.domain.models import Balance, GenerationRequest
from studio.emulator.faults import FaultRule
from studio.providers import make_client
from studio.providers.base import PreparedReference, ProviderClient, TaskState, TaskUpdate
from tests.helpers import run
from tests.providers.support import KEY, Sleeps, quick_options

REQUESTS = {
    "joyai": GenerationRequest(
        provider="joyai", model="gptimage2", prompt="a red chair", quality="low"
    ),
    "gptimage2ai": GenerationRequest(
        provider="gptimage2ai",
        model="gpt-image-2",
        prompt="a ceramic cup",
        count=2,
        extras={"style": "studio-product"},
    ),
    "icodeeasy": GenerationRequest(
        provider="icodeeasy", model="gpt-image-2", prompt="an orange cat", ratio="16:9"
    ),
    "openai": GenerationRequest(
        provider="openai",
        model="gpt-image-2",
        prompt="a sea otter",
        size="1024x1024",
        quality="low",
    ),
}
MAX_BYTES = 50 * 1024 * 1024


def client_on(emulator, provider: str, *, key: str = KEY, **options) -> ProviderClient:
    return make_client(
        provider_spec(provider),
        api_key=key,
        base_url=emulator.base_url(provider),
        options=quick_options(**options),
    )


async def until_done(client: ProviderClient, update: TaskUpdate) -> TaskUpdate:
    for _ in range(200):
        if update.state in (TaskState.succeeded, TaskState.failed):
            return update
        await asyncio.sleep(0.02)
        assert update.task_id
        update = await client.poll(update.task_id)
    raise AssertionError("the task never finished")


async def generate(
    client: ProviderClient, request: GenerationRequest, refs: list[PreparedReference] | None = None
) -> tuple[TaskUpdate, list[bytes]]:
    try:
        update = await until_done(client, await client.submit(request, refs or []))
        pictures = [
            image.data
            if image.data is not None
            else await client.fetch(image.url or "", max_bytes=MAX_BYTES)
            for image in update.images
        ]
        return update, pictures
    finally:
        await client.aclose()


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize("provider", list(REQUESTS))
def test_submit_poll_and_fetch_give_real_images(emulator, provider):
    update, pictures = run(generate(client_on(emulator, provider), REQUESTS[provider]))
    assert update.state is TaskState.succeeded
    assert len(pictures) == REQUESTS[provider].count
    for data in pictures:
        assert decoded(data).width > 0
    assert emulator.state.create_calls(provider) == 1


def test_joyai_reports_the_credits_charged(emulator):
    update, _ = run(generate(client_on(emulator, "joyai"), REQUESTS["joyai"]))
    assert update.cost is not None and update.cost.amount == Decimal(2)


def test_gptimage2ai_reports_the_balance_and_the_seeds(emulator):
    update, _ = run(generate(client_on(emulator, "gptimage2ai"), REQUESTS["gptimage2ai"]))
    assert update.balance == Balance(Decimal(10000 - 20), "credits")
    assert all(image.seed for image in update.images)
    assert "studio-product" in (update.images[0].final_prompt or "")


def test_icodeeasy_reports_the_cost_in_cny(emulator):
    update, _ = run(generate(client_on(emulator, "icodeeasy"), REQUESTS["icodeeasy"]))
    assert update.cost is not None and update.cost.unit == "CNY"
    assert update.cost.amount == Decimal("0.2")


def test_icodeeasy_sync_mode_returns_the_images_at_once(emulator):
    client = client_on(emulator, "icodeeasy", icodeeasy_sync=True)
    update, pictures = run(generate(client, REQUESTS["icodeeasy"]))
    assert update.state is TaskState.succeeded
    assert len(pictures) == 1


def test_edits_with_uploaded_references_reach_icodeeasy_and_openai(emulator):
    png = io.BytesIO()
    Image.new("RGB", (64, 64), "red").save(png, format="PNG")
    ref = PreparedReference(data=png.getvalue(), mime="image/png", filename="red.png")
    for provider in ("icodeeasy", "openai"):
        update, pictures = run(generate(client_on(emulator, provider), REQUESTS[provider], [ref]))
        assert update.state is TaskState.succeeded, provider
        assert pictures


def test_the_demo_runs_in_process_with_local_references():
    import httpx

    from studio.emulator import EmulatorConfig, create_app

    app = create_app(EmulatorConfig(task_seconds=0.05))
    png = io.BytesIO()
    Image.new("RGB", (64, 64), "blue").save(png, format="PNG")
    ref = PreparedReference(data=png.getvalue(), mime="image/png", filename="blue.png")
    client = make_client(
        provider_spec("demo"),
        api_key="demo",
        transport=httpx.ASGITransport(app=app),
        options=quick_options(),
    )
    request = GenerationRequest(provider="demo", model="gptimage2", prompt="make it blue")
    update, pictures = run(generate(client, request, [ref]))
    assert update.state is TaskState.succeeded
    assert decoded(pictures[0]).width > 0


@pytest.mark.parametrize("provider", ["joyai", "gptimage2ai", "icodeeasy", "openai"])
def test_check_key_accepts_a_good_key_and_refuses_a_bad_one(emulator, provider):
    good = client_on(emulator, provider)
    result = run(_check_and_close(good))
    if provider == "gptimage2ai":
        assert result == Balance(Decimal(10000), "credits")
    bad = client_on(emulator, provider, key="bad-key-123456")
    with pytest.raises(AuthenticationFailed):
        run(_check_and_close(bad))
    assert emulator.state.create_calls() == 0


async def _check_and_close(client: ProviderClient) -> Balance | None:
    try:
        return await client.check_key()
    finally:
        await client.aclose()


@pytest.mark.parametrize("provider", ["joyai", "gptimage2ai", "icodeeasy"])
def test_an_empty_account_is_insufficient_credits(emulator, provider):
    emulator.state.set_balance(KEY, 0, provider)
    with pytest.raises(InsufficientCredits):
        run(generate(client_on(emulator, provider), REQUESTS[provider]))


def test_joyai_create_answered_500_is_sent_once_and_unknown(emulator):
    emulator.state.add_fault(FaultRule(provider="joyai", route="create", status=500))
    with pytest.raises(OutcomeUnknown):
        run(generate(client_on(emulator, "joyai"), REQUESTS["joyai"]))
    assert emulator.state.create_calls("joyai") == 1


def test_icodeeasy_create_answered_500_is_retried_and_succeeds(emulator):
    emulator.state.add_fault(FaultRule(provider="icodeeasy", route="create", status=500, times=2))
    update, _ = run(generate(client_on(emulator, "icodeeasy"), REQUESTS["icodeeasy"]))
    assert update.state is TaskState.succeeded
    assert emulator.state.create_calls("icodeeasy") == 3


def test_a_rate_limited_create_waits_the_retry_after_and_is_sent_again(emulator):
    emulator.state.add_fault(
        FaultRule(provider="joyai", route="create", status=429, retry_after=2, times=1)
    )
    sleeps = Sleeps()
    update, _ = run(generate(client_on(emulator, "joyai", sleep=sleeps), REQUESTS["joyai"]))
    assert update.state is TaskState.succeeded
    assert sleeps.seconds[0] == 2.0
    assert emulator.state.create_calls("joyai") == 2


def test_a_dropped_create_is_unknown_and_sent_once(emulator):
    emulator.state.add_fault(FaultRule(provider="gptimage2ai", route="create", action="drop"))
    with pytest.raises(OutcomeUnknown):
        run(generate(client_on(emulator, "gptimage2ai"), REQUESTS["gptimage2ai"]))
    assert emulator.state.create_calls("gptimage2ai") == 1


def test_a_create_that_outlasts_the_read_timeout_is_unknown_and_sent_once(emulator):
    emulator.state.add_fault(FaultRule(provider="icodeeasy", route="create", action="never_finish"))
    client = client_on(emulator, "icodeeasy", icodeeasy_sync=True, create_timeout=0.3)
    with pytest.raises(OutcomeUnknown, match=r"no answer within 0\.3 s"):
        run(generate(client, REQUESTS["icodeeasy"]))
    # The emulator records the call once the hanging answer notices the client has gone.
    deadline = time.monotonic() + 5
    while emulator.state.create_calls("icodeeasy") == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert emulator.state.create_calls("icodeeasy") == 1


def test_polls_ride_out_garbled_and_failing_replies(emulator):
    emulator.state.set_faults(
        [
            FaultRule(provider="joyai", route="poll", action="not_json", times=1),
            FaultRule(provider="joyai", route="poll", status=503, times=1),
            FaultRule(provider="joyai", route="poll", action="drop_mid_body", times=1),
        ]
    )
    update, pictures = run(generate(client_on(emulator, "joyai"), REQUESTS["joyai"]))
    assert update.state is TaskState.succeeded and pictures


def test_a_download_dropped_mid_body_is_fetched_again(emulator):
    emulator.state.add_fault(FaultRule(route="download", action="drop_mid_body", times=1))
    _, pictures = run(generate(client_on(emulator, "joyai"), REQUESTS["joyai"]))
    assert decoded(pictures[0]).width > 0


@pytest.mark.parametrize(
    ("action", "words"),
    [("redirect_loop", "loop"), ("html", "instead of the image"), ("huge", "larger than")],
)
def test_bad_downloads_are_bad_results(emulator, action, words):
    emulator.state.add_fault(FaultRule(route="download", action=action, length=80 * 1024 * 1024))
    with pytest.raises(BadResult, match=words):
        run(generate(client_on(emulator, "joyai"), REQUESTS["joyai"]))


def test_a_failed_task_is_reported_with_its_reason(emulator):
    emulator.state.add_fault(FaultRule(provider="icodeeasy", route="create", action="fail_task"))
    update, pictures = run(generate(client_on(emulator, "icodeeasy"), REQUESTS["icodeeasy"]))
    assert update.state is TaskState.failed
    assert update.error is not None and "not billed" in str(update.error)
    assert pictures == []


def test_a_provider_that_is_down_is_unavailable(emulator):
    emulator.state.add_fault(FaultRule(provider="openai", route="check", status=503))
    client = client_on(emulator, "openai", max_attempts=2)
    with pytest.raises(ProviderUnavailable):
        run(_check_and_close(client))
