"""A request is resolved once (#22): submit works out its provider and model specs, address,
key source and price one time (`studio.domain.plan`), and every step after that works from
that value. Counted by wrapping the catalog's look-ups wherever a studio module has bound them,
and recording which module asked."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from studio.domain import catalog
from studio.domain.models import GenerationRequest, JobState
from studio.domain.plan import resolve
from studio.domain.validation import Refusal
from tests.engine.test_runner import KEY_VARS, PROVIDER_REQUESTS
from tests.helpers import run

LOOKUPS = ("provider_spec", "model_spec")


@pytest.fixture
def lookups(monkeypatch: pytest.MonkeyPatch) -> Counter[tuple[str, str]]:
    """(look-up, asking module) -> calls, for the engine's, providers' and domain's modules."""
    import studio.engine.steps  # noqa: F401 - bound before wrapping, like a warm engine

    seen: Counter[tuple[str, str]] = Counter()

    def counting(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            asker = sys._getframe(1).f_globals.get("__name__", "?")
            if asker.startswith(("studio.engine", "studio.providers", "studio.domain")):
                seen[(name, asker)] += 1
            return real(*args, **kwargs)

        return wrapper

    for name in LOOKUPS:
        real = getattr(catalog, name)
        wrapped = counting(name, real)
        for module in list(sys.modules.values()):
            if getattr(module, "__name__", "").startswith("studio") and (
                getattr(module, name, None) is real
            ):
                monkeypatch.setattr(module, name, wrapped)
    return seen


@pytest.mark.parametrize("provider", sorted(PROVIDER_REQUESTS))
def test_one_submit_looks_the_provider_up_once_from_create_to_saved_file(
    provider, make_engine, emulator, monkeypatch, lookups
):
    monkeypatch.setenv(KEY_VARS[provider], "sk_test_key")

    async def scenario():
        engine = make_engine({provider: emulator.base_url(provider)})
        try:
            job = await engine.submit(PROVIDER_REQUESTS[provider])
            return await engine.wait(job.id)
        finally:
            await engine.aclose()

    job = run(scenario())
    assert job.state is JobState.succeeded, job.error_message
    assert dict(lookups) == {("provider_spec", "studio.domain.validation"): 1}


def test_a_plan_carries_the_checked_address_the_key_source_and_the_price():
    request = PROVIDER_REQUESTS["joyai"]
    plan = resolve(request, configured_base_url="https://joy.example.com/v1/", key_env="MY_KEY")
    assert plan.provider.id == "joyai" and plan.model.id == "gptimage2"
    assert plan.base_url == "https://joy.example.com/v1"  # checked and normalised
    assert plan.key_env == "MY_KEY" and plan.needs_key
    assert plan.estimate == catalog.estimate_cost(request)
    # The caller's address wins over the configured one; the default applies when neither.
    assert resolve(request, base_url="http://127.0.0.1:9/v1").base_url == "http://127.0.0.1:9/v1"
    assert resolve(request).base_url == plan.provider.default_base_url.rstrip("/")
    demo = resolve(GenerationRequest(provider="demo", model="gptimage2", prompt="x"))
    assert demo.base_url is None and not demo.needs_key


def test_a_plan_refuses_what_validation_refuses_unless_the_job_was_already_sent():
    request = GenerationRequest(provider="joyai", model="gptimage2", prompt="  ")
    with pytest.raises(Refusal):
        resolve(request)
    with pytest.raises(Refusal):
        resolve(PROVIDER_REQUESTS["joyai"], base_url="http://example.com/v1")  # not loopback
    assert resolve(request, validated=False).provider.id == "joyai"  # resume goes on
