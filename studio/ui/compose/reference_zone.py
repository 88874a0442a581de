"""The reference drop zone: files or links dropped, pasted or picked, checked off the UI thread
by the engine, shown as thumbnails that can be removed and reordered."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import (
    QGuiApplication,
    QImage,
    QKeySequence,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.domain.catalog import ModelSpec
from studio.settings import data_dir
from studio.ui.kit.bridge import TaskRunner
from studio.ui.kit.engine_api import ReferenceInfoLike
from studio.ui.kit.messages import message_for_error
from studio.ui.kit.palette import error_color, muted_color, set_text_color
from studio.ui.kit.plain import heading, plain_label, plain_tip
from studio.ui.results.result_actions import is_own_result

if TYPE_CHECKING:
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

translate = QCoreApplication.translate
TILE_EDGE = 72
COLUMNS = 4


def sources_from_mime(mime: QMimeData) -> list[str]:
    """Local paths and http(s) links carried by a drop or the clipboard (not raw image data)."""
    sources: list[str] = []
    if mime.hasUrls():
        for url in mime.urls():
            if url.isLocalFile():
                sources.append(url.toLocalFile())
            elif url.scheme() in ("http", "https"):
                sources.append(url.toString())
    if not sources and mime.hasText():
        for line in mime.text().splitlines():
            line = line.strip()
            if line.startswith(("http://", "https://")):
                sources.append(line)
            elif line.startswith("file://"):
                from PySide6.QtCore import QUrl  # on first use: see studio/ui/__init__.py

                sources.append(QUrl(line).toLocalFile())
            elif (path := plain_path(line)) is not None:
                sources.append(path)
    return list(dict.fromkeys(sources))


def plain_path(line: str) -> str | None:
    """A file path as a person copies it: absolute or `~/…`, perhaps quoted or with escaped
    spaces as a terminal shows it; None for text that is not one (a sentence, a relative name)."""
    import shlex  # only when text is pasted

    as_is = os.path.expanduser(line)
    if os.path.isabs(as_is) and os.path.exists(as_is):  # spaces and all, unquoted
        return as_is
    try:
        words = shlex.split(line)
    except ValueError:
        return None
    if len(words) != 1:
        return None
    candidate = os.path.expanduser(words[0])
    if not os.path.isabs(candidate):
        return None
    return candidate


def tile_name(source: str) -> str:
    """What a tile calls its reference: the file's name, also for a link ("cat.png")."""
    if "://" not in source:
        return Path(source).name
    parts = urlsplit(source)
    return unquote(parts.path.rsplit("/", 1)[-1]) or parts.netloc


def limits_text(model: ModelSpec) -> str:
    """How many reference images the model takes, for the zone's header."""
    if model.max_refs == 0:
        return translate("studio.references", "Not used by this model")
    if model.min_refs == 0:
        return translate("studio.references", "Optional, up to {high} images").format(
            high=model.max_refs
        )
    if model.min_refs == model.max_refs:
        return translate("studio.references", "{count} images").format(count=model.max_refs)
    return translate("studio.references", "{low}-{high} images").format(
        low=model.min_refs, high=model.max_refs
    )


def _save_png(image: QImage, folder: Path) -> str:
    import uuid  # only when an image is pasted

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"pasted-{uuid.uuid4().hex[:12]}.png"
    if not image.save(str(path)):
        raise OSError(f"could not write {path}")
    return str(path)


