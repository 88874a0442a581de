"""Carries out the result actions (open, save as, copy, show in folder, use as reference, reuse
settings, delete) for the gallery and the details panel; slow parts run on worker threads."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from studio.ui.compose.composer import Composer
from studio.ui.gallery.entries import GalleryEntry
from studio.ui.kit.bridge import TaskRunner
from studio.ui.kit.engine_api import EngineApi
from studio.ui.results.result_actions import (
    SAVE_FORMATS,
    ResultAction,
    carries_credentials,
    format_for_suffix,
    format_of_suffix,
    save_copy,
)
from studio.ui.shell.deletion import ResultDeletion

if TYPE_CHECKING:
    from PySide6.QtCore import QUrl
    from PySide6.QtWidgets import QFileDialog


def _open_on_desktop(url: QUrl) -> bool:
    from PySide6.QtGui import QDesktopServices  # on first use: see studio/ui/__init__.py

    return QDesktopServices.openUrl(url)


class ResultHandler(QObject):
    """Runs a `ResultAction` on a `GalleryEntry`.

    Signals:
        status(str): a short confirmation for the status bar ("Saved to …").
    """

    status = Signal(str)

    def __init__(
        self,
        window: QWidget,
        engine: EngineApi,
        tasks: TaskRunner,
        composer: Composer,
        *,
        default_folder: Callable[[], Path],
    ) -> None:
        super().__init__(window)
        self._window, self._engine, self._tasks, self._composer = window, engine, tasks, composer
        self._default_folder = default_folder
        self._last_folder: Path | None = None
        self.deletion = ResultDeletion(window, engine, tasks)
        self.deletion.status.connect(self.status)
        #: Shows a result in the viewer (the window hands in the gallery's).
        self.view: Callable[[GalleryEntry], object] = lambda _entry: None
        #: Opening files is delegated to the desktop; tests replace this.
        self.open_url: Callable[[QUrl], object] = _open_on_desktop

    def handle(self, action: ResultAction, entry: GalleryEntry) -> None:
        from PySide6.QtCore import QUrl  # on first use: see studio/ui/__init__.py

        handlers: dict[ResultAction, Callable[[GalleryEntry], object]] = {
            ResultAction.view: self.view,
            ResultAction.open: lambda e: self.open_url(QUrl.fromLocalFile(e.path)),
            ResultAction.show_in_folder: lambda e: self.open_url(
                QUrl.fromLocalFile(str(Path(e.path).parent))
            ),
            ResultAction.save_as: self.ask_save_as,
            ResultAction.export_clean: lambda e: self.ask_save_as(e, strip=True),
            ResultAction.copy_image: self.copy_image,
            ResultAction.copy_prompt: self.copy_prompt,
            ResultAction.use_as_reference: lambda e: self._composer.references.add_sources(
                [e.path]
            ),
            ResultAction.reuse_settings: lambda e: self._composer.apply_request(e.request),
            ResultAction.star: self.toggle_star,
            ResultAction.delete: self.delete,
        }
        handlers[action](entry)

    def save_selected(self, entry: GalleryEntry | None) -> QFileDialog | None:
        """Ctrl+S: save the selected result, or say how to choose one."""
        if entry is None:
            self.status.emit(self.tr("Select an image in the gallery to save it."))
            return None
        return self.ask_save_as(entry)

    # -- save as --------------------------------------------------------------------------------
    def ask_save_as(self, entry: GalleryEntry, *, strip: bool = False) -> QFileDialog:
        """Ask where to save a copy; with `strip`, the copy carries no prompt or settings."""
        from PySide6.QtWidgets import QFileDialog  # on first use: see studio/ui/__init__.py

        folder = self._last_folder or self._default_folder()
        title = self.tr("Export without metadata") if strip else self.tr("Save image as")
        dialog = QFileDialog(self._window, title, str(folder / Path(entry.path).name))
        dialog.setObjectName("exportCleanDialog" if strip else "saveAsDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        filters = {
            "PNG": self.tr("PNG image (*.png)"),
            "JPEG": self.tr("JPEG image (*.jpg *.jpeg)"),
            "WebP": self.tr("WebP image (*.webp)"),
        }
        dialog.setNameFilters(list(filters.values()))
        dialog.selectNameFilter(filters[format_for_suffix(entry.path)])

        def chosen(path: str) -> None:
            # The extension the user typed wins; the filter only decides for a bare name.
            name = format_of_suffix(path) or next(
                (n for n, f in filters.items() if f == dialog.selectedNameFilter()),
                format_for_suffix(path),
            )
            self.save_as(entry, path, name, strip=strip)

        dialog.fileSelected.connect(chosen)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def save_as(
        self, entry: GalleryEntry, target: str, format_name: str, *, strip: bool = False
    ) -> asyncio.Task[None]:
        assert format_name in SAVE_FORMATS
        return self._tasks.spawn(self._save_as(entry, target, format_name, strip))

    async def _save_as(
        self, entry: GalleryEntry, target: str, format_name: str, strip: bool
    ) -> None:
        signed = await asyncio.to_thread(carries_credentials, entry.path)
        written = await asyncio.to_thread(save_copy, entry.path, target, format_name, strip=strip)
        self._last_folder = Path(written).parent
        if strip and signed:
            self.status.emit(
                self.tr(
                    "Exported without metadata to {path}; its Content Credentials (C2PA) "
                    "were removed too."
                ).format(path=written)
            )
        elif strip:
            self.status.emit(self.tr("Exported without metadata to {path}").format(path=written))
        elif signed and format_for_suffix(entry.path) != format_name:
            self.status.emit(
                self.tr(
                    "Saved to {path}; converting it removed its Content Credentials (C2PA)."
                ).format(path=written)
            )
        else:
            self.status.emit(self.tr("Saved to {path}").format(path=written))

    # -- clipboard ------------------------------------------------------------------------------
    def copy_image(self, entry: GalleryEntry) -> asyncio.Task[None]:
        return self._tasks.spawn(self._copy_image(entry))

    async def _copy_image(self, entry: GalleryEntry) -> None:
        from studio.ui.results.result_mime import (  # on first copy
            clipboard_payload,
            put_on_clipboard,
        )

        image, data = await asyncio.to_thread(clipboard_payload, entry.path)
        put_on_clipboard(QGuiApplication.clipboard(), entry.path, image, data)
        self.status.emit(self.tr("Image copied"))

    def copy_prompt(self, entry: GalleryEntry) -> None:
        QGuiApplication.clipboard().setText(entry.request.prompt)
        self.status.emit(self.tr("Prompt copied"))

    def toggle_star(self, entry: GalleryEntry) -> asyncio.Task[object]:
        """Star the image, or unstar it; the gallery hears of it from the engine."""
        self.status.emit(self.tr("Unstarred") if entry.starred else self.tr("Starred"))
        return self._tasks.spawn(
            self._engine.set_star(entry.job_id, entry.index, not entry.starred)
        )

    # -- delete ---------------------------------------------------------------------------------
    def delete(self, entry: GalleryEntry) -> asyncio.Task[None]:
        """Delete this one image at once; the message it shows offers Undo (and so does Ctrl+Z)."""
        return self.deletion.delete(entry)
