"""`jobs --json` tells the estimate from the charge (#16 item 6): a refused or refunded job shows
that nothing was charged, a charged one the charged amount; "cost" keeps its name."""

from __future__ import annotations

import json
from decimal import Decimal

from studio.cli import main
from studio.emulator.faults import FaultRule


def _generate(provider: str, emulator, tmp_path) -> int:  # type: ignore[no-untyped-def]
    return main(
        [
            "generate",
            "--provider",
            provider,
            "--prompt",
            "a red chair",
            "--base-url",
            emulator.base_url(provider),
            "--output-dir",
            str(tmp_path),
        ]
    )


def _jobs(capsys) -> list[dict]:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    assert main(["jobs", "--json"]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]


def test_a_job_refused_for_lack_of_credits_shows_nothing_charged(
    emulator, monkeypatch, tmp_path, capsys
):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GPTIMAGE2_API_KEY", "empty-wallet")
    assert _generate("gptimage2ai", emulator, tmp_path) == 4
    [job] = _jobs(capsys)
    assert job["charged"] is False
    assert Decimal(job["cost_charged"]["amount"]) == 0
    assert Decimal(job["cost"]["amount"]) == 0
    assert Decimal(job["cost_estimated"]["amount"]) > 0


def test_a_rejected_key_shows_nothing_charged(emulator, monkeypatch, tmp_path, capsys):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("JOYAI_API_KEY", "bad-key")
    assert _generate("joyai", emulator, tmp_path) == 3
    [job] = _jobs(capsys)
    assert job["charged"] is False
    assert Decimal(job["cost"]["amount"]) == 0


def test_a_failed_job_the_provider_refunds_shows_nothing_charged(
    emulator, monkeypatch, tmp_path, capsys
):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GPTIMAGE2_API_KEY", "k")
    emulator.state.add_fault(FaultRule(route="create", action="fail_task"))
    assert _generate("gptimage2ai", emulator, tmp_path) == 5
    [job] = _jobs(capsys)
    assert job["task_id"], job
    assert job["charged"] is False, (job["status"], job["error"], job["provider"])


def test_a_charged_job_shows_the_charged_amount(emulator, monkeypatch, tmp_path, capsys):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("JOYAI_API_KEY", "k")
    assert _generate("joyai", emulator, tmp_path) == 0
    [job] = _jobs(capsys)
    assert job["charged"] is True
    assert job["cost"] == job["cost_charged"]
    assert job["cost_estimated"] is not None
