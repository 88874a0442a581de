"""Setting the prompt from code (the last request restored, an image reused, a prompt recalled)."""

from __future__ import annotations

from studio.ui.compose.prompt_editor import PromptEditor


def test_set_text_replaces_the_text_with_the_cursor_at_its_end_and_nothing_to_undo(
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    editor = PromptEditor()
    qtbot.addWidget(editor)
    editor.edit.insertPlainText("typed before")
    changes: list[str] = []
    editor.edit.textChanged.connect(lambda: changes.append(editor.text()))

    editor.set_text("a lighthouse\nat dusk")

    assert editor.text() == "a lighthouse\nat dusk"
    assert changes == ["a lighthouse\nat dusk"]  # once, never the empty text in between
    assert editor.edit.textCursor().position() == len("a lighthouse\nat dusk")
    assert not editor.edit.document().isUndoAvailable()  # as setPlainText: not undoable
    assert editor.edit.isUndoRedoEnabled()  # typing afterwards can be undone
