"""Idle memory (#23): the studio opened and left alone has loaded only what its window needs.

Every module below is loaded on first use (or by the warm-up when someone starts composing a job,
`studio.ui.shell.warm_up`), not at start-up: each costs memory the idle window does not use
(bench/README.md, "Idle memory", has the figures). The studio runs as a process; once its window
has said `started` and the process has gone quiet, the probe lists which of them are loaded.
"""

from __future__ import annotations

from pathlib import Path

from tests.ui.shell.watching import run_watching

#: Not needed for the idle window, module -> what loads it when it is needed.
NOT_AT_IDLE = {
    "PIL": "saving, reading or thumbnailing an image (and the warm-up)",
    "studio.engine.library": "saving a result",
    "studio.ui.mask.dialog": "Paint mask…",
    "studio.ui.compare.compare_dialog": "Compare…",
    "studio.ui.compare.compare_view": "a comparison's view",
    "studio.engine.compare": "a comparison",
    "studio.ui.wallet.spend_view": "Spend and budgets…",
    "uuid": "a mask file's name",
    "html": "a desktop notice of a finished job",
    "studio.domain.provenance": "reusing an image's prompt and settings",
    "studio.ui.shell.autotest": "nothing but the smoke tests (STUDIO_AUTOTEST_*)",
    "logging.handlers": "nothing: the log file rotates without it (studio.logfile)",
    "pickle": "nothing (logging.handlers imported it)",
    "_hashlib": "hashing a result or a reference; a second studio's hand-over (hmac)",
    "platformdirs": "the default library folder (the first job, Save as…, Settings)",
    "studio.cli.parser": "a command line with a command or another option than --demo",
    "studio.engine.wallet": "the first job (its budgets), Spend and budgets…",
    "studio.providers.base": "the first job (a provider's client), a reference prepared",
    "studio.providers.options": "the first job (a provider's client)",
    "ssl": "the first TLS connection: httpx with the first job or the warm-up (deferred_ssl)",
    "_ssl": "the same (libssl and libcrypto, 4.3 MB)",
}

#: Qt classes the idle window must not have built, class -> why. Naming a Qt class makes PySide
#: build its Python class with all its enums; a QEvent* reaching Python through a generic
#: handler (an `event` or `eventFilter` override) builds every QEvent subclass (~1 MB).
QT_NOT_AT_IDLE = {
    "QStyle": "painting a thumbnail (its enums are large: 1.2 MB traced)",
    "QGraphicsSceneWheelEvent": "nothing: only a generic event handler builds it",
    "QWhatsThisClickedEvent": "nothing: only a generic event handler builds it",
    "QNativeGestureEvent": "nothing: only a generic event handler builds it",
    "QMessageBox": "a question or a warning (quit while jobs run, over a budget, …)",
    "QDialogButtonBox": "a dialog (Comparisons…, Settings…, …)",
    "QListWidget": "Comparisons… (studio.ui.compare.history)",
    "QBuffer": "decoding a live preview",
    "QWidgetAction": "nothing: QMenu.addSeparator's answer builds it (window_parts._separator)",
    "QTextCursor": "nothing yet: a cursor reaching Python builds it (PromptEditor.set_text)",
}

WATCH = """
import json, os, sys, time
from PySide6.QtCore import QTimer
from studio.ui.shell.main_window import MainWindow

NOT_AT_IDLE = {names!r}
QT_NOT_AT_IDLE = {classes!r}
show = MainWindow.show
marks = []
windows = []

def shown(window):
    show(window)
    windows.append(window)
    window.started.connect(on_started)

def on_started():
    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(lambda: settle(timer))
    timer.start()
    marks.append(timer)

def settle(timer):
    # Quiet: under 3 ms of CPU (all threads) in the last 300 ms, or 3 s passed (the work
    # `started` sets off, a balance check and the jobs elsewhere, is done well within that).
    now = time.monotonic()
    marks.append((now, time.process_time()))
    first = marks[1][0]
    recent = [m for m in marks[1:] if m[0] >= now - 0.3]
    if now - first >= 0.3 and marks[-1][1] - recent[0][1] < 0.003 or now - first > 3:
        loaded = sorted(name for name in NOT_AT_IDLE if name in sys.modules)
        qt = [vars(sys.modules["PySide6.Qt" + m]) for m in ("Core", "Gui", "Widgets")]
        built = sorted(n for n in QT_NOT_AT_IDLE if any(n in names for names in qt))
        report = {{"loaded_at_idle": loaded, "built": built, "rich": rich_labels()}}
        print(json.dumps(report), flush=True)
        os._exit(0)

def rich_labels():
    from PySide6.QtCore import Qt
    from PySide6.QtGui import Qt as GuiQt
    from PySide6.QtWidgets import QLabel

    return sorted(
        label.text() for label in windows[0].findChildren(QLabel)
        if label.isVisible() and label.textFormat() != Qt.TextFormat.PlainText
        and GuiQt.mightBeRichText(label.text())
    )

MainWindow.show = shown
from studio.cli import main
main(["--demo"])
"""


def test_the_idle_studio_has_not_loaded_what_only_a_later_action_needs(
    isolated_home: Path,
) -> None:
    report = run_watching(WATCH.format(names=sorted(NOT_AT_IDLE), classes=sorted(QT_NOT_AT_IDLE)))
    assert report["loaded_at_idle"] == []
    assert report["built"] == []
    # A label showing rich text lays out an HTML document (0.25 MB): titles are plain and bold.
    assert report["rich"] == []
