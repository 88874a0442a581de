"""References (#16 item 8): a plain path pasted as text — absolute, ~/…, or quoted/escaped as a
terminal copies it — works like a file:// link; a link's tile shows its file name."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel

from tests.ui.conftest import Studio
from tests.ui.helpers import drop_urls, make_image


def paste_text(studio: Studio, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    studio.window.composer.references.paste()


@pytest.mark.parametrize("form", ["absolute", "home", "quoted", "escaped", "trailing space"])
def test_a_pasted_plain_path_is_added(studio: Studio, form: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    home = Path.home()
    folder = home / "My Pictures"
    folder.mkdir(exist_ok=True)
    image = make_image(folder / "a cat.png")
    text = {
        "absolute": str(image),
        "home": "~/My Pictures/a cat.png",
        "quoted": f"'{image}'",
        "escaped": str(image).replace(" ", "\\ "),
        "trailing space": f"{image} \n",
    }[form]
    paste_text(studio, text)
    zone = studio.window.composer.references
    studio.run.until(lambda: len(zone.tiles) == 1, message=lambda: zone.message_label.text())
    assert zone.sources() == [str(image)]


def test_text_that_is_not_a_path_adds_nothing(studio: Studio) -> None:
    paste_text(studio, "a cat on a mat")
    studio.run.settle(0.2)
    assert studio.window.composer.references.sources() == []


def test_a_link_tile_shows_the_file_name(studio: Studio) -> None:
    zone = studio.window.composer.references
    drop_urls(zone, [QUrl("https://example.com/pictures/d%C3%B6g.png?size=large")])
    studio.run.until(lambda: len(zone.tiles) == 1)
    texts = [label.text() for label in zone.tiles[0].findChildren(QLabel)]
    assert "dög.png" in texts
