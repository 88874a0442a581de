"""The gallery as a person uses it with a mouse: real press/release events at the item's
rectangle (QTest), never `setCurrentIndex`."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu

from studio.ui.results.result_actions import ResultAction
from tests.ui.conftest import Studio
from tests.ui.gallery.test_gallery import generate


def item_center(studio: Studio, row: int) -> QPoint:
    view = studio.window.gallery.view
    rect = view.visualRect(studio.window.gallery_model.cell(row))
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


def three_image_job(studio: Studio) -> str:
    """A finished job with three images, shown in the gallery as the engine announces it."""
    from tests.engine.test_remove_result import three_image_job as make

    job_id = studio.run(studio.engine.db(lambda j: make(j, studio.library)))
    studio.window.on_jobs_changed([studio.run(studio.engine.job(job_id))])
    assert studio.window.gallery_model.rowCount() == 3
    return job_id


def press_delete_on(studio: Studio, row: int) -> str:
    """Click the item, press Delete; the path of the image that was there."""
    path = studio.window.gallery_model.entry(row).path
    click(studio, row)
    QTest.keyClick(studio.window.gallery.view, Qt.Key.Key_Delete)
    studio.run.until(lambda: studio.window.gallery_model.rowCount() == 2)
    return path


def test_deleting_one_image_of_a_job_keeps_the_others(studio: Studio) -> None:
    from pathlib import Path

    three_image_job(studio)
    path = press_delete_on(studio, 1)
    gallery = studio.window.gallery_model
    assert [gallery.entry(r).index for r in range(2)] == [0, 2]
    assert not Path(path).exists()
    assert all(Path(gallery.entry(r).path).exists() for r in range(2))
    assert {gallery.entry(r).images_in_job for r in range(2)} == {2}
    # The image that took the deleted one's place is shown, with the actions enabled.
    assert studio.window.details.entry == gallery.entry(1)


def test_undo_in_the_message_brings_the_image_back(studio: Studio) -> None:
    from pathlib import Path

    three_image_job(studio)
    path = press_delete_on(studio, 1)
    bar = studio.window.message_bar
    assert bar.isVisible() and bar.action_button.text() == "Undo"
    QTest.mouseClick(bar.action_button, Qt.MouseButton.LeftButton)
    gallery = studio.window.gallery_model
    studio.run.until(lambda: gallery.rowCount() == 3, message="the image did not come back")
    assert Path(path).exists()
    assert [gallery.entry(r).index for r in range(3)] == [0, 1, 2]
    assert {gallery.entry(r).images_in_job for r in range(3)} == {3}
    assert studio.window.status_label.text() == "Image restored"


def test_ctrl_z_restores_the_last_deletions_newest_first(studio: Studio) -> None:
    three_image_job(studio)
    first = press_delete_on(studio, 1)
    gallery = studio.window.gallery_model
    second = gallery.entry(0).path
    click(studio, 0)
    QTest.keyClick(studio.window.gallery.view, Qt.Key.Key_Delete)
    studio.run.until(lambda: gallery.rowCount() == 1)
    QTest.keyClick(studio.window.gallery.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    studio.run.until(lambda: gallery.rowCount() == 2)
    assert second in {gallery.entry(r).path for r in range(2)}
    assert first not in {gallery.entry(r).path for r in range(2)}
    assert studio.window.message_bar.isVisible()  # one deletion is still there to undo
    QTest.keyClick(studio.window.gallery.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    studio.run.until(lambda: gallery.rowCount() == 3)
    assert not studio.window.results.deletion.undo_action.isEnabled()
    # Nothing left to undo: the message that offered it is gone.
    assert not studio.window.message_bar.isVisible()


def test_ctrl_z_in_the_prompt_undoes_typing_not_a_deletion(studio: Studio) -> None:
    three_image_job(studio)
    press_delete_on(studio, 0)
    editor = studio.window.composer.prompt.edit
    editor.setFocus()
    QTest.keyClicks(editor, "abc")
    QTest.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    studio.run.settle(0.2)
    assert studio.window.gallery_model.rowCount() == 2
    assert studio.window.results.deletion.can_undo


def _corner_colour(studio: Studio, row: int) -> str:
    """The colour painted in the cell's padding (top left), where the thumbnail never is."""
    view = studio.window.gallery.view
    rect = view.visualRect(studio.window.gallery_model.cell(row))
    image = view.viewport().grab().toImage()
    return image.pixelColor(rect.topLeft() + QPoint(2, 2)).name()


def test_the_cell_under_the_pointer_and_the_selected_cell_are_marked(studio: Studio) -> None:
    from PySide6.QtGui import QPalette

    generate(studio, "left", "right")
    palette = studio.window.gallery.view.palette()
    highlight = palette.color(QPalette.ColorRole.Highlight).name()
    hover = palette.color(QPalette.ColorRole.AlternateBase).name()
    base = palette.color(QPalette.ColorRole.Base).name()
    assert len({highlight, hover, base}) == 3
    viewport = studio.window.gallery.view.viewport()
    click(studio, 0)
    QTest.mouseMove(viewport, item_center(studio, 1))
    studio.run.settle(0.1)
    assert [_corner_colour(studio, row) for row in (0, 1)] == [highlight, hover]
    QTest.mouseMove(viewport, item_center(studio, 0))
    studio.run.settle(0.1)
    assert [_corner_colour(studio, row) for row in (0, 1)] == [highlight, base]
