"""Searching the history from the gallery: typing narrows it to the matching prompts, the period
narrows it by date, Esc brings the whole history back, and new results respect the filter."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt

from studio.domain.models import GenerationRequest, JobState
from studio.ui.gallery.history_search import Period, period_start
from tests.ui.conftest import Studio
from tests.ui.gallery.test_gallery import generate

DAY = 24 * 3600


def shown(studio: Studio) -> list[str]:
    model = studio.window.gallery_model
    return [model.entry(row).request.prompt for row in range(model.rowCount())]


def choose_period(studio: Studio, label: str) -> None:
    combo = studio.window.gallery.search_bar.period
    combo.setCurrentIndex(combo.findText(label))


def backdate(studio: Studio, prompt: str, days: float) -> None:
    """Pretend the job with `prompt` was made `days` ago (test setup, in the journal)."""
    created = time.time() - days * DAY

    def move(journal: Any) -> None:
        journal._db.execute(
            "UPDATE jobs SET created_at = ? WHERE request LIKE ?", (created, f'%"{prompt}"%')
        )

    studio.run(studio.engine.db(move))


def test_typing_narrows_the_gallery_and_esc_brings_everything_back(studio: Studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    generate(studio, "a red barn", "a red kite", "a blue whale")
    box = studio.window.gallery.search_bar.edit
    assert box.placeholderText() == "Search prompts, providers, models"
    assert box.isClearButtonEnabled()

    qtbot.keyClicks(box, "red")
    qtbot.waitUntil(lambda: shown(studio) == ["a red kite", "a red barn"])
    assert studio.window.gallery.count_label.text() == "2 images"

    qtbot.keyClicks(box, " ki")
    qtbot.waitUntil(lambda: shown(studio) == ["a red kite"])

    box.clear()
    qtbot.keyClicks(box, "zebra")
    qtbot.waitUntil(lambda: shown(studio) == [])
    assert studio.window.gallery.view.empty_text == 'No images match "zebra".'

    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert box.text() == ""
    qtbot.waitUntil(lambda: shown(studio) == ["a blue whale", "a red kite", "a red barn"])
    assert studio.window.gallery.view.empty_text.startswith("Your images appear here.")


def test_the_period_filter_narrows_by_date(studio: Studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    generate(studio, "made today", "made three days ago", "made last month")
    backdate(studio, "made three days ago", 3)
    backdate(studio, "made last month", 40)
    combo = studio.window.gallery.search_bar.period
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Any time",
        "Today",
        "Last 7 days",
        "Last 30 days",
        "This year",
    ]

    choose_period(studio, "Last 7 days")
    qtbot.waitUntil(lambda: shown(studio) == ["made today", "made three days ago"])
    choose_period(studio, "Last 30 days")
    qtbot.waitUntil(lambda: shown(studio) == ["made today", "made three days ago"])
    qtbot.keyClicks(studio.window.gallery.search_bar.edit, "three")
    qtbot.waitUntil(lambda: shown(studio) == ["made three days ago"])
    studio.window.gallery.search_bar.edit.clear()
    choose_period(studio, "Any time")
    qtbot.waitUntil(
        lambda: shown(studio) == ["made today", "made three days ago", "made last month"]
    )

    # Esc in the box also resets the period.
    choose_period(studio, "Last 7 days")
    qtbot.waitUntil(lambda: len(shown(studio)) == 2)
    qtbot.keyClick(studio.window.gallery.search_bar.edit, Qt.Key.Key_Escape)
    assert combo.currentText() == "Any time"
    qtbot.waitUntil(lambda: len(shown(studio)) == 3)


def test_an_empty_period_says_so(studio: Studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    generate(studio, "long ago")
    backdate(studio, "long ago", 400)
    choose_period(studio, "Today")
    qtbot.waitUntil(lambda: shown(studio) == [])
    assert studio.window.gallery.view.empty_text == "No images from this period."


def test_ctrl_f_puts_the_cursor_in_the_search_box(studio: Studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    prompt = studio.window.composer.prompt.edit
    prompt.setFocus()
    qtbot.keyClick(prompt, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert studio.window.gallery.search_bar.edit.hasFocus()


def test_new_results_appear_under_a_filter_only_when_they_match(studio: Studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    generate(studio, "a red barn")
    qtbot.keyClicks(studio.window.gallery.search_bar.edit, "red")
    qtbot.waitUntil(lambda: shown(studio) == ["a red barn"])

    def finish(prompt: str) -> None:
        request = GenerationRequest(provider="demo", model="gptimage2", prompt=prompt)
        job = studio.run(studio.engine.submit(request))
        assert studio.run(studio.engine.wait(job.id)).state is JobState.succeeded

    finish("a green frog")
    finish("a red fox")  # its answer comes after the frog's: the frog had its chance to show
    qtbot.waitUntil(lambda: shown(studio) == ["a red fox", "a red barn"])

    qtbot.keyClick(studio.window.gallery.search_bar.edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: shown(studio) == ["a red fox", "a green frog", "a red barn"])


def test_a_later_query_wins_over_a_slower_earlier_one(studio: Studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    generate(studio, "a red barn", "a blue whale")
    engine = studio.engine
    real_search = engine.search
    gate = asyncio.Event()

    async def slow_for_blue(text: str = "", **filters: Any) -> Any:
        answer = await real_search(text, **filters)
        if text == "blue":
            await gate.wait()  # held back until the later query has been answered
        return answer

    engine.search = slow_for_blue  # type: ignore[method-assign]
    search = studio.window.gallery.search
    bar = studio.window.gallery.search_bar
    bar.edit.setText("blue")
    search.refresh()
    bar.edit.setText("red")
    search.refresh()
    qtbot.waitUntil(lambda: shown(studio) == ["a red barn"] and not search.busy)
    gate.set()
    studio.run.settle()
    assert shown(studio) == ["a red barn"]


def test_periods_start_at_local_midnight_or_whole_days_back() -> None:
    now = datetime(2025, 5, 17, 15, 30).astimezone()
    assert period_start(Period.any, now) is None
    assert period_start(Period.today, now) == now.replace(hour=0, minute=0)
    assert period_start(Period.year, now) == now.replace(month=1, day=1, hour=0, minute=0)
    assert (now - period_start(Period.week, now)).days == 7  # type: ignore[operator]
    assert (now - period_start(Period.month, now)).days == 30  # type: ignore[operator]
