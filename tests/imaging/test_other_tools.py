"""Prompts of other generators' PNGs: ComfyUI's graphs (as run, and the editor's), InvokeAI's
and NovelAI's metadata; and what a file without a prompt carries instead."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from studio.domain.other_tools import read_other_tools
from studio.domain.provenance import Origin
from studio.imaging import metadata

POSITIVE = "a red fox in the snow, golden hour"
NEGATIVE = "blurry, watermark"

#: ComfyUI's default text-to-image graph as run (its `prompt` chunk), the positive text reached
#: through a string primitive and a ConditioningCombine, as real graphs often do.
COMFY_PROMPT = {
    "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "sdxl.safetensors"}},
    "5": {"class_type": "EmptyLatentImage", "inputs": {"width": 64, "height": 48, "batch_size": 1}},
    "6": {"class_type": "CLIPTextEncode", "inputs": {"text": ["10", 0], "clip": ["4", 1]}},
    "7": {"class_type": "CLIPTextEncode", "inputs": {"text": NEGATIVE, "clip": ["4", 1]}},
    "10": {"class_type": "PrimitiveString", "inputs": {"value": POSITIVE}},
    "11": {"class_type": "ConditioningCombine", "inputs": {"conditioning_1": ["6", 0]}},
    "3": {
        "class_type": "KSampler",
        "inputs": {
            "seed": 156680208700286,
            "steps": 20,
            "cfg": 8,
            "sampler_name": "euler",
            "scheduler": "normal",
            "denoise": 1,
            "model": ["4", 0],
            "positive": ["11", 0],
            "negative": ["7", 0],
            "latent_image": ["5", 0],
        },
    },
    "9": {"class_type": "SaveImage", "inputs": {"images": ["8", 0]}},
}
#: The same graph as the editor saves it (its `workflow` chunk).
COMFY_WORKFLOW = {
    "nodes": [
        {"id": 4, "type": "CheckpointLoaderSimple", "widgets_values": ["sdxl.safetensors"]},
        {
            "id": 6,
            "type": "CLIPTextEncode",
            "inputs": [{"name": "clip", "link": 3}],
            "widgets_values": [POSITIVE],
        },
        {
            "id": 7,
            "type": "CLIPTextEncode",
            "inputs": [{"name": "clip", "link": 5}],
            "widgets_values": [NEGATIVE],
        },
        {
            "id": 3,
            "type": "KSampler",
            "inputs": [
                {"name": "model", "link": 1},
                {"name": "positive", "link": 4},
                {"name": "negative", "link": 6},
            ],
            "widgets_values": [1, "randomize", 20, 8, "euler", "normal", 1],
        },
    ],
    "links": [[1, 4, 0, 3, 0, "MODEL"], [4, 6, 0, 3, 1, "CONDITIONING"], [6, 7, 0, 3, 2, "X"]],
}
INVOKEAI = {
    "generation_mode": "sdxl_txt2img",
    "positive_prompt": POSITIVE,
    "negative_prompt": NEGATIVE,
    "width": 1024,
    "height": 768,
    "seed": 42,
    "steps": 30,
    "cfg_scale": 7.5,
    "scheduler": "euler",
    "model": {"name": "Juggernaut XL", "base": "sdxl", "type": "main"},
}
NOVELAI_COMMENT = {"prompt": POSITIVE, "uc": NEGATIVE, "steps": 28, "scale": 5, "seed": 7}


def png(path: Path, texts: dict[str, str], size: tuple[int, int] = (64, 48)) -> Path:
    info = PngInfo()
    for key, value in texts.items():
        info.add_text(key, value)
    Image.new("RGB", size, "white").save(path, "PNG", pnginfo=info)
    return path


@pytest.mark.parametrize(
    "texts",
    [
        {"prompt": json.dumps(COMFY_PROMPT), "workflow": json.dumps(COMFY_WORKFLOW)},
        {"prompt": json.dumps(COMFY_PROMPT)},
        {"workflow": json.dumps(COMFY_WORKFLOW)},
    ],
    ids=["both", "prompt", "workflow"],
)
def test_a_comfyui_png_gives_the_samplers_texts(texts: dict[str, str], tmp_path: Path) -> None:
    provenance = metadata.read_provenance(png(tmp_path / "comfy.png", texts))
    assert provenance is not None and provenance.origin is Origin.other and provenance.reusable
    assert (provenance.prompt, provenance.negative) == (POSITIVE, NEGATIVE)
    assert provenance.tool == "ComfyUI"


def test_comfyui_settings_are_shown_as_a1111_names_them(tmp_path: Path) -> None:
    found = read_other_tools({"prompt": json.dumps(COMFY_PROMPT)})
    assert found is not None
    assert ("Steps", "20") in found.settings and ("Sampler", "euler") in found.settings
    assert ("Model", "sdxl.safetensors") in found.settings


def test_an_invokeai_png_gives_its_prompts_and_size(tmp_path: Path) -> None:
    path = png(tmp_path / "invoke.png", {"invokeai_metadata": json.dumps(INVOKEAI)})
    provenance = metadata.read_provenance(path)
    assert provenance is not None and provenance.origin is Origin.other
    assert (provenance.prompt, provenance.negative) == (POSITIVE, NEGATIVE)
    assert provenance.tool == "InvokeAI" and provenance.target_size == (1024, 768)
    assert provenance.setting("Model") == "Juggernaut XL"


def test_a_novelai_png_gives_its_prompt_and_undesired_content(tmp_path: Path) -> None:
    texts = {
        "Title": "AI generated image",
        "Description": POSITIVE,
        "Software": "NovelAI",
        "Comment": json.dumps(NOVELAI_COMMENT),
    }
    provenance = metadata.read_provenance(png(tmp_path / "nai.png", texts))
    assert provenance is not None and provenance.origin is Origin.other
    assert (provenance.prompt, provenance.negative) == (POSITIVE, NEGATIVE)
    assert provenance.tool == "NovelAI" and provenance.setting("Steps") == "28"


@pytest.mark.parametrize(
    "texts",
    [
        {"prompt": "not json"},
        {"prompt": json.dumps({"1": {"class_type": "KSampler", "inputs": {"positive": ["1", 0]}}})},
        {"prompt": json.dumps([1, 2, 3])},
        {"workflow": json.dumps({"nodes": "x", "links": 3})},
        {"invokeai_metadata": json.dumps({"positive_prompt": 5})},
        {"Comment": "a plain comment"},
        {"Description": "a holiday photo"},
    ],
)
def test_odd_or_foreign_texts_give_no_prompt(texts: dict[str, str]) -> None:
    """Hostile and unrelated texts: a self-linked graph, wrong types, a photo's caption."""
    assert read_other_tools(texts) is None


