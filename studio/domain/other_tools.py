"""Prompts other generators write into their PNGs, besides A1111's `parameters`:

- ComfyUI: `prompt` (the graph as run: node id -> class_type and inputs, links as
  `[node_id, slot]`) and `workflow` (the editor's graph: nodes with `widgets_values`, links as
  `[id, from_node, from_slot, to_node, to_slot, type]`). The prompt is the text of the
  text-encode nodes feeding the sampler's `positive` input; the negative, its `negative` input.
- InvokeAI: `invokeai_metadata`, JSON with `positive_prompt` and `negative_prompt`.
- NovelAI: `Description` (the prompt) and `Comment`, JSON with `prompt` and `uc` (undesired
  content, the negative prompt).

Pure parsing of hostile text: bounded in size and in nodes visited, answering None rather
than raising.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: The PNG text keys these tools write.
KEYS = ("prompt", "workflow", "invokeai_metadata", "Description", "Comment")
#: Longest JSON text parsed.
MAX_JSON_CHARS = 4 * 1024 * 1024
#: At most this many nodes are visited following links back from a sampler.
MAX_NODES = 1000
#: Inputs that hold a prompt's text in text-encode and string nodes.
_TEXT_INPUTS = ("text", "text_g", "text_l", "string", "value", "prompt")
#: Sampler settings shown (not applied) from a ComfyUI graph, as A1111 names them.
_COMFY_SETTINGS = {
    "seed": "Seed",
    "noise_seed": "Seed",
    "steps": "Steps",
    "cfg": "CFG scale",
    "sampler_name": "Sampler",
    "scheduler": "Schedule type",
}


@dataclass(frozen=True)
class Found:
    """What another tool's texts say: prompt, negative prompt, settings, and the tool."""

    prompt: str
    negative: str
    settings: tuple[tuple[str, str], ...]
    tool: str


def read_other_tools(texts: Mapping[str, str]) -> Found | None:
    """The prompt of whichever of ComfyUI, InvokeAI or NovelAI wrote `texts`; None if none."""
    for reader in (_comfy_prompt, _comfy_workflow, _invokeai, _novelai):
        found = reader(texts)
        if found is not None and (found.prompt or found.negative):
            return found
    return None


def _json(text: str | None) -> Any:
    if not text or len(text) > MAX_JSON_CHARS:
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _settings(pairs: list[tuple[str, Any]]) -> tuple[tuple[str, str], ...]:
    return tuple(
        (name, str(value)[:200]) for name, value in pairs if isinstance(value, str | int | float)
    )


# -- ComfyUI: the graph as run --------------------------------------------------------------------
def _comfy_prompt(texts: Mapping[str, str]) -> Found | None:
    graph = _json(texts.get("prompt"))
    if not isinstance(graph, dict):
        return None
    nodes = {str(k): v for k, v in graph.items() if isinstance(v, dict)}
    sampler = _comfy_sampler(nodes)
    if sampler is None:
        return None
    inputs = sampler.get("inputs") or {}
    positive = _comfy_texts(nodes, inputs.get("positive"), set())
    negative = _comfy_texts(nodes, inputs.get("negative"), set())
    pairs = [(name, inputs.get(key)) for key, name in _COMFY_SETTINGS.items()]
    for node in nodes.values():
        node_inputs = node.get("inputs")
        if isinstance(node_inputs, dict):
            pairs.append(("Model", node_inputs.get("ckpt_name") or node_inputs.get("unet_name")))
    return Found("\n".join(positive), "\n".join(negative), _settings(pairs), "ComfyUI")


