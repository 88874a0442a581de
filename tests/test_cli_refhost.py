"""The command line's reference hosting, as a new user runs it from the README: a local photo
for JoyAI `joyai` goes through the user's bucket (moto on loopback) to the emulator; a kill
between the upload and the create resumes with one upload and one create; a job file cannot
send the S3 credentials to an endpoint it chose."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from studio.settings import journal_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


@pytest.fixture
def env(emulator, s3_server) -> dict[str, str]:
    return {
        **os.environ,
        "JOYAI_API_KEY": "sk_refhost_test",
        "AWS_ACCESS_KEY_ID": s3_server.key_id,
        "AWS_SECRET_ACCESS_KEY": s3_server.secret,
        "IMAGE_STUDIO_POLL_INTERVAL": "0.05",
    }


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    Image.new("RGB", (800, 600), (30, 120, 200)).save(tmp_path / "photo.jpg", "JPEG")
    return tmp_path


def studio(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "studio", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def readme_command(emulator, s3_server) -> list[str]:
    return [
        "generate",
        "--provider",
        "joyai",
        "--model",
        "joyai",
        "--ref",
        "./photo.jpg",
        "--ref-bucket",
        "s3://refs/studio",
        "--ref-endpoint",
        s3_server.endpoint,
        "--base-url",
        emulator.base_url("joyai"),
        "--prompt",
        "the same scene at night",
        "--json",
    ]


def test_the_readme_flow_succeeds_against_the_emulator_and_a_real_s3_server(
    emulator, s3_server, env, folder
):
    before = len(s3_server.puts("refs"))
    done = studio(*readme_command(emulator, s3_server), "--output-dir", "out", env=env, cwd=folder)

    assert done.returncode == 0, done.stderr
    [job] = [json.loads(line) for line in done.stdout.splitlines()]
    assert job["status"] == "succeeded"
    assert all(Path(folder, f).is_file() for f in job["files"])
    [upload] = s3_server.puts("refs")[before:]
    assert (f"{s3_server.endpoint}{upload}", True) in emulator.state.fetched
    assert emulator.state.create_calls("joyai") == 1
    assert [n for n in s3_server.names("refs") if "studio-ref-" in n] == []  # deleted after
    # Nothing secret in what the user sees, nor the folder the photo came from.
    for text in (done.stdout, done.stderr):
        assert s3_server.secret not in text
        assert "X-Amz-Signature" not in text


def test_killed_between_upload_and_create_resume_sends_the_same_link_once(
    emulator, s3_server, env, folder
):
    before = len(s3_server.puts("refs"))
    killed = studio(
        *readme_command(emulator, s3_server),
        env={**env, "STUDIO_CRASH_AT": "uploaded"},
        cwd=folder,
    )
    assert killed.returncode == -signal.SIGKILL
    assert emulator.state.create_calls("joyai") == 0
    with sqlite3.connect(journal_path()) as db:
        [(link,)] = db.execute("SELECT url FROM ref_uploads").fetchall()
        assert db.execute("SELECT state FROM jobs").fetchall() == [("draft",)]
    assert len(s3_server.puts("refs")) == before + 1

    done = studio("resume", "--json", env=env, cwd=folder)

    assert done.returncode == 0, done.stderr
    [job] = [json.loads(line) for line in done.stdout.splitlines()]
    assert job["status"] == "succeeded"
    assert len(s3_server.puts("refs")) == before + 1  # no second upload
    assert emulator.state.create_calls("joyai") == 1
    sent = link.split("?", 1)[0]
    assert [url for url, ok in emulator.state.fetched if ok] == [sent]


@pytest.mark.parametrize(
    "line_fields",
    [
        {"ref_endpoint": "https://storage.attacker.example"},
        {"ref_region": "attacker.example/x"},
    ],
)
def test_a_job_line_cannot_send_the_s3_credentials_to_an_endpoint_it_chose(
    emulator, s3_server, env, folder, line_fields
):
    jobs = folder / "jobs.jsonl"
    line = {
        "provider": "joyai",
        "model": "joyai",
        "prompt": "x",
        "refs": [str(folder / "photo.jpg")],
        "base_url": emulator.base_url("joyai"),
        "ref_bucket": "s3://refs/studio",
        **line_fields,
    }
    jobs.write_text(json.dumps(line) + "\n")
    before = len(s3_server.requests)

    args = ("batch", str(jobs), "--ref-endpoint", s3_server.endpoint)
    done = studio(*args, env=env, cwd=folder)

    assert done.returncode == 2
    assert "Line 1" in done.stderr
    assert len(s3_server.requests) == before
    assert emulator.state.create_calls() == 0


def test_a_job_line_may_name_its_bucket_on_the_endpoint_the_user_chose(
    emulator, s3_server, env, folder
):
    jobs = folder / "jobs.jsonl"
    line = {
        "provider": "joyai",
        "model": "joyai",
        "prompt": "x",
        "refs": [str(folder / "photo.jpg")],
        "base_url": emulator.base_url("joyai"),
        "ref_bucket": "s3://refs/from-the-line",
        "ref_endpoint": s3_server.endpoint,
    }
    jobs.write_text(json.dumps(line) + "\n")
    before = len(s3_server.puts("refs"))

    done = studio("batch", str(jobs), "--json", env=env, cwd=folder)

    assert done.returncode == 0, done.stderr
    [upload] = s3_server.puts("refs")[before:]
    assert upload.startswith("/refs/from-the-line/studio-ref-")
