"""Comparisons in the engine: a planned comparison (`studio.domain.compare`) journaled as one
group, all or nothing (budgets included), and read back as a table: one column per target, one
row per prompt sent to the group."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from studio.domain.compare import ComparePlan, Shared, parse_target, plan
from studio.domain.errors import InvalidRequest
from studio.engine.events import JobRecord
from studio.engine.journal import Journal
from studio.engine.new_job import NewJob


class Submitter(Protocol):
    """The engine, or the window's engine thread: what starting a comparison needs."""

    async def submit_many(
        self, jobs: Sequence[NewJob], *, group: str | None = None
    ) -> list[JobRecord]: ...


def refusal(compare: ComparePlan) -> InvalidRequest:
    notes = "; ".join(f"{target}: {note}" for target, note in compare.notes.items())
    return InvalidRequest(f"Nothing was sent: not every target can take this request ({notes}).")


async def start(
    engine: Submitter,
    compare: ComparePlan,
    *,
    base_urls: Mapping[str, str] | None = None,
    library_dir: str = "",
    group: str | None = None,
) -> tuple[str, list[JobRecord]]:
    """Journal and start every target's job as one group (a new one unless `group` is given),
    or none: a target with a note, a missing key or a crossed budget refuses them all."""
    if not compare.ok:
        raise refusal(compare)
    group = group or uuid.uuid4().hex
    urls = base_urls or {}
    jobs = [
        NewJob(request, library_dir, base_url=urls.get(request.provider), target=str(target))
        for target, request in zip(compare.targets, compare.requests, strict=True)
    ]
    return group, await engine.submit_many(jobs, group=group)


@dataclass(frozen=True)
class CompareTable:
    group: str
    targets: tuple[str, ...]
    #: (prompt, target -> its job), oldest prompt first.
    rows: tuple[tuple[str, dict[str, JobRecord]], ...]


def find_group(journal: Journal, text: str) -> str:
    """A group id from the id or its start (as `compare --list` prints it)."""
    matches = [g.id for g in journal.groups() if g.id.startswith(text.strip())]
    if len(matches) != 1 or not text.strip():
        what = "no" if not matches else "more than one"
        raise InvalidRequest(f"{what} compare group starts with {text!r}; see compare --list.")
    return matches[0]


def table(journal: Journal, group: str) -> CompareTable:
    records = [journal.get(job_id).record for job_id in journal.group_job_ids(group)]
    targets = tuple(dict.fromkeys(r.target or "" for r in records))
    rows: list[tuple[str, dict[str, JobRecord]]] = []
    for record in records:
        if not rows or record.target in rows[-1][1]:
            rows.append((record.request.prompt, {}))
        rows[-1][1][record.target or ""] = record
    return CompareTable(group, targets, tuple(rows))


def again(journal: Journal, group: str, prompt: str) -> ComparePlan:
    """The group's targets and shared settings, with a new prompt: a new row of the table."""
    current = table(journal, group)
    if not current.rows:
        raise InvalidRequest(f"The compare group {group} has no jobs.")
    last = next(iter(current.rows[-1][1].values())).request
    shared = Shared(
        prompt,
        ratio=last.ratio,
        resolution=last.resolution,
        references=last.references,
        inline_references=last.inline_references,
    )
    return plan([parse_target(t) for t in current.targets], shared)
