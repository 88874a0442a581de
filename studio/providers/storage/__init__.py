"""Storage for reference pictures: the user's S3-compatible bucket (`s3`), or any store that
offers the same four calls (the offline demo's in-process bucket).

A store knows nothing of jobs or the journal (`studio.engine.refhost` does); it puts bytes
under a name, signs a GET link to them, deletes, and lists the names older than an age.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class RefStore(Protocol):
    """Where the prepared bytes of local references go, and links to them come from."""

    async def put(self, name: str, data: bytes, mime: str) -> None:
        """Store `data` under `name` (relative to the bucket's prefix), replacing any object."""

    async def link(self, name: str, seconds: int) -> str:
        """A presigned GET URL for `name`, valid for `seconds`."""

    async def delete(self, names: Sequence[str]) -> None:
        """Delete these objects; a missing one is not an error."""

    async def names_older_than(self, seconds: float) -> list[str]:
        """Names (relative to the prefix) of every object last written over `seconds` ago."""
