"""What the engine hands the journal to create a job: the request and where it runs."""

from __future__ import annotations

from dataclasses import dataclass, replace

from studio.domain.catalog import estimate_cost
from studio.domain.models import Cost, GenerationRequest


@dataclass(frozen=True)
class NewJob:
    request: GenerationRequest
    library_dir: str
    estimated_cost: Cost | None = None
    base_url: str | None = None
    key_env: str | None = None
    #: In a compare group: the target this job stands for ("joyai:gptimage2:medium").
    target: str | None = None

    def resolved(self, default_library: str, base_url: str | None) -> NewJob:
        """As journaled: a library folder, the checked address, the documented estimate."""
        return replace(
            self,
            library_dir=self.library_dir or default_library,
            base_url=base_url,
            estimated_cost=estimate_cost(self.request),
        )
