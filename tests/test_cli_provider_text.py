"""Text a provider sends reaches the terminal without escape sequences (titles, clears, links)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from studio.cli import main, print_json
from tests.helpers import joyai_refusing

HOSTILE = (
    "no \x1b]0;owned\x07credits\x1b[2J\x1b[H \x1b]8;;https://evil.example\x1b\\top up\x1b]8;;\x1b\\"
)


@pytest.fixture
def hostile_url() -> Iterator[str]:
    with joyai_refusing(400, HOSTILE) as url:
        yield url


@pytest.mark.parametrize("as_json", [False, True])
def test_a_providers_escape_sequences_never_reach_the_terminal(
    hostile_url, capsys, monkeypatch, as_json
):
    monkeypatch.setenv("JOYAI_API_KEY", "sk_test_key")
    argv = ["generate", "--provider", "joyai", "--prompt", "x", "--base-url", hostile_url]
    code = main(argv + (["--json"] if as_json else []))
    captured = capsys.readouterr()
    assert code == 2
    shown = captured.out if as_json else captured.err
    assert "credits" in shown and "top up" in shown
    for stream in (captured.out, captured.err):
        assert "\x1b" not in stream and "\x07" not in stream and "\x9b" not in stream


def test_json_output_escapes_c1_and_reordering_controls(capsys):
    print_json({"error": "a\x9b2Jb\u202ec\x1b[0m"})
    line = capsys.readouterr().out
    assert json.loads(line) == {"error": "a\x9b2Jb\u202ec\x1b[0m"}  # nothing lost
    assert not any((ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F for c in line)
    assert "\u202e" not in line
