"""Compare… in the window, driven with the mouse: four providers against the emulator, all or
nothing, one column per target, a star for the winner. STUDIO_SCREENSHOTS=/path keeps the
compare view's screenshot (the docs use docs/screenshots)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QListWidget

from studio.settings import Settings
from studio.ui.compare.compare_dialog import CompareDialog
from studio.ui.compare.compare_view import CompareView
from tests.ui.conftest import Studio, StudioFactory

PROVIDERS = ("joyai", "gptimage2ai", "icodeeasy", "openai")
FOUR = (
    "joyai:gptimage2:medium",
    "gptimage2ai:gpt-image-2",
    "icodeeasy:gpt-image-2:medium",
    "openai:gpt-image-2:medium",
)


@pytest.fixture
def emulated(emulator, monkeypatch, make_studio: StudioFactory) -> Studio:
    for var in ("JOYAI_API_KEY", "GPTIMAGE2_API_KEY", "ICODEEASY_API_KEY", "OPENAI_API_KEY"):
        monkeypatch.setenv(var, "sk_test_key")
    urls = {provider: emulator.base_url(provider) for provider in PROVIDERS}
    return make_studio(demo=False, settings=Settings(base_urls=urls))


def tick(qtbot, targets: QListWidget, wanted: str) -> None:
    """Click the check box of the target with this id, as a person would."""
    for row in range(targets.count()):
        item = targets.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == wanted:
            targets.scrollToItem(item)
            rect = targets.visualItemRect(item)
            box = QPoint(rect.left() + rect.height() // 2, rect.center().y())
            qtbot.mouseClick(targets.viewport(), Qt.MouseButton.LeftButton, pos=box)
            assert item.checkState() is Qt.CheckState.Checked, wanted
            return
    raise AssertionError(f"no target {wanted}")


def open_dialog(studio: Studio) -> CompareDialog:
    studio.window.comparing.compare_action.trigger()
    studio.run.until(lambda: studio.window.findChild(CompareDialog) is not None)
    dialog = studio.window.findChild(CompareDialog)
    assert dialog is not None
    return dialog


def test_a_compare_of_four_providers_with_the_mouse(emulated: Studio, emulator, qtbot):
    studio = emulated
    dialog = open_dialog(studio)
    qtbot.keyClicks(dialog.prompt, "a red chair by a window")
    for target in FOUR:
        tick(qtbot, dialog.targets, target)
    assert "JoyAI Image API 12 credits" in dialog.total.text()
    assert "billed by the provider: openai:gpt-image-2:medium" in dialog.total.text()
    assert dialog.notes.text() == "Every target can take this."
    qtbot.mouseClick(dialog.compare_button, Qt.MouseButton.LeftButton)

    studio.run.until(lambda: studio.window.findChild(CompareView) is not None)
    view = studio.window.findChild(CompareView)
    assert view is not None
    studio.run.until(
        lambda: len(view.cells) == 4 and all(c.record.files for c in view.cells.values()),
        message=lambda: str([(c.record.state, c.record.target) for c in view.cells.values()]),
    )
    assert view.table is not None and view.table.targets == FOUR
    for provider in PROVIDERS:
        assert emulator.state.create_calls(provider) == 1
    joyai = view.cell(0, FOUR[0])
    assert joyai is not None
    assert joyai.cost.text() == "≈ 12 credits → 12 credits"
    openai = view.cell(0, FOUR[3])
    # OpenAI bills tokens (#18): the estimate from the price table, the charge from `usage`.
    assert openai is not None and re.fullmatch(r"≈ [\d.]+ USD → [\d.]+ USD", openai.cost.text())
    assert joyai.pixels.text() == "1024×1024 PNG"
    assert "to the result" in joyai.time.text()

    # The winner's star, clicked, stars its image in the journal (and only that one).
    qtbot.mouseClick(joyai.star, Qt.MouseButton.LeftButton)
    studio.run.until(lambda: (c := view.cell(0, FOUR[0])) is not None and c.starred)
    records = studio.run(studio.engine.jobs())
    starred = [r.target for r in records if r.results and r.results[0].starred]
    assert starred == [FOUR[0]]
    icodeeasy = view.cell(0, FOUR[2])
    assert icodeeasy is not None
    qtbot.mouseClick(icodeeasy.star, Qt.MouseButton.LeftButton)  # another winner instead
    studio.run.until(lambda: (c := view.cell(0, FOUR[2])) is not None and c.starred)
    records = studio.run(studio.engine.jobs())
    assert [r.target for r in records if r.results and r.results[0].starred] == [FOUR[2]]

    # The same targets again with another prompt: a second row.
    qtbot.keyClicks(view.next_prompt, "a blue chair")
    qtbot.mouseClick(view.again_button, Qt.MouseButton.LeftButton)
    studio.run.until(
        lambda: (
            view.table is not None
            and len(view.table.rows) == 2
            and all(r.files for r in view.table.rows[1][1].values())
        )
    )
    view.resize(1280, 720)
    studio.run.settle(0.3)
    folder = os.environ.get("STUDIO_SCREENSHOTS")
    if folder:
        assert view.grab().save(str(Path(folder) / "compare-view.png"))


def test_a_target_that_cannot_take_the_request_blocks_the_whole_compare(
    emulated: Studio, emulator, qtbot
):
    dialog = open_dialog(emulated)
    qtbot.keyClicks(dialog.prompt, "edit this")
    tick(qtbot, dialog.targets, "joyai:joyai")  # the edit model needs references
    tick(qtbot, dialog.targets, FOUR[1])
    assert dialog.notes.text().startswith("joyai:joyai: ")
    assert not dialog.compare_button.isEnabled()
    qtbot.mouseClick(dialog.compare_button, Qt.MouseButton.LeftButton)
    emulated.run.settle(0.3)
    assert emulator.state.create_calls() == 0
    assert emulated.run(emulated.engine.jobs()) == []


def test_a_compare_group_is_reopened_from_the_history(emulated: Studio, emulator, qtbot):
    from studio.domain.compare import Shared, parse_target, plan
    from studio.engine import compare as compare_engine
    from studio.ui.compare.history import CompareHistory

    chosen = plan([parse_target(t) for t in FOUR[:2]], Shared("a green chair"))
    group, _ = emulated.run(compare_engine.start(emulated.engine, chosen))
    emulated.window.comparing.history_action.trigger()
    emulated.run.until(lambda: (h := emulated.window.findChild(CompareHistory)) and h.list.count())
    history = emulated.window.findChild(CompareHistory)
    assert history is not None
    qtbot.waitExposed(history)
    rect = history.list.visualItemRect(history.list.item(0))
    qtbot.mouseClick(history.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert history.list.currentRow() == 0
    qtbot.mouseClick(history.open_button, Qt.MouseButton.LeftButton)
    emulated.run.until(lambda: group in emulated.window.comparing.views)
    view = emulated.window.comparing.views[group]
    emulated.run.until(lambda: view.table is not None and len(view.cells) == 2)
    assert view.table is not None and [p for p, _ in view.table.rows] == ["a green chair"]
