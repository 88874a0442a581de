"""The command line's discovery and housekeeping: models, keys, paths, completion, help, output."""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from studio.cli import build_parser, main
from studio.cli.output import JOB_JSON_KEYS, Progress
from studio.domain.catalog import PROVIDERS


@pytest.fixture(autouse=True)
def fast_polling(monkeypatch):
    monkeypatch.setenv("IMAGE_STUDIO_POLL_INTERVAL", "0.02")
    monkeypatch.setenv("IMAGE_STUDIO_DEMO_SECONDS", "0.05")


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_models_json_lists_every_provider_and_model_of_the_catalog(capsys):
    assert main(["models", "--json"]) == 0
    listed = json_lines(capsys.readouterr().out)
    assert [p["provider"] for p in listed] == [p.id for p in PROVIDERS]
    for spec, data in zip(PROVIDERS, listed, strict=True):
        assert [m["id"] for m in data["models"]] == [m.id for m in spec.models]
        assert data["reference_forms"] == sorted(f.value for f in spec.ref_forms)
        for model, shown in zip(spec.models, data["models"], strict=True):
            assert shown["qualities"] == list(model.qualities)
            assert shown["ratios"] == list(model.ratios)
            assert shown["resolutions"] == list(model.resolutions)
            assert shown["sizes"] == list(model.sizes)
            assert shown["formats"] == list(model.formats)
            priced = model.price is not None or model.token_prices is not None
            assert (shown["price"] is not None) == priced


def test_models_json_prices_are_the_catalogs():
    from studio.cli.info import provider_json
    from studio.domain.catalog import provider_spec

    joyai = provider_json(provider_spec("joyai"))["models"]
    table = joyai[0]["price"]["per_request_by_mode_quality_resolution"]
    assert table["edit"]["high"] == {"1k": "44", "2k": "88", "4k": "132"}
    assert joyai[1]["price"] == {"unit": "credits", "per_request": "24"}
    icodeeasy = provider_json(provider_spec("icodeeasy"))["models"][0]["price"]
    assert icodeeasy["per_image_by_quality"]["high"] == "0.40"
    openai = provider_json(provider_spec("openai"))["models"][0]["price"]
    assert openai["unit"] == "USD" and openai["as_of"] == "2026-12-03"
    assert openai["per_million_tokens"] == {
        "text_input": "5",
        "image_input": "8",
        "image_output": "30",
    }


def test_models_for_one_provider_in_text(capsys):
    assert main(["models", "--provider", "openai"]) == 0
    out = capsys.readouterr().out
    for model in ("gpt-image-2", "gpt-image-1.5", "gpt-image-1", "gpt-image-1-mini"):
        assert f"  {model}  (" in out
    assert "joyai" not in out
    assert "qualities: auto, low, medium, high (default auto)" in out


def test_keys_list_says_where_each_key_comes_from_and_never_the_key(monkeypatch, capsys):
    from studio.keys import KeyStore

    KeyStore().set("openai", "sk-stored-in-keyring")
    monkeypatch.setenv("JOYAI_API_KEY", "sk-from-environment")
    assert main(["keys", "list", "--json"]) == 0
    out = capsys.readouterr()
    sources = {line["provider"]: line["source"] for line in json_lines(out.out)}
    assert sources == {
        "joyai": "environment",
        "gptimage2ai": None,
        "icodeeasy": None,
        "openai": "keyring",
        "s3": None,  # the reference bucket's secret (AWS_SECRET_ACCESS_KEY or the keyring)
    }
    assert main(["keys", "list"]) == 0
    text = capsys.readouterr()
    assert "from JOYAI_API_KEY" in text.out and "in the OS keyring" in text.out
    for shown in (out.out, out.err, text.out, text.err):
        assert "sk-stored-in-keyring" not in shown and "sk-from-environment" not in shown


def test_keys_delete_removes_the_keyring_key_and_says_what_remains(monkeypatch, capsys):
    from studio.keys import KeyStore

    KeyStore().set("joyai", "sk-old")
    monkeypatch.setenv("JOYAI_API_KEY", "sk-env")
    assert main(["keys", "delete", "joyai"]) == 0
    err = capsys.readouterr().err
    assert KeyStore().in_keyring("joyai") is False
    assert "Removed the joyai key" in err and "still comes from JOYAI_API_KEY" in err
    assert main(["keys", "delete", "joyai"]) == 0
    assert "held no joyai key" in capsys.readouterr().err


