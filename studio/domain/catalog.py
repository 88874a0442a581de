"""The catalog: one declarative row per provider and model, taken from the providers' documents.

Validation, the cost estimate, the request builders and the UI's selectors all read these tables;
a new model is a new row, not new code.
"""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType

from studio.domain.catalog_openai import (
    INPUT_IMAGE_TOKENS,
    OPENAI_MODELS,
    OPENAI_TOKEN_PRICES,
    OUTPUT_TOKENS_1024,
)
from studio.domain.catalog_types import (
    PIXEL_RATIOS,
    TIERS,
    ModelSpec,
    Price,
    ProviderSpec,
    RefForm,
    SizeBy,
    SizeRule,
    TokenPrices,
)
from studio.domain.i18n import QT_TRANSLATE_NOOP
from studio.domain.models import Cost, GenerationRequest

__all__ = [
    "INPUT_IMAGE_TOKENS",
    "OPENAI_MODELS",
    "OPENAI_TOKEN_PRICES",
    "OUTPUT_TOKENS_1024",
    "PIXEL_RATIOS",
    "PROVIDERS",
    "PROVIDER_IDS",
    "TIERS",
    "ModelSpec",
    "Price",
    "ProviderSpec",
    "RefForm",
    "SizeBy",
    "SizeRule",
    "TokenPrices",
    "estimate_cost",
    "model_spec",
    "provider_spec",
]

