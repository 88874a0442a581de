"""Why a paid job waits instead of failing, and what is true to say about it.

A job whose create went out never fails over a local problem the user can put right: no key
at hand (a session-only key gone with the session), a library or data folder that is full or
cannot be written, a journal whose disk is full. It is *held*: not final, the reason recorded
in `error_kind` (see `JobRecord.held`); Retry or `resume` continues it without paying again.
"""

from __future__ import annotations

import sqlite3

from studio.domain.errors import KeyMissing, StorageFailed, StudioError
from studio.domain.i18n import QT_TRANSLATE_NOOP, Text
from studio.engine.events import JobRecord

#: Why a held job waits, by the kind recorded (the window shows "Waiting: <reason>").
HOLD_REASONS = {
    "needs_key": Text("studio.waits", QT_TRANSLATE_NOOP("studio.waits", "an API key is needed")),
    "disk_full": Text("studio.waits", QT_TRANSLATE_NOOP("studio.waits", "the disk is full")),
    "storage_failed": Text(
        "studio.waits",
        QT_TRANSLATE_NOOP("studio.waits", "the library folder cannot be written"),
    ),
}
JOURNAL_FULL = Text(
    "studio.waits", QT_TRANSLATE_NOOP("studio.waits", "the disk holding the journal is full")
)
#: SQLite result codes meaning the journal cannot be written now (its disk is full, or I/O
#: failed): the job waits and writes again rather than fail over a local problem.
_JOURNAL_BLOCKED = frozenset({sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR})


def holds(error: StudioError) -> bool:
    """Errors after which a job waits, not fails: something local the user can put right (a key
    to give, space to free, a folder to fix)."""
    return isinstance(error, KeyMissing | StorageFailed)


def hold_kind(error: StudioError) -> str:
    """The kind a hold records: a missing key is "needs_key" (a refused key is not held)."""
    return "needs_key" if isinstance(error, KeyMissing) else error.kind


def hold_reason(record: JobRecord) -> Text:
    kind = record.error_kind or ""
    return HOLD_REASONS.get(kind, Text("", kind))


def waiting_reason(error: StudioError) -> Text:
    """What a job waits for while it holds on to `error`'s cause itself (bytes only in memory
    that neither the library nor the data folder can take yet)."""
    return HOLD_REASONS.get(hold_kind(error), HOLD_REASONS["storage_failed"])


def journal_blocked(error: sqlite3.Error) -> bool:
    return getattr(error, "sqlite_errorcode", None) in _JOURNAL_BLOCKED or "full" in str(error)


def kept_text(staged: str | None, *, url: str | None) -> str:
    """What is true about an image the library could not take, for its message: "kept" only
    when it is on disk."""
    if staged:
        return (
            "Free some space (or fix the folder), then press Retry: the image is kept in the "
            "studio's data folder until then and is not paid again."
        )
    # (An image with neither is never given up: the job waits for space, see JobSteps._save.)
    return (
        "Free some space (or fix the folder), then press Retry: the image is fetched "
        "again from the provider's link (not paid again) while that link lasts."
    )
