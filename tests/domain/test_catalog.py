"""The cost estimate follows each provider's documented price table."""

from __future__ import annotations

from decimal import Decimal

import pytest

from studio.domain.catalog import estimate_cost
from studio.domain.models import GenerationRequest, ReferenceImage

REF = (ReferenceImage("https://example.com/a.png"),)


@pytest.mark.parametrize(
    ("quality", "resolution", "edit", "credits"),
    [
        ("low", "1k", False, 2),
        ("low", "4k", False, 6),
        ("medium", "2k", False, 24),
        ("high", "2k", False, 88),
        ("high", "4k", False, 132),
        ("low", "1k", True, 6),
        ("low", "4k", True, 18),
        ("medium", "1k", True, 12),
        ("high", "1k", True, 44),
    ],
)
def test_joyai_gptimage2_credits_table(quality, resolution, edit, credits):
    request = GenerationRequest(
        provider="joyai",
        model="gptimage2",
        prompt="x",
        quality=quality,
        resolution=resolution,
        references=REF if edit else (),
    )
    assert estimate_cost(request).amount == credits


def test_joyai_edit_costs_24_credits_per_request():
    cost = estimate_cost(
        GenerationRequest(provider="joyai", model="joyai", prompt="x", references=REF)
    )
    assert str(cost) == "24 credits"


def test_joyai_gptimage2_defaults_to_medium_1k():
    assert (
        estimate_cost(GenerationRequest(provider="joyai", model="gptimage2", prompt="x")).amount
        == 12
    )


def test_gptimage2ai_costs_ten_credits_per_image():
    cost = estimate_cost(
        GenerationRequest(provider="gptimage2ai", model="gpt-image-2", prompt="x", count=3)
    )
    assert str(cost) == "30 credits"


@pytest.mark.parametrize(
    ("quality", "cny"),
    [("low", "0.30"), ("medium", "0.60"), ("auto", "0.60"), ("high", "1.20"), (None, "0.60")],
)
def test_icodeeasy_bills_cny_per_image_by_quality(quality, cny):
    cost = estimate_cost(
        GenerationRequest(
            provider="icodeeasy", model="gpt-image-2", prompt="x", quality=quality, count=3
        )
    )
    assert cost.amount == Decimal(cny) and cost.unit == "CNY"


def test_openai_has_no_per_image_price_and_demo_is_free():
    assert (
        estimate_cost(GenerationRequest(provider="openai", model="gpt-image-2", prompt="x")) is None
    )
    assert (
        estimate_cost(GenerationRequest(provider="demo", model="gptimage2", prompt="x")).amount == 0
    )