GPT_IMAGE_RATIOS = ("1:1", "3:2", "2:3", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9")
QUALITIES = ("low", "medium", "high")

_JOYAI_GPTIMAGE2_PRICE = Price(
    unit="credits",
    by_mode_quality_resolution=MappingProxyType(
        {
            ("text", "low"): (2, 4, 6),
            ("text", "medium"): (12, 24, 36),
            ("text", "high"): (44, 88, 132),
            ("edit", "low"): (6, 12, 18),
            ("edit", "medium"): (12, 24, 36),
            ("edit", "high"): (44, 88, 132),
        }
    ),
)

JOYAI_MODELS = (
    ModelSpec(
        id="gptimage2",
        label="GPT Image 2",
        max_prompt=20000,
        min_refs=0,
        max_refs=16,
        qualities=QUALITIES,
        default_quality="medium",
        ratios=GPT_IMAGE_RATIOS,
        default_ratio="1:1",
        resolutions=("1k", "2k", "4k"),
        default_resolution="1k",
        formats=("png", "jpeg", "webp"),
        default_format="png",
        extras=frozenset({"callback_url"}),
        price=_JOYAI_GPTIMAGE2_PRICE,
        description=QT_TRANSLATE_NOOP(
            "studio.catalog", "Text-to-image, or image editing when references are given."
        ),
    ),
    ModelSpec(
        id="joyai",
        label="JoyAI Edit",
        max_prompt=1500,
        min_refs=1,
        max_refs=3,
        sizes=("1024*1024", "1024*768", "768*1024", "1280*720", "720*1280"),
        size_rule=SizeRule.star,
        default_size="1024*1024",
        size_by=SizeBy.pixels,
        ratios=PIXEL_RATIOS,
        resolutions=TIERS,
        default_resolution="1k",
        extras=frozenset({"callback_url"}),
        price=Price(unit="credits", per_request=Decimal(24)),
        description=QT_TRANSLATE_NOOP(
            "studio.catalog", "Instruction-based editing of 1 to 3 reference images."
        ),
    ),
)

GPTIMAGE2AI_MODEL = ModelSpec(
    id="gpt-image-2",
    label="GPT Image 2",
    # Not documented by GPTImage2.ai; the GPT image models' own limit (OpenAI spec) applies.
    max_prompt=32000,
    max_refs=16,
    ratios=("1:1", "16:9", "9:16", "4:3", "3:4"),
    default_ratio="1:1",
    max_count=4,
    extras=frozenset({"style", "lighting", "camera", "negative"}),
    price=Price(unit="credits", per_image=Decimal(10)),
    description=QT_TRANSLATE_NOOP(
        "studio.catalog",
        "Text-to-image or image-to-image with reference URLs; 1 to 4 images per job.",
    ),
)

ICODEEASY_MODEL = ModelSpec(
    id="gpt-image-2",
    label="GPT Image 2",
    max_prompt=32000,
    max_refs=16,
    qualities=("low", "medium", "high", "auto"),
    default_quality="medium",
    ratios=(*PIXEL_RATIOS, "auto"),
    default_ratio="1:1",
    resolutions=("1k", "2k"),
    default_resolution="1k",
    sizes=("1024x1024", "1536x1024", "1024x1536"),
    size_rule=SizeRule.openai,
    max_count=10,
    price=Price(
        unit="CNY",
        per_image_by_quality=MappingProxyType(
            {
                "low": Decimal("0.10"),
                "medium": Decimal("0.20"),
                "auto": Decimal("0.20"),
                "high": Decimal("0.40"),
            }
        ),
    ),
    description=QT_TRANSLATE_NOOP(
        "studio.catalog", "OpenAI-compatible GPT Image 2, billed per image by quality tier."
    ),
)


PROVIDERS: tuple[ProviderSpec, ...] = (
    ProviderSpec(
        id="demo",
        label=QT_TRANSLATE_NOOP("studio.catalog", "Demo (offline)"),
        protocol="joyai",
        default_base_url="http://demo.invalid",
        key_env=None,
        models=JOYAI_MODELS,
        ref_forms=frozenset({RefForm.url, RefForm.data_url}),
        own_ref_bucket=True,
        docs="The built-in emulator: placeholder images, no key, no network.",
    ),
    ProviderSpec(
        id="joyai",
        label="JoyAI Image API",
        protocol="joyai",
        default_base_url="https://joyai-image.com",
        key_env="JOYAI_API_KEY",
        models=JOYAI_MODELS,
        ref_forms=frozenset({RefForm.url}),
        opt_in_ref_forms=frozenset({RefForm.data_url}),
    ),
    ProviderSpec(
        id="gptimage2ai",
        label="GPTImage2.ai",
        protocol="gptimage2ai",
        default_base_url="https://gptimage2.ai",
        key_env="GPTIMAGE2_API_KEY",
        models=(GPTIMAGE2AI_MODEL,),
        ref_forms=frozenset({RefForm.url}),
        opt_in_ref_forms=frozenset({RefForm.data_url}),
        poll_interval=2.5,  # its cURL, Node and Python examples all wait 2.5 s per poll
        failed_jobs_refunded=True,  # "Failed upstream jobs are refunded"
    ),
    ProviderSpec(
        id="icodeeasy",
        label="icodeeasy (OpenAI Images)",
        protocol="openai_images",
        default_base_url="https://jp.icodeeasy.cc/v1",
        key_env="ICODEEASY_API_KEY",
        models=(ICODEEASY_MODEL,),
        ref_forms=frozenset({RefForm.url, RefForm.data_url, RefForm.upload}),
        failed_requests_unbilled=True,
        result_urls_are_secret=True,
        # "One image usually takes 30 to 60 seconds": 3 s adds ~1.5 s (3-5%) on average.
        poll_interval=3.0,
    ),
    ProviderSpec(
        id="openai",
        label="OpenAI",
        protocol="openai_images",
        default_base_url="https://api.openai.com/v1",
        key_env="OPENAI_API_KEY",
        models=OPENAI_MODELS,
        ref_forms=frozenset({RefForm.url, RefForm.data_url, RefForm.upload}),
        json_edit_sizes=("auto", "1024x1024", "1536x1024", "1024x1536"),
        streams=True,
    ),
)

PROVIDER_IDS = tuple(p.id for p in PROVIDERS)


def provider_spec(provider_id: str) -> ProviderSpec:
    for spec in PROVIDERS:
        if spec.id == provider_id:
            return spec
    raise KeyError(provider_id)


def model_spec(provider_id: str, model_id: str | None) -> ModelSpec:
    provider = provider_spec(provider_id)
    return provider.default_model if model_id is None else provider.model(model_id)


def estimate_cost(request: GenerationRequest, *, model: ModelSpec | None = None) -> Cost | None:
    """The documented per-request/per-image price of this request, or None where the provider
    bills otherwise (tokens: `studio.domain.pricing.estimate_cost` covers those too; `model`:
    the request's model, when the caller has looked it up already)."""
    model = model or model_spec(request.provider, request.model)
    price = model.price
    if price is None:
        return None
    if request.provider == "demo":
        return Cost(Decimal(0), price.unit)
    count = max(1, request.count)
    if price.per_request is not None:
        return Cost(price.per_request, price.unit)
    if price.per_image is not None:
        return Cost(price.per_image * count, price.unit)
    quality = request.quality or model.default_quality or ""
    if price.per_image_by_quality:
        return Cost(price.per_image_by_quality[quality] * count, price.unit)
    mode = "edit" if request.is_edit else "text"
    per_resolution = price.by_mode_quality_resolution[(mode, quality)]
    resolution = request.resolution or model.default_resolution or model.resolutions[0]
    return Cost(Decimal(per_resolution[model.resolutions.index(resolution)]), price.unit)
