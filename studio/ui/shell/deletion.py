"""Deleting one result, and undoing it: the file waits in the engine's holding area until Ctrl+Z
or the message's "Undo" brings it back."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from studio.ui.gallery.entries import GalleryEntry
from studio.ui.kit.banners import MessageBar
from studio.ui.kit.bridge import TaskRunner
from studio.ui.kit.engine_api import EngineApi
from studio.ui.kit.messages import Action, UserMessage

if TYPE_CHECKING:
    from studio.engine.holding import HeldResult

log = logging.getLogger("studio.ui.shell.deletion")


class ResultDeletion(QObject):
    """Deletes single results and restores them, newest deletion first; says so in the
    window's message bar (with an Undo button) once `attach`ed to it.

    Signals:
        status(str): a short confirmation for the status bar.
    """

    status = Signal(str)

    def __init__(self, window: QWidget, engine: EngineApi, tasks: TaskRunner) -> None:
        super().__init__(window)
        self._engine, self._tasks = engine, tasks
        self._held: list[HeldResult] = []
        self._bar: MessageBar | None = None
        self._message: UserMessage | None = None
        self.undo_action = QAction(self.tr("Undo delete"), window)
        self.undo_action.setObjectName("undoDeleteAction")
        # Ctrl+Z in the prompt editor still undoes typing: a focused text editor takes its own
        # standard keys before window shortcuts are looked at.
        self.undo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.undo_action.setEnabled(False)
        self.undo_action.triggered.connect(self.undo)
        window.addAction(self.undo_action)

    def attach(self, bar: MessageBar) -> None:
        """Tell of deletions in `bar`; its Undo button restores the last one."""
        self._bar = bar
        bar.action_requested.connect(self.on_message_action)

    @property
    def can_undo(self) -> bool:
        return bool(self._held)

    def delete(self, entry: GalleryEntry) -> asyncio.Task[None]:
        """Take this one image out of its job (the job's other images stay)."""
        return self._tasks.spawn(self._delete(entry))

    async def _delete(self, entry: GalleryEntry) -> None:
        held = await self._engine.remove_result(entry.job_id, entry.index)
        self._held.append(held)
        self.undo_action.setEnabled(True)
        self._message = UserMessage(self.tr("Image deleted."), Action.undo)
        if self._bar is not None:
            self._bar.show_message(self._message)

    def undo(self) -> asyncio.Task[None] | None:
        """Restore the image deleted last (None when there is nothing to restore)."""
        if not self._held:
            return None
        held = self._held.pop()
        self.undo_action.setEnabled(bool(self._held))
        return self._tasks.spawn(self._undo(held))

    async def _undo(self, held: HeldResult) -> None:
        try:
            await self._engine.restore_result(held)
        except BaseException:
            self._held.append(held)  # still in the holding area: a later undo may succeed
            self.undo_action.setEnabled(True)
            raise
        self.status.emit(self.tr("Image restored"))
        # Nothing left to undo: the message offering it is gone with its cause.
        bar = self._bar
        if not self._held and bar is not None and bar.message is self._message:
            bar.dismiss()

    def on_message_action(self, message: UserMessage) -> None:
        if message.action is Action.undo:
            self.undo()
