"""Provider text loses every escape sequence and control character, and nothing else."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studio.domain.plain_text import plain_text


@pytest.mark.parametrize(
    ("hostile", "shown"),
    [
        ("quota \x1b]0;pwned\x07 exceeded", "quota  exceeded"),  # window title (OSC 0, BEL)
        ("\x1b]0;pwned\x1b\\done", "done"),  # OSC ended by ST
        ("\x1b[2J\x1b[Hscreen cleared", "screen cleared"),  # CSI clear + home
        ("\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\ me", "click me"),  # OSC 8 link
        ("\x9b31mred\x9b0m", "red"),  # C1 CSI
        ("\x9d0;title\x9cafter", "after"),  # C1 OSC ended by C1 ST
        ("\x1bPq#0;2;0;0;0\x1b\\sixel", "sixel"),  # DCS string
        ("ok\rFAKE", "okFAKE"),  # carriage return overwrites the line
        ("a\x08\x08b\x00c\x7fd", "abcd"),  # backspace, NUL, DEL
        ("\x1b(0line drawing\x1b(B", "line drawing"),  # charset switch
        ("evil\u202egnp.exe", "evilgnp.exe"),  # right-to-left override
        ("cut off \x1b]0;no end", "cut off "),  # an unterminated OSC swallows the rest
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("한국어 Größe 🎨 — “quotes”", "한국어 Größe 🎨 — “quotes”"),
    ],
)
def test_escapes_and_controls_are_removed(hostile, shown):
    assert plain_text(hostile) == shown


@given(st.text())
def test_nothing_a_terminal_obeys_is_left(text):
    out = plain_text(text)
    assert not any((ord(c) < 0x20 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F for c in out)
    assert not any("\u202a" <= c <= "\u202e" or "\u2066" <= c <= "\u2069" for c in out)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs"))))
def test_printable_text_is_unchanged(text):
    assert plain_text(text) == text
