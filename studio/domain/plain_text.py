"""Text from outside (a provider's reply) made safe to print or show: no control characters.

A terminal obeys escape sequences wherever they appear in what it prints: a provider's error
message could retitle the window (OSC 0), clear the screen (CSI 2J), plant a link that shows
one address and opens another (OSC 8), or rewrite the line before it (CR, backspace).
`plain_text` removes whole escape sequences (so no half of one is left to show as `[2J`), then
every remaining C0/C1 control character and the Unicode controls that reorder text on screen
(bidirectional embeddings, overrides and isolates). Tabs and line breaks stay: callers that show
one line fold them (`studio.providers.replies.short`).
"""

from __future__ import annotations

import re

_STRING_END = r"(?:\x07|\x1b\\|\x9c|$)"
_SEQUENCE = re.compile(
    "|".join(
        (
            # OSC (7-bit or C1) up to BEL or ST: window titles, OSC 8 links, clipboard writes.
            rf"(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*{_STRING_END}",
            # DCS, SOS, PM, APC strings up to ST.
            r"(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x1b\x9c]*(?:\x1b\\|\x9c|$)",
            # CSI: parameters, intermediates, one final byte (colours, cursor moves, clears).
            r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?",
            # Any other escape: intermediates and one final byte (charset switches, resets).
            r"\x1b[\x20-\x2f]*[\x30-\x7e]?",
        )
    )
)
#: C0 but tab and line feed, DEL, C1; the bidi embeddings/overrides (LRE..RLO) and isolates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plain_text(text: str) -> str:
    """`text` without escape sequences and control characters; tabs and line feeds are kept."""
    if text.isprintable():  # the common case: nothing to remove
        return text
    return _CONTROL.sub("", _SEQUENCE.sub("", text))
