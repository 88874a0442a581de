"""The gallery as a person uses it with a mouse: real press/release events at the item's
rectangle (QTest), never `setCurrentIndex`."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu

from studio.ui.result_actions import ResultAction
from tests.ui.conftest import Studio
from tests.ui.test_gallery import generate


def item_center(studio: Studio, row: int) -> QPoint:
    view = studio.window.gallery.view
    rect = view.visualRect(studio.window.gallery_model.index(row))
    assert rect.isValid() and view.viewport().rect().contains(rect.center())
    return rect.center()


def click(studio: Studio, row: int, button: Qt.MouseButton = Qt.MouseButton.LeftButton) -> None:
    viewport = studio.window.gallery.view.viewport()
    QTest.mouseClick(viewport, button, Qt.KeyboardModifier.NoModifier, item_center(studio, row))
    studio.run.settle()


def test_clicking_the_older_thumbnail_shows_that_image(studio: Studio) -> None:
    generate(studio, "the older one")
    generate(studio, "the newer one")
    click(studio, 0)
    click(studio, 1)
    details = studio.window.details
    assert details.prompt_view.toPlainText() == "the older one"
    assert details.entry is not None and details.entry.request.prompt == "the older one"
    assert all(button.isEnabled() for button in details.buttons.values())
    studio.run.until(details.preview.has_image, message="the preview never loaded")


def test_clicking_back_and_forth_follows_the_click(studio: Studio) -> None:
    generate(studio, "left", "right")
    details = studio.window.details
    for row in (1, 0, 1):
        click(studio, row)
        assert details.entry == studio.window.gallery_model.entry(row)


def right_click(studio: Studio, row: int) -> None:
    """A right press, then the context-menu event the window system sends with it."""
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication

    viewport = studio.window.gallery.view.viewport()
    position = item_center(studio, row)
    QTest.mousePress(viewport, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, position)
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, position, viewport.mapToGlobal(position)
    )
    QApplication.sendEvent(viewport, event)
    QTest.mouseRelease(
        viewport, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, position
    )
    studio.run.settle()


def test_a_right_click_selects_and_shows_the_menu_for_that_item(studio: Studio) -> None:
    generate(studio, "the older one")
    generate(studio, "the newer one")
    click(studio, 0)
    right_click(studio, 1)
    assert studio.window.details.prompt_view.toPlainText() == "the older one"
    menus = [m for m in studio.window.gallery.findChildren(QMenu) if m.isVisible()]
    assert len(menus) == 1, "no context menu"
    menus[0].close()
    assert studio.window.gallery.current_entry() == studio.window.gallery_model.entry(1)


def test_keyboard_moves_the_shown_result(studio: Studio) -> None:
    generate(studio, "one", "two")
    click(studio, 0)
    view = studio.window.gallery.view
    QTest.keyClick(view, Qt.Key.Key_Right)
    studio.run.settle()
    assert studio.window.details.entry == studio.window.gallery_model.entry(1)


def test_a_finished_result_is_shown_unless_another_is_being_looked_at(studio: Studio) -> None:
    generate(studio, "first")
    assert studio.window.details.entry == studio.window.gallery_model.entry(0)
    generate(studio, "second")
    # The person was looking at nothing else: "first" was shown automatically and stays.
    click(studio, 1)
    generate(studio, "third")
    assert studio.window.details.entry is not None
    assert studio.window.details.entry.request.prompt == "first"


def test_context_menu_actions_act_on_the_clicked_item(studio: Studio) -> None:
    generate(studio, "the older one")
    generate(studio, "the newer one")
    click(studio, 0)
    right_click(studio, 1)
    studio.window.gallery.actions_by_name[ResultAction.copy_prompt].trigger()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == "the older one"
