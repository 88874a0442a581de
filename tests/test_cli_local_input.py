"""Local input the command line cannot use (a binary or endless prompt file, a journal on a full
disk) ends in a plain message and a documented exit code, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from studio.cli import EXIT_LOCAL_STORAGE, main


def no_jobs(capsys) -> bool:
    capsys.readouterr()
    assert main(["jobs", "--json"]) == 0
    return capsys.readouterr().out.strip() == ""


def test_a_binary_prompt_file_is_refused(tmp_path, capsys):
    prompt = tmp_path / "photo.png"
    prompt.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    code = main(["generate", "--provider", "demo", "--prompt-file", str(prompt)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "not UTF-8 text" in err
    assert "Traceback" not in err
    assert no_jobs(capsys)


def test_a_prompt_file_with_nul_bytes_is_refused(tmp_path, capsys):
    prompt = tmp_path / "prompt.txt"
    prompt.write_bytes(b"a red chair\x00\x00\x00")
    assert main(["generate", "--provider", "demo", "--prompt-file", str(prompt)]) == 2
    assert "NUL" in capsys.readouterr().err


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_prompt_file_is_not_read_to_the_end(capsys):
    code = main(["generate", "--provider", "demo", "--prompt-file", "/dev/zero"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "larger than" in err


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_journal_that_cannot_be_written_at_start_says_so_with_exit_7(tmp_path):
    import resource

    def no_file_may_grow() -> None:  # as a full disk: every write to a file fails
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))

    result = subprocess.run(
        [sys.executable, "-m", "studio", "generate", "--provider", "demo", "--prompt", "a cup"],
        env=dict(os.environ),
        preexec_fn=no_file_may_grow,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == EXIT_LOCAL_STORAGE == 8, result.stderr
    assert "Traceback" not in result.stderr
    assert "cannot write to its journal" in result.stderr
    assert "journal.sqlite3" in result.stderr
