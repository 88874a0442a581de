"""A comparison: one prompt and one set of shared settings, sent to several targets (provider,
model, optionally quality). Each target's request is built from the one vocabulary and checked by
the same validation as any job; a target that cannot take it gets a note, and then none is sent
(all or nothing). Plain data: the engine journals and runs what this plans."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from studio.domain.catalog import estimate_cost, model_spec, provider_spec
from studio.domain.errors import InvalidRequest, StudioError
from studio.domain.models import Cost, GenerationRequest, ReferenceImage
from studio.domain.validation import validate


@dataclass(frozen=True)
class Target:
    provider: str
    model: str
    quality: str | None = None

    def __str__(self) -> str:
        return ":".join(p for p in (self.provider, self.model, self.quality) if p)


def parse_target(text: str) -> Target:
    """PROVIDER[:MODEL[:QUALITY]], the model defaulting to the provider's first."""
    provider, _, rest = text.strip().partition(":")
    model, _, quality = rest.partition(":")
    try:
        spec = provider_spec(provider)
    except KeyError:
        raise InvalidRequest(f"Unknown provider {provider!r} in target {text!r}.") from None
    try:
        model_id = model_spec(spec.id, model or None).id
    except KeyError:
        raise InvalidRequest(f"{spec.label} has no model {model!r} (target {text!r}).") from None
    return Target(spec.id, model_id, quality or None)


@dataclass(frozen=True)
class Shared:
    """What every target of a comparison is asked for."""

    prompt: str
    ratio: str | None = None
    resolution: str | None = None
    references: tuple[ReferenceImage, ...] = ()
    inline_references: bool = False


@dataclass(frozen=True)
class ComparePlan:
    targets: tuple[Target, ...]
    requests: tuple[GenerationRequest, ...]
    #: Target (as text) -> why it cannot take the request; any note means nothing is sent.
    notes: dict[str, str] = field(default_factory=dict)
    #: The refusals behind the notes (the window says them in the user's language).
    errors: dict[str, StudioError] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.notes

    def total(self) -> list[tuple[str, Cost]]:
        """The estimated total per provider, each in its unit: one provider's credits are not
        another's, so nothing is added across providers."""
        sums: dict[tuple[str, str], Decimal] = {}
        for request in self.requests:
            cost = _estimate(request)
            if cost is not None:
                key = (request.provider, cost.unit)
                sums[key] = sums.get(key, Decimal(0)) + cost.amount
        return [(provider, Cost(amount, unit)) for (provider, unit), amount in sums.items()]

    def unpriced(self) -> list[str]:
        """Targets whose cost the studio cannot estimate (no published price)."""
        return [
            str(t) for t, r in zip(self.targets, self.requests, strict=True) if _estimate(r) is None
        ]


def _estimate(request: GenerationRequest) -> Cost | None:
    try:
        return estimate_cost(request)
    except (KeyError, ValueError):
        return None


def plan(targets: Sequence[Target], shared: Shared) -> ComparePlan:
    """Each target's request, with a note for every target that cannot take it."""
    if len(targets) < 2:
        raise InvalidRequest("A comparison needs two or more targets.", field="targets")
    duplicates = {str(t) for t in targets if list(targets).count(t) > 1}
    if duplicates:
        raise InvalidRequest(f"Each target once: {', '.join(sorted(duplicates))}.")
    requests, errors = [], {}
    for target in targets:
        request = GenerationRequest(
            provider=target.provider,
            model=target.model,
            prompt=shared.prompt,
            quality=target.quality,
            ratio=shared.ratio,
            resolution=shared.resolution,
            references=shared.references,
            inline_references=shared.inline_references,
        )
        try:
            validate(request)
        except StudioError as exc:
            errors[str(target)] = exc
        requests.append(request)
    notes = {target: error.message for target, error in errors.items()}
    return ComparePlan(tuple(targets), tuple(requests), notes, errors)
