"""The journal's schema and its migrations, and the file's permissions.

`PRAGMA user_version` says which migrations a journal file has had; opening it applies the
rest, in order, in one transaction. A journal written by a newer studio, or one whose tables are
not what its version says (a development build that numbered its migrations otherwise), is
refused rather than misread. Migration 1 is the schema every journal had before versions were
counted (it is written with IF NOT EXISTS, so it also adopts those journals as they are).
"""

from __future__ import annotations

import contextlib
import functools
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


class JournalUnusable(Exception):
    """This version of the studio cannot use the journal; it is left untouched."""


class JournalTooNew(JournalUnusable):
    """The journal was written by a newer version of the studio."""


class JournalMismatch(JournalUnusable):
    """The journal's version says it has tables or columns it lacks."""


Schema = dict[str, frozenset[str]]


def schema_of(db: sqlite3.Connection) -> Schema:
    """Each table of `db` with its columns."""
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {
        table: frozenset(
            r[0] for r in db.execute("SELECT name FROM pragma_table_info(?)", (table,))
        )
        for table in tables
    }


@functools.cache
def expected_schema(migrations: tuple[tuple[str, ...], ...], version: int) -> Schema:
    """The tables and columns a journal has after the first `version` migrations."""
    with contextlib.closing(sqlite3.connect(":memory:", isolation_level=None)) as db:
        for migration in migrations[:version]:
            for statement in migration:
                db.execute(statement)
        return schema_of(db)


def check_schema(
    db: sqlite3.Connection, version: int, migrations: tuple[tuple[str, ...], ...]
) -> None:
    """Refuse a journal lacking a table or column its version promises: migrating it further
    would mark it current while later statements fail on what is missing."""
    actual = schema_of(db)
    missing: list[str] = []
    for table, columns in sorted(expected_schema(migrations, version).items()):
        if table not in actual:
            missing.append(table)
        else:
            missing.extend(f"{table}.{column}" for column in sorted(columns - actual[table]))
    if missing:
        shown = ", ".join(missing[:6]) + (", ..." if len(missing) > 6 else "")
        raise JournalMismatch(
            f"The journal says it has schema {version} but lacks {shown}: it was written by a "
            "different (development) build of Image Studio. It is left untouched; move it aside "
            "to start a new journal, or open it with the build that wrote it."
        )


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
    if version:  # 0: written before versions were counted, adopted by migration 1
        check_schema(db, version, migrations)
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
