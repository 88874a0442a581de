"""What the engine hands the journal to create a job: the request and where it runs."""

from __future__ import annotations

from dataclasses import dataclass, replace

from studio.domain.models import Cost, GenerationRequest
from studio.domain.plan import RequestPlan
from studio.domain.refhost import RefBucket


@dataclass(frozen=True)
class NewJob:
    request: GenerationRequest
    library_dir: str
    estimated_cost: Cost | None = None
    base_url: str | None = None
    key_env: str | None = None
    #: In a compare group: the target this job stands for ("joyai:gptimage2:medium").
    target: str | None = None
    #: Where local references are hosted, when the caller chose (else the saved bucket).
    ref_bucket: RefBucket | None = None

    def planned(self, plan: RequestPlan, default_library: str) -> NewJob:
        """As journaled: the checked address and the estimate of its plan, a library folder."""
        hosted = any(not ref.is_url for ref in self.request.references)
        return replace(
            self,
            library_dir=self.library_dir or default_library,
            base_url=plan.base_url,
            estimated_cost=plan.estimate,
            # The bucket its local references go to, journaled with the job itself.
            ref_bucket=plan.ref_bucket if hosted else None,
        )
