"""The settings dialog: per provider an API key (OS keyring), base URL, concurrency and a free
"Test connection"; the library folder; whether local references may be sent inline; the
language (used from the next start)."""

from __future__ import annotations

import asyncio
import copy
import os

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from studio.domain.catalog import PROVIDERS, ProviderSpec
from studio.domain.validation import Refusal, check_base_url
from studio.keys import KeyStore
from studio.settings import Settings
from studio.ui.kit.bridge import TaskRunner
from studio.ui.kit.catalog_text import amount_text
from studio.ui.kit.engine_api import EngineApi
from studio.ui.kit.messages import message_for_error, refusal_text
from studio.ui.kit.palette import error_color, muted_color, set_text_color
from studio.ui.kit.plain import plain_label
from studio.ui.settings.languages import LANGUAGES

CONFIGURABLE = tuple(p for p in PROVIDERS if p.key_env is not None)


class ProviderPage(QWidget):
    """Key, base URL, concurrency and the connection test for one provider."""

    def __init__(
        self, spec: ProviderSpec, settings: Settings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.spec = spec
        self.key_edit = QLineEdit(self)
        self.key_edit.setObjectName(f"key_{spec.id}")
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText(self.tr("Paste your API key"))
        self.key_edit.setClearButtonEnabled(True)
        self.show_key = QCheckBox(self.tr("Show"), self)
        self.show_key.toggled.connect(
            lambda on: self.key_edit.setEchoMode(
                QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
            )
        )
        self.env_label = QLabel(self)
        self.env_label.setWordWrap(True)
        set_text_color(self.env_label, muted_color(self.palette()))
        self.url_edit = QLineEdit(settings.base_urls.get(spec.id, ""), self)
        self.url_edit.setObjectName(f"url_{spec.id}")
        self.url_edit.setPlaceholderText(spec.default_base_url)
        self.concurrency = QSpinBox(self)
        self.concurrency.setObjectName(f"concurrency_{spec.id}")
        self.concurrency.setRange(1, 16)
        self.concurrency.setValue(settings.concurrency_for(spec.id))
        self.test_button = QPushButton(self.tr("Test connection"), self)
        self.test_button.setObjectName(f"test_{spec.id}")
        self.test_result = plain_label(QLabel(self))  # the provider's answer to a key check
        self.test_result.setObjectName(f"testResult_{spec.id}")
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_edit, 1)
        key_row.addWidget(self.show_key)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        form = QFormLayout(self)
        form.addRow(self.tr("API key"), key_row)
        form.addRow("", self.env_label)
        form.addRow(self.tr("Base URL"), self.url_edit)
        form.addRow(self.tr("Concurrent jobs"), self.concurrency)
        form.addRow("", test_row)
        if spec.key_env and os.environ.get(spec.key_env):
            self.env_label.setText(
                self.tr(
                    "{variable} is set in the environment; it is used "
                    "instead of the key stored here."
                ).format(variable=spec.key_env)
            )
        self.env_label.setVisible(bool(self.env_label.text()))

    def show_result(self, text: str, *, ok: bool) -> None:
        self.test_result.setText(text)
        set_text_color(self.test_result, None if ok else error_color(self.palette()))


