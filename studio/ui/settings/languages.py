"""Which language the window speaks, and loading its translations.

English is the source text. Settings.language is "" (follow the system) or one of LANGUAGES;
the choice takes effect at the next start, when `install_translators` runs before any widget.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from studio.resources import translations_dir

SOURCE_LANGUAGE = "en"
#: The languages offered in Settings, by the code stored in Settings.language, with their own
#: names (shown untranslated, so that everyone finds theirs).
LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch", "ko": "한국어"}


class _MemoryTranslator(QTranslator):
    """A translator over .qm bytes, kept alive with it: QTranslator.load(data) does not copy."""

    def __init__(self, data: bytes, parent: QCoreApplication) -> None:
        super().__init__(parent)
        self._data = data
        self.loaded = self.load(self._data)


def _catalog(code: str) -> bytes | None:
    """The compiled translation for `code`, None if the package has none."""
    try:
        return (translations_dir() / f"studio_{code}.qm").read_bytes()
    except (FileNotFoundError, NotADirectoryError, ModuleNotFoundError):
        return None


def _has_catalog(code: str) -> bool:
    try:
        return (translations_dir() / f"studio_{code}.qm").is_file()
    except (NotADirectoryError, ModuleNotFoundError):
        return False


def _code(name: str) -> str:
    """The language part of a locale or UI language name: "de-DE", "de_AT", "ko" -> "de", "ko"."""
    return name.replace("_", "-").split("-")[0].lower()


def ui_language(setting: str = "", preferred: list[str] | None = None) -> str:
    """The language to use: the setting when the studio speaks it, else the first of the user's
    preferred languages (the system's, in order) that it speaks; English otherwise.

    English counts as spoken, so a system that prefers English over German gets English."""
    names = [setting] if setting else []
    names += preferred if preferred is not None else QLocale.system().uiLanguages()
    for name in names:
        code = _code(name)
        if code == SOURCE_LANGUAGE or (code in LANGUAGES and _has_catalog(code)):
            return code
    return SOURCE_LANGUAGE


def install_translators(app: QCoreApplication, setting: str = "") -> list[QTranslator]:
    """Install the studio's translation and Qt's own (dialog buttons, standard texts) for the
    language `ui_language` picks. For English, the source text, only the studio's catalog of
    texts with a count ("1 image", "2 images"). Returns them, for removeTranslator."""
    code = ui_language(setting)
    # Numbers and money follow the language shown ("20.000" in German): the system's own locale
    # where it speaks that language (its region's habits kept), else the language's default.
    system = QLocale.system()
    QLocale.setDefault(system if _code(system.name()) == code else QLocale(code))
    translators: list[QTranslator] = []
    data = _catalog(code)
    if data is not None:
        studio = _MemoryTranslator(data, app)
        if studio.loaded:
            translators.append(studio)
    if data is not None and code != SOURCE_LANGUAGE:
        from PySide6.QtCore import QLibraryInfo  # on first use: see studio/ui/__init__.py

        qt = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(QLocale(code), "qtbase", "_", folder):
            translators.append(qt)
    for translator in translators:
        app.installTranslator(translator)
    return translators
