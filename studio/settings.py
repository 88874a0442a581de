"""Where things live and what the user chose: folders (platformdirs) and a small JSON settings file.

Keys are never in here; see `studio.keys`.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from studio import APP_NAME

if TYPE_CHECKING:
    from studio.domain.refhost import RefBucket

_APP_DIR = "image-studio"


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(_APP_DIR, appauthor=False))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(_APP_DIR, appauthor=False))


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(_APP_DIR, appauthor=False))


def default_library_dir() -> Path:
    return Path(platformdirs.user_pictures_dir()) / APP_NAME


def journal_path() -> Path:
    return data_dir() / "journal.sqlite3"


@dataclass
class Settings:
    """What the user chose; saved as JSON in the config folder."""

    library_dir: str = ""
    base_urls: dict[str, str] = field(default_factory=dict)
    concurrency: dict[str, int] = field(default_factory=dict)
    inline_references: bool = False
    language: str = ""  # "" follows the system
    #: Ask for attention and notify when a long job finishes while the window is not active.
    notify_when_done: bool = True
    last_request: dict[str, Any] = field(default_factory=dict)
    #: Reference hosting (Settings → References): s3://BUCKET/PREFIX, the endpoint, region, the
    #: access key id and how long a link lives. The secret is in the keyring only ("s3").
    ref_bucket: str = ""
    ref_endpoint: str = ""
    ref_region: str = ""
    ref_key_id: str = ""
    ref_link_minutes: int = 60

    @property
    def library_path(self) -> Path:
        return Path(self.library_dir) if self.library_dir else default_library_dir()

    def concurrency_for(self, provider: str) -> int:
        return max(1, int(self.concurrency.get(provider, 4)))

    def ref_hosting(self) -> RefBucket | None:
        """The saved bucket for local references, checked; None when none is set up."""
        if not (self.ref_bucket and self.ref_endpoint):
            return None
        from studio.domain.refhost import make_bucket

        return make_bucket(
            self.ref_bucket,
            endpoint=self.ref_endpoint,
            region=self.ref_region,
            link_seconds=int(self.ref_link_minutes) * 60,
        )

    def base_url_for(self, provider: str) -> str | None:
        return self.base_urls.get(provider) or None

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or config_dir() / "settings.json"
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known})

    def save(self, path: Path | None = None) -> None:
        path = path or config_dir() / "settings.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(asdict(self), indent=2, ensure_ascii=False)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