class ReferenceTile(QFrame):
    """One reference: thumbnail, name, move left/right and remove buttons.

    Signals:
        remove_requested(str): remove this source.
        move_requested(str, int): move this source by -1 or +1.
    """

    remove_requested = Signal(str)
    move_requested = Signal(str, int)

    def __init__(self, info: ReferenceInfoLike, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = info.source
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.thumbnail = QLabel(self)
        self.thumbnail.setFixedSize(QSize(TILE_EDGE, TILE_EDGE))
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pixmap = QPixmap()
        if info.thumbnail_png and pixmap.loadFromData(info.thumbnail_png):
            ratio = self.devicePixelRatioF()
            pixmap = pixmap.scaled(
                QSize(TILE_EDGE, TILE_EDGE) * ratio,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            pixmap.setDevicePixelRatio(ratio)
            self.thumbnail.setPixmap(pixmap)
        else:
            self.thumbnail.setText(self.tr("link"))
        name = tile_name(info.source)
        size = f"{info.width}×{info.height}" if info.width and info.height else ""
        self.setToolTip(plain_tip("\n".join(x for x in (info.source, size) if x)))
        remove = self._button("✕", self.tr("Remove this reference"), "removeReference")
        remove.clicked.connect(lambda: self.remove_requested.emit(self.source))
        left = self._button("◀", self.tr("Move earlier"), "moveEarlier")
        left.clicked.connect(lambda: self.move_requested.emit(self.source, -1))
        right = self._button("▶", self.tr("Move later"), "moveLater")
        right.clicked.connect(lambda: self.move_requested.emit(self.source, 1))
        label = QLabel(self.fontMetrics().elidedText(name, Qt.TextElideMode.ElideMiddle, TILE_EDGE))
        buttons = QHBoxLayout()
        buttons.setSpacing(0)
        for button in (left, right, remove):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(3, 3, 3, 3)
        layout.setSpacing(2)
        layout.addWidget(self.thumbnail, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(label)
        layout.addLayout(buttons)

    def _button(self, text: str, tip: str, name: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setObjectName(name)
        button.setAutoRaise(True)
        return button


class ReferenceZone(QFrame):
    """Accepts image files and links by drop, paste or file picker; refuses what is not an image.

    Signals:
        changed(): the list of references changed (added, removed or reordered).
        refused(str): a source was refused; the text says why.
        files_dropped(list[str]): local files were dropped here (the window looks for a prompt
            and settings in them; they are added as references all the same).
    """

    changed = Signal()
    refused = Signal(str)
    files_dropped = Signal(list)

    def __init__(
        self,
        prepare: Callable[[str], Awaitable[ReferenceInfoLike]],
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("referenceZone")
        self.setAcceptDrops(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._prepare = prepare
        self._tasks = tasks
        self._infos: list[ReferenceInfoLike] = []
        self._pending = 0
        self.limits_label = QLabel(self)
        self.limits_label.setObjectName("referenceLimits")
        self.hint_label = QLabel(self.tr("Drop images or links here, or paste (Ctrl+V)"), self)
        self.hint_label.setWordWrap(True)
        set_text_color(self.hint_label, muted_color(self.palette()))
        self.message_label = plain_label(QLabel(self))
        self.message_label.setObjectName("referenceMessage")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        set_text_color(self.message_label, error_color(self.palette()))
        self.add_button = QPushButton(self.tr("Add files…"), self)
        self.add_button.clicked.connect(self.pick_files)
        self.paste_button = QPushButton(self.tr("Paste"), self)
        self.paste_button.clicked.connect(self.paste)
        header = QHBoxLayout()
        header.addWidget(heading(self.tr("References"), self))
        header.addWidget(self.limits_label, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.paste_button)
        buttons.addStretch(1)
        self._grid = QGridLayout()
        self._grid.setSpacing(4)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.hint_label)
        layout.addLayout(self._grid)
        layout.addLayout(buttons)
        layout.addWidget(self.message_label)
        paste = QShortcut(QKeySequence.StandardKey.Paste, self)
        paste.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        paste.activated.connect(self.paste)
        self.tiles: list[ReferenceTile] = []

    # -- state ----------------------------------------------------------------------------------
    def sources(self) -> list[str]:
        return [info.source for info in self._infos]

    @property
    def busy(self) -> bool:
        """True while dropped sources are still being checked."""
        return self._pending > 0

    def set_model(self, model: ModelSpec) -> None:
        self.limits_label.setText(limits_text(model))

    def clear(self) -> None:
        self._infos.clear()
        self._rebuild()

    def remove(self, source: str) -> None:
        self._infos = [info for info in self._infos if info.source != source]
        self._rebuild()

    def move_reference(self, source: str, offset: int) -> None:
        index = self.sources().index(source)
        target = max(0, min(len(self._infos) - 1, index + offset))
        if target != index:
            self._infos.insert(target, self._infos.pop(index))
            self._rebuild()

    # -- adding ---------------------------------------------------------------------------------
    def add_sources(self, sources: Iterable[str]) -> asyncio.Task[None]:
        """Check each source off the UI thread; add what is accepted, report what is refused."""
        return self._tasks.spawn(self._add(list(sources)))

    async def _add(self, sources: list[str]) -> None:
        self._pending += 1
        self.message_label.hide()
        try:
            results = await asyncio.gather(
                *(self._prepare(s) for s in sources if s not in self.sources()),
                return_exceptions=True,
            )
        finally:
            self._pending -= 1
        refusals = []
        for result in results:
            if isinstance(result, BaseException):
                if not isinstance(result, Exception):
                    raise result
                refusals.append(message_for_error(result).text)
            elif result.source not in self.sources():
                self._infos.append(result)
        if refusals:
            self.message_label.setText("\n".join(refusals))
            self.message_label.show()
            self.refused.emit("\n".join(refusals))
        self._rebuild()

    def add_mime(self, mime: QMimeData) -> asyncio.Task[None] | None:
        sources = sources_from_mime(mime)
        if sources:
            return self.add_sources(sources)
        if mime.hasImage():
            image = QImage(mime.imageData())
            if not image.isNull():
                return self._tasks.spawn(self._add_image(image))
        self._refuse(self.tr("That is not an image or a link to one."))
        return None

    async def _add_image(self, image: QImage) -> None:
        path = await asyncio.to_thread(_save_png, image.copy(), data_dir() / "pasted")
        await self._add([path])

    def _refuse(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.show()
        self.refused.emit(text)

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None:
            self.add_mime(mime)

    def pick_files(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # on first use: see studio/ui/__init__.py

        dialog = QFileDialog(self, self.tr("Choose reference images"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilter(self.tr("Images (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.tif *.tiff)"))
        dialog.filesSelected.connect(self.add_sources)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # -- drag and drop --------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasUrls() or mime.hasImage() or mime.hasText():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        event.acceptProposedAction()
        mime = event.mimeData()
        self.add_mime(mime)
        local = [s for s in sources_from_mime(mime) if "://" not in s]
        # A result dragged from the gallery is wanted as a reference, not as a recipe to reuse.
        if local and not is_own_result(mime):
            self.files_dropped.emit(local)

    # -- layout ---------------------------------------------------------------------------------
    def _rebuild(self) -> None:
        for tile in self.tiles:
            self._grid.removeWidget(tile)
            tile.deleteLater()
        self.tiles = []
        for position, info in enumerate(self._infos):
            tile = ReferenceTile(info, self)
            tile.remove_requested.connect(self.remove)
            tile.move_requested.connect(self.move_reference)
            self._grid.addWidget(tile, position // COLUMNS, position % COLUMNS)
            self.tiles.append(tile)
        self.hint_label.setVisible(not self._infos)
        self.changed.emit()
