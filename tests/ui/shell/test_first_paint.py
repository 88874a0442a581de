"""Start-up to first paint (#23): the window is shown from plain Qt before asyncio, qasync, the
engine thread, the journal and the keyring are imported; until the engine is up it offers
nothing to act on, and once it is, Generate is there and enabled (for a prompt)."""

from __future__ import annotations

from pathlib import Path

from tests.ui.shell.watching import run_watching

#: Loaded only after the first paint.
LATER = (
    "asyncio",
    "qasync",
    "sqlite3",
    "keyring",
    "httpx",
    "studio.engine.engine_thread",
    "studio.engine.events",
    "studio.engine.journal",
    "studio.engine.runner",
    "studio.keys",
    "PySide6.QtNetwork",
    # The log file's redaction is in studio.providers: that package's own client base and
    # options are not needed before the first paint.
    "studio.providers.base",
    "studio.providers.options",
    "logging.handlers",
    # The catalog (models, prices): the command line's parser reads its provider ids only when
    # a choice is checked or listed.
    "studio.domain.catalog",
)

WATCH = """
import json, os, sys
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QPlainTextEdit
from studio.ui.shell.main_window import MainWindow

LATER = {later!r}
report = {{}}
show = MainWindow.show

def actionable(window):
    widgets = window.findChildren(QAbstractButton) + window.findChildren(QPlainTextEdit)
    widgets += window.findChildren(QLineEdit)
    shown = [w for w in widgets if w.isEnabled() and w.isVisible()]
    return sorted(w.objectName() or type(w).__name__ for w in shown)

def shown(window):
    show(window)
    report["at_show"] = sorted(m for m in LATER if m in sys.modules)
    report["central"] = window.centralWidget().objectName()
    report["actionable_at_show"] = actionable(window)
    # PySide builds the Qt namespace (every enum of it) when it is first named: ~25 ms of CPU
    # that the first paint need not wait for.
    report["qt_namespace_at_show"] = "Qt" in vars(sys.modules["PySide6.QtCore"])
    window.started.connect(lambda: on_started(window))

def on_started(window):
    try:
        window.composer.prompt.set_text("a lighthouse at dusk")
        button = window.findChild(QAbstractButton, "generateButton")
        report["generate_at_started"] = [button.isVisible(), button.isEnabled()]
        report["at_started"] = sorted(m for m in LATER if m in sys.modules)
        print(json.dumps(report), flush=True)
    finally:
        os._exit(0)

MainWindow.show = shown
from studio.cli import main
main(["--demo"])
"""


def test_the_window_paints_before_the_engine_loads_and_offers_generate_once_it_is_up(
    isolated_home: Path,
) -> None:
    report = run_watching(WATCH.format(later=LATER))
    assert report["at_show"] == []
    assert report["central"] == "startingView"
    assert report["actionable_at_show"] == []  # nothing to press or type into yet
    assert report["qt_namespace_at_show"] is False
    assert report["generate_at_started"] == [True, True]
    assert {"asyncio", "qasync", "studio.engine.engine_thread"} <= set(report["at_started"])
