"""Reuse the prompt and settings an image file carries: File > Open image… and images dropped
on the references. The file is read off the UI thread; what it says is offered in a bar, and
applied to the composer only as far as the catalog and the user's keys allow.

Our own results carry the whole request (provider, model, quality, ratio, extras...), inside the
file or, for a signed (C2PA) result, in its XMP sidecar; another tool's A1111-style
`parameters`, ComfyUI graph, InvokeAI or NovelAI metadata give a prompt, a negative prompt and
its own settings, of which only the size maps (to the nearest ratio or size preset the selected
model offers).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QPushButton, QWidget

from studio.domain.catalog import provider_spec
from studio.ui.compose.composer import Composer
from studio.ui.kit.banners import Bar
from studio.ui.kit.bridge import TaskRunner
from studio.ui.kit.catalog_text import provider_label

if TYPE_CHECKING:
    from PySide6.QtWidgets import QFileDialog

    # Imported where an image is looked at (with the other tools' formats): not for the idle
    # window (bench/README.md, idle memory).
    from studio.domain.provenance import ImageProvenance

#: Characters of the prompt shown in the offer.
EXCERPT = 160
#: Dropped files looked at for a prompt, at most.
MAX_DROPPED = 8


def read_image_provenance(path: str) -> ImageProvenance | None:
    """Blocking (disk, Pillow): run on a worker thread. Imported here so that Pillow loads
    there too, not on the UI thread."""
    from studio.imaging.metadata import read_provenance

    return read_provenance(Path(path))


async def _nothing() -> None:
    return None


def excerpt(text: str, limit: int = EXCERPT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


class ReuseBar(Bar):
    """Offers what an image carries: "Reuse prompt and settings", "Add as reference", close.

    Signals:
        reuse_requested(): apply the offered prompt and settings.
        add_reference_requested(): add the offered image to the references.
    """

    reuse_requested = Signal()
    add_reference_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QColor("#1976d2"), parent)
        self.setObjectName("reuseBar")
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # a file's prompt is never markup
        self.reuse_button = QPushButton(self.tr("Reuse prompt and settings"), self)
        self.reuse_button.setObjectName("reuseButton")
        self.reuse_button.clicked.connect(self.reuse_requested)
        self.reference_button = QPushButton(self.tr("Add as reference"), self)
        self.reference_button.setObjectName("addReferenceButton")
        self.reference_button.clicked.connect(self.add_reference_requested)
        self.row.addWidget(self.reuse_button)
        self.row.addWidget(self.reference_button)
        self.close_button = self.add_close_button(self.hide)
        self.hide()

    def offer(self, text: str, *, reuse: bool, add_reference: bool) -> None:
        self.label.setText(text)
        self.reuse_button.setVisible(reuse)
        self.reference_button.setVisible(add_reference)
        self.show()


class ReuseController(QObject):
    """Reads images for their prompt and settings, offers them in the bar, applies them.

    Signals:
        status(str): a short outcome for the status bar.
    """

    status = Signal(str)

    def __init__(
        self,
        window: QWidget,
        composer: Composer,
        tasks: TaskRunner,
        bar: ReuseBar,
    ) -> None:
        super().__init__(window)
        self._window, self._composer, self._tasks, self._bar = window, composer, tasks, bar
        self._path: str | None = None
        # More files opened together with `_path`: references too, with it.
        self._also: list[str] = []
        self._offered: ImageProvenance | None = None
        #: Awaited before reuse is offered: which providers have keys must be known by then.
        self.before_offer: Callable[[], Awaitable[None]] = _nothing
        bar.reuse_requested.connect(self.reuse_offered)
        bar.add_reference_requested.connect(self._add_reference)
        composer.references.files_dropped.connect(self.inspect_dropped)

    # -- opening --------------------------------------------------------------------------------
    def ask_open(self) -> QFileDialog:
        from PySide6.QtWidgets import QFileDialog  # on first use: see studio/ui/__init__.py

        dialog = QFileDialog(self._window, self.tr("Open image"))
        dialog.setObjectName("openImageDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(
            [
                self.tr("Images (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.tif *.tiff)"),
                self.tr("All files (*)"),
            ]
        )
        dialog.fileSelected.connect(self.open_path)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_path(self, path: str) -> asyncio.Task[None]:
        """Read `path` and offer what it carries, or to use it as a reference."""
        return self._tasks.spawn(self._open(path))

    def open_paths(self, paths: list[str]) -> asyncio.Task[None]:
        """Files opened with the studio: the first one's prompt and settings are offered, and
        all of them as references."""
        return self._tasks.spawn(self._open(paths[0], also=paths[1:MAX_DROPPED]))

    async def _open(self, path: str, also: list[str] | None = None) -> None:
        provenance = await asyncio.to_thread(read_image_provenance, path)
        name = Path(path).name
        self._path, self._offered, self._also = path, None, list(also or [])
        if provenance is None:
            self._bar.offer(
                self.tr("{name} is not an image the studio can read.").format(name=name),
                reuse=False,
                add_reference=False,
            )
        elif not provenance.reusable:
            self._bar.offer(self.nothing_to_reuse(provenance), reuse=False, add_reference=True)
        else:
            await self.before_offer()
            self._offered = provenance
            self._bar.offer(self.summary(provenance), reuse=True, add_reference=True)

    def inspect_dropped(self, paths: list[str]) -> asyncio.Task[None]:
        """Dropped files are references already; offer the first one's prompt, if it has one."""
        return self._tasks.spawn(self._inspect_dropped(paths[:MAX_DROPPED]))

    async def _inspect_dropped(self, paths: list[str]) -> None:
        for path in paths:
            provenance = await asyncio.to_thread(read_image_provenance, path)
            if provenance is not None and provenance.reusable:
                await self.before_offer()
                self._path, self._offered, self._also = path, provenance, []
                self._bar.offer(self.summary(provenance), reuse=True, add_reference=False)
                return

    def _add_reference(self) -> None:
        if self._path is not None:
            self._composer.references.add_sources([self._path, *self._also])
        self._bar.hide()

    # -- describing -----------------------------------------------------------------------------
    def nothing_to_reuse(self, provenance: ImageProvenance) -> str:
        """What an image without a prompt carries instead (EXIF, XMP, C2PA...), if anything."""
        if not provenance.carries:
            return self.tr("This image carries no prompt or settings.")
        blocks = ", ".join(excerpt(block, 48) for block in provenance.carries)
        text = self.tr("This image carries no prompt or settings, only: {blocks}.")
        return text.format(blocks=blocks)

    def summary(self, provenance: ImageProvenance) -> str:
        """What the offer says: where the prompt comes from, an excerpt, and what is not used."""
        from studio.domain.provenance import Origin

        lines = []
        if provenance.origin is Origin.studio:
            request = provenance.request
            provider = str(request.get("provider") or "")
            lines.append(
                self.tr("Prompt and settings from {app}: {provider}, {model}").format(
                    app=provenance.software or "Image Studio",
                    provider=provider_label(provider),
                    model=_model_label(provider, request.get("model")),
                )
            )
        elif provenance.tool:
            lines.append(
                self.tr("Prompt from another tool: {tool}").format(
                    tool=excerpt(provenance.tool, 60)
                )
            )
        else:
            lines.append(self.tr("Prompt from another tool"))
        if provenance.prompt:
            lines.append(f"“{excerpt(provenance.prompt)}”")
        if provenance.origin is Origin.other and provenance.settings:
            shown = ", ".join(f"{k}: {v}" for k, v in provenance.settings[:8])
            lines.append(self.tr("Not used here: {settings}").format(settings=excerpt(shown)))
        return "\n".join(lines)

    # -- applying -------------------------------------------------------------------------------
    def reuse_offered(self) -> None:
        if self._offered is not None:
            self.apply(self._offered)

    def apply(self, provenance: ImageProvenance) -> str:
        """Fill the composer from `provenance`; the outcome (what could not be applied) is shown
        in the bar and the status bar, and returned."""
        from studio.domain.provenance import Origin

        if provenance.origin is Origin.studio:
            notes = self._apply_ours(provenance)
        else:
            notes = self._apply_other(provenance)
        self._composer.refresh()
        text = " ".join(notes)
        self._bar.offer(text, reuse=False, add_reference=False)
        self.status.emit(text)
        return text

    def _apply_ours(self, provenance: ImageProvenance) -> list[str]:
        composer = self._composer
        request = dict(provenance.request)
        provider = str(request.get("provider") or "")
        current = composer.parameters.provider()
        notes = []
        try:
            spec = provider_spec(provider)
        except KeyError:
            spec = None
        if spec is None:
            notes.append(
                self.tr(
                    "{provider} is not available here: the prompt was reused with {current}."
                ).format(provider=excerpt(provider, 60), current=provider_label(current))
            )
        elif spec.key_env and not composer.has_key(provider):
            notes.append(
                self.tr(
                    "There is no API key for {provider}: the prompt was reused with {current}."
                ).format(provider=provider_label(provider), current=provider_label(current))
            )
        else:
            composer.parameters.apply(request)
            model = request.get("model")
            if model and composer.parameters.model().id != model:
                notes.append(
                    self.tr("{model} is not offered any more; {current} is selected.").format(
                        model=model, current=composer.parameters.model().label
                    )
                )
            notes.insert(0, self.tr("Prompt and settings reused."))
        composer.prompt.set_text(provenance.prompt)
        composer.extras.set_values(dict(request.get("extras") or {}))
        if provenance.reference_count:
            notes.append(
                self.tr(
                    "The original also used %n reference image(s); add them again to repeat it.",
                    "",
                    provenance.reference_count,
                )
            )
        return notes

    def _apply_other(self, provenance: ImageProvenance) -> list[str]:
        from studio.domain.provenance import nearest_choice

        composer = self._composer
        composer.prompt.set_text(provenance.prompt)
        model = composer.parameters.model()
        notes = [self.tr("Prompt reused; the other tool's settings are not used here.")]
        if provenance.negative and "negative" in model.extras:
            extras = composer.extras.values()
            extras["negative"] = provenance.negative
            composer.extras.set_values(extras)
        size = provenance.target_size
        if size is not None:
            fields = composer.parameters.request_fields()
            if model.ratios and (ratio := nearest_choice(*size, model.ratios)):
                fields.update(ratio=ratio, size=None)
                notes.append(
                    self.tr("Aspect ratio {ratio} is the closest to its {width}×{height}.").format(
                        ratio=ratio, width=size[0], height=size[1]
                    )
                )
            elif model.sizes and (preset := nearest_choice(*size, model.sizes)):
                fields.update(size=preset)
                notes.append(
                    self.tr("Size {size} is the closest to its {width}×{height}.").format(
                        size=preset, width=size[0], height=size[1]
                    )
                )
            composer.parameters.apply(fields)
        return notes


def _model_label(provider: str, model: object) -> str:
    try:
        return provider_spec(provider).model(str(model)).label
    except KeyError:
        return str(model or "")
