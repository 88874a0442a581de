"""What a job delivered against what it asked for: each saved file's pixel size and format,
read from the file itself, beside the size the request planned (studio/domain/sizing.py) and
the format it named. Resellers sometimes hand back another size or format without a word; this
says so (the gallery's badge, `"delivered"` and `"mismatch"` in `--json`)."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from studio.domain.sizing import delivered_differs, requested_output
from studio.engine.events import JobRecord

_FORMATS = {"PNG": "png", "JPEG": "jpeg", "WEBP": "webp"}


@dataclass(frozen=True)
class Delivered:
    size: tuple[int, int]
    format: str

    def to_dict(self) -> dict[str, str]:
        return {"size": f"{self.size[0]}x{self.size[1]}", "format": self.format}


def delivered(record: JobRecord) -> list[Delivered]:
    """Each saved file's pixel size and format (a file that cannot be read is left out)."""
    found = []
    for path in record.files:
        try:
            with Image.open(path) as image:  # the header only: no pixels are decoded
                found.append(Delivered(image.size, _FORMATS.get(image.format or "", "other")))
        except (OSError, UnidentifiedImageError, ValueError):
            continue
    return found


def requested(record: JobRecord) -> tuple[tuple[int, int] | None, str | None]:
    """The pixel size (where known before sending) and format the job asked for."""
    return requested_output(record.request)


def mismatch(record: JobRecord, found: list[Delivered] | None = None) -> bool | None:
    """True when a delivered file differs from the asked size or format; None when there is
    nothing delivered to compare."""
    found = delivered(record) if found is None else found
    if not found:
        return None
    return any(delivered_differs(record.request, item.size, item.format) for item in found)


def mismatch_text(record: JobRecord, found: list[Delivered]) -> str | None:
    """'asked 2048x1360 png, got 1024x1024 png' where they differ."""
    if not mismatch(record, found):
        return None
    size, fmt = requested(record)
    asked = " ".join(p for p in (f"{size[0]}x{size[1]}" if size else None, fmt) if p)
    got = ", ".join(f"{d.size[0]}x{d.size[1]} {d.format}" for d in found)
    return f"asked {asked}, got {got}"
