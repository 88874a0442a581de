"""One vocabulary for picture sizes: an aspect ratio and a resolution tier mean the same pixels
for every provider and model.

A tier names the long edge (1k = 1024, 2k = 2048, 4k = 3840 pixels), as the providers that take
ratio and tier themselves (JoyAI's gptimage2, icodeeasy) document it. Models that take pixel
sizes instead get them worked out here:

- free sizes (OpenAI's gpt-image-2): both sides multiples of 16, within 2% of the ratio, the
  shape within 1:3..3:1, at most 3840x2160 (above 2560x1440 is experimental);
- fixed sizes (gpt-image-1*, JoyAI's edit model): the supported size nearest to the ratio, and
  a note saying so before anything is sent ("closest supported: 1536x1024, 3:2").

An explicit size (`--size`) always wins. No Qt, no I/O.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from studio.domain.catalog import ModelSpec, SizeBy, SizeRule, model_spec
from studio.domain.i18n import QT_TRANSLATE_NOOP, Text
from studio.domain.models import GenerationRequest

#: The long edge of each resolution tier.
TIER_LONG_EDGE = {"1k": 1024, "2k": 2048, "4k": 3840}
#: gpt-image-2's limits for free sizes (reference/openai-openapi.yaml, CreateImageRequest.size).
FREE_MAX_LONG, FREE_MAX_SHORT, FREE_MAX_SHAPE = 3840, 2160, 3.0
EXPERIMENTAL_ABOVE = (2560, 1440)
#: How far a computed size may be from the asked ratio.
RATIO_TOLERANCE = 0.02
_PIXELS = re.compile(r"^(\d{1,5})[x*](\d{1,5})$")
_RATIO = re.compile(r"^(\d{1,3}):(\d{1,3})$")
_CONTEXT = "studio.sizing"


def parse_pixels(size: str | None) -> tuple[int, int] | None:
    """(width, height) of "1536x1024" or "1024*768"; None for anything else ("auto", "16:9")."""
    match = _PIXELS.match(size or "")
    return (int(match[1]), int(match[2])) if match else None


def parse_ratio(ratio: str | None) -> tuple[int, int] | None:
    match = _RATIO.match(ratio or "")
    if not match or not int(match[1]) or not int(match[2]):
        return None
    return int(match[1]), int(match[2])


def ratio_label(width: int, height: int) -> str:
    """The reduced ratio of a pixel size: 1536x1024 -> "3:2"."""
    divisor = math.gcd(width, height)
    return f"{width // divisor}:{height // divisor}"


def ratio_error(width: int, height: int, ratio: tuple[int, int]) -> float:
    """How far width:height is from `ratio`, as a fraction (0.01 = 1%)."""
    return abs((width / height) / (ratio[0] / ratio[1]) - 1)


def tier_size(ratio: tuple[int, int], tier: str) -> tuple[int, int]:
    """The tier's long edge with the short side from the ratio, in steps of 16."""
    long_edge = TIER_LONG_EDGE[tier]
    a, b = ratio
    short = max(16, round(long_edge * min(a, b) / max(a, b) / 16) * 16)
    return (long_edge, short) if a >= b else (short, long_edge)


def free_size(ratio: tuple[int, int], tier: str) -> tuple[int, int]:
    """gpt-image-2's pixel size for a ratio and tier: `tier_size` shrunk into the model's
    limits, both sides multiples of 16, the ratio within RATIO_TOLERANCE."""
    a, b = ratio
    shape = max(a, b) / min(a, b)
    if shape > FREE_MAX_SHAPE:
        raise ValueError(f"the ratio {a}:{b} is outside 1:3..3:1")
    long_target = min(TIER_LONG_EDGE[tier], FREE_MAX_LONG, FREE_MAX_SHORT * shape)
    best: tuple[float, int, int] | None = None
    long_edge = int(long_target) // 16 * 16
    # The largest long edge (stepping down by 16) whose rounded short side keeps the ratio.
    while long_edge >= 16 and (best is None or best[0] > RATIO_TOLERANCE):
        short = min(max(16, round(long_edge / shape / 16) * 16), FREE_MAX_SHORT)
        size = (long_edge, short) if a >= b else (short, long_edge)
        error = ratio_error(size[0], size[1], ratio)
        if best is None or error < best[0]:
            best = (error, *size)
        long_edge -= 16
    assert best is not None
    return best[1], best[2]


def is_experimental(width: int, height: int) -> bool:
    """Above 2560x1440 pixels, gpt-image-2's output is documented as experimental."""
    return width * height > EXPERIMENTAL_ABOVE[0] * EXPERIMENTAL_ABOVE[1]


def nearest_preset(
    sizes: tuple[str, ...], ratio: tuple[int, int], tier: str
) -> tuple[str, tuple[int, int]]:
    """The supported size closest in shape to `ratio`, then closest in long edge to the tier."""
    want = math.log(ratio[0] / ratio[1])
    edge = TIER_LONG_EDGE[tier]
    candidates = [(s, p) for s in sizes if (p := parse_pixels(s)) is not None]
    if not candidates:
        raise ValueError("the model lists no pixel sizes")
    return min(
        candidates,
        key=lambda c: (
            round(abs(math.log(c[1][0] / c[1][1]) - want), 3),
            abs(max(c[1]) - edge),
        ),
    )


