"""One vocabulary: ratio + resolution tier mean the same pixels for every provider and model."""

from __future__ import annotations

import pytest

from studio.domain.catalog import PROVIDERS, TIERS, SizeBy, model_spec
from studio.domain.models import GenerationRequest
from studio.domain.sizing import (
    RATIO_TOLERANCE,
    free_size,
    parse_ratio,
    plan_size,
    ratio_error,
    request_plan,
    tier_size,
)
from studio.domain.validation import validate

GPT_IMAGE_2 = model_spec("openai", "gpt-image-2")


def _request(provider: str, model: str, **fields: object) -> GenerationRequest:
    return GenerationRequest(provider=provider, model=model, prompt="a harbour", **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("ratio", [r for r in GPT_IMAGE_2.ratios if r != "auto"])
@pytest.mark.parametrize("tier", TIERS)
def test_gpt_image_2_free_sizes_keep_every_documented_limit(ratio, tier):
    width, height = free_size(parse_ratio(ratio), tier)
    assert width % 16 == 0 and height % 16 == 0
    assert ratio_error(width, height, parse_ratio(ratio)) <= RATIO_TOLERANCE
    assert max(width, height) <= 3840 and min(width, height) <= 2160
    assert max(width, height) <= 3 * min(width, height)


def test_the_issue_example_3_2_at_2k():
    plan = plan_size(GPT_IMAGE_2, _request("openai", "gpt-image-2", ratio="3:2", resolution="2k"))
    assert plan.size == "2048x1360"
    assert plan.pixels == (2048, 1360)
    assert plan.note is None


def test_above_2560x1440_is_said_to_be_experimental():
    plan = plan_size(GPT_IMAGE_2, _request("openai", "gpt-image-2", ratio="16:9", resolution="4k"))
    assert plan.size == "3840x2160"
    assert "experimental" in str(plan.note)


def test_a_fixed_size_model_gets_the_closest_supported_size_and_says_so():
    model = model_spec("openai", "gpt-image-1")
    plan = plan_size(model, _request("openai", "gpt-image-1", ratio="16:9"))
    assert plan.size == "1536x1024"
    assert "closest supported: 1536x1024, 3:2" in str(plan.note)


def test_a_fixed_size_that_matches_says_nothing():
    model = model_spec("openai", "gpt-image-1.5")
    plan = plan_size(model, _request("openai", "gpt-image-1.5", ratio="2:3"))
    assert (plan.size, plan.note) == ("1024x1536", None)


def test_joyai_edit_takes_its_star_sizes_from_a_ratio():
    model = model_spec("joyai", "joyai")
    plan = plan_size(model, _request("joyai", "joyai", ratio="9:16"))
    assert (plan.size, plan.pixels, plan.note) == ("720*1280", (720, 1280), None)


def test_size_wins_over_ratio_and_resolution():
    plan = plan_size(
        GPT_IMAGE_2,
        _request("openai", "gpt-image-2", ratio="16:9", resolution="4k", size="1024x1536"),
    )
    assert (plan.size, plan.pixels) == ("1024x1536", (1024, 1536))


def test_no_ratio_keeps_the_models_default_size():
    plan = plan_size(GPT_IMAGE_2, _request("openai", "gpt-image-2"))
    assert (plan.size, plan.pixels) == ("auto", None)


def test_auto_leaves_the_size_to_the_model_whatever_the_tier():
    plan = plan_size(GPT_IMAGE_2, _request("openai", "gpt-image-2", ratio="auto", resolution="2k"))
    assert (plan.size, plan.pixels) == ("auto", None)
    square = plan_size(GPT_IMAGE_2, _request("openai", "gpt-image-2", resolution="2k"))
    assert square.size == "2048x2048"


def test_icodeeasy_pixels_come_from_the_same_mapping():
    model = model_spec("icodeeasy", "gpt-image-2")
    plan = plan_size(model, _request("icodeeasy", "gpt-image-2", ratio="16:9", resolution="2k"))
    assert (plan.ratio, plan.resolution) == ("16:9", "2k")
    assert plan.pixels == tier_size((16, 9), "2k") == (2048, 1152)


@pytest.mark.parametrize(
    ("provider", "model"),
    [(p.id, m.id) for p in PROVIDERS for m in p.models if m.ratios and p.id != "demo"],
)
def test_ratio_is_accepted_by_every_model_that_lists_it(provider, model):
    spec = model_spec(provider, model)
    ratio = next(r for r in spec.ratios if r != "auto")
    refs = ("https://example.com/a.png",) * spec.min_refs
    from studio.domain.models import ReferenceImage

    request = _request(provider, model, ratio=ratio, references=tuple(map(ReferenceImage, refs)))
    validate(request)
    assert request_plan(request) is not None


def test_every_openai_model_takes_ratio_and_resolution():
    for spec in PROVIDERS:
        if spec.id != "openai":
            continue
        for model in spec.models:
            assert model.size_by is SizeBy.pixels
            validate(_request("openai", model.id, ratio="3:2", resolution="2k"))
