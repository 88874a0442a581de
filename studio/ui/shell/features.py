"""The window's features that live in rooms of their own, wired into the main window: the
wallet (Spend and budgets…) and comparisons (Compare…, Comparisons…)."""

from __future__ import annotations

from typing import Protocol, cast

from PySide6.QtWidgets import QMainWindow

from studio.ui.compare.controller import CompareController
from studio.ui.compose.composer import Composer
from studio.ui.kit.bridge import EngineBridge, TaskRunner
from studio.ui.kit.engine_api import EngineApi
from studio.ui.wallet.controller import WalletController


class _Shell(Protocol):
    """What this reads of the main window (it is not imported: the window imports this)."""

    engine: EngineApi
    tasks: TaskRunner
    bridge: EngineBridge
    composer: Composer


def attach_features(window: QMainWindow) -> tuple[WalletController, CompareController]:
    """Build the controllers, put their menus after the window's own, and let the compare
    views hear of job changes."""
    shell = cast(_Shell, window)
    wallet = WalletController(window, shell.engine, shell.tasks)
    comparing = CompareController(
        window,
        shell.engine,
        shell.tasks,
        wallet,
        references=lambda: shell.composer.current_request().references,
    )
    shell.bridge.jobs_changed.connect(comparing.on_jobs_changed)
    comparing.install(window.menuBar())
    wallet.install(window.menuBar())
    return wallet, comparing
