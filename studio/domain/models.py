"""Plain data the whole studio speaks: requests, jobs, results and costs (no I/O, no Qt)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any


class JobState(StrEnum):
    """Where a job stands. Order of the happy path:
    draft -> submitting -> queued/running -> downloading -> succeeded."""

    draft = "draft"
    submitting = "submitting"
    queued = "queued"
    running = "running"
    downloading = "downloading"
    succeeded = "succeeded"
    failed = "failed"
    cancelled = "cancelled"
    #: The create call may have reached the provider but no task id came back: never re-sent.
    unknown = "unknown"

    @property
    def is_final(self) -> bool:
        return self in FINAL_STATES


FINAL_STATES = frozenset(
    {JobState.succeeded, JobState.failed, JobState.cancelled, JobState.unknown}
)


@dataclass(frozen=True)
class ReferenceImage:
    """A reference picture the user gave: a local file path or an http(s) URL."""

    source: str

    @property
    def is_url(self) -> bool:
        return "://" in self.source or self.source.startswith(("data:", "javascript:"))


#: Extras a provider may take beyond the common fields (GPTImage2.ai hints, OpenAI options...).
EXTRA_FIELDS = (
    "style",
    "lighting",
    "camera",
    "negative",
    "background",
    "output_compression",
    "moderation",
    "callback_url",
    "input_fidelity",
    "user",
    #: 0-3 partial images while the result streams in (OpenAI); set means `stream: true`.
    "partial_images",
)


@dataclass(frozen=True)
class GenerationRequest:
    """Everything one generation needs; a job can be replayed from it alone."""

    provider: str
    model: str
    prompt: str
    quality: str | None = None
    ratio: str | None = None
    resolution: str | None = None
    size: str | None = None
    count: int = 1
    output_format: str | None = None
    references: tuple[ReferenceImage, ...] = ()
    extras: Mapping[str, str] = field(default_factory=dict)
    #: Send local reference files inline as data URLs where the provider only documents URLs.
    inline_references: bool = False
    #: A PNG the size of the first reference whose transparent pixels mark what to edit.
    mask: str | None = None

    @property
    def is_edit(self) -> bool:
        return bool(self.references)

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["references"] = [r.source for r in self.references]
        data["extras"] = dict(self.extras)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GenerationRequest:
        known = _REQUEST_FIELDS if cls is GenerationRequest else _field_names(cls)
        kwargs = {k: v for k, v in data.items() if k in known}
        kwargs["references"] = tuple(ReferenceImage(str(s)) for s in data.get("references") or ())
        kwargs["extras"] = {str(k): str(v) for k, v in (data.get("extras") or {}).items()}
        return cls(**kwargs)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)


def _field_names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(cls))


#: Worked out once: the journal decodes thousands of requests when it loads a long history.
_REQUEST_FIELDS = _field_names(GenerationRequest)


@dataclass(frozen=True)
class Cost:
    """An amount in the provider's own unit ("credits", "CNY")."""

    amount: Decimal
    unit: str
    #: How a charge was known: "usage" (worked out from the reply's token counts), else None
    #: (the provider's own figure, or an estimate).
    basis: str | None = None

    def __str__(self) -> str:
        amount = self.amount.normalize()
        text = f"{amount:f}"
        return f"{text} {self.unit}"

    def to_dict(self) -> dict[str, str]:
        data = {"amount": f"{self.amount:f}", "unit": self.unit}
        if self.basis:
            data["basis"] = self.basis
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, str] | None) -> Cost | None:
        if not data:
            return None
        basis = data.get("basis")
        return cls(Decimal(str(data["amount"])), str(data["unit"]), str(basis) if basis else None)


@dataclass(frozen=True)
class Balance:
    """What the provider says is left on the account, in its unit."""

    amount: Decimal
    unit: str

    def __str__(self) -> str:
        return f"{self.amount.normalize():f} {self.unit}"


@dataclass(frozen=True)
class ResultImage:
    """One image of a job: where the provider put it and where we saved it."""

    index: int
    url: str | None = None
    path: str | None = None
    seed: str | None = None
    final_prompt: str | None = None
    #: Marked by the user (a favourite, a compare's winner); the gallery can show only these.
    starred: bool = False
