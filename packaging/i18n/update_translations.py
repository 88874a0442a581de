#!/usr/bin/env python3
"""Refresh the translations from the code.

pyside6-lupdate collects every translatable text in studio/ (tr(), QCoreApplication.translate()
and QT_TRANSLATE_NOOP() calls) into resources/translations/studio_<lang>.ts, keeping the existing
translations and dropping texts the code no longer has; pyside6-lrelease then compiles each .ts
into the studio_<lang>.qm that ships in the package. Both are committed: the .ts is the source.

    python3 packaging/i18n/update_translations.py          # update the .ts files, compile the .qm
    python3 packaging/i18n/update_translations.py --check  # only report; exit 1 if work is left

New texts arrive as unfinished entries: translate them (Qt Linguist, or any editor: fill
<translation> and remove type="unfinished"), then run the script again to compile.
tests/packaging/test_translations.py fails while a text is missing, unfinished or not compiled.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"
#: The languages translated from the English source text.
LANGUAGES = ("de", "ko")
#: English is the source text, but Qt needs a catalog to say "1 image" and "2 images" from one
#: "%n image(s)": this one holds only the texts with a count (lupdate -pluralonly).
PLURAL_ONLY = ("en",)

#: (context, source text, disambiguation comment) identifies a message, as in Qt.
Key = tuple[str, str, str]


@dataclass(frozen=True)
class Message:
    translation: str  # for a text with a count, its forms joined by " | "
    state: str  # "" when finished; otherwise "unfinished", "vanished" or "obsolete"
    forms: tuple[str, ...] = ()  # a text with a count (%n): one translation per plural form


def ts_path(language: str) -> Path:
    return TRANSLATIONS / f"studio_{language}.ts"


def qm_path(language: str) -> Path:
    return TRANSLATIONS / f"studio_{language}.qm"


def qt_tool(name: str) -> Path:
    """Qt's lupdate/lrelease as shipped inside the PySide6 wheel (what pyside6-<name> runs)."""
    import PySide6

    exe = Path(PySide6.__file__).resolve().parent / (
        name + (".exe" if sys.platform == "win32" else "")
    )
    if not exe.is_file():
        raise SystemExit(f"{exe} is missing: install PySide6-Essentials (it ships {name})")
    return exe


def python_sources(root: Path = ROOT) -> list[Path]:
    """Every module whose texts can reach the window (the domain's refusals included)."""
    return sorted(
        path for path in (root / "studio").rglob("*.py") if "__pycache__" not in path.parts
    )


def lupdate(ts_file: Path, language: str, root: Path = ROOT) -> None:
    """Merge the code's texts into `ts_file` (created if missing); obsolete entries are dropped.

    Locations are left out so that editing code does not rewrite the .ts files."""
    sources = [str(path.relative_to(root)) for path in python_sources(root)]
    command = [
        str(qt_tool("lupdate")),
        "-silent",
        "-locations",
        "none",
        "-no-obsolete",
        *(["-pluralonly"] if language in PLURAL_ONLY else []),
        "-source-language",
        "en",
        "-target-language",
        language,
        *sources,
        "-ts",
        str(ts_file),
    ]
    subprocess.run(command, cwd=root, check=True)


def lrelease(ts_file: Path, qm_file: Path) -> None:
    subprocess.run(
        [str(qt_tool("lrelease")), "-silent", str(ts_file), "-qm", str(qm_file)], check=True
    )


def read_ts(ts_file: Path) -> dict[Key, Message]:
    messages: dict[Key, Message] = {}
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            element = message.find("translation")
            if element is None:
                messages[key] = Message(translation="", state="")
                continue
            forms = tuple(f.text or "" for f in element.iter("numerusform"))
            if not forms:
                text = element.text or ""
            elif all(forms):  # a text with a count
                text = " | ".join(forms)
            else:  # untranslated while any form is empty
                text = ""
            messages[key] = Message(translation=text, state=element.get("type", ""), forms=forms)
    return messages


def code_messages(language: str = "de") -> set[Key]:
    """The texts the code has now, as lupdate finds them (in a scratch .ts)."""
    with tempfile.TemporaryDirectory() as scratch:
        ts_file = Path(scratch) / f"studio_{language}.ts"
        lupdate(ts_file, language)
        return set(read_ts(ts_file))


def problems(language: str) -> list[str]:
    """What is left to do for `language`: texts missing, unfinished or stale in the .ts."""
    ts_file = ts_path(language)
    if not ts_file.is_file():
        return [f"{ts_file.relative_to(ROOT)} does not exist"]
    committed = read_ts(ts_file)
    in_code = code_messages(language)
    found: list[str] = []
    for key in sorted(in_code - set(committed)):
        found.append(f"not in {ts_file.name} yet: [{key[0]}] {key[1]!r}")
    for key in sorted(set(committed) - in_code):
        found.append(f"no longer in the code, still in {ts_file.name}: [{key[0]}] {key[1]!r}")
    for key, message in sorted(committed.items()):
        if message.state or not message.translation:
            found.append(f"{message.state or 'empty'} in {ts_file.name}: [{key[0]}] {key[1]!r}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="report only; change nothing")
    args = parser.parse_args(argv)
    if args.check:
        report = [line for language in LANGUAGES + PLURAL_ONLY for line in problems(language)]
        print("\n".join(report) or "translations are complete")
        return 1 if report else 0
    left = 0
    for language in LANGUAGES + PLURAL_ONLY:
        lupdate(ts_path(language), language)
        lrelease(ts_path(language), qm_path(language))
        todo = [m for m in read_ts(ts_path(language)).values() if m.state or not m.translation]
        left += len(todo)
        print(f"{ts_path(language).relative_to(ROOT)}: {len(todo)} to translate")
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main())
