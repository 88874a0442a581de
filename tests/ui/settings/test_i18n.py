"""The window in German and Korean: no text left in English, no clipped German, Hangul that
renders, and the language setting.

"Still English" is judged against the English source texts of the translation files, so a
text that reaches the screen without going through Qt's translation is caught as well as a
text that is missing from the .ts files.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontDatabase, QTextLayout
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QStatusBar,
    QTabBar,
    QWidget,
)

from studio.domain.models import GenerationRequest
from studio.emulator.faults import FaultRule
from studio.settings import Settings
from studio.ui.settings.languages import LANGUAGES, install_translators, ui_language
from studio.ui.settings.settings_dialog import SettingsDialog
from tests.conftest import RunningEmulator
from tests.translation_files import english_sources
from tests.ui.conftest import Studio, StudioFactory
from tests.ui.helpers import succeeded_record
from tests.ui.settings.test_providers import provider_studio
from tests.ui.shell.test_screenshots import PROMPTS, grab, submit

TRANSLATED = ("de", "ko")
#: Texts that are rightly the same as the English: the product's name, the languages' own names,
#: and in German two loanwords that German image tools use as they are.
SAME_IN_EVERY_LANGUAGE = {"Image Studio", *LANGUAGES.values()}
SAME_IN = {"de": {"Prompt", "Seed", "Region"}, "ko": set()}


@pytest.fixture(params=TRANSLATED)
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    """The studio's and Qt's translators for one language, installed as the app does at start."""
    translators = install_translators(qapp, request.param)
    assert translators, f"no translation for {request.param!r} was loaded"
    yield request.param
    for translator in translators:
        qapp.removeTranslator(translator)
        translator.deleteLater()


def shown_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every text the user can see in `root` now, or get by hovering, opening
    a combo box or the menu bar, or from a screen reader."""
    found: list[tuple[str, str]] = []

    def add(where: str, text: object) -> None:
        if isinstance(text, str) and text.strip():
            found.append((where, text))

    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        where = f"{type(widget).__name__} {widget.objectName()}".rstrip()
        add(f"{where} tooltip", widget.toolTip())
        add(f"{where} accessible name", widget.accessibleName())
        if widget.isWindow():
            add(f"{where} title", widget.windowTitle())
        if isinstance(widget, QLabel | QAbstractButton):
            add(where, widget.text())
        elif isinstance(widget, QGroupBox):
            add(where, widget.title())
        elif isinstance(widget, QLineEdit | QPlainTextEdit):
            add(f"{where} placeholder", widget.placeholderText())
        elif isinstance(widget, QComboBox):
            for row in range(widget.count()):
                add(f"{where} item", widget.itemText(row))
                add(f"{where} item tooltip", widget.itemData(row, Qt.ItemDataRole.ToolTipRole))
        elif isinstance(widget, QTabBar):
            for tab in range(widget.count()):
                add(f"{where} tab", widget.tabText(tab))
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            root_index = widget.rootIndex()
            try:
                columns = model.columnCount(root_index)
            except TypeError:  # a list model keeps columnCount private: one column
                columns = 1
            for column in range(columns):
                add(f"{where} header", model.headerData(column, Qt.Orientation.Horizontal))
                for row in range(model.rowCount(root_index)):
                    index = model.index(row, column, root_index)
                    add(f"{where} cell", index.data(Qt.ItemDataRole.DisplayRole))
                    add(f"{where} cell tooltip", index.data(Qt.ItemDataRole.ToolTipRole))
    if isinstance(root, QMainWindow):
        for menu in root.menuBar().actions():
            add("menu", menu.text())
            for action in menu.menu().actions() if menu.menu() else ():
                add(f"menu {menu.text()}", action.text())
    return found


def window_texts(studio: Studio) -> list[tuple[str, str]]:
    """The window's texts, including those it paints itself (empty gallery, empty preview)."""
    window = studio.window
    texts = shown_texts(window)
    texts.append(("gallery (painted)", window.gallery.view.empty_text))
    texts.append(("preview (painted)", window.details.preview.placeholder))
    return texts


def dialog_texts(studio: Studio) -> list[tuple[str, str]]:
    """Every page of the settings dialog, with the language note shown."""
    dialog = studio.window.open_settings("joyai")
    studio.run(dialog.loading)
    dialog.language_combo.setCurrentIndex(dialog.language_combo.count() - 1)
    texts = []
    for page in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(page)
        texts += shown_texts(dialog)
    dialog.reject()
    return texts


