"""What the gallery shows of a job: one entry per saved image, and what a grid cell paints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from studio.domain.models import GenerationRequest, JobState
from studio.engine.costs import CostAccount, cost_account
from studio.engine.events import JobRecord

if TYPE_CHECKING:
    from PySide6.QtGui import QPixmap

    from studio.ui.gallery.live_previews import LivePreview


@dataclass(frozen=True)
class CellFacts:
    """What a grid cell shows: its picture (None while loading), the "not as asked" badge,
    "cannot read", a live preview's numbers, and the star."""

    pixmap: QPixmap | None
    mismatch: bool
    failed: bool
    live: LivePreview | None
    starred: bool


@dataclass(frozen=True)
class GalleryEntry:
    """One saved image of a job."""

    job_id: str
    index: int
    path: str
    request: GenerationRequest
    created_at: float
    cost: CostAccount | None = None
    seed: str | None = None
    final_prompt: str | None = None
    images_in_job: int = 1
    starred: bool = False

    @property
    def sort_key(self) -> tuple[float, str, int]:
        """Ascending key that puts the newest job first and a job's images in order."""
        return (-self.created_at, self.job_id, self.index)


def entries_for(record: JobRecord) -> list[GalleryEntry]:
    """The gallery entries of a finished job (none until its files are saved)."""
    if record.state is not JobState.succeeded:
        return []
    saved = [r for r in record.results if r.path]
    cost = cost_account(record)
    return [
        GalleryEntry(
            record.id,
            r.index,
            str(r.path),
            record.request,
            record.created_at,
            cost,
            r.seed,
            r.final_prompt,
            len(saved),
            r.starred,
        )
        for r in saved
    ]
