"""OpenAI Images in full on the command line, against the emulator (#18): exact cost from
usage, masks, live previews, every option where the model takes it, requested vs delivered."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from studio.cli import main

KEY_ENV = "STUDIO_TEST_KEY"


@pytest.fixture(autouse=True)
def fast(monkeypatch):
    monkeypatch.setenv("IMAGE_STUDIO_POLL_INTERVAL", "0.02")
    monkeypatch.setenv(KEY_ENV, "sk-test-key")


def generate(emulator, tmp_path, *options: str, provider: str = "openai") -> list[str]:
    return [
        "generate",
        "--provider",
        provider,
        "--prompt",
        "a harbour at dawn",
        *options,
        "--base-url",
        emulator.base_url(provider),
        "--api-key-env",
        KEY_ENV,
        "--output-dir",
        str(tmp_path / "out"),
        "--json",
    ]


def run(capsys, argv: list[str]) -> tuple[int, dict, str]:
    code = main(argv)
    captured = capsys.readouterr()
    [job] = [json.loads(line) for line in captured.out.splitlines() if line.strip()]
    return code, job, captured.err


def picture(path: Path, size: tuple[int, int], *, mode: str = "RGB", hole: bool = False) -> Path:
    image = Image.new(mode, size, (200, 120, 40, 255) if mode == "RGBA" else (200, 120, 40))
    if hole:
        image.paste((0, 0, 0, 0), (0, 0, size[0] // 2, size[1] // 2))
    image.save(path, "PNG")
    return path


# --- exact cost -------------------------------------------------------------------------------


def test_the_charge_is_the_replys_usage_times_the_price_table(emulator, capsys, tmp_path):
    code, job, err = run(
        capsys, generate(emulator, tmp_path, "--model", "gpt-image-1", "--quality", "low")
    )
    assert code == 0, err
    assert job["cost_basis"] == "usage"
    assert job["charged"] is True
    assert job["cost_charged"]["unit"] == "USD"
    assert job["cost_estimated"]["unit"] == "USD"
    # The emulator's usage for a low 1024x1024 image: 272 output tokens at $40 per 1M, plus
    # the prompt's few text tokens at $5 per 1M.
    text_tokens = len("a harbour at dawn") // 4 + 1
    expected = (272 * 40 + text_tokens * 5) / 1_000_000
    assert float(job["cost_charged"]["amount"]) == pytest.approx(expected)


# --- masks ------------------------------------------------------------------------------------


def test_a_mask_goes_with_an_edit_end_to_end(emulator, capsys, tmp_path):
    ref = picture(tmp_path / "ref.png", (512, 384))
    mask = picture(tmp_path / "mask.png", (512, 384), mode="RGBA", hole=True)
    code, job, err = run(
        capsys, generate(emulator, tmp_path, "--ref", str(ref), "--mask", str(mask))
    )
    assert code == 0, err
    assert job["status"] == "succeeded"


def test_a_mask_follows_a_downscaled_reference(emulator, capsys, tmp_path):
    """References over 2048 px are downscaled before they travel; the mask is scaled with the
    reference, so the service still sees the same dimensions."""
    ref = picture(tmp_path / "ref.png", (3000, 1500))
    mask = picture(tmp_path / "mask.png", (3000, 1500), mode="RGBA", hole=True)
    code, _job, err = run(
        capsys, generate(emulator, tmp_path, "--ref", str(ref), "--mask", str(mask))
    )
    assert code == 0, err


@pytest.mark.parametrize(
    ("mask_size", "mode", "hole", "said"),
    [
        ((256, 256), "RGBA", True, "must be the size of the first reference image (512x384)"),
        ((512, 384), "RGB", False, "has no transparent pixels"),
        ((512, 384), "RGBA", False, "has no transparent pixels"),
    ],
)
def test_a_wrong_mask_is_refused_before_anything_is_sent(
    emulator, capsys, tmp_path, mask_size, mode, hole, said
):
    ref = picture(tmp_path / "ref.png", (512, 384))
    mask = picture(tmp_path / "mask.png", mask_size, mode=mode, hole=hole)
    code, job, _err = run(
        capsys, generate(emulator, tmp_path, "--ref", str(ref), "--mask", str(mask))
    )
    assert code == 2
    assert job["status"] == "refused" and said in job["error"]
    assert emulator.state.create_calls() == 0


def test_a_provider_without_masks_refuses_one_clearly(emulator, capsys, tmp_path):
    ref = picture(tmp_path / "ref.png", (512, 384))
    mask = picture(tmp_path / "mask.png", (512, 384), mode="RGBA", hole=True)
    argv = generate(
        emulator, tmp_path, "--ref", str(ref), "--mask", str(mask), provider="icodeeasy"
    )
    code, job, _ = run(capsys, argv)
    assert code == 2
    assert "does not document masks" in job["error"]
    assert emulator.state.create_calls() == 0


# --- live previews ----------------------------------------------------------------------------


def test_partial_images_stream_in_and_only_the_final_is_saved(emulator, capsys, tmp_path):
    code, job, err = run(
        capsys, generate(emulator, tmp_path, "--partial-images", "2", "--size", "1024x1024")
    )
    assert code == 0, err
    assert "partial image 1/2" in err and "partial image 2/2" in err
    assert job["partial_images"] == 2
    [saved] = job["files"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.suffix == ".png") == [
        Path(saved).name
    ]
    assert job["cost_basis"] == "usage"


def test_icodeeasy_never_gets_stream(emulator, capsys, tmp_path):
    code, job, _ = run(
        capsys, generate(emulator, tmp_path, "--partial-images", "2", provider="icodeeasy")
    )
    assert code == 2
    assert "partial_images" in job["error"]
    assert emulator.state.create_calls() == 0


# --- every option, only where the model takes it ----------------------------------------------


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--input-fidelity", "high"], "Input fidelity applies to edits"),
        (["--partial-images", "4"], "from 0 to 3"),
        (["--partial-images", "2", "--count", "2"], "stream one image"),
        (["--user", "x" * 300], "at most 256"),
        (["--background", "transparent", "--format", "jpeg"], "PNG or WebP"),
        (["--model", "gpt-image-1-mini", "--input-fidelity", "low"], "has no input_fidelity"),
    ],
)
def test_options_are_checked_before_any_byte_is_sent(emulator, capsys, tmp_path, options, said):
    code, job, _ = run(capsys, generate(emulator, tmp_path, *options))
    assert code == 2
    assert said in job["error"]
    assert emulator.state.create_calls() == 0


def test_every_option_reaches_the_service(emulator, capsys, tmp_path):
    ref = picture(tmp_path / "ref.png", (512, 384))
    options = [
        "--ref",
        str(ref),
        "--input-fidelity",
        "high",
        "--user",
        "user-1234",
        "--count",
        "3",
        "--format",
        "webp",
        "--output-compression",
        "70",
        "--background",
        "transparent",
        "--moderation",
        "low",
    ]
    code, job, err = run(capsys, generate(emulator, tmp_path, *options))
    assert code == 0, err
    assert len(job["files"]) == 3
    assert {d["format"] for d in job["delivered"]} == {"webp"}


# --- requested vs delivered -------------------------------------------------------------------


def test_delivered_size_and_format_are_reported(emulator, capsys, tmp_path):
    code, job, err = run(
        capsys,
        generate(
            emulator, tmp_path, "--model", "gpt-image-2", "--ratio", "16:9", "--format", "jpeg"
        ),
    )
    assert code == 0, err
    assert job["delivered"] == [{"size": "1024x576", "format": "jpeg"}]
    assert job["mismatch"] is False


def test_a_batch_line_says_its_closest_size_too(emulator, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-key")
    line = {
        "provider": "openai",
        "model": "gpt-image-1",
        "prompt": "a harbour",
        "ratio": "16:9",
        "base_url": emulator.base_url("openai"),
    }
    jobs = tmp_path / "jobs.jsonl"
    jobs.write_text(json.dumps(line) + "\n", encoding="utf-8")
    code = main(["batch", str(jobs), "--output-dir", str(tmp_path / "out"), "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "closest supported: 1536x1024, 3:2" in captured.err
