"""`image-studio [--demo] FILE...` opens the window without building the parser; everything
else (a command, --help, --version, a mistyped word) is the parser's to decide."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.cli.parser import _command_names, build_parser
from studio.cli.window_words import COMMANDS, window_only


def test_the_commands_are_the_parsers() -> None:
    assert _command_names(build_parser()) == set(COMMANDS)


def test_no_word_and_demo_open_the_window() -> None:
    assert window_only([]) == (False, [])
    assert window_only(["--demo"]) == (True, [])


def test_files_that_exist_open_the_window_with_them(tmp_path: Path) -> None:
    image = tmp_path / "a.png"
    image.write_bytes(b"x")
    named_like_a_command = tmp_path / "generate"
    named_like_a_command.write_bytes(b"x")
    assert window_only([str(image), "--demo"]) == (True, [str(image)])
    assert window_only([image.as_uri()]) == (False, [image.as_uri()])
    assert window_only(["--", str(named_like_a_command)]) == (False, [str(named_like_a_command)])


@pytest.mark.parametrize(
    "words",
    [
        ["generate", "--provider", "demo"],
        ["--demo", "jobs"],
        ["--help"],
        ["--version"],
        ["--dem"],  # argparse's abbreviation of --demo: its parser says so
        ["no-such-file.png"],  # refused by the parser, with the list of commands
    ],
)
def test_anything_else_is_left_to_the_parser(words: list[str]) -> None:
    assert window_only(words) is None
