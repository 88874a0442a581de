"""Content Credentials survive saving: a result signed with a C2PA manifest is saved byte for
byte, and our prompt and settings go into an XMP sidecar that Reuse reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.domain.models import GenerationRequest
from studio.domain.provenance import Origin
from studio.engine.library import save_result
from studio.imaging import metadata
from tests.c2pa_signing import plain_image, signed_image, validation

REQUEST = GenerationRequest(
    provider="openai", model="gpt-image-1", prompt="a paper crane, signed", ratio=None
)


def save(data: bytes, library: Path) -> Path:
    return save_result(
        data,
        library_dir=library,
        request=REQUEST,
        job_id="job-c2pa-123456",
        index=0,
        task_id=None,
        cost="0.04",
        seed=None,
    )


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_a_signed_result_keeps_valid_credentials_and_gets_a_sidecar(
    fmt: str, tmp_path: Path
) -> None:
    delivered = signed_image(fmt)
    assert validation(delivered, fmt)[0] == "Valid"
    path = save(delivered, tmp_path)
    saved = path.read_bytes()
    assert saved == delivered
    state, failures = validation(saved, fmt)
    assert state == "Valid" and not [f for f in failures if "mismatch" in f], failures
    sidecar = path.with_suffix(".xmp")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, sidecar.name])
    packet = sidecar.read_text(encoding="utf-8")
    assert "<dc:description>" in packet and REQUEST.prompt in packet
    assert "trainedAlgorithmicMedia" in packet
    provenance = metadata.read_provenance(path)
    assert provenance is not None and provenance.origin is Origin.studio
    assert provenance.prompt == REQUEST.prompt and provenance.request["model"] == "gpt-image-1"


def test_embedding_into_a_signed_file_is_what_breaks_it() -> None:
    """Why the sidecar: the signature covers the bytes, so our chunks would read as tampering."""
    delivered = signed_image("PNG")
    state, failures = validation(metadata.embed(delivered, {"parameters": "x"}), "PNG")
    assert state == "Invalid" and "assertion.dataHash.mismatch" in failures


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_an_unsigned_result_has_its_texts_inside_and_no_sidecar(fmt: str, tmp_path: Path) -> None:
    path = save(plain_image(fmt), tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    assert not metadata.has_c2pa(path.read_bytes())


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_signatures_are_detected_and_export_without_metadata_removes_them(fmt: str) -> None:
    delivered = signed_image(fmt)
    assert metadata.has_c2pa(delivered)
    stripped = metadata.strip_metadata(delivered)
    assert not metadata.has_c2pa(stripped) and b"c2pa" not in stripped


def test_deleting_a_signed_result_deletes_its_sidecar(tmp_path: Path) -> None:
    from studio.engine.steps import delete_files

    path = save(signed_image("PNG"), tmp_path)
    delete_files([str(path)])
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_a_signed_image_delivered_by_the_provider_keeps_its_credentials(
    fmt: str, make_engine, emulator, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """End to end: the emulator serves a signed file (as OpenAI's outputs are) for the job's
    result; the engine downloads, journals and saves it; the saved file still validates."""
    from studio.domain.models import JobState
    from studio.emulator import state as emulator_state
    from tests.helpers import run

    delivered = signed_image(fmt)
    monkeypatch.setattr(emulator_state, "render", lambda spec: delivered)
    monkeypatch.setenv("JOYAI_API_KEY", "sk_test_key")
    request = GenerationRequest(
        provider="joyai", model="gptimage2", prompt="a signed chair", quality="low"
    )

    async def scenario():
        engine = make_engine({"joyai": emulator.base_url("joyai")})
        try:
            job = await engine.submit(request)
            return await engine.wait(job.id)
        finally:
            await engine.aclose()

    job = run(scenario())
    assert job.state is JobState.succeeded, job.error_message
    (saved,) = [Path(p) for p in job.files]
    assert saved.read_bytes() == delivered
    state, failures = validation(saved.read_bytes(), fmt)
    assert state == "Valid" and not [f for f in failures if "mismatch" in f], failures
    assert request.prompt in saved.with_suffix(".xmp").read_text(encoding="utf-8")
    assert sorted(p.name for p in library.iterdir()) == sorted([saved.name, saved.stem + ".xmp"])


def test_a_sidecar_that_cannot_be_written_keeps_the_saved_image(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The paid image is on disk first; a failing sidecar is logged, not raised (raising would
    have the engine save the image a second time)."""
    from studio.engine import library

    real = library.write_atomically

    def no_sidecars(target: Path, data: bytes, **kwargs: object) -> Path:
        if target.suffix == ".xmp":
            raise PermissionError(13, "Permission denied")
        return real(target, data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(library, "write_atomically", no_sidecars)
    delivered = signed_image("PNG")
    path = save(delivered, tmp_path)
    assert path.read_bytes() == delivered
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    assert "could not be written: Permission denied" in caplog.text


def test_a_signed_result_stopped_before_its_sidecar_is_found_again_and_given_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed between the signed image's rename and its sidecar (the image is ours only by its
    name then: its provenance lives in the sidecar), a resume must find that file rather than
    save the image a second time, and give it the sidecar it missed."""
    from studio.engine import library

    real_write = library.write_atomically

    def killed_at_the_sidecar(target: Path, data: bytes, **kwargs):  # type: ignore[no-untyped-def]
        if target.suffix == ".xmp":
            raise SystemExit("killed")  # as SIGKILL would: nothing after this runs
        return real_write(target, data, **kwargs)

    monkeypatch.setattr(library, "write_atomically", killed_at_the_sidecar)
    with pytest.raises(SystemExit):
        save(signed_image("PNG"), tmp_path)
    monkeypatch.setattr(library, "write_atomically", real_write)
    [image] = list(tmp_path.iterdir())

    found = library.saved_before(tmp_path, job_id="job-c2pa-123456", index=0)
    assert found == image
    assert library.saved_before(tmp_path, job_id="job-c2pa-123456", index=1) is None
    assert library.saved_before(tmp_path, job_id="job-other-99", index=0) is None

    library.complete_signed(
        image,
        request=REQUEST,
        job_id="job-c2pa-123456",
        index=0,
        task_id=None,
        cost="0.04",
        seed=None,
    )
    provenance = metadata.read_provenance(image)
    assert provenance is not None and provenance.prompt == REQUEST.prompt
    assert validation(image.read_bytes(), "PNG")[0] == "Valid"  # the image itself untouched


def test_an_unsigned_file_without_our_metadata_is_not_taken_for_a_result(tmp_path: Path) -> None:
    from studio.engine import library

    stranger = tmp_path / "20261203-101010-a-cat-job-c2pa-1.png"
    stranger.write_bytes(plain_image("PNG"))
    assert library.saved_before(tmp_path, job_id="job-c2pa-123456", index=0) is None