def generate_one(studio: Studio) -> None:
    request = GenerationRequest(
        provider="demo", model="gptimage2", prompt="a red chair", quality="medium", ratio="1:1"
    )
    studio.run(studio.engine.submit(request))
    gallery = studio.window.gallery_model
    studio.run.until(lambda: gallery.rowCount() == 1, message="the demo job never finished")
    studio.window.gallery.select_row(0)


def still_english(texts: list[tuple[str, str]], language: str) -> list[str]:
    allowed = SAME_IN_EVERY_LANGUAGE | SAME_IN[language]
    english = english_sources() - allowed
    return sorted({f"{where}: {text!r}" for where, text in texts if text in english})


def test_no_text_in_the_window_and_settings_is_still_english(
    language: str, make_studio: StudioFactory
) -> None:
    studio = make_studio(demo_seconds=0.05)
    window = studio.window
    window.resize(1280, 720)
    texts = window_texts(studio)  # empty: first-run texts
    generate_one(studio)  # a result: details, queue states, status bar
    texts += window_texts(studio)
    for provider in ("gptimage2ai", "openai"):  # their extras and the missing-key reason
        window.composer.parameters.select_provider(provider)
        texts += window_texts(studio)
    texts += dialog_texts(studio)
    assert len(texts) > 100, "the walk found too few texts to mean anything"
    left = still_english(texts, language)
    assert not left, f"{len(left)} text(s) still in English under {language!r}:\n" + "\n".join(left)


def horizontally_clipped(root: QWidget) -> list[str]:
    """Labels and buttons whose text does not fit, or that an ancestor cuts off at the side."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or not isinstance(widget, QLabel | QAbstractButton):
            continue
        if not widget.text() or any(isinstance(a, QStatusBar) for a in ancestors(widget, root)):
            continue  # the status bar shows passing messages, elided by Qt if need be
        where = f"{type(widget).__name__} {widget.text()!r}"
        if isinstance(widget, QLabel) and widget.wordWrap():
            if widget.height() < widget.heightForWidth(widget.width()):
                found.append(f"{where}: {widget.height()} px high, needs more")
        elif widget.width() < widget.sizeHint().width():
            found.append(f"{where}: {widget.width()} px wide, needs {widget.sizeHint().width()}")
        rect = QRect(widget.mapTo(root, QPoint(0, 0)), widget.size())
        for ancestor in ancestors(widget, root):
            visible = QRect(ancestor.mapTo(root, QPoint(0, 0)), ancestor.size())
            if rect.left() < visible.left() or rect.right() > visible.right():
                found.append(
                    f"{where}: cut off by {type(ancestor).__name__} {ancestor.objectName()} "
                    f"(x {rect.left()}..{rect.right()} in {visible.left()}..{visible.right()})"
                )
                break
    return found


def ancestors(widget: QWidget, root: QWidget) -> Iterator[QWidget]:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        yield parent
        parent = parent.parentWidget()
    yield root


@pytest.mark.parametrize("language", ["de"], indirect=True)
def test_german_text_fits_at_the_default_size(language: str, make_studio: StudioFactory) -> None:
    studio = make_studio(demo_seconds=0.05)
    window = studio.window
    window.resize(1280, 720)
    generate_one(studio)
    studio.run.settle()
    needed = window.minimumSizeHint().width()
    assert needed <= 1280, f"in German the window needs {needed} px, more than the default 1280"
    assert window.width() == 1280
    clipped = horizontally_clipped(window)
    for provider in ("gptimage2ai", "openai"):
        window.composer.parameters.select_provider(provider)
        studio.run.settle()
        clipped += horizontally_clipped(window)
    dialog = window.open_settings("joyai")
    studio.run(dialog.loading)
    dialog.language_combo.setCurrentIndex(2)
    for page in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(page)
        studio.run.settle()
        clipped += horizontally_clipped(dialog)
    dialog.reject()
    assert not clipped, "\n".join(sorted(set(clipped)))


def test_hangul_renders_with_a_real_font(qapp: QApplication) -> None:
    if not QFontDatabase.families(QFontDatabase.WritingSystem.Korean):
        pytest.skip("no font with Hangul is installed (Debian: apt-get install fonts-noto-cjk)")
    layout = QTextLayout("이미지 생성 설정 크레딧", qapp.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs = layout.glyphRuns()
    assert runs
    for run in runs:  # glyph 0 is the font's "missing glyph" box
        assert 0 not in run.glyphIndexes(), f"{run.rawFont().familyName()} lacks Hangul glyphs"


def test_the_language_setting_applies_at_the_next_start(
    make_studio: StudioFactory, qapp: QApplication
) -> None:
    studio = make_studio()
    dialog = studio.window.open_settings()
    studio.run(dialog.loading)
    combo = dialog.language_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "System default",
        "English",
        "Deutsch",
        "한국어",
    ]
    assert combo.currentIndex() == 0 and not dialog.language_note.isVisibleTo(dialog)
    combo.setCurrentIndex(combo.findText("Deutsch"))
    assert dialog.language_note.isVisibleTo(dialog)
    assert dialog.language_note.text() == "Takes effect after restarting Image Studio."
    results: list[int] = []
    dialog.finished.connect(results.append)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    studio.run.until(lambda: results == [SettingsDialog.DialogCode.Accepted])
    assert studio.window.composer.bar.generate_button.text() == "Generate"  # until restarted
    saved = Settings.load()
    assert saved.language == "de"
    studio.close()

    translators = install_translators(qapp, saved.language)  # what the next start does
    try:
        restarted = make_studio(settings=saved)
        assert restarted.window.composer.bar.generate_button.text() == "Generieren"
        assert restarted.window.menuBar().actions()[0].text() == "&Datei"
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)


@pytest.mark.parametrize(
    ("setting", "system", "expected"),
    [
        ("", ["de-DE", "en-US"], "de"),
        ("", ["ko-KR"], "ko"),
        ("", ["de_AT"], "de"),
        ("", ["en-US", "de-DE"], "en"),  # English preferred over German: English
        ("", ["fr-FR", "ko-KR"], "ko"),  # the first language the studio speaks
        ("", ["fr-FR"], "en"),
        ("en", ["de-DE"], "en"),  # the setting overrides the system
        ("ko", ["de-DE"], "ko"),
    ],
)
def test_the_language_follows_the_system_unless_set(
    setting: str, system: list[str], expected: str
) -> None:
    assert ui_language(setting, system) == expected


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where screenshots go: STUDIO_SCREENSHOTS (the docs use docs/screenshots) or a temp dir."""
    folder = Path(os.environ.get("STUDIO_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_screenshots_in_each_language(
    language: str, make_studio: StudioFactory, shots: Path
) -> None:
    """docs/screenshots/window-<lang>.png and settings-<lang>.png (with STUDIO_SCREENSHOTS)."""
    studio = make_studio(demo_seconds=0.1)
    studio.window.resize(1280, 720)
    for prompt in PROMPTS[:8]:
        submit(studio, prompt)
    gallery = studio.window.gallery_model
    studio.run.until(lambda: gallery.rowCount() == 8, timeout=60)
    studio.window.gallery.select_row(0)
    studio.run.until(
        lambda: not studio.window.thumbnails.busy and studio.window.details.preview.has_image()
    )
    grab(studio, shots / f"window-{language}.png")
    dialog = studio.window.open_settings("joyai")
    studio.run(dialog.loading)
    dialog.tabs.setCurrentIndex(0)
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData(language))
    studio.run.settle(0.3)
    assert dialog.grab().save(str(shots / f"settings-{language}.png"))
    dialog.reject()


