"""The German and Korean translations: complete, in step with the code, compiled, consistent.

The .ts files are the source (resources/translations/studio_<lang>.ts); the .qm files next to
them are what ships. packaging/i18n/update_translations.py refreshes both.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

from studio import resources
from tests.translation_files import UPDATE_COMMAND, update_script

LANGUAGES = ("de", "ko")
#: English is the source; its catalog holds only the texts with a count ("%n image(s)").
CATALOGS = (*LANGUAGES, "en")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
#: The provider's own words (JoyAI's German and Korean pages, shared/api-docs 001 and 002) and
#: the studio's: an English term in the source must come out as this term in each language.
GLOSSARY: dict[str, dict[str, str | tuple[str, ...]]] = {
    "de": {
        "API key": "API-Schlüssel",
        "credits": "Credits",
        "reference image": "Referenzbild",
        "provider": "Anbieter",
        "job": ("Auftrag", "Aufträge"),
    },
    "ko": {
        "API key": "API 키",
        "credits": "크레딧",
        "reference image": "참조 이미지",
        "provider": "공급자",
        "job": "작업",
    },
}


def messages(language: str) -> dict[tuple[str, str, str], object]:
    script = update_script()
    return script.read_ts(script.ts_path(language))


@pytest.mark.parametrize("language", CATALOGS)
def test_every_text_in_the_code_is_translated(language: str) -> None:
    """Runs lupdate over the code into a scratch file and compares: a new text in the code, a
    text the code dropped, or an entry marked unfinished/vanished/obsolete fails here."""
    problems = update_script().problems(language)
    assert not problems, (
        f"{len(problems)} translation problem(s); run `{UPDATE_COMMAND}`, translate the "
        f"unfinished entries in resources/translations/studio_{language}.ts, run it again:\n"
        + "\n".join(problems)
    )


def placeholder_problem(source: str, forms: tuple[str, ...]) -> bool:
    """Each form keeps the source's placeholders once each. A form for a count may leave one
    out that its words imply ("both" for {count} = 2), but the forms together use them all."""
    expected = sorted(PLACEHOLDER.findall(source))
    if len(forms) == 1:
        return sorted(PLACEHOLDER.findall(forms[0])) != expected
    found = [sorted(PLACEHOLDER.findall(form)) for form in forms]
    return any(not set(f) <= set(expected) or len(f) != len(set(f)) for f in found) or (
        sorted({p for f in found for p in f}) != sorted(set(expected))
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders_accelerators_and_ellipses(language: str) -> None:
    wrong = []
    for (context, source, _comment), message in messages(language).items():
        text = message.translation
        if placeholder_problem(source, message.forms or (text,)):
            wrong.append(f"[{context}] {source!r} -> {text!r}: placeholders differ")
        if ("&" in source) != ("&" in text) or text.count("&") > 1:
            wrong.append(f"[{context}] {source!r} -> {text!r}: one & accelerator expected")
        if source.endswith("…") != text.endswith("…"):
            wrong.append(f"[{context}] {source!r} -> {text!r}: the … (more to come) is lost")
        if source.count("\n") != text.count("\n"):
            wrong.append(f"[{context}] {source!r} -> {text!r}: line breaks differ")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("language", LANGUAGES)
def test_terms_follow_the_glossary(language: str) -> None:
    wrong = []
    for (context, source, _comment), message in messages(language).items():
        words = PLACEHOLDER.sub("", source).lower()  # "{provider}" is a name, not the word
        for english, term in GLOSSARY[language].items():
            forms = (term,) if isinstance(term, str) else term
            translation = message.translation.lower()
            if english.lower() in words and not any(f.lower() in translation for f in forms):
                wrong.append(f"[{context}] {source!r} -> {message.translation!r}: use {term!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("language", CATALOGS)
def test_the_shipped_qm_matches_the_ts(language: str, tmp_path: Path) -> None:
    """The compiled file in the package answers every source with the .ts translation."""
    shipped = resources.translations_dir() / f"studio_{language}.qm"
    assert shipped.is_file(), f"missing {shipped}; run `{UPDATE_COMMAND}`"
    translator = QTranslator()
    data = shipped.read_bytes()
    assert translator.load(data)
    stale = []
    for (context, source, comment), message in messages(language).items():
        # A text with a count: each form the .qm picks (1, 2, 5 of something) is one of the .ts.
        counts, expected = ((1, 2, 5), set(message.forms)) if message.forms else ((-1,), None)
        for n in counts:
            found = translator.translate(context, source, comment or None, n)
            if found not in (expected or {message.translation}):
                stale.append(f"[{context}] {source!r} (n={n}): the .qm has {found!r}")
    assert not stale, f"the .qm is older than the .ts; run `{UPDATE_COMMAND}`:\n" + "\n".join(stale)
