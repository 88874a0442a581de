"""What the command line prints: exit codes, one JSON shape per job, plain lines, progress.

Shared by `studio.cli` (the entry point) and `studio.cli.run` (the engine's commands), which is
why it is its own module: neither imports the other's names.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from studio.domain.errors import ERROR_KINDS, StudioError
from studio.domain.models import JobState
from studio.domain.plain_text import plain_text
from studio.logfile import current_log

if TYPE_CHECKING:  # the window starts through studio.cli: no engine before its first paint
    from studio.domain.models import GenerationRequest
    from studio.engine.costs import CostAccount
    from studio.engine.events import JobRecord

log = logging.getLogger("studio.cli")
EXIT_OK, EXIT_INVALID, EXIT_LOCAL_STORAGE, EXIT_INTERRUPTED = 0, 2, 8, 130

#: The keys of every job object the command line prints with --json, refused ones included.
JOB_JSON_KEYS = (
    "job_id",
    "status",
    "provider",
    "model",
    "prompt",
    "created_at",
    "task_id",
    "files",
    "cost",
    "cost_estimated",
    "cost_charged",
    "charged",
    "cost_basis",
    "partial_images",
    "delivered",
    "mismatch",
    "error",
)


def exit_code(record: JobRecord) -> int:
    if record.state is JobState.succeeded:
        return EXIT_OK
    if record.state is JobState.cancelled:
        return EXIT_INTERRUPTED
    return ERROR_KINDS.get(record.error_kind or "", StudioError).exit_code


def iso_utc(posix_seconds: float) -> str:
    """POSIX seconds as ISO 8601 in UTC, to the second: 2026-12-03T04:55:00Z."""
    moment = datetime.fromtimestamp(posix_seconds, UTC).replace(microsecond=0)
    return moment.isoformat().replace("+00:00", "Z")


def job_json(record: JobRecord) -> dict[str, Any]:
    """A journaled job as the one JSON shape (`JOB_JSON_KEYS`)."""
    from studio.engine.costs import cost_account  # the commands that print jobs only
    from studio.engine.delivery import delivered, mismatch

    account = cost_account(record)
    found = delivered(record)
    cost = account.charged_cost if account.charged is not None else account.estimated
    return {
        "job_id": record.id,
        "status": record.state.value,
        "provider": record.request.provider,
        "model": record.request.model,
        "prompt": record.request.prompt,
        "created_at": iso_utc(record.created_at),
        "task_id": record.task_id,
        "files": [str(Path(f).resolve()) for f in record.files],
        # "cost" is what was charged once that is known (0 when nothing was), else the estimate;
        # "charged" says which: true/false once known, null while only estimated.
        "cost": cost.to_dict() if cost else None,
        "cost_estimated": account.estimated.to_dict() if account.estimated else None,
        "cost_charged": account.charged_cost.to_dict() if account.charged_cost else None,
        "charged": account.charged,
        # Where "cost" comes from: "usage" (the reply's token counts x the published prices),
        # "provider" (its own figure), "not_charged", or "estimate" (nothing known yet).
        "cost_basis": cost_basis(account),
        # Live previews received while a streamed create ran (this run), else null.
        "partial_images": record.partials[0] if record.partials else None,
        # Each file's pixel size and format, and whether any differs from what was asked.
        "delivered": [item.to_dict() for item in found],
        "mismatch": mismatch(record, found),
        "error": record.error_message,
    }


def cost_basis(account: CostAccount) -> str | None:
    if account.charged is False:
        return "not_charged"
    if account.charged and account.charged_cost is not None:
        return "usage" if account.charged_cost.basis == "usage" else "provider"
    return "estimate" if account.estimated is not None else None


def refused_json(
    message: str, request: GenerationRequest | None = None, fields: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A job refused before it was journaled, in the same shape: no id, no task, no files.
    What is known of it comes from the request, or else from the raw options."""
    fields = fields or {}

    def known(name: str) -> Any:
        value = getattr(request, name) if request is not None else fields.get(name)
        return value if isinstance(value, str) else None

    return {
        "job_id": None,
        "status": "refused",
        "provider": known("provider"),
        "model": known("model"),
        "prompt": known("prompt"),
        "created_at": iso_utc(datetime.now(UTC).timestamp()),
        "task_id": None,
        "files": [],
        "cost": None,
        "cost_estimated": None,
        "cost_charged": None,
        "charged": False,
        "cost_basis": None,
        "partial_images": None,
        "delivered": [],
        "mismatch": None,
        "error": message,
    }


#: What JSON leaves raw with ensure_ascii=False but a terminal may obey: C1 controls (0x9b is
#: CSI) and the Unicode controls that reorder text. Written as \uXXXX escapes, JSON keeps them.
_JSON_ESCAPES = {
    code: f"\\u{code:04x}"
    for code in (*range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))
}


def print_json(data: dict[str, Any]) -> None:
    """One JSON object per line; json.dumps escapes C0 controls, the rest are escaped here."""
    print(json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES), flush=True)


def say(text: object, *, err: bool = True) -> None:
    """Print a line that may hold provider text, without its control characters or escapes."""
    PROGRESS.clear()
    print(plain_text(str(text)), file=sys.stderr if err else sys.stdout, flush=True)


def say_size_note(request: GenerationRequest) -> None:
    """Before sending: the size that will be asked for where it is not the one the options
    named ("closest supported: 1536x1024, 3:2"), or where it is experimental."""
    from studio.domain.sizing import request_plan
    from studio.domain.validation import validate

    try:
        validate(request)
    except StudioError:
        return  # refused when submitted, with the reason
    plan = request_plan(request)
    if plan is not None and plan.note is not None:
        say(f"note: {plan.note}")


def say_error(message: str) -> None:
    """An error on stderr, noted in the log file too, with where that file is."""
    log.info("error: %s", message)  # the file only: stderr gets it just below
    where = current_log()
    say(f"error: {message}" + (f"\n  (details are in the log: {where})" if where else ""))


class Progress:
    """Job progress on stderr. On a terminal one live line, redrawn in place; elsewhere (a pipe,
    a log file) one plain line per change; nothing at all when quiet. The live line is wiped
    before any other output, so it never mixes with it."""

    def __init__(self) -> None:
        self.quiet = False
        self._live = ""

    def _stream(self) -> IO[str]:
        return sys.stderr

    def _on_terminal(self) -> bool:
        stream = self._stream()
        return bool(getattr(stream, "isatty", lambda: False)()) and os.environ.get("TERM") != "dumb"

    def show(self, line: str) -> None:
        if self.quiet:
            return
        line = plain_text(line)
        stream = self._stream()
        if not self._on_terminal():
            print(line, file=stream, flush=True)
            return
        stream.write("\r\x1b[K" + line)
        stream.flush()
        self._live = line

    def clear(self) -> None:
        """Wipe the live line (if one is drawn) so the next output starts at a clean line."""
        if self._live:
            stream = self._stream()
            stream.write("\r\x1b[K")
            stream.flush()
            self._live = ""


#: The one progress display of this process (the command line runs one command).
PROGRESS = Progress()


def on_progress(event: object) -> None:
    from studio.engine.events import JobChanged

    if isinstance(event, JobChanged):
        job = event.job
        note = f" ({job.waiting})" if job.waiting else ""
        if job.partials and not job.is_final:
            note += f" (partial image {job.partials[0]}/{job.partials[1]})"
        PROGRESS.show(f"[{job.id[:8]}] {job.state.value}{note}")