def _comfy_sampler(nodes: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """The node taking `positive` conditioning: a sampler, else a guider feeding one."""
    candidates = [
        node
        for _id, node in sorted(nodes.items(), key=lambda item: _order(item[0]))
        if isinstance(node.get("inputs"), dict) and _is_link(node["inputs"].get("positive"))
    ]
    samplers = [n for n in candidates if "sampler" in str(n.get("class_type", "")).lower()]
    chosen = samplers or candidates
    return chosen[0] if chosen else None


def _order(node_id: str) -> tuple[int, str]:
    return (int(node_id), "") if node_id.isdigit() else (1 << 62, node_id)


def _is_link(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2 and isinstance(value[0], str | int)


def _comfy_texts(nodes: dict[str, dict[str, Any]], link: Any, seen: set[str]) -> list[str]:
    """The texts behind a link: a node's own text inputs, else those of the nodes it links.
    Each node is visited once (`seen`): a hostile graph may link in cycles, and through many
    inputs at each step."""
    if not _is_link(link) or str(link[0]) in seen or len(seen) > MAX_NODES:
        return []
    seen.add(str(link[0]))
    node = nodes.get(str(link[0]))
    inputs = node.get("inputs") if node else None
    if not isinstance(inputs, dict):
        return []
    texts: list[str] = []
    for name in _TEXT_INPUTS:
        value = inputs.get(name)
        if isinstance(value, str) and value.strip():
            texts.append(value.strip())
        elif _is_link(value):
            texts += _comfy_texts(nodes, value, seen)
    if texts:
        return _unique(texts)
    for name, value in inputs.items():
        if name not in ("clip", "model", "vae") and _is_link(value):
            texts += _comfy_texts(nodes, value, seen)
    return _unique(texts)


def _unique(texts: list[str]) -> list[str]:
    return list(dict.fromkeys(texts))


# -- ComfyUI: the editor's graph ------------------------------------------------------------------
def _comfy_workflow(texts: Mapping[str, str]) -> Found | None:
    graph = _json(texts.get("workflow"))
    if not isinstance(graph, dict) or not isinstance(graph.get("nodes"), list):
        return None
    nodes = {n["id"]: n for n in graph["nodes"] if _is_dict(n) and _is_id(n.get("id"))}
    links = {
        link[0]: link[1]
        for link in _list(graph.get("links"))
        if isinstance(link, list) and len(link) >= 4 and _is_id(link[0]) and _is_id(link[1])
    }
    for node in nodes.values():
        inputs = {
            i.get("name"): i.get("link")
            for i in _list(node.get("inputs"))
            if _is_dict(i) and isinstance(i.get("name"), str)
        }
        if inputs.get("positive") is None:
            continue
        positive = _workflow_texts(nodes, links, inputs.get("positive"), set())
        negative = _workflow_texts(nodes, links, inputs.get("negative"), set())
        return Found("\n".join(positive), "\n".join(negative), (), "ComfyUI")
    return None


def _is_id(value: Any) -> bool:
    """A node or link id as JSON can give one: a number or a string (never a list)."""
    return isinstance(value, int | str) and not isinstance(value, bool)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _is_dict(value: Any) -> bool:
    return isinstance(value, dict)


def _workflow_texts(
    nodes: dict[Any, Any], links: dict[Any, Any], link: Any, seen: set[str]
) -> list[str]:
    """The texts behind an editor link: a text-encode or string node's first text widget,
    else those of the nodes feeding it; each node visited once, as in `_comfy_texts`."""
    origin = links.get(link) if _is_id(link) else None
    key = repr(origin)
    if origin is None or key in seen or len(seen) > MAX_NODES:
        return []
    seen.add(key)
    node = nodes.get(origin)
    if not isinstance(node, dict):
        return []
    if (
        "encode" in str(node.get("type", "")).lower()
        or "string" in str(node.get("type", "")).lower()
    ):
        strings = [v.strip() for v in _list(node.get("widgets_values")) if isinstance(v, str)]
        if strings and strings[0]:
            return [strings[0]]
    texts: list[str] = []
    for item in _list(node.get("inputs")):
        if _is_dict(item) and item.get("name") not in ("clip", "model", "vae"):
            texts += _workflow_texts(nodes, links, item.get("link"), seen)
    return _unique(texts)


# -- InvokeAI and NovelAI -------------------------------------------------------------------------
def _invokeai(texts: Mapping[str, str]) -> Found | None:
    data = _json(texts.get("invokeai_metadata"))
    if not isinstance(data, dict):
        return None
    model = data.get("model")
    pairs = [
        ("Steps", data.get("steps")),
        ("CFG scale", data.get("cfg_scale")),
        ("Seed", data.get("seed")),
        ("Scheduler", data.get("scheduler")),
        ("Model", model.get("name") if isinstance(model, dict) else model),
    ]
    if isinstance(data.get("width"), int) and isinstance(data.get("height"), int):
        pairs.append(("Size", f"{data['width']}x{data['height']}"))
    return Found(
        _text(data.get("positive_prompt")),
        _text(data.get("negative_prompt")),
        _settings(pairs),
        "InvokeAI",
    )


def _novelai(texts: Mapping[str, str]) -> Found | None:
    comment = _json(texts.get("Comment"))
    comment = comment if isinstance(comment, dict) else {}
    prompt = _text(comment.get("prompt")) or _text(texts.get("Description"))
    if not prompt or not (comment or texts.get("Software", "").startswith("NovelAI")):
        return None
    pairs = [
        ("Steps", comment.get("steps")),
        ("CFG scale", comment.get("scale")),
        ("Seed", comment.get("seed")),
        ("Sampler", comment.get("sampler")),
    ]
    if isinstance(comment.get("width"), int) and isinstance(comment.get("height"), int):
        pairs.append(("Size", f"{comment['width']}x{comment['height']}"))
    return Found(prompt, _text(comment.get("uc")), _settings(pairs), "NovelAI")


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
