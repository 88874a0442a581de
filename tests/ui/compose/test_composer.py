"""The composer: selectors from the catalog, the live character count, the cost, and Generate
disabled with the reason whenever the request is not valid."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from studio.domain.catalog import provider_spec
from tests.ui.conftest import Studio


def select(combo, value: str) -> None:  # type: ignore[no-untyped-def]
    index = combo.findData(value)
    assert index >= 0, f"{value!r} is not offered"
    combo.setCurrentIndex(index)


def offered(combo) -> list[str]:  # type: ignore[no-untyped-def]
    return [combo.itemData(i) for i in range(combo.count())]


def test_empty_prompt_disables_generate_with_the_reason(studio: Studio) -> None:
    bar = studio.window.composer.bar
    assert not bar.generate_button.isEnabled()
    assert bar.reason_label.text() == "Write a prompt first: it is empty."


def test_typing_a_prompt_enables_generate(studio: Studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    composer = studio.window.composer
    qtbot.keyClicks(composer.prompt.edit, "a quiet harbour")
    assert composer.bar.generate_button.isEnabled()
    assert composer.bar.reason_label.isHidden()


def test_too_long_prompt_turns_the_count_red_and_says_how_much_to_cut(studio: Studio) -> None:
    composer = studio.window.composer
    select(composer.parameters.model_combo, "joyai")  # 1500 characters at most
    composer.prompt.set_text("x" * 1510)
    assert composer.prompt.count_label.text() == "1,510 / 1,500"
    count_color = composer.prompt.count_label.palette().color(QPalette.ColorRole.WindowText)
    assert count_color.red() > 150 and count_color.green() < 130
    assert not composer.bar.generate_button.isEnabled()
    assert "Shorten it by 10" in composer.bar.reason_label.text()


def test_selectors_offer_only_what_the_model_accepts(studio: Studio) -> None:
    parameters = studio.window.composer.parameters
    model = provider_spec("demo").model("gptimage2")
    assert offered(parameters.combos["quality"]) == list(model.qualities)
    assert offered(parameters.combos["ratio"]) == list(model.ratios)
    select(parameters.model_combo, "joyai")  # sizes, no quality; a ratio picks the size
    assert parameters.combos["quality"].isHidden()
    assert offered(parameters.combos["ratio"]) == list(provider_spec("demo").model("joyai").ratios)
    sizes = provider_spec("demo").model("joyai").sizes
    assert offered(parameters.combos["size"]) == [None, *sizes]  # None: from the ratio
    assert parameters.combos["size"].isVisible()


def test_switching_model_keeps_the_settings_that_still_apply(studio: Studio) -> None:
    parameters = studio.window.composer.parameters
    select(parameters.combos["quality"], "high")
    select(parameters.combos["ratio"], "16:9")
    select(parameters.provider_combo, "icodeeasy")
    assert parameters.value("quality") == "high"
    assert parameters.value("ratio") == "16:9"
    select(parameters.provider_combo, "gptimage2ai")  # no quality setting at all
    assert parameters.value("ratio") == "16:9"
    assert parameters.combos["quality"].isHidden()


def test_gptimage2ai_offers_style_lighting_camera_and_negative(studio: Studio) -> None:
    composer = studio.window.composer
    assert composer.extras_box.isHidden()
    select(composer.parameters.provider_combo, "gptimage2ai")
    for name in ("style", "lighting", "camera", "negative"):
        assert composer.extras.editor(name).isVisible(), name
    assert composer.extras.editor("background").isHidden()


def test_cost_is_estimated_in_the_providers_unit(studio: Studio) -> None:
    composer = studio.window.composer
    select(composer.parameters.provider_combo, "icodeeasy")
    select(composer.parameters.combos["quality"], "high")
    composer.parameters.count_spin.setValue(3)
    assert composer.bar.cost_label.text() == "Estimated cost: 1.2 CNY"
    select(composer.parameters.provider_combo, "joyai")
    assert composer.bar.cost_label.text() == "Estimated cost: 44 credits"


def test_a_provider_without_a_key_asks_for_one(studio: Studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    composer = studio.window.composer
    composer.prompt.set_text("a red kite")
    select(composer.parameters.provider_combo, "openai")
    # The keyring answers from a worker thread: the hint follows within moments.
    qtbot.waitUntil(
        lambda: (
            composer.bar.reason_label.text()
            == "Add your OpenAI API key in Settings (Ctrl+,) to generate."
        )
    )
    assert not composer.bar.generate_button.isEnabled()


def test_a_model_that_needs_references_says_how_many(studio: Studio) -> None:
    composer = studio.window.composer
    composer.prompt.set_text("make it snow")
    select(composer.parameters.model_combo, "joyai")
    assert composer.references.limits_label.text() == "1-3 images"
    assert not composer.bar.generate_button.isEnabled()
    assert composer.bar.reason_label.text() == (
        "JoyAI Edit edits pictures: add 1 to 3 reference images."
    )


def test_ctrl_up_recalls_the_previous_prompt(studio: Studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    prompt = studio.window.composer.prompt
    prompt.history.add("first idea")
    prompt.history.add("second idea")
    qtbot.keyClicks(prompt.edit, "draft")
    qtbot.keyClick(prompt.edit, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert prompt.text() == "second idea"
    qtbot.keyClick(prompt.edit, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert prompt.text() == "first idea"
    qtbot.keyClick(prompt.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(prompt.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert prompt.text() == "draft"
