"""The gallery: a QListView in icon mode over `GalleryModel`, with a painting delegate, a
context menu and keyboard shortcuts for the result actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCursor, QKeySequence, QPainter, QPaintEvent, QPalette, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from studio.engine.events import JobRecord
from studio.ui.gallery.gallery_model import (
    EntryRole,
    GalleryEntry,
    GalleryModel,
)
from studio.ui.gallery.history_search import HistoryQuery, HistorySearch, SearchBar
from studio.ui.kit.bridge import TaskRunner
from studio.ui.kit.engine_api import EngineApi
from studio.ui.kit.palette import muted_color
from studio.ui.kit.plain import heading
from studio.ui.results.result_actions import ResultAction, action_shortcut, action_text
from studio.ui.runtime.viewports import give_own_viewport

if TYPE_CHECKING:
    from PySide6.QtGui import QResizeEvent
    from PySide6.QtWidgets import QStyleOptionViewItem

    from studio.ui.gallery.viewer import ImageViewer

CELL = 160
PADDING = 6
DRAG_EDGE = 96
#: The smallest grid cell: a thumbnail, its padding and a gap.
GRID = CELL + 2 * PADDING + 4


class ThumbnailDelegate(QStyledItemDelegate):
    """Paints a thumbnail fitted into its cell, a placeholder while it loads, and the selection."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(CELL + 2 * PADDING, CELL + 2 * PADDING)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        rect: QRect = option.rect
        palette: QPalette = option.palette
        view = self.parent()
        selected, hover = view.marks(index) if isinstance(view, GalleryView) else (False, False)
        model = index.model()
        facts = model.cell_facts(index.row()) if isinstance(model, GalleryModel) else None
        painter.save()
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        elif hover:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.AlternateBase))
        inner = rect.adjusted(PADDING, PADDING, -PADDING, -PADDING)
        pixmap = facts.pixmap if facts is not None else None
        if pixmap is not None and not pixmap.isNull():
            size = pixmap.size() / pixmap.devicePixelRatio()
            fitted = size.scaled(inner.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(QPoint(0, 0), fitted)
            target.moveCenter(inner.center())
            if fitted != size:
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawPixmap(target, pixmap)
            if facts is not None and facts.mismatch:
                self._paint_badge(painter, target, palette, self.tr("≠ asked"))
        else:
            placeholder = palette.color(QPalette.ColorRole.Mid)
            placeholder.setAlphaF(0.25)
            painter.fillRect(inner, placeholder)
            if facts is not None and facts.failed:
                painter.setPen(muted_color(palette))
                painter.drawText(
                    inner, Qt.AlignmentFlag.AlignCenter, self.tr("Cannot read\nthis image")
                )
        live = facts.live if facts is not None else None
        if live is not None:  # a streamed job's partial image, not a result
            text = self.tr("preview {number} of {total}").format(
                number=live.number, total=live.total
            )
            self._paint_badge(painter, inner, palette, text, bottom=True)
        if facts is not None and facts.starred:  # starred: a star in the top right corner
            painter.setPen(palette.color(QPalette.ColorRole.Highlight))
            painter.drawText(inner, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight, "★")
        painter.restore()

    def _paint_badge(
        self, painter: QPainter, target: QRect, palette: QPalette, text: str, bottom: bool = False
    ) -> None:
        """A mark on a picture: top right, on a result that is not the size or format asked for
        (its tooltip says); bottom left, the number of a live preview."""
        width = painter.fontMetrics().horizontalAdvance(text) + 8
        height = painter.fontMetrics().height() + 2
        badge = QRect(target.right() - width - 2, target.top() + 2, width, height)
        if bottom:
            badge.moveBottomLeft(QPoint(target.left() + 2, target.bottom() - 2))
        painter.fillRect(badge, palette.color(QPalette.ColorRole.ToolTipBase))
        painter.setPen(palette.color(QPalette.ColorRole.ToolTipText))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)


