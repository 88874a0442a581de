"""The gallery's model: every saved result, newest first, with thumbnails from the cache."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer

from studio.domain.models import JobState
from studio.domain.sizing import delivered_differs, requested_output
from studio.engine.events import JobRecord
from studio.ui.gallery.entries import CellFacts, GalleryEntry, entries_for
from studio.ui.gallery.live_previews import LivePreview, LivePreviewPixmaps, live_preview_of
from studio.ui.gallery.thumbnails import ThumbnailCache
from studio.ui.kit.native_rows import NativeRowsModel
from studio.ui.kit.plain import plain_tip
from studio.ui.results.result_actions import RESULT_MIME

if TYPE_CHECKING:
    from PySide6.QtCore import QMimeData

EntryRole = Qt.ItemDataRole.UserRole + 1
FailedRole = Qt.ItemDataRole.UserRole + 2
#: True when the delivered picture is not the size or format asked for (once known).
MismatchRole = Qt.ItemDataRole.UserRole + 3
#: The `LivePreview` of a transient cell (a streamed job's partial image), None on results.
LiveRole = Qt.ItemDataRole.UserRole + 4

_Index = QModelIndex | QPersistentModelIndex


class GalleryModel(NativeRowsModel):
    """A flat list of `GalleryEntry`, newest first; decorations come lazily from the cache.

    Above the results, one transient row per streamed job under way shows its latest partial
    image (`LiveRole`): not a result (no entry, not selectable, not dragged), gone when the
    job's results are saved or it ends. Rows are `live rows + result positions`, counted by Qt
    (`NativeRowsModel`)."""

    def __init__(self, thumbnails: ThumbnailCache, parent: QObject | None = None) -> None:
        super().__init__(1, parent)
        self._entries: list[GalleryEntry] = []
        #: Show only starred images (the search row's star filter).
        self.starred_only = False
        self._keys: list[tuple[float, str, int]] = []
        #: Each entry's sort key, by (job id, image index) and by path. Keys are unique and do
        #: not move when rows do, so a row is found by bisecting `_keys`: a map of rows had to
        #: be rebuilt after every insertion, O(rows) for each thumbnail that arrived while jobs
        #: were finishing (bench/README.md, UI responsiveness).
        self._key_of: dict[tuple[str, int] | str, tuple[float, str, int]] = {}
        self._thumbnails = thumbnails
        #: Whether each file shown is not what was asked (known once its thumbnail is read).
        self._mismatch: dict[str, bool] = {}
        self._ready: set[str] = set()
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(30)
        self._flush.timeout.connect(self._announce_ready)
        thumbnails.ready.connect(self._on_thumbnail_ready)
        #: Streamed jobs under way with a preview, newest first, shown in the first rows.
        self._live: list[LivePreview] = []
        self.live_pixmaps = LivePreviewPixmaps(thumbnails.edge, self)
        self.live_pixmaps.ready.connect(self._on_live_ready)

    # -- Qt model API ---------------------------------------------------------------------------
    def cell(self, row: int) -> QModelIndex:
        """The index of a row (Qt's `index` needs the column)."""
        return self.index(row, 0)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._live) + len(self._entries):
            return None
        if index.row() < len(self._live):
            return self._live_data(self._live[index.row()], role)
        entry = self._entries[index.row() - len(self._live)]
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumbnails.get(entry.path)
        if role == EntryRole:
            return entry
        if role == FailedRole:
            return self._thumbnails.failed(entry.path)
        if role == MismatchRole:
            return self._mismatched(entry)
        if role == Qt.ItemDataRole.ToolTipRole:
            note = self.delivered_note(entry)
            return plain_tip(entry.request.prompt[:300] + (f"\n\n{note}" if note else ""))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return entry.request.prompt[:120]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if index.isValid() and index.row() < len(self._live):
            return Qt.ItemFlag.ItemIsEnabled  # a preview: not selected, dragged or acted on
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else flags

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:
        return ["text/uri-list", RESULT_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """A dragged result: its file (see `ResultMimeData`); empty without one."""
        from PySide6.QtCore import QMimeData  # on first drag: see studio/ui/__init__.py

        from studio.ui.results.result_mime import ResultMimeData

        rows = [i.row() for i in indexes if i.isValid() and i.row() >= len(self._live)]
        return ResultMimeData(self.entry(rows[0]).path) if rows else QMimeData()

    def cell_facts(self, row: int) -> CellFacts:
        """What the grid's painter needs of a row, in one call: asked role by role through
        `index.data`, each cell cost five trips from Python into Qt and back."""
        if row < len(self._live):
            live = self._live[row]
            return CellFacts(self.live_pixmaps.get(live.job_id), False, False, live, False)
        entry = self._entries[row - len(self._live)]
        pixmap = self._thumbnails.get(entry.path)
        return CellFacts(
            pixmap,
            pixmap is not None and self._mismatched(entry),
            pixmap is None and self._thumbnails.failed(entry.path),
            None,
            entry.starred,
        )

    def _mismatched(self, entry: GalleryEntry) -> bool:
        """`delivered_note(entry) is not None`, remembered once the file's size is known (it
        was worked out again for every cell on every repaint of the grid)."""
        known = self._mismatch.get(entry.path)
        if known is None:
            if self._thumbnails.source(entry.path) is None:
                return False  # not read yet
            known = self._mismatch[entry.path] = self.delivered_note(entry) is not None
        return known

    # -- content --------------------------------------------------------------------------------
    def delivered_note(self, entry: GalleryEntry) -> str | None:
        """What was delivered where it is not what was asked (resellers do this silently)."""
        source = self._thumbnails.source(entry.path)
        if source is None or not delivered_differs(entry.request, *source):
            return None
        asked_size, asked_format = requested_output(entry.request)
        asked = " ".join(
            p
            for p in (f"{asked_size[0]}x{asked_size[1]}" if asked_size else None, asked_format)
            if p
        )
        (width, height), fmt = source
        return self.tr("Delivered {got}; asked for {asked}.").format(
            got=f"{width}x{height} {fmt}", asked=asked
        )

    def entry(self, row: int) -> GalleryEntry:
        """The result in this row (a row in `result_rows`)."""
        if row < len(self._live):
            raise IndexError(f"row {row} is a live preview, not a result")
        return self._entries[row - len(self._live)]

    def result_rows(self) -> range:
        """The rows that hold saved results (after the live previews)."""
        return range(len(self._live), self.rowCount())

    def entries(self) -> list[GalleryEntry]:
        return list(self._entries)

    def row_of(self, job_id: str, image_index: int = 0) -> int | None:
        return self._row_of_key(self._key_of.get((job_id, image_index)))

    def shows_job(self, record: JobRecord) -> bool:
        """Whether any image of this job is in the gallery already."""
        return any(self.row_of(record.id, r.index) is not None for r in record.results)

    def _row_of_key(self, key: tuple[float, str, int] | None) -> int | None:
        position = self._position_of_key(key)
        return None if position is None else position + len(self._live)

    def _position_of_key(self, key: tuple[float, str, int] | None) -> int | None:
        """Where in `_entries` (not which row: the live previews come first)."""
        if key is None:
            return None
        position = bisect.bisect_left(self._keys, key)
        return position if position < len(self._keys) and self._keys[position] == key else None

    def _changed(self, position: int, entry: GalleryEntry) -> None:
        if self._entries[position] != entry:
            self._entries[position] = entry
            row = self.cell(position + len(self._live))
            self.dataChanged.emit(row, row, [EntryRole])

    def _remember(self, entry: GalleryEntry) -> None:
        key = entry.sort_key
        self._key_of[(entry.job_id, entry.index)] = key
        self._key_of[entry.path] = key

    def _entries_of(self, record: JobRecord) -> list[GalleryEntry]:
        """The job's entries this gallery shows (only starred ones under that filter)."""
        return [e for e in entries_for(record) if e.starred or not self.starred_only]

    def set_records(self, records: Iterable[JobRecord]) -> None:
        keyed = [(e.sort_key, e) for record in records for e in self._entries_of(record)]
        keyed.sort(key=itemgetter(0))  # each key made once: a history can hold 10,000 jobs

        def apply() -> None:
            self._entries = [e for _, e in keyed]
            self._keys = [k for k, _ in keyed]
            self._key_of = {}
            for entry in self._entries:
                self._remember(entry)

        self._reset_rows(len(self._live) + len(keyed), apply)

    def update_record(self, record: JobRecord) -> None:
        """Add a job's images once it has succeeded (idempotent).

        A job's images are neighbours in the sort order, so they go in as one block: one
        rowsInserted (one relayout of the grid) per job rather than one per image."""
        entries = self._entries_of(record)
        if record.state is JobState.succeeded:
            self._drop_gone(record.id, entries)
        for entry in entries:  # one starred or unstarred since: shown as it is now
            position = self._position_of_key(self._key_of.get((entry.job_id, entry.index)))
            if position is not None:
                self._changed(position, entry)
        new = [e for e in entries if (e.job_id, e.index) not in self._key_of]
        new.sort(key=lambda e: e.sort_key)
        while new:
            row = bisect.bisect_left(self._keys, new[0].sort_key)
            block = [new[0]]
            for entry in new[1:]:
                if bisect.bisect_left(self._keys, entry.sort_key) != row:
                    break
                block.append(entry)
            new = new[len(block) :]
            self._insert_rows(row + len(self._live), len(block), self._placing(row, block))

    def _placing(self, position: int, block: list[GalleryEntry]) -> Callable[[], None]:
        def apply() -> None:
            self._entries[position:position] = block
            self._keys[position:position] = [e.sort_key for e in block]
            for entry in block:
                self._remember(entry)

        return apply

    def remove_job(self, job_id: str) -> None:
        self._drop_live(job_id)
        for row in reversed([row for row, e in enumerate(self._entries) if e.job_id == job_id]):
            self._remove_row(row)

    def _drop_gone(self, job_id: str, entries: list[GalleryEntry]) -> None:
        """A job lost images (one was deleted): their rows go, and the others learn how many
        the job has now."""
        rows = [
            row
            for entry in entries
            if (row := self._position_of_key(self._key_of.get((entry.job_id, entry.index))))
            is not None
        ]
        if entries and not rows:
            return  # a job new to the gallery: nothing of it to drop
        if rows and self._entries[rows[0]].images_in_job == len(entries) == len(rows):
            return  # nothing gone (the common case), without a scan of every row
        for row in reversed([r for r, e in enumerate(self._entries) if e.job_id == job_id]):
            if all(e.index != self._entries[row].index for e in entries):
                self._remove_row(row)
        for entry in entries:
            position = self._position_of_key(self._key_of.get((entry.job_id, entry.index)))
            if position is not None:
                self._changed(position, entry)

    def _remove_row(self, position: int) -> None:
        """Remove the entry at this position of `_entries` (its row is after the previews)."""
        entry = self._entries[position]

        def apply() -> None:
            del self._entries[position]
            del self._keys[position]
            self._key_of.pop((entry.job_id, entry.index), None)
            self._key_of.pop(entry.path, None)

        self._remove_rows(position + len(self._live), 1, apply)
        self._thumbnails.forget(entry.path)
        self._mismatch.pop(entry.path, None)

    # -- thumbnails -----------------------------------------------------------------------------
    def _on_thumbnail_ready(self, path: str) -> None:
        self._ready.add(path)
        if not self._flush.isActive():
            self._flush.start()

    def _announce_ready(self) -> None:
        """Tell the view about arrived thumbnails in one batch, so scrolling stays smooth."""
        rows = sorted(
            r for p in self._ready if (r := self._row_of_key(self._key_of.get(p))) is not None
        )
        self._ready.clear()
        if not rows:
            return
        roles = [Qt.ItemDataRole.DecorationRole]
        if len(rows) > 32:
            self.dataChanged.emit(self.cell(rows[0]), self.cell(rows[-1]), roles)
            return
        for row in rows:
            self.dataChanged.emit(self.cell(row), self.cell(row), roles)

    # -- live previews ---------------------------------------------------------------------------
    def show_live(self, record: JobRecord) -> None:
        """A streamed job's latest partial image in a transient cell at the top; taken away when
        the job has no preview any more (its results are saved, or it failed or was cancelled)."""
        live = live_preview_of(record)
        row = next((r for r, shown in enumerate(self._live) if shown.job_id == record.id), None)
        if live is None:
            if row is not None:
                self._drop_live(record.id)
            return
        self.live_pixmaps.offer(record)
        if row is not None:
            if self._live[row] != live:
                self._live[row] = live
                self.dataChanged.emit(self.cell(row), self.cell(row))
            return
        keys = [(-shown.created_at, shown.job_id) for shown in self._live]
        row = bisect.bisect_left(keys, (-live.created_at, live.job_id))
        self._insert_rows(row, 1, lambda: self._live.insert(row, live))

    def live_previews(self) -> list[LivePreview]:
        return list(self._live)

    def _drop_live(self, job_id: str) -> None:
        self.live_pixmaps.forget(job_id)
        for row in reversed([r for r, shown in enumerate(self._live) if shown.job_id == job_id]):
            self._remove_rows(row, 1, functools.partial(self._live.__delitem__, row))

    def _live_data(self, live: LivePreview, role: int) -> Any:
        if role == Qt.ItemDataRole.DecorationRole:
            return self.live_pixmaps.get(live.job_id)
        if role == LiveRole:
            return live
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(live.prompt[:300])
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return live.prompt[:120]
        return None

    def _on_live_ready(self, job_id: str) -> None:
        row = next((r for r, shown in enumerate(self._live) if shown.job_id == job_id), None)
        if row is not None:
            roles = [Qt.ItemDataRole.DecorationRole]
            self.dataChanged.emit(self.cell(row), self.cell(row), roles)
