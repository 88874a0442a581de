"""`image-studio` on the command line, as a user runs it from the README."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from studio.cli import main
from studio.emulator.faults import FaultRule
from tests.helpers import emulator_command, free_port


@pytest.fixture(autouse=True)
def fast_polling(monkeypatch):
    monkeypatch.setenv("IMAGE_STUDIO_POLL_INTERVAL", "0.02")
    monkeypatch.setenv("IMAGE_STUDIO_DEMO_SECONDS", "0.05")


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_generate_with_the_demo_prints_the_saved_file(capsys, tmp_path):
    code = main(
        [
            "generate",
            "--provider",
            "demo",
            "--prompt",
            "a lighthouse",
            "--ratio",
            "16:9",
            "--output-dir",
            str(tmp_path),
        ]
    )
    out = capsys.readouterr().out.split()
    assert code == 0
    [path] = out
    with Image.open(path) as image:
        assert image.size == (1024, 576)


@pytest.mark.parametrize(
    ("provider", "extra"),
    [
        (
            "joyai",
            [
                "--model",
                "gptimage2",
                "--quality",
                "high",
                "--resolution",
                "2k",
                "--ratio",
                "4:5",
                "--format",
                "webp",
            ],
        ),
        (
            "gptimage2ai",
            [
                "--ratio",
                "9:16",
                "--count",
                "2",
                "--style",
                "cinematic",
                "--lighting",
                "softbox",
                "--camera",
                "35mm",
                "--negative",
                "text",
            ],
        ),
        ("icodeeasy", ["--quality", "low", "--ratio", "21:9", "--resolution", "2k"]),
        (
            "openai",
            [
                "--size",
                "1024x1536",
                "--format",
                "jpeg",
                "--output-compression",
                "80",
                "--background",
                "opaque",
                "--moderation",
                "low",
            ],
        ),
    ],
)
def test_generate_json_for_every_provider(provider, extra, emulator, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIO_TEST_KEY", "sk_live_secret")
    code = main(
        [
            "generate",
            "--provider",
            provider,
            "--prompt",
            "a red chair",
            *extra,
            "--base-url",
            emulator.base_url(provider),
            "--api-key-env",
            "STUDIO_TEST_KEY",
            "--output-dir",
            str(tmp_path),
            "--json",
        ]
    )
    captured = capsys.readouterr()
    [result] = json_lines(captured.out)
    assert code == 0, captured.err
    assert result["status"] == "succeeded"
    assert result["provider"] == provider
    assert all(Path(f).is_file() for f in result["files"])
    assert {"job_id", "model", "task_id", "cost", "error"} <= set(result)
    assert "sk_live_secret" not in captured.out + captured.err


def test_an_invalid_request_exits_2_and_sends_nothing(emulator, capsys, monkeypatch):
    monkeypatch.setenv("JOYAI_API_KEY", "k")
    code = main(
        [
            "generate",
            "--provider",
            "joyai",
            "--model",
            "joyai",
            "--prompt",
            "edit",
            "--base-url",
            emulator.base_url("joyai"),
        ]
    )
    assert code == 2
    assert "reference images" in capsys.readouterr().err
    assert emulator.state.create_calls() == 0


def test_a_missing_key_exits_3(capsys):
    assert main(["generate", "--provider", "openai", "--prompt", "x"]) == 3
    assert "OPENAI_API_KEY" in capsys.readouterr().err


def test_a_rejected_key_exits_3(emulator, monkeypatch, tmp_path):
    monkeypatch.setenv("JOYAI_API_KEY", "bad-key")
    assert (
        main(
            [
                "generate",
                "--provider",
                "joyai",
                "--prompt",
                "x",
                "--base-url",
                emulator.base_url("joyai"),
                "--output-dir",
                str(tmp_path),
            ]
        )
        == 3
    )


def test_no_credits_exits_4(emulator, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("GPTIMAGE2_API_KEY", "empty-wallet")
    code = main(
        [
            "generate",
            "--provider",
            "gptimage2ai",
            "--prompt",
            "x",
            "--base-url",
            emulator.base_url("gptimage2ai"),
            "--output-dir",
            str(tmp_path),
        ]
    )
    assert code == 4
    assert capsys.readouterr().err


def test_a_failed_task_exits_5(emulator, monkeypatch, tmp_path):
    monkeypatch.setenv("JOYAI_API_KEY", "k")
    emulator.state.add_fault(FaultRule(route="create", action="fail_task"))
    assert (
        main(
            [
                "generate",
                "--provider",
                "joyai",
                "--prompt",
                "x",
                "--base-url",
                emulator.base_url("joyai"),
                "--output-dir",
                str(tmp_path),
            ]
        )
        == 5
    )


def test_plain_http_to_a_remote_host_is_refused(capsys, monkeypatch):
    monkeypatch.setenv("JOYAI_API_KEY", "k")
    assert (
        main(
            [
                "generate",
                "--provider",
                "joyai",
                "--prompt",
                "x",
                "--base-url",
                "http://joyai.example.com",
            ]
        )
        == 2
    )
    assert "not encrypted" in capsys.readouterr().err


def test_batch_reports_a_bad_line_by_number_before_sending_anything(tmp_path, capsys, emulator):
    jobs = tmp_path / "jobs.jsonl"
    jobs.write_text(
        json.dumps({"provider": "demo", "prompt": "first"})
        + "\n"
        + json.dumps({"provider": "demo", "model": "gptimage2", "prompt": "x", "ratio": "7:3"})
        + "\n"
    )
    assert main(["batch", str(jobs)]) == 2
    assert "Line 2" in capsys.readouterr().err
    assert main(["jobs", "--json"]) == 0
    assert json_lines(capsys.readouterr().out) == []


def test_batch_runs_every_line_and_prints_one_json_object_each(tmp_path, capsys):
    jobs = tmp_path / "jobs.jsonl"
    jobs.write_text(
        "\n".join(json.dumps({"provider": "demo", "prompt": f"scene {i}"}) for i in range(5))
    )
    code = main(
        ["batch", str(jobs), "--concurrency", "3", "--json", "--output-dir", str(tmp_path / "out")]
    )
    results = json_lines(capsys.readouterr().out)
    assert code == 0
    assert sorted(r["status"] for r in results) == ["succeeded"] * 5
    assert len(list((tmp_path / "out").glob("*.png"))) == 5


def test_jobs_lists_the_journal(tmp_path, capsys):
    main(["generate", "--provider", "demo", "--prompt", "journaled", "--output-dir", str(tmp_path)])
    capsys.readouterr()
    assert main(["jobs"]) == 0
    out = capsys.readouterr().out
    assert "succeeded" in out and "journaled" in out


def test_keys_set_reads_the_key_from_stdin(monkeypatch, capsys):
    import io

    from studio.keys import KeyStore

    monkeypatch.setattr(sys, "stdin", io.StringIO("sk_from_stdin\n"))
    assert main(["keys", "set", "joyai"]) == 0
    assert KeyStore().get("joyai") == "sk_from_stdin"
    assert "sk_from_stdin" not in capsys.readouterr().err


def test_generate_against_image_studio_emulator_as_a_new_user(tmp_path):
    """The README's walk-through: start the emulator, point generate at it."""
    port = free_port()
    env = {**os.environ, "JOYAI_API_KEY": "anything", "IMAGE_STUDIO_POLL_INTERVAL": "0.1"}
    with emulator_command(port, env):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "studio",
                "generate",
                "--provider",
                "joyai",
                "--model",
                "gptimage2",
                "--base-url",
                f"http://127.0.0.1:{port}",
                "--prompt",
                "a red chair",
                "--quality",
                "high",
                "--resolution",
                "2k",
                "--output-dir",
                str(tmp_path),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        [path] = result.stdout.split()
        with Image.open(path) as image:
            assert max(image.size) == 2048


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX process handling")
@pytest.mark.parametrize("command", ["generate", "batch"])
def test_generate_and_batch_clean_a_killed_writers_partial_files(command, tmp_path, capsys):
    """A `kill -9` mid-write leaves `.partial-<pid>-*.tmp`; the next generate or batch (not only
    resume) removes those of dead processes from its output folder, and leaves a live one's."""
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    stale = out / f".partial-{int(dead.stdout)}-abc123.tmp"
    stale.write_bytes(b"")
    live = out / f".partial-{os.getpid()}-inuse1.tmp"
    live.write_bytes(b"being written")
    if command == "generate":
        args = ["generate", "--provider", "demo", "--prompt", "clean", "--output-dir", str(out)]
    else:
        jobs = tmp_path / "jobs.jsonl"
        jobs.write_text(json.dumps({"provider": "demo", "prompt": "clean"}))
        args = ["batch", str(jobs), "--output-dir", str(out)]
    assert main(args) == 0
    capsys.readouterr()
    assert not stale.exists()
    assert live.exists(), "a live writer's file stays"


