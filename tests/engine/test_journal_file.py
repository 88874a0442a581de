"""The journal file: versioned migrations (a journal of the previous schema opens and keeps its
jobs; a newer one is refused), private permissions, and no half-written files left behind by a
killed writer."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from studio.cli import main
from studio.domain.models import GenerationRequest, JobState, ResultImage
from studio.engine.journal import Journal
from studio.engine.journal_schema import MIGRATIONS, JournalMismatch, JournalTooNew, migrate
from studio.engine.library import write_atomically
from studio.engine.partials import clean_partials
from studio.settings import journal_path
from tests.helpers import run

REQUEST = GenerationRequest(provider="joyai", model="gptimage2", prompt="an old journal")

#: The schema journals had before versions were counted (user_version 0), as it shipped.
UNVERSIONED = """
CREATE TABLE jobs (
    id TEXT PRIMARY KEY, created_at REAL NOT NULL, updated_at REAL NOT NULL, state TEXT NOT NULL,
    provider TEXT NOT NULL, model TEXT NOT NULL, request TEXT NOT NULL, base_url TEXT,
    key_env TEXT, library_dir TEXT NOT NULL, task_id TEXT, estimated_cost TEXT,
    charged_cost TEXT, error_kind TEXT, error_message TEXT, owner TEXT
);
CREATE INDEX jobs_created ON jobs(created_at DESC);
CREATE INDEX jobs_task ON jobs(provider, task_id);
CREATE TABLE results (
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE, idx INTEGER NOT NULL,
    url TEXT, staged_path TEXT, path TEXT, seed TEXT, final_prompt TEXT,
    PRIMARY KEY (job_id, idx)
);
CREATE VIRTUAL TABLE jobs_fts USING fts5(job_id UNINDEXED, prompt, provider, model);
INSERT INTO jobs VALUES ('old1', 1.0, 2.0, 'running', 'joyai', 'gptimage2', '{request}', NULL,
    NULL, '/lib', 'task-1', NULL, NULL, NULL, NULL, NULL);