@dataclass(frozen=True)
class SizePlan:
    """What a request's size settings become on the wire, and what should come back."""

    #: The value of the model's size field (a pixel size or "auto"), where it takes one.
    size: str | None = None
    #: Sent as the ratio / resolution fields of providers that take them themselves.
    ratio: str | None = None
    resolution: str | None = None
    #: The pixel size that will be requested, where it is known before sending.
    pixels: tuple[int, int] | None = None
    #: Said before sending: a size other than the one asked for, or an experimental one.
    note: Text | None = None

    @property
    def pixels_text(self) -> str | None:
        return f"{self.pixels[0]}x{self.pixels[1]}" if self.pixels else None


def plan_size(model: ModelSpec, request: GenerationRequest) -> SizePlan:
    """The size plan of `request` for `model` (whose catalog row says how it takes sizes).

    Assumes the request passed validation's choice checks; an unparsable ratio plans nothing."""
    if request.size:
        resolution = request.resolution or model.default_resolution
        return SizePlan(
            size=request.size,
            resolution=resolution if model.size_by is SizeBy.ratio else None,
            pixels=parse_pixels(request.size),
        )
    if model.size_by is SizeBy.ratio:
        return _native_plan(model, request)
    return _pixel_plan(model, request)


def _native_plan(model: ModelSpec, request: GenerationRequest) -> SizePlan:
    """The provider takes ratio (and tier) itself; the pixels follow the same vocabulary."""
    ratio_text = request.ratio or model.default_ratio
    tier = (request.resolution or model.default_resolution) if model.resolutions else None
    ratio = parse_ratio("1:1" if ratio_text == "auto" else ratio_text)
    pixels = tier_size(ratio, tier) if ratio and tier in TIER_LONG_EDGE else None
    return SizePlan(ratio=ratio_text, resolution=tier, pixels=pixels)


def _pixel_plan(model: ModelSpec, request: GenerationRequest) -> SizePlan:
    """The studio turns ratio and tier into one of the model's pixel sizes."""
    # "auto" lets the model choose (the window's default); no ratio with a tier means square.
    if request.ratio == "auto" or (request.ratio is None and request.resolution is None):
        size = model.default_size
        return SizePlan(size=size, pixels=parse_pixels(size))
    ratio_text = request.ratio or "1:1"
    ratio = parse_ratio(ratio_text)
    tier = request.resolution or model.default_resolution or "1k"
    if ratio is None or tier not in TIER_LONG_EDGE:
        return SizePlan(size=model.default_size, pixels=parse_pixels(model.default_size))
    if model.size_rule is SizeRule.openai:
        width, height = free_size(ratio, tier)
        note = None
        if is_experimental(width, height):
            note = Text(
                _CONTEXT,
                QT_TRANSLATE_NOOP(
                    "studio.sizing",
                    "{size} is above 2560x1440, which {model} offers as experimental.",
                ),
                {"size": f"{width}x{height}", "model": model.label},
            )
        return SizePlan(size=f"{width}x{height}", pixels=(width, height), note=note)
    preset, (width, height) = nearest_preset(model.sizes, ratio, tier)
    note = None
    if ratio_error(width, height, ratio) > RATIO_TOLERANCE or max(width, height) < int(
        TIER_LONG_EDGE[tier] * 0.75
    ):
        note = Text(
            _CONTEXT,
            QT_TRANSLATE_NOOP(
                "studio.sizing",
                "{model} has no {ratio} {tier} size; closest supported: {size}, {shape}.",
            ),
            {
                "model": model.label,
                "ratio": ratio_text,
                "tier": tier,
                "size": f"{width}x{height}",
                "shape": ratio_label(width, height),
            },
        )
    return SizePlan(size=preset, pixels=(width, height), note=note)


def requested_output(request: GenerationRequest) -> tuple[tuple[int, int] | None, str | None]:
    """The pixel size (where known before sending) and the format a request asks for."""
    plan = request_plan(request)
    try:
        default_format = model_spec(request.provider, request.model).default_format
    except KeyError:
        default_format = None
    return (plan.pixels if plan else None), request.output_format or default_format


def delivered_differs(request: GenerationRequest, size: tuple[int, int], fmt: str) -> bool:
    """A delivered picture is not what `request` asked for (size or format)."""
    asked_size, asked_format = requested_output(request)
    return (asked_size is not None and size != asked_size) or (
        asked_format is not None and fmt != asked_format
    )


def request_plan(request: GenerationRequest) -> SizePlan | None:
    """`plan_size` for the request's own model; None where the request names no known model or
    a shape no pixel size can have (validation says why)."""
    try:
        return plan_size(model_spec(request.provider, request.model), request)
    except (KeyError, ValueError):
        return None
