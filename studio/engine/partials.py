"""The temporary files of atomic writes (`studio.engine.library.write_atomically`), and removing
those a killed writer left behind.

Apart from `studio.engine.library` (which needs Pillow) because the engine cleans them up as it
starts: the idle studio does not load Pillow (bench/README.md, "Idle memory").
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

#: Temporary files start with this and the writing process's id: `.partial-<pid>-<random>.tmp`.
PARTIAL = ".partial-"
#: A partial file without a process id (older versions) is left alone this long (seconds).
_OLD_PARTIAL_AGE = 3600


def clean_partials(folder: Path, *, is_alive: Callable[[int], bool]) -> int:
    """Remove the temporary files that writers killed mid-write left in `folder` (their process
    is gone; those without a process id once they are an hour old). Returns how many."""
    removed = 0
    try:
        candidates = list(folder.glob(f"{PARTIAL}*.tmp"))
    except OSError:
        return 0
    for path in candidates:
        pid_text = path.name[len(PARTIAL) :].split("-", 1)[0]
        try:
            if pid_text.isdigit() and "-" in path.name[len(PARTIAL) :]:
                stale = not is_alive(int(pid_text))
            else:
                stale = time.time() - path.stat().st_mtime > _OLD_PARTIAL_AGE
            if stale:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed
