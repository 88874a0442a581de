"""Whether a command line only opens the window (`image-studio [--demo] FILE...`), told without
building the parser: its twelve commands and their options are most of the window's start-up work
in `studio.cli` and stay in memory while the window is open (bench/README.md, "Idle memory")."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

#: The commands of `studio.cli.parser` (a test checks that they are the same).
COMMANDS = frozenset(
    {
        "generate",
        "batch",
        "budget",
        "spend",
        "jobs",
        "resume",
        "models",
        "keys",
        "logs",
        "compare",
        "completion",
        "emulator",
    }
)
#: The options the window takes; any other (--help, --version, a typo) goes to the parser.
WINDOW_OPTIONS = frozenset({"--demo"})


def file_exists(word: str) -> bool:
    """A file named on the command line (a path, or a file:/// URL as a file manager hands it)."""
    path = unquote(word.removeprefix("file://")) if word.startswith("file:///") else word
    return Path(path).expanduser().exists()


def split(
    words: list[str], commands: frozenset[str] = COMMANDS
) -> tuple[list[str], list[str]] | None:
    """The options and the files of `image-studio [OPTIONS] FILE...`; None when the first word
    that is no option names a command (a file called so is `./NAME`, or follows `--`)."""
    options: list[str] = []
    files: list[str] = []
    for position, word in enumerate(words):
        if word == "--":
            files += words[position + 1 :]
            break
        if word.startswith("-") and len(word) > 1:
            options.append(word)
        elif not files and word in commands:
            return None
        else:
            files.append(word)
    return options, files


def window_only(words: list[str]) -> tuple[bool, list[str]] | None:
    """(demo, files) when `words` open the window and nothing else: no command, no option but
    --demo, every file there. Else None: the parser decides (and explains a mistake)."""
    parts = split(words)
    if parts is None:
        return None
    options, files = parts
    if not set(options) <= WINDOW_OPTIONS or not all(file_exists(word) for word in files):
        return None
    return bool(options), files
