"""The catalog's rows for OpenAI's GPT image models, billed by tokens: their options and the
dated per-token price table the estimate and the charge both read (studio/domain/pricing.py)."""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType

from studio.domain.catalog_types import (
    PIXEL_RATIOS,
    TIERS,
    ModelSpec,
    SizeBy,
    SizeRule,
    TokenPrices,
)
from studio.domain.i18n import QT_TRANSLATE_NOOP

#: OpenAI's prices in USD per 1M tokens (text input, image input, image output), taken on the
#: date given: gpt-image-1 and gpt-image-1-mini from their pages on developers.openai.com,
#: gpt-image-2 and gpt-image-1.5 from listings quoting OpenAI's pricing page. A price change is
#: a new date and new figures, checked against openai.com/api/pricing.
OPENAI_TOKEN_PRICES = {
    "gpt-image-2": TokenPrices("2026-12-03", Decimal(5), Decimal(8), Decimal(30)),
    "gpt-image-1.5": TokenPrices("2026-12-03", Decimal(5), Decimal(8), Decimal(32)),
    "gpt-image-1": TokenPrices("2026-12-03", Decimal(5), Decimal(10), Decimal(40)),
    "gpt-image-1-mini": TokenPrices("2026-12-03", Decimal(2), Decimal("2.5"), Decimal(8)),
}
#: Output tokens of one 1024x1024 image by quality (OpenAI's image generation guide); other
#: sizes scale by area. "auto" is estimated as medium.
OUTPUT_TOKENS_1024 = MappingProxyType({"low": 272, "medium": 1056, "high": 4160})
#: Input tokens estimated per reference image (and mask) before sending.
INPUT_IMAGE_TOKENS = 1024


def _openai_model(model_id: str, label: str, *, free_size: bool) -> ModelSpec:
    extras = {
        "background",
        "output_compression",
        "moderation",
        "user",
        "partial_images",
        "input_fidelity",
    }
    if model_id == "gpt-image-1-mini":
        extras.discard("input_fidelity")  # not documented for the mini model
    return ModelSpec(
        id=model_id,
        label=label,
        max_prompt=32000,
        max_refs=16,
        qualities=("auto", "low", "medium", "high"),
        default_quality="auto",
        sizes=("auto", "1024x1024", "1536x1024", "1024x1536"),
        size_rule=SizeRule.openai if free_size else SizeRule.none,
        default_size="auto",
        size_by=SizeBy.pixels,
        # "auto" lets the model choose the size (the default).
        ratios=("auto", *PIXEL_RATIOS),
        default_ratio="auto",
        resolutions=TIERS,
        default_resolution="1k",
        max_count=10,
        formats=("png", "jpeg", "webp"),
        default_format="png",
        extras=frozenset(extras),
        token_prices=OPENAI_TOKEN_PRICES[model_id],
        takes_mask=True,
        description=QT_TRANSLATE_NOOP(
            "studio.catalog", "OpenAI Images; results come back inline (b64_json)."
        ),
    )


OPENAI_MODELS = (
    _openai_model("gpt-image-2", "GPT Image 2", free_size=True),
    _openai_model("gpt-image-1.5", "GPT Image 1.5", free_size=False),
    _openai_model("gpt-image-1", "GPT Image 1", free_size=False),
    _openai_model("gpt-image-1-mini", "GPT Image 1 mini", free_size=False),
)