def test_jobs_path_and_logs_path(capsys):
    from studio.logfile import log_path
    from studio.settings import journal_path

    assert main(["jobs", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(journal_path())
    assert main(["logs", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(log_path())


def _subcommands(parser: argparse.ArgumentParser):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield name, sub
                yield from ((f"{name} {n}", s) for n, s in _subcommands(sub))


def test_every_option_of_every_command_has_help_and_every_command_an_example():
    commands = dict(_subcommands(build_parser()))
    assert {"generate", "batch", "jobs", "resume", "models", "keys", "logs", "completion"} <= set(
        commands
    )
    bare = [
        f"{name}: {action.dest}"
        for name, sub in commands.items()
        for action in sub._actions
        if not isinstance(action, argparse._SubParsersAction) and not action.help
    ]
    assert bare == []
    top_level = [n for n in commands if " " not in n]
    assert [n for n in top_level if "example:" not in (commands[n].epilog or "")] == []


def test_completion_script_loads_in_bash():
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    script = f"source <({sys.executable} -m studio completion bash) && complete -p image-studio"
    result = subprocess.run(
        [bash, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert result.returncode == 0, result.stderr
    assert "image-studio" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_completion_scripts_for_zsh_and_fish_name_the_commands(shell, capsys):
    assert main(["completion", shell]) == 0
    script = capsys.readouterr().out
    for command in ("generate", "models", "keys", "completion"):
        assert command in script
    binary = shutil.which(shell)
    if binary is not None:  # where the shell exists, it must accept the script's syntax
        result = subprocess.run([binary, "-n"], input=script, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_refused_and_finished_jobs_print_the_same_json_shape(tmp_path, capsys):
    assert main(["generate", "--provider", "demo", "--prompt", "ok", "--output-dir",
                 str(tmp_path), "--json"]) == 0  # fmt: skip
    [done] = json_lines(capsys.readouterr().out)
    assert main(["generate", "--provider", "demo", "--prompt", "bad", "--ratio", "7:1",
                 "--json"]) == 2  # fmt: skip
    [refused] = json_lines(capsys.readouterr().out)
    assert list(done) == list(refused) == list(JOB_JSON_KEYS)
    assert refused["status"] == "refused" and refused["job_id"] is None
    assert (refused["provider"], refused["model"], refused["prompt"]) == (
        "demo",
        "gptimage2",
        "bad",
    )
    now = datetime.now(UTC)
    for job in (done, refused):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", job["created_at"])
        moment = datetime.fromisoformat(job["created_at"])
        assert moment.utcoffset() == timedelta(0)
        assert abs(now - moment) < timedelta(minutes=5)


def test_progress_is_plain_lines_off_a_terminal_and_nothing_when_quiet(tmp_path, capsys):
    args = ["generate", "--provider", "demo", "--prompt", "p", "--output-dir", str(tmp_path)]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "succeeded" in err and "\r" not in err and "\x1b" not in err
    assert main([*args, "--quiet"]) == 0
    assert capsys.readouterr().err == ""


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_is_one_live_line_wiped_before_other_output(monkeypatch):
    from studio.cli import output as cli_output

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setenv("TERM", "xterm")
    progress = Progress()
    monkeypatch.setattr(cli_output, "PROGRESS", progress)
    progress.show("[abc] running")
    progress.show("[abc] downloading")
    cli_output.say("error: x")
    written = terminal.getvalue()
    assert written == ("\r\x1b[K[abc] running\r\x1b[K[abc] downloading\r\x1b[Kerror: x\n")
    assert not re.search(r"\x1b\[[0-9;]*m", written)  # no colour at all, so NO_COLOR holds


def test_the_window_s_entry_point_imports_neither_shtab_nor_the_engine():
    """The window starts through studio.cli:main: importing it, and answering a command that
    needs no engine, loads no completion library and no engine (start-up budget)."""
    code = (
        "import sys\n"
        "from studio.cli import main\n"
        "main(['jobs', 'path'])\n"
        "loaded = [m for m in ('shtab', 'studio.engine.runner', 'studio.cli.run') "
        "if m in sys.modules]\n"
        "assert loaded == [], loaded\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert result.returncode == 0, result.stderr


def test_the_readme_documents_the_job_json_shape():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    example = readme.split("### JSON output", 1)[1].split("```json\n", 1)[1].split("```", 1)[0]
    assert list(json.loads(example)) == list(JOB_JSON_KEYS)
    for key in JOB_JSON_KEYS:
        assert f"`{key}`" in readme.split("### JSON output", 1)[1]
