"""`image-studio [FILES…]`: images to open in the studio, told apart from the commands."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.cli import main
from studio.cli.parser import build_parser, window_files


def test_a_command_stays_a_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "models").write_bytes(b"")  # a file that happens to share the name
    assert window_files(build_parser(), ["models", "--json"]) == (["models", "--json"], [])


def test_files_are_files_and_options_stay_options(tmp_path: Path) -> None:
    image = tmp_path / "a.png"
    image.write_bytes(b"")
    assert window_files(build_parser(), ["--demo", str(image)]) == (["--demo"], [str(image)])
    assert window_files(build_parser(), [str(image), "--demo"]) == (["--demo"], [str(image)])


def test_a_file_named_like_a_command_is_opened_with_a_path_or_after_dashes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "generate").write_bytes(b"")
    assert window_files(build_parser(), ["./generate"]) == ([], ["./generate"])
    assert window_files(build_parser(), ["--", "generate"]) == ([], ["generate"])


def test_a_file_url_names_its_file(tmp_path: Path) -> None:
    image = tmp_path / "with space.png"
    image.write_bytes(b"")
    url = "file://" + str(image).replace(" ", "%20")
    assert window_files(build_parser(), [url]) == ([], [url])


def test_a_mistyped_command_is_refused_not_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exited:
        main(["genrate", "--prompt", "x"])
    assert exited.value.code == 2
    assert "'genrate' is neither a file nor a command" in capsys.readouterr().err
