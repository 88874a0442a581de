"""History search: words typed, a date range, a provider or model, over a 10,000-job journal;
newest first, exactly the jobs that match."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from studio.cli import main
from studio.domain.models import GenerationRequest, JobState
from studio.engine.journal import Journal
from tests.helpers import run

#: 2025-01-01 00:00 UTC; job i was created i hours later (10,000 jobs span about 14 months).
BASE = datetime(2025, 1, 1, tzinfo=UTC)
JOBS = 10_000
ANIMALS = ("cat", "dog", "heron", "otter", "fox", "owl", "hare")
PLACES = ("harbour", "forest", "desert", "city", "meadow", "glacier", "canyon", "attic")
PROVIDERS = (
    ("joyai", "gptimage2"),
    ("joyai", "joyai"),
    ("gptimage2ai", "gpt-image-2"),
    ("icodeeasy", "gpt-image-2"),
    ("openai", "gpt-image-2"),
)


@dataclass(frozen=True)
class Made:
    id: str
    created_at: float
    provider: str
    model: str
    prompt: str
    state: JobState


def made_jobs() -> list[Made]:
    jobs = []
    for i in range(JOBS):
        provider, model = PROVIDERS[i % len(PROVIDERS)]
        prompt = f"a {ANIMALS[i % len(ANIMALS)]} in a {PLACES[i % len(PLACES)]}, take {i}"
        state = JobState.failed if i % 13 == 0 else JobState.succeeded
        created = (BASE + timedelta(hours=i)).timestamp()
        jobs.append(Made(uuid.uuid4().hex, created, provider, model, prompt, state))
    return jobs


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Journal, list[Made]]]:
    """A journal holding 10,000 jobs, written in one transaction (as years of use would)."""
    journal = Journal(tmp_path_factory.mktemp("search") / "journal.sqlite3")
    jobs = made_jobs()
    db = journal._db
    with db:
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO jobs (id, created_at, updated_at, state, provider, model, request,"
            " library_dir) VALUES (?,?,?,?,?,?,?,?)",
            [
                (
                    j.id,
                    j.created_at,
                    j.created_at,
                    j.state.value,
                    j.provider,
                    j.model,
                    GenerationRequest(j.provider, j.model, j.prompt).to_json(),
                    "/library",
                )
                for j in jobs
            ],
        )
        db.executemany(
            "INSERT INTO jobs_fts (job_id, prompt, provider, model) VALUES (?,?,?,?)",
            [(j.id, j.prompt, j.provider, j.model) for j in jobs],
        )
        db.executemany(
            "INSERT INTO results (job_id, idx, url, path) VALUES (?,?,?,?)",
            [(j.id, 0, "https://x.invalid/r.png", f"/library/{j.id}.png") for j in jobs],
        )
    yield journal, jobs
    journal.close()


def newest_first(jobs: list[Made]) -> list[str]:
    return [j.id for j in sorted(jobs, key=lambda j: -j.created_at)]


def found(journal: Journal, text: str = "", **filters: object) -> list[str]:
    return [row.record.id for row in journal.search(text, limit=None, **filters)]  # type: ignore[arg-type]


def test_words_match_prompts_by_prefix_and_all_words_must_match(history) -> None:  # type: ignore[no-untyped-def]
    journal, jobs = history
    expected = [j for j in jobs if "otter" in j.prompt and "glacier" in j.prompt]
    assert expected
    assert found(journal, "gla OTT") == newest_first(expected)


def test_a_provider_or_model_name_typed_in_the_box_matches_too(history) -> None:  # type: ignore[no-untyped-def]
    journal, jobs = history
    assert found(journal, "icodeeasy heron") == newest_first(
        [j for j in jobs if j.provider == "icodeeasy" and "heron" in j.prompt]
    )


def test_a_date_range_alone_lists_that_period_newest_first(history) -> None:  # type: ignore[no-untyped-def]
    journal, jobs = history
    since, until = datetime(2025, 3, 1, tzinfo=UTC), datetime(2025, 3, 8, tzinfo=UTC)
    expected = [j for j in jobs if since.timestamp() <= j.created_at < until.timestamp()]
    assert len(expected) == 7 * 24
    assert found(journal, since=since, until=until) == newest_first(expected)
    # POSIX seconds, as created_at is stored, mean the same.
    assert found(journal, since=since.timestamp(), until=until.timestamp()) == newest_first(
        expected
    )


def test_text_dates_provider_model_and_state_combine(history) -> None:  # type: ignore[no-untyped-def]
    journal, jobs = history
    since = datetime(2025, 6, 1, tzinfo=UTC)
    expected = [
        j
        for j in jobs
        if "fox" in j.prompt
        and j.created_at >= since.timestamp()
        and (j.provider, j.model) == ("joyai", "joyai")
        and j.state is JobState.succeeded
    ]
    assert expected
    assert found(
        journal,
        "fox",
        since=since,
        provider="joyai",
        model="joyai",
        states=[JobState.succeeded],
    ) == newest_first(expected)


def test_no_text_and_no_filter_is_the_whole_history_and_limit_keeps_the_newest(history) -> None:  # type: ignore[no-untyped-def]
    journal, jobs = history
    everything = found(journal)
    assert everything == newest_first(jobs)
    assert [r.record.id for r in journal.search("", limit=20)] == everything[:20]
    [row] = journal.search("take 9999")
    assert row.record.files == (f"/library/{row.record.id}.png",)


@pytest.mark.parametrize("text", ['"', 'cat"', "NEAR(", "-dog", "AND OR NOT", "*", "a:b"])
def test_text_with_search_syntax_is_taken_literally(history, text: str) -> None:  # type: ignore[no-untyped-def]
    journal, _ = history
    journal.search(text)  # no sqlite3.OperationalError from FTS5 syntax


def test_nothing_matches_an_unknown_word_or_an_empty_period(history) -> None:  # type: ignore[no-untyped-def]
    journal, _ = history
    assert found(journal, "zebra") == []
    assert found(journal, since=datetime(2030, 1, 1, tzinfo=UTC)) == []


def test_the_engine_searches_with_the_same_filters(make_engine) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> tuple[list[str], list[str], list[str]]:
        engine = make_engine()
        try:
            for prompt in ("a red barn", "a red kite", "blue whale"):
                request = GenerationRequest(provider="demo", model="gptimage2", prompt=prompt)
                await engine.wait((await engine.submit(request)).id)
            now = datetime.now(UTC)
            recent = await engine.search("red", since=now - timedelta(hours=1))
            future = await engine.search("red", since=now + timedelta(hours=1))
            done = await engine.search(states=[JobState.succeeded], model="gptimage2")
            return (
                [j.request.prompt for j in recent],
                [j.request.prompt for j in future],
                [j.request.prompt for j in done],
            )
        finally:
            await engine.aclose()

    recent, future, done = run(scenario())
    assert recent == ["a red kite", "a red barn"]
    assert future == []
    assert done == ["blue whale", "a red kite", "a red barn"]


def test_the_jobs_command_searches_and_filters_by_day(capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("IMAGE_STUDIO_DEMO_SECONDS", "0.01")
    monkeypatch.setenv("IMAGE_STUDIO_POLL_INTERVAL", "0.01")
    for prompt in ("lantern at night", "lantern at noon", "a quiet pond"):
        assert main(["generate", "--provider", "demo", "--prompt", prompt]) == 0
    capsys.readouterr()
    today = datetime.now().strftime("%Y-%m-%d")

    assert main(["jobs", "--search", "lant", "--since", today]) == 0
    listed = capsys.readouterr().out
    assert "lantern at noon" in listed and "lantern at night" in listed
    assert "quiet pond" not in listed

    assert main(["jobs", "--since", "2999-01-01"]) == 0
    assert capsys.readouterr().out == ""

    with pytest.raises(SystemExit) as refused:
        main(["jobs", "--since", "yesterday"])
    assert refused.value.code == 2
    assert "not a date" in capsys.readouterr().err