def test_a_file_without_a_prompt_says_what_it_carries(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # Make
    path = tmp_path / "photo.jpg"
    Image.new("RGB", (16, 16)).save(path, "JPEG", exif=exif.tobytes(), icc_profile=b"x" * 20)
    provenance = metadata.read_provenance(path)
    assert provenance is not None and not provenance.reusable
    assert provenance.carries == ("EXIF", "ICC")
    titled = metadata.read_provenance(png(tmp_path / "t.png", {"Title": "Holiday"}))
    assert titled is not None and titled.carries == ('text "Title"',)


@pytest.mark.timeout(20)
def test_a_cyclic_branching_graph_is_walked_once() -> None:
    """Each node links to itself through every input: followed naively, 6 ** 32 visits."""
    selfish = {name: ["2", 0] for name in ("text", "text_g", "text_l", "string", "value")}
    graph = {
        "1": {"class_type": "KSampler", "inputs": {"positive": ["2", 0], "negative": ["3", 0]}},
        "2": {"class_type": "Loop", "inputs": {**selfish, "other": ["2", 0]}},
        "3": {"class_type": "CLIPTextEncode", "inputs": {"text": NEGATIVE}},
    }
    found = read_other_tools({"prompt": json.dumps(graph)})
    assert found is not None and (found.prompt, found.negative) == ("", NEGATIVE)
    nodes = [
        {"id": 1, "type": "KSampler", "inputs": [{"name": "positive", "link": 1}]},
        {"id": 2, "type": "Loop", "inputs": [{"name": f"in{i}", "link": 1} for i in range(6)]},
    ]
    workflow = {"nodes": nodes, "links": [[1, 2, 0, 2, 0, "X"]]}
    assert read_other_tools({"workflow": json.dumps(workflow)}) is None


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=40,
)
_LINK = st.tuples(st.sampled_from(["1", "2", "3", 1, "x"]), st.integers(0, 2)).map(list)
_INPUTS = st.dictionaries(
    st.sampled_from(["positive", "negative", "text", "value", "clip", "other"]), _LINK | _JSON
)
#: Graph-shaped JSON, what the readers index into, with hostile values in every place: the
#: graph as run, and the editor's graph.
_PROMPT = st.dictionaries(
    st.sampled_from(["1", "2", "3"]),
    st.fixed_dictionaries({"class_type": st.sampled_from(["KSampler", "X"]), "inputs": _INPUTS}),
)
_NODE = st.fixed_dictionaries(
    {"id": st.sampled_from([1, 2, "3"]) | _JSON, "type": st.text(max_size=20)},
    optional={
        "inputs": st.lists(
            st.fixed_dictionaries(
                {"name": st.sampled_from(["positive", "negative", "x"]), "link": _JSON}
            ),
            max_size=3,
        ),
        "widgets_values": st.lists(_JSON, max_size=3),
    },
)
_WORKFLOW = st.fixed_dictionaries(
    {
        "nodes": st.lists(_NODE, max_size=5),
        "links": st.lists(st.lists(_JSON | st.integers(0, 3), min_size=4, max_size=6), max_size=5),
    }
)


@settings(max_examples=150, deadline=None)
@given(
    key=st.sampled_from(["prompt", "workflow", "invokeai_metadata", "Comment"]),
    value=_JSON | _PROMPT | _WORKFLOW,
)
def test_any_json_in_any_key_gives_an_answer_not_an_exception(key: str, value: object) -> None:
    read_other_tools({key: json.dumps(value), "Software": "NovelAI"})
