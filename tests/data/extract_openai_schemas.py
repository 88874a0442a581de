"""Extracts the OpenAI Images schemas the studio speaks from OpenAI's OpenAPI description (MIT,
see openai-openapi.LICENSE beside it) into openai_images_schemas.json, with every schema they
refer to, so the spec test runs without the 87,000-line file.

    python3 tests/data/extract_openai_schemas.py ../shared/reference/openai-openapi.yaml
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOTS = (
    "CreateImageRequest",
    "CreateImageEditRequest",
    "EditImageBodyJsonParam",
    "ImagesResponse",
    "ImageGenStreamEvent",
    "ImageEditStreamEvent",
)
OUT = Path(__file__).with_name("openai_images_schemas.json")
PREFIX = "#/components/schemas/"


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"][len(PREFIX) :]} if isinstance(node.get("$ref"), str) else set()
        for value in node.values():
            found |= _refs(value)
        return found
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node)) if node else set()
    return set()


def extract(spec: dict[str, Any]) -> dict[str, Any]:
    schemas = spec["components"]["schemas"]
    wanted, todo = {}, list(ROOTS)
    while todo:
        name = todo.pop()
        if name in wanted:
            continue
        wanted[name] = schemas[name]
        todo.extend(_refs(schemas[name]))
    return {"components": {"schemas": dict(sorted(wanted.items()))}}


def main(path: str) -> None:
    with open(path, encoding="utf-8") as file:
        spec = yaml.load(file, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    OUT.write_text(json.dumps(extract(spec), indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
