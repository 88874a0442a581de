"""Where things live and what the user chose: folders and a small JSON settings file.

The folders follow the XDG base directory spec on Linux and the BSDs (a variable counts only when
it is an absolute path); on Windows and macOS, and for the pictures folder everywhere, they are
platformdirs', which is imported only there: the idle window does not need it (0.8 MB,
bench/README.md "Idle memory"). Keys are never in here; see `studio.keys`.
"""

from __future__ import annotations

import json
import os
import posixpath
import sys
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio import APP_NAME

if TYPE_CHECKING:
    from studio.domain.refhost import RefBucket

_APP_DIR = "image-studio"


#: Platforms whose folders are not XDG's: platformdirs knows their conventions (and existing
#: users' data is where it put it).
_NATIVE_FOLDERS = ("win32", "darwin")


def _home() -> str:
    """The home folder as platformdirs finds it: HOME when absolute, else the user database."""
    home = os.environ.get("HOME", "")
    if not posixpath.isabs(home):
        try:
            import pwd

            home = pwd.getpwuid(os.getuid()).pw_dir
        except (ImportError, KeyError):
            home = ""
    if not posixpath.isabs(home):
        raise RuntimeError("The home folder is unknown: set HOME or the XDG variables.")
    return home.rstrip("/") or "/"


def _xdg_folder(variable: str, default: str, *more: str) -> Path:
    """`$variable` (only an absolute path counts, as the spec says) or `default` under the home
    folder, with the studio's folder (and `more`) in it."""
    base = os.environ.get(variable, "")
    if not posixpath.isabs(base):
        base = os.path.join(_home(), default)
    return Path(os.path.join(base, _APP_DIR, *more))


def _native_folder(kind: str) -> Path:
    import platformdirs

    return Path(getattr(platformdirs, f"user_{kind}_dir")(_APP_DIR, appauthor=False))


def _user_folder(kind: str, variable: str, default: str, *below: str) -> Path:
    """The platform's folder of this kind: XDG's on Linux and the BSDs, platformdirs' elsewhere."""
    if sys.platform in _NATIVE_FOLDERS:
        return _native_folder(kind)
    return _xdg_folder(variable, default, *below)


def config_dir() -> Path:
    return _user_folder("config", "XDG_CONFIG_HOME", ".config")


def data_dir() -> Path:
    return _user_folder("data", "XDG_DATA_HOME", ".local/share")


def cache_dir() -> Path:
    return _user_folder("cache", "XDG_CACHE_HOME", ".cache")


def log_dir() -> Path:
    return _user_folder("log", "XDG_STATE_HOME", ".local/state", "log")


def default_library_dir() -> Path:
    """The pictures folder's studio folder (xdg-user-dirs on Linux: platformdirs reads it)."""
    import platformdirs

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
