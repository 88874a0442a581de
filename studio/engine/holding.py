"""The holding area for deleted results: files moved aside, so a deletion can be undone, and
purged once they are old. It lives in the data folder, next to the journal."""

from __future__ import annotations

import logging
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from studio.domain.models import ResultImage

log = logging.getLogger("studio.engine.holding")

#: Deleted results are kept this long for an undo, then removed for good.
KEEP_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class HeldResult:
    """A result taken out of its job: where it was, where it waits, what the journal knew."""

    job_id: str
    result: ResultImage
    held_path: str

    @property
    def path(self) -> str:
        return self.result.path or ""


def _companions(path: Path) -> list[Path]:
    """The file and its metadata sidecar, when there is one."""
    sidecar = Path(str(path) + ".json")
    return [path, sidecar] if sidecar.exists() else [path]


def hold(path: str, folder: Path) -> str:
    """Move `path` (and its sidecar) into a new folder under `folder`; the held path.
    Blocking: run on a worker thread."""
    import uuid  # on the first deletion, not at start-up

    source = Path(path)
    target_dir = folder / f"{int(time.time())}-{uuid.uuid4().hex[:12]}"
    target_dir.mkdir(parents=True, exist_ok=True)
    moved: list[Path] = []
    try:
        for item in _companions(source):
            shutil.move(item, target_dir / item.name)
            moved.append(item)
    except BaseException:
        # All or nothing: what moved goes back, so the library keeps the image whole.
        for item in moved:
            shutil.move(target_dir / item.name, item)
        _remove_if_empty(target_dir)
        raise
    return str(target_dir / source.name)


def put_back(held_path: str, path: str) -> None:
    """Move a held file (and its sidecar) back where it was; never over a file that is there.
    Blocking: run on a worker thread."""
    held, original = Path(held_path), Path(path)
    if original.exists():
        raise FileExistsError(f"{original.name} exists again; the deleted copy stays aside")
    original.parent.mkdir(parents=True, exist_ok=True)
    for item in _companions(held):
        shutil.move(item, original.parent / (original.name + item.name[len(held.name) :]))
    _remove_if_empty(held.parent)


def purge(folder: Path, *, older_than: float = KEEP_SECONDS) -> None:
    """Remove held results older than `older_than` seconds (a folder's name starts with the
    time it was made). Blocking: run on a worker thread."""
    limit = time.time() - older_than
    try:
        for entry in folder.iterdir():
            made, _, _ = entry.name.partition("-")
            if entry.is_dir() and made.isdigit() and int(made) < limit:
                shutil.rmtree(entry, ignore_errors=True)
    except OSError as error:  # no folder yet, or unreadable: purging can wait
        log.debug("holding area not purged: %s", error)


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError as error:
        log.debug("holding folder %s stays: %s", folder, error)
