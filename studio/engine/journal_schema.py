"""The journal's schema and its migrations, and the file's permissions.

`PRAGMA user_version` says which migrations a journal file has had; opening it applies the
rest, in order, in one transaction. A journal written by a newer studio is refused rather than
misread. Migration 1 is the schema every journal had before versions were counted (it is written
with IF NOT EXISTS, so it also adopts those journals as they are).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

BASELINE = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    state TEXT NOT NULL,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    request TEXT NOT NULL,
    base_url TEXT,
    key_env TEXT,
    library_dir TEXT NOT NULL,
    task_id TEXT,
    estimated_cost TEXT,
    charged_cost TEXT,
    error_kind TEXT,
    error_message TEXT,
    owner TEXT
);
CREATE INDEX IF NOT EXISTS jobs_created ON jobs(created_at DESC);
CREATE INDEX IF NOT EXISTS jobs_task ON jobs(provider, task_id);
CREATE TABLE IF NOT EXISTS results (
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    url TEXT,
    staged_path TEXT,
    path TEXT,
    seed TEXT,
    final_prompt TEXT,
    PRIMARY KEY (job_id, idx)
);
CREATE VIRTUAL TABLE IF NOT EXISTS jobs_fts USING fts5(job_id UNINDEXED, prompt, provider, model);
"""

#: Migration n (1-based) brings a journal from user_version n-1 to n. Append only: never edit
#: or reorder one that has shipped. Each is a list of statements run in one transaction.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    tuple(s.strip() for s in BASELINE.split(";") if s.strip()),
    # 2: `resume` lists the unfinished jobs among a long history of finished ones.
    ("CREATE INDEX IF NOT EXISTS jobs_state ON jobs(state)",),
    # 3: the wallet and compare (#19): caps per provider in its unit, the last balance each
    # provider reported, a job's compare group and target, and starred results.
    (
        "CREATE TABLE IF NOT EXISTS budgets (provider TEXT PRIMARY KEY, unit TEXT NOT NULL,"
        " daily TEXT, monthly TEXT, updated_at REAL NOT NULL)",
        "CREATE TABLE IF NOT EXISTS balances (provider TEXT PRIMARY KEY, amount TEXT NOT NULL,"
        " unit TEXT NOT NULL, seen_at REAL NOT NULL)",
        "ALTER TABLE jobs ADD COLUMN group_id TEXT",
        "ALTER TABLE jobs ADD COLUMN target TEXT",
        "CREATE INDEX IF NOT EXISTS jobs_group ON jobs(group_id)",
        "CREATE INDEX IF NOT EXISTS jobs_provider_created ON jobs(provider, created_at)",
        "ALTER TABLE results ADD COLUMN starred INTEGER NOT NULL DEFAULT 0",
    ),
    # 4: reference hosting (studio.engine.refhost_journal): the bucket a job's local references
    # go to, and each upload with the link sent, so `resume` sends the same link again.
    (
        "CREATE TABLE IF NOT EXISTS ref_hosting (job_id TEXT PRIMARY KEY REFERENCES jobs(id)"
        " ON DELETE CASCADE, bucket TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS ref_uploads (job_id TEXT NOT NULL REFERENCES jobs(id)"
        " ON DELETE CASCADE, idx INTEGER NOT NULL, name TEXT NOT NULL, url TEXT NOT NULL,"
        " expires_at REAL NOT NULL, PRIMARY KEY (job_id, idx))",
        "CREATE INDEX IF NOT EXISTS ref_uploads_name ON ref_uploads(name)",
    ),
)


class JournalTooNew(Exception):
    """The journal was written by a newer version of the studio; it is left untouched."""


def migrate(db: sqlite3.Connection, migrations: tuple[tuple[str, ...], ...] = MIGRATIONS) -> int:
    """Apply the migrations `db` has not had yet, in order; returns its version afterwards.
    Two processes opening one journal at once apply them once (the write lock is taken before
    the version is read again)."""
    latest = len(migrations)
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > latest:
        raise JournalTooNew(
            f"The journal was written by a newer version of Image Studio (schema {version}, "
            f"this version knows {latest}); update Image Studio to open it."
        )
    if version == latest:
        return version
    db.execute("BEGIN IMMEDIATE")
    try:
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        for number in range(version + 1, latest + 1):
            for statement in migrations[number - 1]:
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {number}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return latest


def create_private(path: Path) -> None:
    """The journal holds result links that work like credentials: only the user may read it.
    Its folder is made 0700 and the file 0600 before SQLite opens it (SQLite gives the -wal and
    -shm files the database file's permissions); an existing journal is tightened too."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    tighten(path)


def tighten(path: Path) -> None:
    """0600 on the journal and the WAL/SHM files beside it (those of older versions were 0644)."""
    if os.name != "posix":
        return
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        with contextlib.suppress(FileNotFoundError, PermissionError):
            if name.stat().st_mode & 0o077:
                os.chmod(name, 0o600)
