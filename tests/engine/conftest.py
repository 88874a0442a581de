"""Engine fixtures: an engine on a temporary journal and library, with fast polling."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from studio.engine.runner import Engine
from studio.keys import KeyStore
from studio.providers import ClientOptions
from studio.settings import Settings


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return tmp_path / "library"


@pytest.fixture
def make_engine(tmp_path: Path, library: Path) -> Callable[..., Engine]:
    """Build an engine inside a running loop (call it from the test's coroutine)."""

    def factory(base_urls: dict[str, str] | None = None, **kwargs: Any) -> Engine:
        settings = Settings(library_dir=str(library), base_urls=base_urls or {})
        options = kwargs.pop("client_options", ClientOptions(delay_scale=0.01))
        return Engine(
            journal_path=tmp_path / "journal.sqlite3",
            settings=settings,
            keys=KeyStore(),
            demo_task_seconds=kwargs.pop("demo_task_seconds", 0.05),
            client_options=options,
            poll_interval=kwargs.pop("poll_interval", 0.02),
            staging_dir=tmp_path / "staging",
            **kwargs,
        )

    return factory
