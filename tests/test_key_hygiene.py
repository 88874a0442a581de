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


def test_reference_hosting_keeps_the_s3_secret_links_and_folder_names_out_of_everything(
    emulator, s3_server, isolated_home, monkeypatch, capsys, caplog
):
    """A local photo sent through the user's bucket: the S3 secret is in no file, output or
    log line; the presigned link's signature and the photo's folder are in no saved image, log
    file or output (the journal keeps the link only while the job runs)."""
    from PIL import Image

    from tests.servers.s3 import S3Server

    server: S3Server = s3_server
    monkeypatch.setenv("IMAGE_STUDIO_POLL_INTERVAL", "0.01")
    monkeypatch.setenv("JOYAI_API_KEY", SECRET)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", server.key_id)
    caplog.set_level(logging.DEBUG)
    folder = isolated_home / "private-folder-Kx7"
    folder.mkdir()
    Image.new("RGB", (300, 200), (10, 200, 90)).save(folder / "photo.jpg", "JPEG")
    library = isolated_home / "Pictures" / "lib"
    outputs = []
    for secret in (server.secret, "wrong-" + server.secret[::-1]):  # success, refused upload
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", secret)
        main(
            [
                "generate",
                "--provider",
                "joyai",
                "--model",
                "joyai",
                "--ref",
                str(folder / "photo.jpg"),
                "--ref-bucket",
                "s3://refs/hygiene",
                "--ref-endpoint",
                server.endpoint,
                "--prompt",
                "hygiene",
                "--json",
                "--base-url",
                emulator.base_url("joyai"),
                "--output-dir",
                str(library),
            ]
        )
        captured = capsys.readouterr()
        outputs.append(captured.out + captured.err)
    main(["jobs", "--json"])
    outputs.append(capsys.readouterr().out)

    saved = list(library.glob("*"))
    assert saved, "the run with the right secret saved an image"
    for secret in (server.secret, SECRET):
        assert files_containing(isolated_home, secret.encode()) == []
        assert all(secret not in text for text in outputs)
        assert secret not in caplog.text
    kept = [p for p in isolated_home.rglob("*") if p.is_file() and "journal" not in p.name]
    for needle in (b"X-Amz-Signature", b"X-Amz-Credential", b"private-folder-Kx7"):
        assert [str(p) for p in kept if p.parent != folder and needle in p.read_bytes()] == []
        assert all(needle.decode() not in text for text in outputs)