def test_a_provider_wait_is_told_in_the_users_language(
    language: str, make_studio: StudioFactory, emulator: RunningEmulator
) -> None:
    """The reason a job waits comes from the provider layer, below Qt; it still reaches the
    queue translated, not as the English the command line prints."""
    emulator.state.set_faults([FaultRule(route="poll", status=429, retry_after=2, times=1)])
    studio = provider_studio(make_studio, emulator, "sk-busy")
    studio.window.composer.prompt.set_text("patience")
    studio.window.composer.generate()
    model = studio.window.queue_model
    expected = {"de": "Anfragelimit von", "ko": "요청 한도에 도달했습니다"}[language]
    studio.run.until(
        lambda: model.rowCount() == 1 and expected in str(model.index(0, 1).data()),
        message=lambda: str(model.index(0, 1).data()),
    )
    shown = str(model.index(0, 1).data())
    assert "Rate limited" not in shown and "retrying" not in shown


@pytest.mark.parametrize(
    ("setting", "one", "two"), [("en", "1 image", "2 images"), ("de", "1 Bild", "2 Bilder")]
)
def test_the_gallery_counts_its_images_in_the_right_number(
    setting: str, one: str, two: str, make_studio: StudioFactory, qapp: QApplication
) -> None:
    translators = install_translators(qapp, setting)  # as the app does at start
    try:
        studio = make_studio()
        studio.window.gallery_model.update_record(succeeded_record("first", 1.0, images=1))
        assert studio.window.gallery.count_label.text() == one
        studio.window.gallery_model.update_record(succeeded_record("second", 2.0, images=1))
        assert studio.window.gallery.count_label.text() == two
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
