"""Exact cost for token-billed models: the reply's usage x the dated price table; the estimate
from the same table before sending."""

from __future__ import annotations

from decimal import Decimal

import pytest

from studio.domain.catalog import OPENAI_MODELS, OPENAI_TOKEN_PRICES
from studio.domain.models import Cost, GenerationRequest, ReferenceImage
from studio.domain.pricing import FROM_USAGE, USD, estimate_cost, usage_cost

USAGE = {
    "total_tokens": 4210,
    "input_tokens": 50,
    "output_tokens": 4160,
    "input_tokens_details": {"text_tokens": 10, "image_tokens": 40},
}


def test_every_openai_model_has_a_dated_price():
    for model in OPENAI_MODELS:
        prices = model.token_prices
        assert prices is not None and len(prices.as_of) == 10
        assert min(prices.text_input, prices.image_input, prices.image_output) > 0


def test_usage_times_the_published_prices_is_the_charge():
    # gpt-image-1: $5 text in, $10 image in, $40 image out per 1M tokens.
    cost = usage_cost(OPENAI_TOKEN_PRICES["gpt-image-1"], USAGE)
    assert cost == Cost(Decimal("0.16685"), USD, basis=FROM_USAGE)


@pytest.mark.parametrize(
    "usage",
    [
        {},
        {"output_tokens": 10},
        {"output_tokens": "10", "input_tokens_details": {"text_tokens": 1, "image_tokens": 0}},
        {"output_tokens": 10, "input_tokens_details": {"text_tokens": -1, "image_tokens": 0}},
        {"output_tokens": True, "input_tokens_details": {"text_tokens": 1, "image_tokens": 0}},
    ],
)
def test_usage_that_is_not_whole_counts_prices_nothing(usage):
    assert usage_cost(OPENAI_TOKEN_PRICES["gpt-image-2"], usage) is None


def test_the_estimate_comes_from_the_same_table():
    request = GenerationRequest(
        provider="openai", model="gpt-image-1", prompt="x" * 36, quality="high", size="1024x1024"
    )
    # 10 text tokens, no images in, 4160 image tokens out for one high 1024x1024 image:
    # $0.16645, rounded up to the tenth of a cent.
    assert estimate_cost(request) == Cost(Decimal("0.167"), USD)


def test_the_estimate_grows_with_size_count_and_references():
    base = GenerationRequest(
        provider="openai", model="gpt-image-2", prompt="a cat", size="1024x1024"
    )
    small = estimate_cost(base)
    bigger = estimate_cost(
        GenerationRequest(**{**base.to_dict(), "references": (), "size": "1536x1024"})
    )
    more = estimate_cost(GenerationRequest(**{**base.to_dict(), "references": (), "count": 3}))
    edit = estimate_cost(
        GenerationRequest(
            provider="openai",
            model="gpt-image-2",
            prompt="a cat",
            size="1024x1024",
            references=(ReferenceImage("https://example.com/a.png"),),
        )
    )
    assert small.amount < bigger.amount and small.amount < more.amount < 3 * small.amount + 1
    assert small.amount < edit.amount


def test_other_providers_keep_their_price_tables():
    request = GenerationRequest(provider="gptimage2ai", model="gpt-image-2", prompt="x", count=2)
    assert str(estimate_cost(request)) == "20 credits"


def test_the_basis_survives_the_journal_round_trip():
    cost = Cost(Decimal("0.1"), USD, basis=FROM_USAGE)
    assert Cost.from_dict(cost.to_dict()) == cost
    assert Cost.from_dict({"amount": "3", "unit": "credits"}) == Cost(Decimal(3), "credits")
