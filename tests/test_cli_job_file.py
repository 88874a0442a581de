"""A batch job file is data, not configuration: it cannot pick a secret or send a key elsewhere."""

from __future__ import annotations

import json
import os

import pytest

from studio.cli import main


@pytest.fixture(autouse=True)
def fast_polling(monkeypatch):
    monkeypatch.setenv("IMAGE_STUDIO_POLL_INTERVAL", "0.02")
    monkeypatch.setenv("IMAGE_STUDIO_DEMO_SECONDS", "0.05")


def write_lines(path, *lines) -> str:
    text = (json.dumps(line) if isinstance(line, dict) else line for line in lines)
    path.write_text("\n".join(text))
    return str(path)


def nothing_journaled(capsys) -> bool:
    capsys.readouterr()
    assert main(["jobs", "--json"]) == 0
    return capsys.readouterr().out.strip() == ""


def test_a_line_may_not_choose_which_variable_holds_the_key(
    tmp_path, capsys, emulator, monkeypatch
):
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_not_for_image_apis")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-stored")
    jobs = write_lines(
        tmp_path / "jobs.jsonl",
        {"provider": "openai", "prompt": "fine", "base_url": emulator.base_url("openai")},
        {
            "provider": "openai",
            "prompt": "x",
            "base_url": emulator.base_url("openai"),
            "api_key_env": "GITHUB_TOKEN",
        },
    )
    assert main(["batch", jobs]) == 2
    err = capsys.readouterr().err
    assert "Line 2" in err and "api_key_env" in err
    assert emulator.state.create_calls() == 0
    assert nothing_journaled(capsys)


@pytest.mark.parametrize(
    "address",
    [
        "https://collector.example.net/v1",
        "https://api.openai.com.example.net/v1",
        "http://10.0.0.7",
    ],
)
def test_a_line_may_not_send_the_key_to_another_origin(
    tmp_path, capsys, emulator, monkeypatch, address
):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-stored")
    jobs = write_lines(
        tmp_path / "jobs.jsonl",
        {"provider": "openai", "prompt": "fine", "base_url": emulator.base_url("openai")},
        "",
        {"provider": "openai", "prompt": "x", "base_url": address},
    )
    assert main(["batch", jobs]) == 2
    err = capsys.readouterr().err
    assert "Line 3" in err  # counted as in the file, the blank line included
    assert "sk-stored" not in err
    assert emulator.state.create_calls() == 0
    assert nothing_journaled(capsys)


def test_a_line_may_name_the_providers_own_or_configured_origin(tmp_path, monkeypatch):
    from studio.cli.request_input import batch_lines
    from studio.settings import Settings

    settings = Settings()
    settings.base_urls = {"joyai": "https://joyai.proxy.example.org/"}
    write_lines(
        tmp_path / "jobs.jsonl",
        {"provider": "openai", "prompt": "a", "base_url": "https://api.openai.com/v1"},
        {"provider": "joyai", "prompt": "b", "base_url": "https://joyai.proxy.example.org"},
        {"provider": "joyai", "prompt": "c", "base_url": "https://joyai-image.com"},
        {"provider": "demo", "prompt": "d", "base_url": "http://anything.invalid"},
    )
    lines = batch_lines(tmp_path / "jobs.jsonl", settings)
    assert [number for number, _, _ in lines] == [1, 2, 3, 4]


def test_a_binary_line_is_refused_by_number(tmp_path, capsys):
    jobs = tmp_path / "jobs.jsonl"
    good = json.dumps({"provider": "demo", "prompt": "a"}).encode()
    jobs.write_bytes(good + b"\n\xff\xfe\x00\x89PNG\n")
    assert main(["batch", str(jobs)]) == 2
    err = capsys.readouterr().err
    assert "Line 2" in err and "UTF-8" in err
    assert "Traceback" not in err
    assert nothing_journaled(capsys)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_an_endless_job_file_is_not_read_to_the_end(capsys):
    assert main(["batch", "/dev/zero"]) == 2
    assert "larger than" in capsys.readouterr().err
