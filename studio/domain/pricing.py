"""What a job costs in USD where the provider bills tokens (OpenAI): the estimate before
sending and the charge from the final reply's `usage`, both from the catalog's dated per-token
price table (`ModelSpec.token_prices`). Other providers' prices come from the catalog as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_UP, Decimal
from typing import Any, TypeGuard

from studio.domain import catalog
from studio.domain.catalog import INPUT_IMAGE_TOKENS, OUTPUT_TOKENS_1024, ModelSpec, TokenPrices
from studio.domain.models import Cost, GenerationRequest
from studio.domain.sizing import plan_size

USD = "USD"
#: The charge worked out from the reply's token counts (Cost.basis).
FROM_USAGE = "usage"
_MILLION = Decimal(1_000_000)
ESTIMATE_STEP = Decimal("0.001")
#: "auto" may pick any standard size: the estimate takes the largest.
_AUTO_PIXELS = (1536, 1024)


def estimate_cost(request: GenerationRequest, *, model: ModelSpec | None = None) -> Cost | None:
    """The price of this request before it is sent, or None where nothing is published
    (`model`: the request's model, when the caller has looked it up already)."""
    if model is None:
        try:
            model = catalog.model_spec(request.provider, request.model)
        except KeyError:
            return None
    if model.token_prices is None or request.provider == "demo":
        return catalog.estimate_cost(request, model=model)
    return _token_estimate(request, model)


def _token_estimate(request: GenerationRequest, model: ModelSpec) -> Cost:
    prices = model.token_prices
    assert prices is not None
    default_quality = model.default_quality
    text_tokens = len(request.prompt) // 4 + 1
    image_tokens = INPUT_IMAGE_TOKENS * (len(request.references) + (1 if request.mask else 0))
    quality = request.quality or default_quality or "medium"
    per_image = OUTPUT_TOKENS_1024.get(quality, OUTPUT_TOKENS_1024["medium"])
    try:
        pixels = plan_size(model, request).pixels
    except ValueError:  # a shape no size can have: validation says why
        pixels = None
    width, height = pixels or _AUTO_PIXELS
    output_tokens = round(per_image * width * height / (1024 * 1024)) * max(1, request.count)
    cost = _priced(prices, text_tokens, image_tokens, output_tokens, basis=None)
    # An estimate to the tenth of a cent, rounded up: its last digits promise nothing.
    return Cost(cost.amount.quantize(ESTIMATE_STEP, rounding=ROUND_UP), USD)


def usage_cost(prices: TokenPrices, usage: Mapping[str, Any]) -> Cost | None:
    """The charge for an `ImagesUsage` object: input text and image tokens and output tokens
    times the model's prices. None when the counts are missing or not whole numbers."""
    details = usage.get("input_tokens_details")
    output = usage.get("output_tokens")
    if not isinstance(details, Mapping) or not _count(output):
        return None
    text, image = details.get("text_tokens"), details.get("image_tokens")
    if not _count(text) or not _count(image):
        return None
    return _priced(prices, text, image, output, basis=FROM_USAGE)


def _count(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**9


def _priced(prices: TokenPrices, text: int, image: int, output: int, *, basis: str | None) -> Cost:
    amount = (
        text * prices.text_input + image * prices.image_input + output * prices.image_output
    ) / _MILLION
    return Cost(amount, USD, basis=basis)
