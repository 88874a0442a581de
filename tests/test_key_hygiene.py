"""After full runs — success and every error path — the API key is nowhere but the environment:
not in any file under the config, data, cache and library folders, not in output, not in logs."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from studio.cli import main
from studio.emulator.faults import FaultRule
from tests.helpers import files_containing

SECRET = "sk_live_Zq8uniqueSecretValue42"
KEY_VARS = {
    "joyai": "JOYAI_API_KEY",
    "gptimage2ai": "GPTIMAGE2_API_KEY",
    "icodeeasy": "ICODEEASY_API_KEY",
    "openai": "OPENAI_API_KEY",
}
FAULTS = [
    None,
    FaultRule(route="create", status=400),
    FaultRule(route="create", status=401),
    FaultRule(route="create", status=402),
    FaultRule(route="create", status=429, retry_after=0.01),
    FaultRule(route="create", status=500),
    FaultRule(route="create", action="drop"),
    FaultRule(route="create", action="not_json"),
    FaultRule(route="poll", status=500),
    FaultRule(route="poll", action="missing_fields"),
    FaultRule(route="download", action="corrupt"),
    FaultRule(route="download", action="html"),
    FaultRule(route="download", status=404),
]


@pytest.mark.parametrize("provider", sorted(KEY_VARS))
def test_the_key_leaks_nowhere_on_any_path(
    provider, emulator, isolated_home, monkeypatch, capsys, caplog, tmp_path
):
    monkeypatch.setenv("IMAGE_STUDIO_POLL_INTERVAL", "0.01")
    monkeypatch.setenv(KEY_VARS[provider], SECRET)
    caplog.set_level(logging.DEBUG)
    library = isolated_home / "Pictures" / "lib"
    outputs = []
    for rule in FAULTS:
        emulator.state.clear_faults()
        if rule is not None:
            emulator.state.add_fault(rule)
        main(
            [
                "generate",
                "--provider",
                provider,
                "--prompt",
                "leak check",
                "--json",
                "--base-url",
                emulator.base_url(provider),
                "--output-dir",
                str(library),
            ]
        )
        captured = capsys.readouterr()
        outputs.append(captured.out + captured.err)
    main(["jobs", "--json"])
    outputs.append(capsys.readouterr().out)

    assert any(Path(library).glob("*")), "at least the clean run saved an image"
    assert files_containing(isolated_home, SECRET.encode()) == []
    # EXIF UserComments (JPEG, WebP) hold UTF-16 text: a key there would not match the above.
    assert files_containing(isolated_home, SECRET.encode("utf-16-be")) == []
    assert all(SECRET not in text for text in outputs)
    assert SECRET not in caplog.text


def test_icodeeasy_result_links_are_kept_out_of_logs(
    emulator, monkeypatch, capsys, caplog, tmp_path
):
    """Its result URLs work without a key, so they are credentials too."""
    monkeypatch.setenv("IMAGE_STUDIO_POLL_INTERVAL", "0.01")
    monkeypatch.setenv("ICODEEASY_API_KEY", SECRET)
    caplog.set_level(logging.DEBUG)
    assert (
        main(
            [
                "generate",
                "--provider",
                "icodeeasy",
                "--prompt",
                "links",
                "--base-url",
                emulator.base_url("icodeeasy"),
                "--output-dir",
                str(tmp_path),
            ]
        )
        == 0
    )
    captured = capsys.readouterr()
    assert "/images/files/" not in caplog.text + captured.err + captured.out