INSERT INTO results VALUES ('old1', 0, 'https://example.invalid/r', NULL, NULL, '7', NULL);
INSERT INTO jobs_fts VALUES ('old1', 'an old journal', 'joyai', 'gptimage2');
"""


def version(path: Path) -> int:
    with closing(sqlite3.connect(path)) as db:
        return int(db.execute("PRAGMA user_version").fetchone()[0])


def test_a_journal_of_the_previous_schema_opens_with_its_jobs(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    with closing(sqlite3.connect(path)) as db:
        db.executescript(UNVERSIONED.replace("{request}", REQUEST.to_json().replace("'", "''")))
    assert version(path) == 0

    journal = Journal(path)
    row = journal.get("old1")
    [running] = journal.jobs(states=[JobState.running])
    found = journal.search("old")
    journal.update("old1", state=JobState.downloading)
    journal.close()

    assert version(path) == len(MIGRATIONS)
    assert (row.record.state, row.record.task_id, row.library_dir) == (
        JobState.running,
        "task-1",
        "/lib",
    )
    assert row.record.results == (ResultImage(index=0, url="https://example.invalid/r", seed="7"),)
    assert running.record.id == "old1" and [r.record.id for r in found] == ["old1"]
    # Opening again applies nothing twice.
    Journal(path).close()
    assert version(path) == len(MIGRATIONS)


def test_migrations_run_in_order_once_and_a_newer_journal_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    Journal(path).close()  # written by the current schema
    more = (
        *MIGRATIONS,
        ("ALTER TABLE jobs ADD COLUMN note TEXT", "UPDATE jobs SET note = 'a'"),
        ("CREATE TABLE later (x TEXT)",),
    )
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        assert migrate(db, more) == len(more)
        assert migrate(db, more) == len(more)  # nothing applied twice (ALTER would fail)
        columns = [r[1] for r in db.execute("PRAGMA table_info(jobs)")]
    assert "note" in columns
    with pytest.raises(JournalTooNew, match="newer version"):
        Journal(path)


def test_a_journal_whose_version_promises_what_it_lacks_is_refused_untouched(
    tmp_path: Path,
) -> None:
    """A build of the s3-refs branch numbered its reference tables 3; here 3 is the wallet and 4
    the reference tables. Its journal (version 3, no wallet) must not be taken as one that
    only lacks migration 4."""
    path = tmp_path / "journal.sqlite3"
    s3_refs = (*MIGRATIONS[:2], MIGRATIONS[3])
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        assert migrate(db, s3_refs) == 3
        before = sorted(db.execute("SELECT type, name, sql FROM sqlite_master"))
    with pytest.raises(JournalMismatch) as refused:
        Journal(path)
    message = str(refused.value)
    assert "schema 3" in message and "budgets" in message and "jobs.group_id" in message
    assert "left untouched" in message
    with closing(sqlite3.connect(path)) as db:
        assert sorted(db.execute("SELECT type, name, sql FROM sqlite_master")) == before
    assert version(path) == 3


@pytest.mark.parametrize("kind", ["mismatched", "newer"])
def test_the_command_line_says_why_it_refuses_a_journal(kind: str, capsys) -> None:  # type: ignore[no-untyped-def]
    path = journal_path()
    path.parent.mkdir(parents=True)
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        if kind == "mismatched":
            migrate(db, (*MIGRATIONS[:2], MIGRATIONS[3]))
        else:
            migrate(db, (*MIGRATIONS, ("CREATE TABLE later (x TEXT)",)))
    assert main(["jobs", "--json"]) == 8
    err = capsys.readouterr().err
    said = "lacks balances, budgets" if kind == "mismatched" else "newer version of Image Studio"
    assert said in err and str(path) in err
    assert "Traceback" not in err and "disk space" not in err


def test_a_failed_migration_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    Journal(path).close()
    broken = (*MIGRATIONS, ("CREATE TABLE fine (x TEXT)", "THIS IS NOT SQL"))
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        with pytest.raises(sqlite3.OperationalError):
            migrate(db, broken)
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master")]
    assert "fine" not in tables
    assert version(path) == len(MIGRATIONS)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_journal_and_its_wal_and_shm_files_are_private(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = tmp_path / "data" / "journal.sqlite3"
        journal = Journal(path)
        journal.create(REQUEST, estimated_cost=None, library_dir=str(tmp_path))
        modes = {p.name: p.stat().st_mode & 0o777 for p in path.parent.iterdir() if p.is_file()}
        journal.close()
        # An older version's journal, readable by all, is tightened when opened.
        os.chmod(path, 0o644)
        Journal(path).close()
    finally:
        os.umask(old)
    assert {"journal.sqlite3", "journal.sqlite3-wal", "journal.sqlite3-shm"} <= set(modes)
    assert set(modes.values()) == {0o600}, modes
    assert path.stat().st_mode & 0o777 == 0o600


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX process handling")
def test_partial_files_of_a_killed_writer_are_cleaned_at_start(
    make_engine, library: Path, tmp_path: Path
):  # type: ignore[no-untyped-def]
    library.mkdir()
    staging = tmp_path / "staging"
    staging.mkdir()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(dead.stdout)
    for folder in (library, staging):
        (folder / f".partial-{dead_pid}-abc123.tmp").write_bytes(b"")
        (folder / f".partial-{os.getpid()}-inuse1.tmp").write_bytes(b"being written")
    (library / "kept.png").write_bytes(b"not ours to delete")

    async def scenario():  # type: ignore[no-untyped-def]
        engine = make_engine()
        try:
            return await engine.resume()
        finally:
            await engine.aclose()

    assert run(scenario()) == []
    for folder in (library, staging):
        names = sorted(p.name for p in folder.iterdir())
        assert f".partial-{dead_pid}-abc123.tmp" not in names
        assert f".partial-{os.getpid()}-inuse1.tmp" in names, "a live writer's file stays"
    assert (library / "kept.png").exists()


def test_partial_files_carry_the_writers_process_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names: list[str] = []
    real_replace = os.replace

    def spy(src: str, dst: object) -> None:
        names.append(Path(src).name)
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", spy)
    write_atomically(tmp_path / "a.png", b"x")
    monkeypatch.undo()
    [name] = names
    assert name.startswith(f".partial-{os.getpid()}-") and name.endswith(".tmp")
    assert clean_partials(tmp_path, is_alive=lambda pid: True) == 0
