"""The main window's rooms and how they are wired: composer on the left, gallery and queue in the
middle, details on the right; the bars above them, the status bar, the menus and shortcuts.

Imported when the window is attached to its engine (`MainWindow.attach`), after its first paint:
these modules bring asyncio and the widgets' own classes with them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QSizePolicy, QSplitter, QVBoxLayout, QWidget

from studio.settings import cache_dir
from studio.ui.compose.composer import Composer
from studio.ui.compose.settings_column import SettingsColumn
from studio.ui.gallery.details import DetailsPanel
from studio.ui.gallery.gallery import CELL, GalleryPanel
from studio.ui.gallery.gallery_model import GalleryModel
from studio.ui.gallery.thumbnails import ThumbnailCache
from studio.ui.kit.banners import DemoBanner, MessageBar
from studio.ui.kit.bridge import EngineBridge, TaskRunner
from studio.ui.kit.plain import plain_label
from studio.ui.queue.elsewhere import ElsewhereWatch
from studio.ui.queue.queue_model import QueueModel
from studio.ui.queue.queue_view import QueuePanel
from studio.ui.reuse.reuse import ReuseBar, ReuseController
from studio.ui.shell.done_notice import DoneNotice
from studio.ui.shell.features import attach_features
from studio.ui.shell.job_wiring import JobWiring
from studio.ui.shell.key_state import KeyState
from studio.ui.shell.resending import ResendGuard
from studio.ui.shell.result_handler import ResultHandler

# The window being attached (`studio.ui.shell.main_window.MainWindow`, which declares every
# attribute made here). Named loosely: that module imports this one.
Window = Any
# The menus keep the window's translation context ("MainWindow"), as when they were made there.
translate = QCoreApplication.translate


def build(window: Window) -> None:
    """Make the rooms and lay them out; `window.engine` is set."""
    w = window
    w.tasks = TaskRunner(w)
    w.tasks.failed.connect(w.show_error)
    w.resend = ResendGuard(w)
    w.bridge = EngineBridge(w.engine, w)
    w.key_state = KeyState(w, w)
    dpr = max(1.0, w.devicePixelRatioF())
    w.thumbnails = ThumbnailCache(round(CELL * dpr), folder=cache_dir() / "thumbnails", parent=w)
    w.previews = ThumbnailCache(round(1024 * dpr), folder=None, memory_items=6, threads=1, parent=w)
    w.gallery_model = GalleryModel(w.thumbnails, w)
    w.queue_model = QueueModel(w)
    w.composer = Composer(w.engine.prepare_reference, w.tasks, w)
    w.composer.has_key = w.key_state.may_have_key
    w.composer.use_settings(w.settings)
    w.composer.hosting_requested.connect(w.open_settings)  # on its References page
    w.gallery = GalleryPanel(w.gallery_model, w)
    w.gallery.attach_search(w.engine, w.tasks)
    w.queue = QueuePanel(w.queue_model, w)
    w.elsewhere = ElsewhereWatch(w.queue_model, w.engine, w.tasks, w)
    w.details = DetailsPanel(w.previews, w)
    w.demo_banner = DemoBanner(w)
    w.message_bar = MessageBar(w)
    w.reuse_bar = ReuseBar(w)
    w.done_notice = DoneNotice(w, lambda: w.settings.notify_when_done)
    w.reuse = ReuseController(w, w.composer, w.tasks, w.reuse_bar)
    w.reuse.before_offer = w.key_state.ensure
    w.results = ResultHandler(
        w, w.engine, w.tasks, w.composer, default_folder=lambda: w.settings.library_path
    )
    w.jobs = JobWiring(w, w)
    w.settings_column = SettingsColumn(w.composer, w)
    _lay_out(w)


def _lay_out(w: Window) -> None:
    w.middle = QSplitter(Qt.Orientation.Vertical, w)
    w.middle.addWidget(w.gallery)
    w.middle.addWidget(w.queue)
    w.middle.setStretchFactor(0, 3)
    w.middle.setStretchFactor(1, 1)
    w.middle.setSizes([460, 200])
    w.main_split = QSplitter(Qt.Orientation.Horizontal, w)
    w.main_split.addWidget(w.settings_column)
    w.main_split.addWidget(w.middle)
    w.main_split.addWidget(w.details)
    w.main_split.setStretchFactor(1, 1)
    w.main_split.setSizes([380, 620, 280])
    w.main_split.setChildrenCollapsible(False)
    w.splitters = {"main": w.main_split, "middle": w.middle}
    central = QWidget(w)
    layout = QVBoxLayout(central)
    layout.setContentsMargins(6, 6, 6, 6)
    layout.addWidget(w.demo_banner)
    layout.addWidget(w.message_bar)
    layout.addWidget(w.reuse_bar)
    layout.addWidget(w.main_split, 1)
    w.setCentralWidget(central)  # in place of the "Starting…" view, which Qt deletes
    w.status_label = plain_label(QLabel(w))  # job messages carry provider text
    # A long message (a deep folder, a long sentence in German) must not widen the window.
    w.status_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    w.statusBar().addWidget(w.status_label, 1)


def connect(w: Window) -> None:
    """Wire the rooms to each other and to the engine's events."""
    w.bridge.jobs_changed.connect(w.on_jobs_changed)
    w.bridge.job_removed.connect(w.jobs.on_job_removed)
    w.bridge.balance_changed.connect(w.composer.set_balance)
    w.composer.generate_requested.connect(w.generate)
    w.composer.model_changed.connect(w.update_banner)
    w.composer.references.refused.connect(w.status_label.setText)
    w.gallery.current_changed.connect(w.details.show_entry)
    w.gallery.action_requested.connect(w.results.handle)
    w.details.action_requested.connect(w.results.handle)
    w.results.status.connect(w.show_status)
    w.queue.cancel_requested.connect(w.jobs.cancel)
    w.queue.retry_requested.connect(w.jobs.retry)
    w.queue.remove_requested.connect(w.jobs.ask_remove)
    w.demo_banner.add_key_requested.connect(lambda: w.open_settings())
    w.message_bar.action_requested.connect(w.on_message_action)
    w.results.deletion.attach(w.message_bar)
    w.results.view = w.gallery.open_viewer
    w.reuse.status.connect(w.show_status)


