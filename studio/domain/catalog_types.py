"""The catalog's shapes: how a provider and a model are described (rows are in
`studio.domain.catalog`), and the size vocabulary the rows share."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from studio.domain.polling import PollSchedule

#: The long edge a local reference is sent at, unless its provider says otherwise
#: (`ProviderSpec.max_reference_edge`); a drop prepares the file at it ahead of the job.
REFERENCE_EDGE = 2048


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
class TokenPrices:
    """USD per million tokens, as published on `as_of` (OpenAI's model pages)."""

    as_of: str
    text_input: Decimal
    image_input: Decimal
    image_output: Decimal


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
    #: Billed by tokens: the published per-token prices (see TokenPrices).
    token_prices: TokenPrices | None = None
    #: Takes a mask (a PNG whose transparent pixels mark what to edit) on edits.
    takes_mask: bool = False
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
    #: Local references go to a bucket of its own, not the user's (the demo plays the bucket).
    own_ref_bucket: bool = False
    #: The provider documents that failed requests are not billed, so a 5xx create it answered
    #: in its own error envelope may be retried (a gateway's page proves nothing).
    failed_requests_unbilled: bool = False
    #: The provider documents that it refunds a job that failed after it was accepted.
    failed_jobs_refunded: bool = False
    #: The provider's result URLs are themselves credentials (never logged).
    result_urls_are_secret: bool = False
    #: The sizes its JSON edit body takes (OpenAI's EditImageBodyJsonParam), where it limits
    #: them; other sizes need the multipart form.
    json_edit_sizes: tuple[str, ...] | None = None
    #: It streams partial images (`stream`, `partial_images`).
    streams: bool = False
    max_reference_edge: int = REFERENCE_EDGE
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