class GalleryView(QListView):
    """The grid itself: uniform cells, batched layout, lazily painted thumbnails."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        give_own_viewport(self)
        self.setObjectName("galleryView")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(256)
        self.setSpacing(2)
        self.setGridSize(QSize(GRID, GRID))
        self.setSelectionMode(QListView.SelectionMode.SingleSelection)
        # Results are dragged out (to other apps, or onto the references), never rearranged.
        self.setDragEnabled(True)
        self.setDragDropMode(QListView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.setItemDelegate(ThumbnailDelegate(self))
        self.setMouseTracking(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.first_run_text = self.tr(
            "Your images appear here.\nWrite a prompt and press Generate."
        )
        self.empty_text = self.first_run_text
        #: The row under the pointer while painting (-1: none).
        self._pointer_row = -1

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._spread_columns()
        super().resizeEvent(event)

    def _spread_columns(self) -> None:
        """Share the width out among the columns that fit, so no blank strip is left at the
        right (a wide window left most of a cell empty there). Measured as if the scroll bar
        were shown, so its coming and going cannot make the grid flip back and forth."""
        # The width the scroll area gives its bar when shown. (Not QStyle's PM_ScrollBarExtent:
        # naming QStyle builds its class and enums, 1.2 MB, in a window that may paint no cell.)
        scroll_bar = self.verticalScrollBar().sizeHint().width()
        width = self.width() - 2 * self.frameWidth() - scroll_bar - 2 * self.spacing()
        columns = max(1, width // GRID)
        cell = max(GRID, width // columns)
        if self.gridSize().width() != cell:
            self.setGridSize(QSize(cell, GRID))

    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        """Drag the selected result as a copy, shown by its thumbnail under the pointer."""
        from PySide6.QtGui import QDrag  # on first use: see studio/ui/__init__.py

        indexes = self.selectionModel().selectedIndexes()
        if not indexes:
            return
        mime = self.model().mimeData(indexes)
        drag = QDrag(self)
        drag.setMimeData(mime)
        pixmap = indexes[0].data(Qt.ItemDataRole.DecorationRole)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            edge = round(DRAG_EDGE * pixmap.devicePixelRatio())
            icon = pixmap.scaled(
                edge,
                edge,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            drag.setPixmap(icon)
            drag.setHotSpot(QPoint(icon.width() // 2, icon.height() // 2) / icon.devicePixelRatio())
        drag.exec(Qt.DropAction.CopyAction, Qt.DropAction.CopyAction)
        # Its data is a Python object: freed now, not left to the view's end at shutdown.
        drag.deleteLater()

    def marks(self, index: QModelIndex | QPersistentModelIndex) -> tuple[bool, bool]:
        """Whether the cell is selected, and whether the pointer is over it. Asked of the view,
        not read from the style option's state: naming that state's type makes PySide build
        QStyle and its enums, 1.2 MB and ~20 ms of the UI thread at the first result's paint
        (bench/README.md, UI responsiveness)."""
        return self.selectionModel().isSelected(index), index.row() == self._pointer_row

    def paintEvent(self, event: QPaintEvent) -> None:
        viewport = self.viewport()
        self._pointer_row = (
            self.indexAt(viewport.mapFromGlobal(QCursor.pos())).row()
            if viewport.underMouse()
            else -1
        )
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(muted_color(self.palette()))
            painter.drawText(self.viewport().rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)


class GalleryPanel(QWidget):
    """The gallery grid with its title, count, history search, context menu and shortcuts.

    Signals:
        current_changed(GalleryEntry | None): the selected result changed.
        action_requested(ResultAction, GalleryEntry): the user chose an action on a result.
    """

    current_changed = Signal(object)
    action_requested = Signal(object, object)

    def __init__(self, model: GalleryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.view = GalleryView(self)
        self.view.setModel(model)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("galleryCount")
        header = QHBoxLayout()
        header.addWidget(heading(self.tr("Gallery"), self))
        header.addStretch(1)
        header.addWidget(self.count_label)
        self.search_bar = SearchBar(self)
        self.search = HistorySearch(self.search_bar, model, self)
        self.search.answered.connect(self._on_search_answered)
        self.find_action = QAction(self.tr("Search history"), self)
        self.find_action.setObjectName("findAction")
        self.find_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        self.find_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.find_action.triggered.connect(self.search_bar.focus)
        self.addAction(self.find_action)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.search_bar)
        layout.addWidget(self.view, 1)
        self.actions_by_name: dict[ResultAction, QAction] = {}
        for action in ResultAction:
            self._add_action(action)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.activated.connect(lambda _index: self._trigger(ResultAction.view))
        self.viewer: ImageViewer | None = None
        # A mouse press makes an item current *before* it selects it, so the selection is
        # read when it changes, not when the current item does (keys do both at once).
        selection = self.view.selectionModel()
        selection.selectionChanged.connect(self._on_current_changed)
        selection.currentChanged.connect(self._on_current_changed)
        self._shown: GalleryEntry | None = None
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self._update_count)
        model.rowsRemoved.connect(self._select_neighbour)
        model.dataChanged.connect(self._on_data_changed)
        self._update_count()

    def _add_action(self, name: ResultAction) -> None:
        action = QAction(action_text(name), self.view)
        action.setObjectName(f"gallery_{name.value}")
        if name is not ResultAction.save_as:  # Ctrl+S lives on the window, for any focus
            action.setShortcut(action_shortcut(name))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False, n=name: self._trigger(n))
        self.view.addAction(action)
        self.actions_by_name[name] = action

    def attach_search(self, engine: EngineApi, tasks: TaskRunner) -> None:
        """Let the search row ask the engine (the window owns both)."""
        self.search.attach(engine, tasks)

    def add_record(self, record: JobRecord) -> None:
        """A job changed: its images join the gallery if the current search shows them."""
        self.model.show_live(record)  # first: the saved results replace the preview
        self.search.add_record(record)

    def show_live(self, record: JobRecord) -> None:
        """A job not yet saved changed: its partial image, while it streams, shows at the top."""
        self.model.show_live(record)

    def _on_search_answered(self, query: HistoryQuery, count: int) -> None:
        if query.is_empty:
            self.view.empty_text = self.view.first_run_text
        elif query.text.strip():
            self.view.empty_text = self.tr('No images match "{text}".').format(
                text=query.text.strip()
            )
        else:
            self.view.empty_text = self.tr("No images from this period.")
        self.view.viewport().update()

    def current_entry(self) -> GalleryEntry | None:
        """The selected result (the gallery selects one at a time), or None."""
        selected = self.view.selectionModel().selectedIndexes()
        if not selected:
            return None
        entry = selected[0].data(EntryRole)
        return entry if isinstance(entry, GalleryEntry) else None

    def select_row(self, row: int) -> None:
        index = self.model.cell(row)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    def trigger(self, action: ResultAction) -> None:
        self._trigger(action)

    def _trigger(self, action: ResultAction) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        if action is ResultAction.view:
            self.open_viewer(entry)
        else:
            self.action_requested.emit(action, entry)

    def open_viewer(self, entry: GalleryEntry) -> ImageViewer:
        """Show `entry` large; stepping in the viewer moves the gallery's selection along."""
        from studio.ui.gallery.viewer import (
            ImageViewer,  # on first use: most sessions never open it
        )

        if self.viewer is None:
            self.viewer = ImageViewer(self.model, self.window())
            self.viewer.entry_shown.connect(self._follow_viewer)
        self.viewer.open_entry(entry)
        return self.viewer

    def _follow_viewer(self, entry: GalleryEntry) -> None:
        row = self.model.row_of(entry.job_id, entry.index)
        if row is not None:
            self.select_row(row)

    def _context_menu(self, position: QPoint) -> None:
        index = self.view.indexAt(position)
        if not index.isValid() or index.data(EntryRole) is None:
            return  # nothing, or a live preview: no result to act on
        self.view.setCurrentIndex(index)
        menu = QMenu(self)
        for name, action in self.actions_by_name.items():
            if name is ResultAction.delete:
                menu.addSeparator()
            menu.addAction(action)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.view.viewport().mapToGlobal(position))

    def _on_current_changed(self) -> None:
        entry = self.current_entry()
        if entry != self._shown:
            self._shown = entry
            self.current_changed.emit(entry)

    def _on_data_changed(self, _first: QModelIndex, _last: QModelIndex, roles: list[int]) -> None:
        if EntryRole in roles:  # an entry itself changed (its job lost or regained an image)
            self._on_current_changed()

    def _select_neighbour(self) -> None:
        """The shown result was deleted: show the one that took its place, as a viewer does."""
        current = self.view.currentIndex()
        if current.isValid() and self.current_entry() is None:
            self.view.selectionModel().select(
                current, self.view.selectionModel().SelectionFlag.ClearAndSelect
            )

    def _update_count(self) -> None:
        count = len(self.model.result_rows())  # the previews are no images (yet)
        self.count_label.setText(self.tr("%n image(s)", "", count))
        self.view.viewport().update()
        if count == 0:
            self._shown = None
            self.current_changed.emit(None)