def _separator(menu: QMenu) -> QAction:
    """A separator for `menu`. Not `addSeparator()`: PySide works out the type of the action
    that returns by building QWidgetAction's Python class (0.2 MB the idle window has no use
    for, #23)."""
    separator = QAction(menu)
    separator.setSeparator(True)
    return separator


def make_actions(w: Window) -> None:
    """The menus and their shortcuts (the menus themselves exist from the first paint)."""

    def action(text: str, shortcut: QKeySequence | str, slot: object, name: str) -> QAction:
        item = QAction(text, w)
        item.setObjectName(name)
        item.setShortcut(QKeySequence(shortcut))
        item.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        item.triggered.connect(slot)
        w.addAction(item)
        return item

    w.settings_action = action(
        translate("MainWindow", "Settings…"), "Ctrl+,", lambda: w.open_settings(), "settingsAction"
    )
    w.save_action = action(
        translate("MainWindow", "Save result as…"),
        QKeySequence(QKeySequence.StandardKey.Save),
        lambda: w.results.save_selected(w.gallery.current_entry() or w.details.entry),
        "saveAction",
    )
    w.quit_action = action(translate("MainWindow", "Quit"), "Ctrl+Q", w.close, "quitAction")
    w.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    w.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
    w.open_action = action(
        translate("MainWindow", "Open image…"),
        QKeySequence(QKeySequence.StandardKey.Open),
        w.reuse.ask_open,
        "openImageAction",
    )
    w.file_menu.addAction(w.open_action)
    w.file_menu.addAction(w.save_action)
    w.file_menu.addAction(_separator(w.file_menu))
    w.file_menu.addAction(w.settings_action)
    w.file_menu.addAction(_separator(w.file_menu))
    w.file_menu.addAction(w.quit_action)
    for item in (*w.gallery.actions_by_name.values(), w.results.deletion.undo_action):
        w.image_menu.addAction(item)
    w.wallet, w.comparing = attach_features(w)