def test_a_command_stopped_while_it_holds_paid_images_in_memory_says_they_are_lost(capsys):
    """Ctrl+C while a job waits for space with inline images only in memory: the process ends
    and the images with it; the command says so, plainly, instead of "continue with resume"."""
    from studio.cli.run import _close, make_engine

    async def stopped() -> None:
        engine = make_engine()
        engine.unsaved["job-in-memory"] = {0: b"png", 1: b"png"}
        engine.unsaved["job-on-disk"] = {}
        await _close(engine)

    asyncio.run(stopped())
    err = capsys.readouterr().err
    assert "Job job-in-memory: 2 paid images" in err and "are lost" in err
    assert "job-on-disk" not in err


def test_openai_ratio_and_resolution_send_a_free_size(emulator, capsys, tmp_path, monkeypatch):
    """#18: `--ratio 3:2 --resolution 2k` for gpt-image-2 sends a size divisible by 16 within 2%
    of 3:2 (the emulator draws what was asked), where it used to be refused."""
    monkeypatch.setenv("STUDIO_TEST_KEY", "sk-test")
    code = main(
        [
            "generate",
            "--provider",
            "openai",
            "--model",
            "gpt-image-2",
            "--prompt",
            "a harbour",
            "--ratio",
            "3:2",
            "--resolution",
            "2k",
            "--base-url",
            emulator.base_url("openai"),
            "--api-key-env",
            "STUDIO_TEST_KEY",
            "--output-dir",
            str(tmp_path),
        ]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    [path] = captured.out.split()
    with Image.open(path) as image:
        width, height = image.size
    assert (width, height) == (2048, 1360)
    assert abs(width / height / 1.5 - 1) <= 0.02


def test_a_fixed_size_model_says_the_closest_size_before_sending(
    emulator, capsys, tmp_path, monkeypatch
):
    monkeypatch.setenv("STUDIO_TEST_KEY", "sk-test")
    code = main(
        [
            "generate",
            "--provider",
            "openai",
            "--model",
            "gpt-image-1",
            "--prompt",
            "a harbour",
            "--ratio",
            "16:9",
            "--base-url",
            emulator.base_url("openai"),
            "--api-key-env",
            "STUDIO_TEST_KEY",
            "--output-dir",
            str(tmp_path),
        ]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "closest supported: 1536x1024, 3:2" in captured.err
    [path] = captured.out.split()
    with Image.open(path) as image:
        assert image.size == (1536, 1024)
