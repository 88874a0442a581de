"""The studio's folders on Linux: the XDG base directory spec, and exactly where platformdirs put
them before (existing users' settings, journal, cache and logs stay where they are)."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from studio import settings

pytestmark = pytest.mark.skipif(
    sys.platform in ("win32", "darwin"), reason="platformdirs' own folders there"
)

VARIABLES = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


def platformdirs_folders() -> list[Path]:
    return [
        Path(platformdirs.user_config_dir("image-studio", appauthor=False)),
        Path(platformdirs.user_data_dir("image-studio", appauthor=False)),
        Path(platformdirs.user_cache_dir("image-studio", appauthor=False)),
        Path(platformdirs.user_log_dir("image-studio", appauthor=False)),
    ]


def studio_folders() -> list[Path]:
    return [settings.config_dir(), settings.data_dir(), settings.cache_dir(), settings.log_dir()]


@pytest.mark.parametrize(
    ("home", "xdg"),
    [
        ("/home/ada", None),  # no XDG variable: the defaults under HOME
        ("/home/ada/", None),
        ("/", None),
        ("/home/ada", "/srv/xdg/{name}"),  # absolute: taken
        ("/home/ada", "/srv/xdg/{name}/"),
        ("/home/ada", "relative/{name}"),  # relative: ignored, as the spec says
        ("/home/ada", ""),  # empty: ignored
        ("/home/ada", "~/{name}"),  # not expanded, so relative
    ],
)
def test_the_folders_are_where_platformdirs_put_them(
    monkeypatch: pytest.MonkeyPatch, home: str, xdg: str | None
) -> None:
    monkeypatch.setenv("HOME", home)
    for name in VARIABLES:
        if xdg is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, xdg.format(name=name.lower()))
    assert studio_folders() == platformdirs_folders()


def test_a_relative_home_is_replaced_by_the_user_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", "not/absolute")
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    folders = studio_folders()
    assert all(folder.is_absolute() for folder in folders)
    assert folders == platformdirs_folders()


def test_the_xdg_folders_are_absolute_and_the_log_is_in_the_state_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HOME", "/home/ada")
    monkeypatch.setenv("XDG_STATE_HOME", "/var/state")
    monkeypatch.setenv("XDG_CONFIG_HOME", "./config")
    assert settings.log_dir() == Path("/var/state/image-studio/log")
    assert settings.config_dir() == Path("/home/ada/.config/image-studio")
