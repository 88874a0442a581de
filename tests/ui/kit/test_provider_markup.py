"""Markup in a provider's message is shown as the characters it is, never rendered: no link to
click, no image fetched, in the message bar, the status line or the queue's tooltip."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument

from studio.keys import KeyStore
from studio.settings import Settings
from studio.ui.queue.queue_model import COLUMN_JOB, COLUMN_STATE
from tests.helpers import joyai_refusing
from tests.ui.conftest import StudioFactory

MARKUP = "<b>Top up</b> <a href='https://evil.example'>here</a><img src='https://evil.example/t'>"


@pytest.fixture
def provider_url() -> Iterator[str]:
    with joyai_refusing(402, MARKUP) as url:
        yield url


def shown_by_tooltip(tip: str) -> str:
    """What a tooltip displays: Qt renders it as rich text when it looks like markup."""
    if not GuiQt.mightBeRichText(tip):
        return tip
    document = QTextDocument()
    document.setHtml(tip)
    return document.toPlainText()


def test_a_providers_markup_is_shown_as_text(make_studio: StudioFactory, provider_url: str):
    keys = KeyStore()
    keys.set("joyai", "sk-markup")
    studio = make_studio(
        demo=False, settings=Settings(base_urls={"joyai": provider_url}), keys=keys
    )
    window = studio.window
    window.composer.prompt.set_text("a <i>prompt</i> with tags")
    window.composer.generate()
    studio.run.until(window.message_bar.isVisible, message="no message for the refused job")

    label = window.message_bar.label
    assert MARKUP in label.text()
    assert label.textFormat() is Qt.TextFormat.PlainText
    assert window.status_label.textFormat() is Qt.TextFormat.PlainText
    model = window.queue_model
    state_tip = model.data(model.index(0, COLUMN_STATE), Qt.ItemDataRole.ToolTipRole)
    assert MARKUP in shown_by_tooltip(state_tip)
    prompt_tip = model.data(model.index(0, COLUMN_JOB), Qt.ItemDataRole.ToolTipRole)
    assert shown_by_tooltip(prompt_tip) == "a <i>prompt</i> with tags"


def test_an_error_banner_says_where_the_log_is(make_studio: StudioFactory, provider_url: str):
    from studio import logfile

    log = logfile.start_log()
    try:
        assert log is not None
        keys = KeyStore()
        keys.set("joyai", "sk-markup")
        studio = make_studio(
            demo=False, settings=Settings(base_urls={"joyai": provider_url}), keys=keys
        )
        window = studio.window
        window.composer.prompt.set_text("a chair")
        window.composer.generate()
        studio.run.until(window.message_bar.isVisible, message="no message for the refused job")
        assert window.message_bar.label.text().endswith(f"Details are in the log: {log}")
    finally:
        logfile.stop_log()
