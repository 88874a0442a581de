"""The wallet in the window, driven with the mouse and keyboard: the Spend view with its caps,
a refusal over a cap that offers to raise it, a low balance shown before Generate, and stars
in the gallery. STUDIO_SCREENSHOTS=/path keeps the Spend view's screenshot."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from studio.domain.models import Balance, Cost, GenerationRequest, JobState
from studio.engine import wallet
from studio.engine.journal import Journal
from studio.settings import Settings, journal_path
from studio.ui.wallet.spend_view import SpendDialog
from tests.ui.conftest import Studio, StudioFactory

JOYAI = GenerationRequest(
    provider="joyai", model="gptimage2", prompt="a red chair", quality="medium", resolution="2k"
)


@pytest.fixture
def emulated(emulator, monkeypatch, make_studio: StudioFactory) -> Studio:
    for var in ("JOYAI_API_KEY", "GPTIMAGE2_API_KEY", "ICODEEASY_API_KEY"):
        monkeypatch.setenv(var, "sk_test_key")
    urls = {p: emulator.base_url(p) for p in ("joyai", "gptimage2ai", "icodeeasy")}
    return make_studio(demo=False, settings=Settings(base_urls=urls))


def charged_job(studio: Studio, request: GenerationRequest, cost: Cost, days_ago: int = 0):
    def write(journal):
        row = journal.create(request, estimated_cost=cost, library_dir="x")
        journal.update(row.record.id, state=JobState.succeeded, charged_cost=cost)
        moment = row.record.created_at - days_ago * 86400
        journal._db.execute("UPDATE jobs SET created_at = ? WHERE id = ?", (moment, row.record.id))

    studio.run(studio.engine.db(write))


def test_the_spend_view_shows_charges_per_provider_and_edits_caps(emulated: Studio, qtbot):
    studio = emulated
    charged_job(studio, JOYAI, Cost(Decimal(24), "credits"))
    charged_job(studio, JOYAI, Cost(Decimal(12), "credits"), days_ago=3)
    icodeeasy = GenerationRequest(provider="icodeeasy", model="gpt-image-2", prompt="x")
    charged_job(studio, icodeeasy, Cost(Decimal("0.4"), "CNY"), days_ago=1)
    studio.run(
        studio.engine.db(
            lambda j: j.record_balance("gptimage2ai", Balance(Decimal(9990), "credits"))
        )
    )
    studio.window.wallet.spend_action.trigger()
    studio.run.until(lambda: (d := studio.window.findChild(SpendDialog)) and d.table.rowCount())
    dialog = studio.window.findChild(SpendDialog)
    assert dialog is not None
    rows = {
        dialog.table.item(r, 0).text(): [dialog.table.item(r, c).text() for c in range(1, 5)]
        for r in range(dialog.table.rowCount())
    }
    assert rows["JoyAI Image API"][0] == "24 credits"
    assert rows["JoyAI Image API"][2].endswith("credits")
    assert rows["icodeeasy (OpenAI Images)"][2] == "0.4 CNY"
    assert rows["GPTImage2.ai"][3].startswith("9,990 credits (seen ")
    joyai_row = [dialog.table.item(r, 0).text() for r in range(3)].index("JoyAI Image API")
    cell = dialog.table.visualItemRect(dialog.table.item(joyai_row, 0))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=cell.center())
    assert sum(amount for _, amount in dialog.chart.bars()) == 36  # the 30 days of JoyAI
    assert dialog.cap_provider.currentData() == "joyai"

    # Caps typed and saved with the mouse land in the journal, and show in the table.
    dialog.daily.clear()
    qtbot.keyClicks(dialog.daily, "40")
    qtbot.keyClicks(dialog.monthly, "500")
    qtbot.mouseClick(dialog.save_caps, Qt.MouseButton.LeftButton)
    studio.run.until(lambda: dialog.cap_status.text() == "Caps saved.")
    budgets = studio.run(studio.engine.db(lambda j: j.budgets()))
    assert budgets["joyai"] == wallet.Budget("joyai", "credits", Decimal(40), Decimal(500))
    studio.run.until(lambda: dialog.table.item(joyai_row, 5).text() == "24 of 40 credits")
    dialog.resize(1280, 720)
    studio.run.settle(0.3)
    if folder := os.environ.get("STUDIO_SCREENSHOTS"):
        assert dialog.grab().save(str(Path(folder) / "spend-view.png"))


def test_a_job_over_a_cap_offers_to_raise_it_and_then_sends_it(emulated: Studio, emulator, qtbot):
    studio = emulated
    studio.run(studio.engine.db(lambda j: wallet.set_caps(j, "joyai", Decimal(30), None)))
    charged_job(studio, JOYAI, Cost(Decimal(24), "credits"))
    studio.window.generate(JOYAI)
    studio.run.until(lambda: studio.window.findChild(QMessageBox, "raiseCapQuestion"))
    box = studio.window.findChild(QMessageBox, "raiseCapQuestion")
    assert box is not None
    assert "JoyAI Image API today: 24 of 30 credits spent, this job ≈ 24." in box.text()
    assert "Raise the daily cap to 48 credits and send?" in box.text()
    assert emulator.state.create_calls() == 0
    [raise_button] = [b for b in box.buttons() if b.text() == "Raise cap and send"]
    qtbot.mouseClick(raise_button, Qt.MouseButton.LeftButton)
    studio.run.until(lambda: emulator.state.create_calls("joyai") == 1)
    budgets = studio.run(studio.engine.db(lambda j: j.budgets()))
    assert budgets["joyai"].daily == 48


def test_a_balance_below_the_estimate_is_said_before_generate(emulated: Studio):
    composer = emulated.window.composer
    composer.parameters.apply({"provider": "joyai", "model": "gptimage2", "quality": "medium"})
    composer.set_balance("joyai", Balance(Decimal(5), "credits"))
    assert composer.bar.balance_label.text() == (
        "Balance: 5 credits, less than this job's estimate"
    )
    composer.set_balance("joyai", Balance(Decimal(500), "credits"))
    assert composer.bar.balance_label.text() == "Balance: 500 credits"


def test_a_starred_image_stays_when_the_gallery_shows_only_stars(make_studio, qtbot):
    studio = make_studio(demo_seconds=0.05)
    for prompt in ("a fox", "an owl"):
        studio.run(
            studio.engine.submit(
                GenerationRequest(provider="demo", model="gptimage2", prompt=prompt)
            )
        )
    gallery = studio.window.gallery
    studio.run.until(lambda: gallery.model.rowCount() == 2)
    rect = gallery.view.visualRect(gallery.model.cell(1))
    qtbot.mouseClick(gallery.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    starred_prompt = gallery.current_entry().request.prompt
    qtbot.keyClick(gallery.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    studio.run.until(lambda: gallery.model.entry(1).starred)
    star = gallery.search_bar.starred
    qtbot.mouseClick(star, Qt.MouseButton.LeftButton, pos=QPoint(4, 4))
    studio.run.until(lambda: gallery.model.rowCount() == 1)
    assert gallery.model.entry(0).request.prompt == starred_prompt
    qtbot.mouseClick(star, Qt.MouseButton.LeftButton, pos=QPoint(4, 4))
    studio.run.until(lambda: gallery.model.rowCount() == 2)


def test_raise_and_send_after_a_refused_retry_sends_the_job_with_its_own_settings(
    emulator, monkeypatch, make_studio: StudioFactory, tmp_path, qtbot
):
    """A job sent with its own address, key variable and library folder (as the command line
    does) failed before the provider took it; its Retry is refused over a cap. Raising the cap
    sends it as Retry would have: with those settings, not the window's."""
    monkeypatch.setenv("STUDIO_OWN_JOYAI_KEY", "sk-own-key")
    own_library = tmp_path / "own library"
    journal = Journal(journal_path())
    job = journal.create(
        JOYAI,
        estimated_cost=Cost(Decimal(24), "credits"),
        library_dir=str(own_library),
        base_url=emulator.base_url("joyai"),
        key_env="STUDIO_OWN_JOYAI_KEY",
    )
    journal.update(
        job.record.id,
        state=JobState.failed,
        error=("provider_unavailable", "Could not connect to JoyAI Image API."),
    )
    journal.close()
    studio = make_studio(demo=False)  # no JoyAI address or key of its own
    charged_job(studio, JOYAI, Cost(Decimal(24), "credits"))
    studio.run(studio.engine.db(lambda j: wallet.set_caps(j, "joyai", Decimal(30), None)))
    queue = studio.window.queue
    studio.run.until(lambda: studio.window.queue_model.row_of(job.record.id) is not None)
    queue.table.selectRow(studio.window.queue_model.row_of(job.record.id))
    qtbot.mouseClick(queue.retry_button, Qt.MouseButton.LeftButton)
    studio.run.until(lambda: studio.window.findChild(QMessageBox, "raiseCapQuestion"))
    box = studio.window.findChild(QMessageBox, "raiseCapQuestion")
    assert box is not None and emulator.state.create_calls() == 0
    [raise_button] = [b for b in box.buttons() if b.text() == "Raise cap and send"]
    qtbot.mouseClick(raise_button, Qt.MouseButton.LeftButton)
    studio.run.until(
        lambda: emulator.state.create_calls("joyai", key="sk-own-key") == 1,
        message=lambda: studio.window.message_bar.label.text(),
    )
    studio.run.until(lambda: any(own_library.glob("*.png")))
    rows = studio.run(studio.engine.db(lambda j: j.jobs()))
    [again] = [r for r in rows if r.record.id not in (job.record.id,) and r.key_env]
    assert (again.base_url, again.key_env, again.library_dir) == (
        emulator.base_url("joyai"),
        "STUDIO_OWN_JOYAI_KEY",
        str(own_library),
    )
