"""What we embed or export names references without credentials: no presigned query strings,
no userinfo, no tokens, local files by name only, and no callback URL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.domain.models import GenerationRequest, ReferenceImage
from studio.domain.provenance import scrub_studio_json, shareable_url
from studio.engine.library import save_result
from studio.imaging import metadata
from studio.ui.results.result_actions import save_copy
from tests.c2pa_signing import plain_image, signed_image

SIGNATURE = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
PRESIGNED = (
    "https://alice:s3cretpass@bucket.s3.amazonaws.com/refs/cat.png?X-Amz-Algorithm=AWS4-HMAC-SHA256"
    f"&X-Amz-Credential=AKIAEXAMPLE%2F20260101&X-Amz-Signature={SIGNATURE}#token=frag-tok"
)
FOLDER = "private-folder-of-alice"
CALLBACK_TOKEN = "cbtoken-7f3a9"
SECRETS = (SIGNATURE, "X-Amz", "s3cretpass", "alice:", "frag-tok", FOLDER, CALLBACK_TOKEN)


def request_with_secrets(tmp_path: Path) -> GenerationRequest:
    folder = tmp_path / FOLDER
    folder.mkdir()
    local = folder / "sketch.png"
    local.write_bytes(plain_image("PNG"))
    return GenerationRequest(
        provider="gptimage2ai",
        model="gpt-image-2",
        prompt="a cat from references",
        references=(ReferenceImage(PRESIGNED), ReferenceImage(str(local))),
        extras={"callback_url": f"https://hooks.example.com/done?token={CALLBACK_TOKEN}"},
    )


def leaks(data: bytes) -> list[str]:
    return [s for s in SECRETS if s.encode() in data or s.encode("utf-16-be") in data]


@pytest.mark.parametrize("signed", [False, True])
@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_saved_files_and_sidecars_carry_no_credentials(
    fmt: str, signed: bool, tmp_path: Path
) -> None:
    library = tmp_path / "library"
    data = signed_image(fmt) if signed else plain_image(fmt)
    path = save_result(
        data,
        library_dir=library,
        request=request_with_secrets(tmp_path),
        job_id="job-share-123456",
        index=0,
        task_id="t",
        cost=None,
        seed=None,
    )
    files = sorted(library.iterdir())
    assert len(files) == (2 if signed else 1)
    for file in files:
        assert leaks(file.read_bytes()) == [], file.name
    found = metadata.read_texts(path)
    assert found is not None
    studio = json.loads(found.texts["studio"])
    assert studio["request"]["references"][0] == {
        "url": "https://bucket.s3.amazonaws.com/refs/cat.png"
    }
    assert studio["request"]["references"][1]["file"] == "sketch.png"
    assert "callback_url" not in studio["request"]["extras"]


def test_a_copy_of_an_earlier_versions_file_loses_the_credentials(tmp_path: Path) -> None:
    """Files saved before embedded references verbatim; Save as shares them without."""
    old = {
        "app": "Image Studio 0.0.9",
        "request": {
            "provider": "gptimage2ai",
            "prompt": "old",
            "references": [{"url": PRESIGNED}, {"file": f"/home/a/{FOLDER}/x.png"}],
            "extras": {"callback_url": f"https://h.example/?t={CALLBACK_TOKEN}"},
        },
    }
    source = tmp_path / "old.png"
    source.write_bytes(metadata.embed(plain_image("PNG"), {"studio": json.dumps(old)}))
    assert leaks(source.read_bytes())
    for name in ("copy.png", "copy.jpg"):
        target = save_copy(
            str(source), str(tmp_path / name), "PNG" if name.endswith("png") else "JPEG"
        )
        assert leaks(Path(target).read_bytes()) == []
        provenance = metadata.read_provenance(Path(target))
        assert provenance is not None and provenance.prompt == "old"


def test_a_signed_copy_keeps_its_signature_and_takes_its_sidecar(tmp_path: Path) -> None:
    path = save_result(
        signed_image("JPEG"),
        library_dir=tmp_path / "library",
        request=request_with_secrets(tmp_path),
        job_id="job-copy-123456",
        index=0,
        task_id=None,
        cost=None,
        seed=None,
    )
    target = Path(save_copy(str(path), str(tmp_path / "shared.jpg"), "JPEG"))
    assert target.read_bytes() == path.read_bytes()
    assert target.with_suffix(".xmp").read_bytes() == path.with_suffix(".xmp").read_bytes()


@pytest.mark.parametrize(
    ("url", "shared"),
    [
        ("https://u:p@h.example:8443/a/b.png?sig=1#f", "https://h.example:8443/a/b.png"),
        ("data:image/png;base64,AAAA", "data:"),
        ("http://[::1]:9/x?y", "http://[::1]:9/x"),
        ("https://h.example/x?token=abc", "https://h.example/x"),
    ],
)
def test_shareable_url(url: str, shared: str) -> None:
    assert shareable_url(url) == shared


def test_scrubbing_leaves_what_is_not_our_json_alone() -> None:
    assert scrub_studio_json("not json") == "not json"
    assert scrub_studio_json('{"request": 3}') == '{"request": 3}'


def test_json_with_nothing_to_drop_comes_back_as_it_was() -> None:
    """Save as keeps a same-format copy byte-identical unless something must be dropped."""
    text = '{"request": {"prompt": "p", "references": [{"file": "a.png"}]}, "app": "X"}'
    assert scrub_studio_json(text) == text
