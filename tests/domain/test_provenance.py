"""Reading an image's prompt and settings: A1111 `parameters` as A1111 reads them, our own JSON
checked field by field, hostile text answered with less rather than an exception."""

from __future__ import annotations

import json

import pytest

from studio.domain.provenance import (
    MAX_PARAMETERS_CHARS,
    Origin,
    from_texts,
    looks_like_parameters,
    nearest_choice,
    parse_parameters,
    parse_studio,
)

A1111 = (
    "masterpiece, a lighthouse on a cliff,\n"
    "storm clouds, (dramatic lighting:1.2)\n"
    "Negative prompt: blurry, lowres,\n"
    "watermark\n"
    "Steps: 30, Sampler: DPM++ 2M Karras, CFG scale: 7, Seed: 1234567, Size: 832x1216, "
    'Model hash: 31e35c80fc, Model: sd_xl_base_1.0, Lora hashes: "detail: abc, style: def", '
    "Version: v1.9.4"
)


def test_a1111_text_splits_into_prompt_negative_and_settings() -> None:
    prompt, negative, settings = parse_parameters(A1111)
    assert prompt == "masterpiece, a lighthouse on a cliff,\nstorm clouds, (dramatic lighting:1.2)"
    assert negative == "blurry, lowres,\nwatermark"
    values = dict(settings)
    assert values["Steps"] == "30"
    assert values["Sampler"] == "DPM++ 2M Karras"
    assert values["CFG scale"] == "7"
    assert values["Size"] == "832x1216"
    assert values["Model"] == "sd_xl_base_1.0"
    assert values["Lora hashes"] == "detail: abc, style: def"  # quoted values keep their commas


def test_a_prompt_without_settings_line_is_all_prompt() -> None:
    prompt, negative, settings = parse_parameters("just a cat, sitting\non a mat")
    assert (prompt, negative, settings) == ("just a cat, sitting\non a mat", "", ())


def test_the_other_tool_is_named_by_its_software_or_model() -> None:
    other = from_texts(studio=None, parameters=A1111)
    assert other.origin is Origin.other
    assert other.tool == "sd_xl_base_1.0"
    assert other.target_size == (832, 1216)
    named = from_texts(studio=None, parameters=A1111, software="ComfyUI")
    assert named.tool == "ComfyUI"


def test_our_json_wins_over_parameters_and_keeps_only_sane_fields() -> None:
    studio = json.dumps(
        {
            "app": "Image Studio 1.0",
            "request": {
                "provider": "gptimage2ai",
                "model": "gpt-image-2",
                "prompt": "a fox",
                "ratio": "16:9",
                "quality": 5,  # wrong type: dropped
                "count": 2,
                "extras": {"style": "ink", "callback_url": "https://x.invalid/cb", "evil": "x"},
                "references": [{"file": "a.png", "sha256": "00"}],
            },
        }
    )
    ours = from_texts(studio=studio, parameters=A1111, width=1024, height=576)
    assert ours.origin is Origin.studio and ours.prompt == "a fox"
    assert ours.request["ratio"] == "16:9" and ours.request["quality"] is None
    assert ours.request["count"] == 2
    assert ours.request["extras"] == {"style": "ink"}
    assert ours.reference_count == 1 and ours.software == "Image Studio 1.0"


@pytest.mark.parametrize(
    "text",
    [
        "{not json",
        "[]",
        '{"request": "a string"}',
        '{"request": {"prompt": 3, "provider": "demo"}}',
        "[" * 100_000,  # nesting bomb
        json.dumps({"request": {"prompt": "x" * 2_000_000, "provider": "demo"}}),
    ],
)
def test_hostile_studio_json_is_ignored(text: str) -> None:
    assert parse_studio(text) is None
    assert from_texts(studio=text, parameters=None).origin is Origin.none


def test_huge_or_binary_parameters_are_capped_not_fatal() -> None:
    huge = "word " * (MAX_PARAMETERS_CHARS // 2) + "\nSteps: 1, Sampler: x, Seed: 2"
    prompt, _negative, settings = parse_parameters(huge)
    assert len(prompt) <= MAX_PARAMETERS_CHARS and settings == ()
    garbage = from_texts(studio=None, parameters="\x00\x01\ufffd\ufffd")
    assert garbage.prompt == "\x01\ufffd\ufffd"


def test_only_a_real_settings_line_makes_a_comment_parameters() -> None:
    assert looks_like_parameters("a cat\nSteps: 20, Sampler: Euler a, Seed: 1")
    assert not looks_like_parameters("Created with GIMP")


@pytest.mark.parametrize(
    ("size", "choices", "expected"),
    [
        ((832, 1216), ("1:1", "3:2", "2:3", "3:4", "4:3"), "2:3"),
        ((1920, 1080), ("1:1", "16:9", "9:16", "auto"), "16:9"),
        ((1500, 1000), ("auto", "1024x1024", "1536x1024", "1024x1536"), "1536x1024"),
        ((1024, 1024), ("auto",), None),
        ((0, 10), ("1:1",), None),
    ],
)
def test_the_nearest_ratio_or_size_is_chosen_by_shape(
    size: tuple[int, int], choices: tuple[str, ...], expected: str | None
) -> None:
    assert nearest_choice(*size, choices) == expected
