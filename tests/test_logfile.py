"""The log file: in the platform's log folder, rotating, private, never a key or a credential
link, with a crash's stacks beside it; a CLI error says where it is."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio import logfile
from studio.cli import main
from studio.domain.catalog import provider_spec
from studio.providers import make_client
from studio.providers.redaction import redact, remember_secret
from tests.helpers import run

KEY = "sk_live_LOGGED_4b1f9e7c2a"


@pytest.fixture(autouse=True)
def fresh_log() -> Iterator[None]:
    logfile.stop_log()
    yield
    logfile.stop_log()


def test_the_log_is_in_the_platform_log_folder_and_private(isolated_home):
    path = logfile.start_log()
    assert path == Path(os.environ["XDG_STATE_HOME"]) / "image-studio" / "log" / "studio.log"
    logging.getLogger("studio.test").warning("something worth keeping")
    assert "something worth keeping" in path.read_text(encoding="utf-8")
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_key_a_bearer_token_and_credential_links_never_reach_the_file():
    path = logfile.start_log()
    assert path is not None
    client = make_client(provider_spec("openai"), api_key=KEY)  # a client's key is remembered
    run(client.aclose())
    log = logging.getLogger("studio.test")
    log.warning("request failed with key %s", KEY)
    log.warning("header Authorization: Bearer ghp_other_token_0123456789")
    log.warning("saved https://cdn.example.com/files/result.png?X-Amz-Signature=abc123&exp=9")
    log.warning("fetching https://user:pw@files.example.com/r/Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA/1.png")
    try:
        raise RuntimeError(f"boom with {KEY}")
    except RuntimeError:
        log.exception("a traceback")
    text = path.read_text(encoding="utf-8")
    for secret in (KEY, "ghp_other_token", "X-Amz-Signature", "abc123", "pw@", "Zm9vYmFy"):
        assert secret not in text, secret
    assert "[API key]" in text and "Bearer [hidden]" in text
    assert "https://cdn.example.com/files/result.png?…" in text
    assert "https://files.example.com/r/…/1.png" in text


def test_a_malformed_link_is_redacted_not_a_logging_error():
    assert redact("see http://host:notaport/secret?token=1 now") == "see http://… now"


def test_redact_leaves_ordinary_text_alone():
    remember_secret("short")  # too short to be a secret worth hiding
    line = "job 1a2b3c4d: short poll of https://joyai-image.com/api/v1/status took 0.2 s"
    assert redact(line) == line


def test_the_log_rotates(monkeypatch):
    monkeypatch.setattr(logfile, "MAX_BYTES", 2000)
    path = logfile.start_log()
    assert path is not None
    for number in range(200):
        logging.getLogger("studio.test").warning("line %d of a long session", number)
    assert path.with_name("studio.log.1").exists()
    assert len(list(path.parent.glob("studio.log*"))) <= 1 + logfile.BACKUPS


def test_rotation_keeps_the_newest_lines_in_order_each_file_under_the_limit_and_private(
    monkeypatch,
):
    monkeypatch.setattr(logfile, "MAX_BYTES", 2000)
    path = logfile.start_log()
    assert path is not None
    for number in range(200):
        logging.getLogger("studio.test").warning("line %03d of a long session", number)
    files = [path.with_name(f"studio.log.{n}") for n in range(logfile.BACKUPS, 0, -1)] + [path]
    assert all(f.exists() for f in files)
    assert not path.with_name(f"studio.log.{logfile.BACKUPS + 1}").exists()
    assert all(f.stat().st_size < 2000 for f in files)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    lines = [line for f in files for line in f.read_text(encoding="utf-8").splitlines()]
    numbers = [int(line.split("line ")[1][:3]) for line in lines]
    assert numbers == list(range(numbers[0], 200))  # oldest kept to newest, none lost between


def test_a_hard_crash_leaves_its_stacks_in_the_crash_file(isolated_home):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONFAULTHANDLER"}
    code = (
        "from studio.logfile import start_log; start_log(); "
        "import faulthandler; faulthandler._sigsegv()"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=60)
    assert result.returncode != 0
    crash = Path(os.environ["XDG_STATE_HOME"]) / "image-studio" / "log" / "crash.log"
    assert "Fatal Python error" in crash.read_text(encoding="utf-8")


def test_a_cli_error_says_where_the_log_is(capsys, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    assert main(["generate", "--provider", "openai", "--prompt", "x", "--count", "99"]) == 2
    err = capsys.readouterr().err
    where = logfile.current_log()
    assert where is not None and f"details are in the log: {where}" in err
    assert "Ask for 1 to" in where.read_text(encoding="utf-8")
