"""The catalog: one declarative row per provider and model, taken from the providers' documents.

Validation, the cost estimate, the request builders and the UI's selectors all read these tables;
a new model is a new row, not new code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from studio.domain.i18n import QT_TRANSLATE_NOOP
from studio.domain.models import Cost, GenerationRequest
from studio.domain.polling import PollSchedule


class RefForm(StrEnum):
    """How a provider can receive a reference picture."""

    url = "url"  # an https URL the provider fetches
    data_url = "data_url"  # data:image/...;base64 inside JSON
    upload = "upload"  # a multipart file part


class SizeBy(StrEnum):
    """How a model is told the picture's size (see studio/domain/sizing.py)."""

    ratio = "ratio"  # the provider takes the ratio (and resolution tier) itself
    pixels = "pixels"  # the studio turns ratio + tier into one of the model's pixel sizes


class SizeRule(StrEnum):
    """How free-form `size` strings are checked, where a model takes them."""

    none = "none"
    star = "star"  # JoyAI: "1024*1024"
    openai = "openai"  # WIDTHxHEIGHT, multiples of 16, ratio within 1:3..3:1, <= 3840x2160


@dataclass(frozen=True)
class Price:
    """What a job costs: per request, per image, per image by quality, or a
    (mode, quality) -> per-resolution table (JoyAI's gptimage2)."""

    unit: str
    per_request: Decimal | None = None
    per_image: Decimal | None = None
    per_image_by_quality: Mapping[str, Decimal] = field(default_factory=dict)
    by_mode_quality_resolution: Mapping[tuple[str, str], tuple[int, ...]] = field(
        default_factory=dict
    )


@dataclass(frozen=True)
class ModelSpec:
    id: str  # the model name sent on the wire
    label: str
    max_prompt: int
    min_refs: int = 0
    max_refs: int = 0
    qualities: tuple[str, ...] = ()
    default_quality: str | None = None
    ratios: tuple[str, ...] = ()
    default_ratio: str | None = None
    resolutions: tuple[str, ...] = ()
    default_resolution: str | None = None
    sizes: tuple[str, ...] = ()  # presets offered in selectors
    size_rule: SizeRule = SizeRule.none
    default_size: str | None = None
    size_by: SizeBy = SizeBy.ratio
    max_count: int = 1
    formats: tuple[str, ...] = ()
    default_format: str | None = None
    extras: frozenset[str] = frozenset()
    price: Price | None = None
    description: str = ""

    @property
    def takes_references(self) -> bool:
        return self.max_refs > 0


@dataclass(frozen=True)
class ProviderSpec:
    id: str
    label: str
    protocol: str  # providers/<protocol>.py speaks it
    default_base_url: str
    key_env: str | None  # environment variable read for the key; None: no key needed
    models: tuple[ModelSpec, ...]
    ref_forms: frozenset[RefForm]
    #: Forms that need the user's consent (--inline-refs): the docs promise only URLs.
    opt_in_ref_forms: frozenset[RefForm] = frozenset()
    #: The provider documents that failed requests are not billed, so a 5xx create it answered
    #: in its own error envelope may be retried (a gateway's page proves nothing).
    failed_requests_unbilled: bool = False
    #: The provider documents that it refunds a job that failed after it was accepted.
    failed_jobs_refunded: bool = False
    #: The provider's result URLs are themselves credentials (never logged).
    result_urls_are_secret: bool = False
    max_reference_edge: int = 2048
    docs: str = ""
    #: Seconds between polls once a task has run a while (see studio/domain/polling.py).
    poll_interval: float = 2.0

    @property
    def poll_schedule(self) -> PollSchedule:
        return PollSchedule(steady=self.poll_interval)

    def model(self, model_id: str) -> ModelSpec:
        for spec in self.models:
            if spec.id == model_id:
                return spec
        raise KeyError(model_id)

    @property
    def default_model(self) -> ModelSpec:
        return self.models[0]


GPT_IMAGE_RATIOS = ("1:1", "3:2", "2:3", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9")
#: The ratios and tiers of models whose sizes the studio works out (SizeBy.pixels): every
#: shape within gpt-image-2's 1:3..3:1.
PIXEL_RATIOS = (
    "1:1",
    "3:2",
    "2:3",
    "4:3",
    "3:4",
    "5:4",
    "4:5",
    "16:9",
    "9:16",
    "2:1",
    "1:2",
    "21:9",
    "9:21",
)
TIERS = ("1k", "2k", "4k")
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
    ratios=(
        "1:1",
        "3:2",
        "2:3",
        "4:3",
        "3:4",
        "5:4",
        "4:5",
        "16:9",
        "9:16",
        "2:1",
        "1:2",
        "21:9",
        "9:21",
        "auto",
    ),
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


def _openai_model(model_id: str, label: str, *, free_size: bool) -> ModelSpec:
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
        max_count=10,
        formats=("png", "jpeg", "webp"),
        default_format="png",
        extras=frozenset({"background", "output_compression", "moderation"}),
        price=None,  # billed in tokens; no per-image price is documented
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

PROVIDERS: tuple[ProviderSpec, ...] = (
    ProviderSpec(
        id="demo",
        label=QT_TRANSLATE_NOOP("studio.catalog", "Demo (offline)"),
        protocol="joyai",
        default_base_url="http://demo.invalid",
        key_env=None,
        models=JOYAI_MODELS,
        ref_forms=frozenset({RefForm.url, RefForm.data_url}),
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


def estimate_cost(request: GenerationRequest) -> Cost | None:
    """The documented price of this request, or None where the provider bills otherwise."""
    model = model_spec(request.provider, request.model)
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