class SettingsDialog(QDialog):
    """Edits a copy of the settings; `applied` carries the saved copy after OK.

    Keys are read and written through `KeyStore` on worker threads (a keyring may block).

    Signals:
        applied(Settings): the settings and keys were saved.
    """

    applied = Signal(object)

    def __init__(
        self,
        settings: Settings,
        keys: KeyStore,
        engine: EngineApi,
        tasks: TaskRunner,
        *,
        provider: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self._settings = copy.deepcopy(settings)
        self._original = settings
        self._keys, self._engine, self._tasks = keys, engine, tasks
        self._stored_keys: dict[str, str | None] = {}
        self._initial_keys: dict[str, str | None] = {}
        self._tested: set[str] = set()
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._general_page(), self.tr("General"))
        self.pages: dict[str, ProviderPage] = {}
        for spec in CONFIGURABLE:
            page = ProviderPage(spec, self._settings, self)
            page.test_button.clicked.connect(lambda _c=False, p=spec.id: self.test(p))
            self.pages[spec.id] = page
            self.tabs.addTab(page, spec.label)
        if provider in self.pages:
            self.tabs.setCurrentWidget(self.pages[provider])
        self.keyring_label = QLabel(
            self.tr(
                "No system keyring was found on this computer: keys are kept for this session "
                "only and must be entered again next time."
            ),
            self,
        )
        self.keyring_label.setObjectName("keyringNotice")
        self.keyring_label.setWordWrap(True)
        set_text_color(self.keyring_label, error_color(self.palette()))
        self.keyring_label.setVisible(not keys.persistent)
        self.error_label = plain_label(QLabel(self))
        self.error_label.setObjectName("settingsError")
        self.error_label.setWordWrap(True)
        set_text_color(self.error_label, error_color(self.palette()))
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.keyring_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(560, 420)
        self.loading = tasks.spawn(self._load_keys())

    def _general_page(self) -> QWidget:
        page = QWidget(self)
        self.library_edit = QLineEdit(str(self._settings.library_path), page)
        self.library_edit.setObjectName("libraryEdit")
        browse = QPushButton(self.tr("Choose…"), page)
        browse.clicked.connect(self._browse_library)
        row = QHBoxLayout()
        row.addWidget(self.library_edit, 1)
        row.addWidget(browse)
        self.inline_check = QCheckBox(
            self.tr("Send local reference files inline where the provider only documents links"),
            page,
        )
        self.inline_check.setChecked(self._settings.inline_references)
        self.notify_check = QCheckBox(
            self.tr("Tell me when a long job finishes while I am in another window"), page
        )
        self.notify_check.setObjectName("notifyCheck")
        self.notify_check.setChecked(self._settings.notify_when_done)
        self.language_combo = QComboBox(page)
        self.language_combo.setObjectName("languageCombo")
        self.language_combo.addItem(self.tr("System default"), "")
        for code, name in LANGUAGES.items():
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(
            max(0, self.language_combo.findData(self._settings.language))
        )
        self.language_note = QLabel(self.tr("Takes effect after restarting Image Studio."), page)
        self.language_note.setObjectName("languageNote")
        self.language_note.setWordWrap(True)
        set_text_color(self.language_note, muted_color(self.palette()))
        self.language_note.hide()
        self.language_combo.currentIndexChanged.connect(
            lambda: self.language_note.setVisible(
                self.language_combo.currentData() != self._original.language
            )
        )
        form = QFormLayout(page)
        form.addRow(self.tr("Library folder"), row)
        form.addRow("", self.inline_check)
        form.addRow("", self.notify_check)
        form.addRow(self.tr("Language"), self.language_combo)
        form.addRow("", self.language_note)
        return page

    def _browse_library(self) -> None:
        dialog = QFileDialog(self, self.tr("Choose the library folder"), self.library_edit.text())
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly)
        dialog.fileSelected.connect(self.library_edit.setText)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    async def _load_keys(self) -> None:
        for provider, page in self.pages.items():
            key = await asyncio.to_thread(self._keys.get, provider)
            self._stored_keys[provider] = self._initial_keys[provider] = key
            if key and not page.key_edit.text():
                page.key_edit.setText(key)

    # -- reading the form -----------------------------------------------------------------------
    def collected(self) -> Settings:
        """The settings as the form shows them; Refusal if a base URL is not acceptable."""
        settings = copy.deepcopy(self._settings)
        settings.library_dir = self.library_edit.text().strip()
        settings.inline_references = self.inline_check.isChecked()
        settings.notify_when_done = self.notify_check.isChecked()
        settings.language = str(self.language_combo.currentData())
        for provider, page in self.pages.items():
            url = page.url_edit.text().strip()
            if url:
                settings.base_urls[provider] = check_base_url(url)
            else:
                settings.base_urls.pop(provider, None)
            settings.concurrency[provider] = page.concurrency.value()
        return settings

    async def _write_key(self, provider: str) -> None:
        typed = self.pages[provider].key_edit.text().strip()
        if typed == (self._stored_keys.get(provider) or ""):
            return
        if typed:
            await asyncio.to_thread(self._keys.set, provider, typed)
        else:
            await asyncio.to_thread(self._keys.delete, provider)
        self._stored_keys[provider] = typed or None

    # -- actions --------------------------------------------------------------------------------
    def test(self, provider: str) -> asyncio.Task[None]:
        return self._tasks.spawn(self._test(provider))

    async def _test(self, provider: str) -> None:
        page = self.pages[provider]
        page.test_button.setEnabled(False)
        page.show_result(self.tr("Checking…"), ok=True)
        try:
            await self.loading
            settings = self.collected()
            self._tested.add(provider)
            await self._write_key(provider)
            self._engine.update_settings(settings)
            balance = await self._engine.check_key(provider)
        except Exception as error:
            text = (
                refusal_text(error)
                if isinstance(error, Refusal)
                else message_for_error(error, provider=provider, in_settings=True).text
            )
            page.show_result(text, ok=False)
        else:
            page.show_result(
                self.tr("Connected. Balance: {balance}").format(balance=amount_text(balance))
                if balance is not None
                else self.tr("Connected."),
                ok=True,
            )
        finally:
            page.test_button.setEnabled(True)

    def save(self) -> asyncio.Task[None]:
        return self._tasks.spawn(self._save())

    async def _save(self) -> None:
        self.buttons.setEnabled(False)
        try:
            await self.loading
            settings = self.collected()
            for provider in self.pages:
                await self._write_key(provider)
            await asyncio.to_thread(settings.save)
        except Refusal as refusal:
            self.error_label.setText(refusal_text(refusal))
            self.error_label.show()
            return
        except OSError as error:
            self.error_label.setText(
                self.tr("The settings could not be saved: {error}").format(error=error)
            )
            self.error_label.show()
            return
        finally:
            self.buttons.setEnabled(True)
        self.applied.emit(settings)
        self.accept()

    def reject(self) -> None:
        if self._tested:  # a test applied the typed key and URL; cancelling takes them back
            self._engine.update_settings(self._original)
            self._tasks.spawn(self._restore_keys())
        super().reject()

    async def _restore_keys(self) -> None:
        for provider in self._tested:
            initial = self._initial_keys.get(provider)
            if self._stored_keys.get(provider) == initial:
                continue
            if initial:
                await asyncio.to_thread(self._keys.set, provider, initial)
            else:
                await asyncio.to_thread(self._keys.delete, provider)
