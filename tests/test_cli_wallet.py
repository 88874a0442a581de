"""`compare`, `budget` and `spend` on the command line, against the emulator."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from studio.cli import main
from studio.engine import compare as compare_engine
from studio.engine.journal import Journal
from studio.settings import journal_path

ROOT = Path(__file__).resolve().parents[1]
KEY_VARS = ("JOYAI_API_KEY", "GPTIMAGE2_API_KEY", "ICODEEASY_API_KEY", "OPENAI_API_KEY")
FOUR = ["joyai:gptimage2:medium", "gptimage2ai", "icodeeasy:gpt-image-2", "openai:gpt-image-2"]
#: The same targets as the journal names them (the model filled in).
NAMED = [FOUR[0], "gptimage2ai:gpt-image-2", *FOUR[2:]]
#: 24 credits at JoyAI.
JOYAI_24 = ["--provider", "joyai", "--model", "gptimage2", "--quality", "medium"]
JOYAI_24 += ["--resolution", "2k"]


@pytest.fixture(autouse=True)
def fast_polling_and_keys(monkeypatch):
    monkeypatch.setenv("IMAGE_STUDIO_POLL_INTERVAL", "0.02")
    for var in KEY_VARS:
        monkeypatch.setenv(var, "sk_test_key")


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def base_urls(emulator) -> list[str]:
    urls = []
    for provider in ("joyai", "gptimage2ai", "icodeeasy", "openai"):
        urls += ["--base-url", f"{provider}={emulator.base_url(provider)}"]
    return urls


def targets(*names: str) -> list[str]:
    return [arg for name in names for arg in ("--target", name)]


def test_a_compare_of_four_targets_saves_one_result_each_in_one_group(emulator, tmp_path, capsys):
    argv = ["compare", "--prompt", "a red chair", *targets(*FOUR), *base_urls(emulator)]
    code = main([*argv, "--json", "--output-dir", str(tmp_path)])
    captured = capsys.readouterr()
    jobs = json_lines(captured.out)
    assert code == 0, captured.err
    assert sorted(job["target"] for job in jobs) == sorted(NAMED)
    assert len({job["group"] for job in jobs}) == 1
    assert all(job["status"] == "succeeded" and len(job["files"]) == 1 for job in jobs)
    for job in jobs:
        with Image.open(job["files"][0]) as image:
            image.load()
    for provider in ("joyai", "gptimage2ai", "icodeeasy", "openai"):
        assert emulator.state.create_calls(provider) == 1
    assert "Estimated total: joyai 12 credits, gptimage2ai 10 credits, icodeeasy 0.2 CNY" in (
        captured.err
    )
    assert "no published price: openai:gpt-image-2" in captured.err

    # The group is listed, and runs again with a new prompt: a second row of the same table.
    group = jobs[0]["group"]
    assert main(["compare", "--list", "--json"]) == 0
    [listed] = json_lines(capsys.readouterr().out)
    assert (listed["group"], listed["targets"]) == (group, NAMED)
    again = ["compare", "--again", group[:8], "--prompt", "a blue chair", *base_urls(emulator)]
    assert main([*again, "--json", "--output-dir", str(tmp_path)]) == 0
    assert {job["group"] for job in json_lines(capsys.readouterr().out)} == {group}
    journal = Journal(journal_path())
    try:
        table = compare_engine.table(journal, group)
    finally:
        journal.close()
    assert [prompt for prompt, _ in table.rows] == ["a red chair", "a blue chair"]
    assert all(set(cells) == set(NAMED) for _, cells in table.rows)


def test_a_target_that_cannot_take_the_request_stops_the_whole_compare(emulator, capsys):
    """The JoyAI edit model needs references: its note says so and no target is sent."""
    argv = ["compare", "--prompt", "a red chair", *targets("joyai:joyai", *FOUR[1:])]
    code = main([*argv, *base_urls(emulator), "--json"])
    captured = capsys.readouterr()
    assert code == 2
    assert "joyai:joyai: " in captured.err and "reference" in captured.err
    [refused] = json_lines(captured.out)
    assert (refused["status"], refused["group"], refused["target"]) == ("refused", None, None)
    assert emulator.state.create_calls() == 0
    assert main(["jobs", "--json"]) == 0
    assert json_lines(capsys.readouterr().out) == []


def test_a_compare_with_one_key_missing_sends_nothing(emulator, monkeypatch, capsys):
    monkeypatch.delenv("OPENAI_API_KEY")
    argv = ["compare", "--prompt", "a red chair", *targets(*FOUR), *base_urls(emulator)]
    assert main(argv) == 3
    assert "OPENAI_API_KEY" in capsys.readouterr().err
    assert emulator.state.create_calls() == 0


def test_budgets_are_kept_between_commands_and_refuse_with_exit_8(emulator, tmp_path, capsys):
    assert main(["budget", "set", "joyai", "--daily", "40"]) == 0
    assert main(["budget", "set", "joyai", "--monthly", "100"]) == 0  # keeps the daily cap
    capsys.readouterr()
    url = ["--base-url", emulator.base_url("joyai"), "--output-dir", str(tmp_path)]
    assert main(["generate", *JOYAI_24, "--prompt", "first", *url]) == 0
    capsys.readouterr()
    assert main(["generate", *JOYAI_24, "--prompt", "second", *url, "--json"]) == 7
    captured = capsys.readouterr()
    assert "JoyAI Image API today: 24 of 40 credits spent, this job ≈ 24" in captured.err
    assert json_lines(captured.out)[0]["status"] == "refused"
    assert emulator.state.create_calls("joyai") == 1

    assert main(["budget", "show", "--json"]) == 0
    [shown] = json_lines(capsys.readouterr().out)
    assert shown == {
        "provider": "joyai",
        "unit": "credits",
        "daily": "40",
        "monthly": "100",
        "today": {"spent": "24", "in_flight": "0"},
        "month": {"spent": "24", "in_flight": "0"},
    }
    assert main(["budget", "clear", "joyai"]) == 0
    assert main(["generate", *JOYAI_24, "--prompt", "third", *url]) == 0
    assert emulator.state.create_calls("joyai") == 2


def test_a_batch_or_compare_over_a_cap_is_refused_before_its_first_job(emulator, tmp_path, capsys):
    assert main(["budget", "set", "icodeeasy", "--daily", "0.5"]) == 0
    lines = [{"provider": "icodeeasy", "prompt": f"scene {i}"} for i in range(3)]  # 0.2 CNY each
    jobs = tmp_path / "jobs.jsonl"
    jobs.write_text("\n".join(json.dumps(line) for line in lines))
    url = ["--base-url", f"icodeeasy={emulator.base_url('icodeeasy')}"]
    assert main(["batch", str(jobs), *url]) == 7
    assert "these 3 jobs ≈ 0.6" in capsys.readouterr().err
    argv = ["compare", "--prompt", "x", *targets("icodeeasy", "joyai"), *base_urls(emulator)]
    assert main(["budget", "set", "icodeeasy", "--daily", "0.1"]) == 0
    assert main(argv) == 7
    assert emulator.state.create_calls() == 0
    # Under the cap, the batch runs, every line at the address --base-url gave.
    assert main(["budget", "set", "icodeeasy", "--daily", "0.6"]) == 0
    assert main(["batch", str(jobs), *url, "--output-dir", str(tmp_path)]) == 0
    assert emulator.state.create_calls("icodeeasy") == 3


def test_spend_prints_what_was_charged_per_provider_in_its_unit(emulator, tmp_path, capsys):
    argv = ["compare", "--prompt", "a red chair", *targets(*FOUR[:3]), *base_urls(emulator)]
    assert main([*argv, "--output-dir", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["spend", "--json"]) == 0
    lines = {(s["provider"], s["unit"]): s for s in json_lines(capsys.readouterr().out)}
    assert lines[("joyai", "credits")]["today"] == "12"
    assert lines[("icodeeasy", "CNY")]["month"] == "0.2"
    assert lines[("gptimage2ai", "credits")]["balance"]["unit"] == "credits"
    assert main(["spend"]) == 0
    out = capsys.readouterr().out
    assert "joyai" in out and "CNY" in out and "balance" in out


def _stopped(pid: int) -> bool:
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0] == "T"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc, SIGSTOP")
def test_two_processes_at_once_cannot_both_slip_under_one_cap(emulator, tmp_path, capsys):
    """The first process stops (SIGSTOP) right after its budget check passed, inside the
    journal's write transaction. The second starts meanwhile: it must wait for the first and
    then count its job as in flight, so only one of the two 24-credit jobs fits under 40."""
    assert main(["budget", "set", "joyai", "--daily", "40"]) == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-m", "studio", "generate", *JOYAI_24, "--prompt", "race"]
    argv += ["--base-url", emulator.base_url("joyai"), "--output-dir", str(tmp_path), "-q"]
    paused = {**env, "STUDIO_CRASH_AT": "budgeted", "STUDIO_CRASH_SIGNAL": "STOP"}
    first = subprocess.Popen(argv, env=paused, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    second = None
    try:
        deadline = time.monotonic() + 60
        while not _stopped(first.pid):
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline, "the first process never reached its check"
            time.sleep(0.05)
        second = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        # Time for the second to pass a check that did not wait for the first's transaction
        # (it then finishes its job): the test does not depend on this, only its power to fail.
        with contextlib.suppress(subprocess.TimeoutExpired):
            second.wait(timeout=8)
        os.kill(first.pid, signal.SIGCONT)
        first_err = first.communicate(timeout=60)[1]
        second_err = second.communicate(timeout=60)[1]
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                os.kill(process.pid, signal.SIGCONT)
                process.kill()
    assert first.returncode == 0, first_err.decode()
    assert second.returncode == 7, second_err.decode()
    assert "today: 0 of 40 credits spent, 24 more in flight, this job ≈ 24" in second_err.decode()
    assert emulator.state.create_calls("joyai") == 1


def test_the_readme_walk_through_of_compare_budget_and_spend(tmp_path):
    """The README's commands as a new user types them, each a process of its own: the emulator,
    a compare of four providers, the group listed, a cap set and shown, the spend."""

    from tests.helpers import emulator_command, free_port

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- wallet-commands -->", 1)[1].split("```sh\n", 1)[1].split("```")[0]
    lines = block.replace("\\\n", " ").strip().splitlines()
    assert lines[0] == "image-studio emulator --port 8765 &"
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "IMAGE_STUDIO_POLL_INTERVAL": "0.1"}
    with emulator_command(port, env):
        # The rest runs in bash as written, each image-studio a new process of this tree.
        script = f'image-studio() {{ "{sys.executable}" -m studio "$@"; }}\n' + "\n".join(
            f"echo '>>> {i}'; {line.replace('8765', str(port))} || exit $?"
            for i, line in enumerate(lines[1:], start=1)
        )
        done = subprocess.run(
            ["bash", "-c", script],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=180,
        )
    assert done.returncode == 0, done.stderr
    out = {
        int(part.split("\n", 1)[0]): part.split("\n", 1)[1] if "\n" in part else ""
        for part in done.stdout.split(">>> ")[1:]
    }
    commands = {i: line for i, line in enumerate(lines[1:], start=1)}
    compare_at = next(i for i, c in commands.items() if c.startswith("image-studio compare --p"))
    files = out[compare_at].splitlines()
    assert len(files) == 4 and all(Path(f).is_file() for f in files)
    assert "Estimated total: joyai 12 credits, gptimage2ai 10 credits" in done.stderr
    listed = out[compare_at + 1]
    assert "joyai:gptimage2:medium, gptimage2ai:gpt-image-2" in listed
    shown = out[next(i for i, c in commands.items() if c == "image-studio budget show")]
    assert shown.split() == ["joyai", "today", "12", "of", "40", "credits", "spent;", "this",
                             "month", "12", "of", "500", "credits", "spent"]  # fmt: skip
    spend = out[next(i for i, c in commands.items() if c == "image-studio spend")].splitlines()
    joyai = next(line for line in spend if line.startswith("joyai"))
    assert joyai.split()[:5] == ["joyai", "credits", "12", "12", "12"]
