"""Never send what the spec rejects: every OpenAI request shape the studio builds validates
against the spec's own schemas (tests/data/openai_images_schemas.json, extracted from
reference/openai-openapi.yaml with every $ref it needs) and names no field the schema lacks.

Shapes: generations (JSON), edits as multipart (files, mask) and as JSON (links, data URLs,
mask), each option, ratio/tier sizes, and streaming.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from studio.domain.catalog import OPENAI_MODELS, provider_spec
from studio.domain.errors import InvalidRequest
from studio.domain.models import GenerationRequest, ReferenceImage
from studio.domain.validation import validate
from studio.providers.base import PreparedReference
from studio.providers.openai_requests import build_call
from tests.providers.support import PNG, local_ref, url_ref

SCHEMAS = json.loads(
    (Path(__file__).parents[1] / "data" / "openai_images_schemas.json").read_text("utf-8")
)
SPEC_FILE = Path("/work/shared/reference/openai-openapi.yaml")
_REGISTRY = Registry().with_resource(
    "urn:openai", Resource.from_contents(SCHEMAS, default_specification=DRAFT202012)
)
OPENAI = provider_spec("openai")
MASK = PreparedReference(data=PNG, mime="image/png", filename="mask.png", role="mask")


def schema(name: str) -> dict[str, Any]:
    return SCHEMAS["components"]["schemas"][name]


def check(name: str, body: dict[str, Any]) -> None:
    """`body` validates against the named schema, and every field is one the schema lists."""
    validator = Draft202012Validator(
        {"$ref": f"urn:openai#/components/schemas/{name}"}, registry=_REGISTRY
    )
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(body)]
    assert errors == [], f"{name} rejects {body}"
    unknown = set(body) - set(schema(name)["properties"])
    assert unknown == set(), f"{name} does not document {sorted(unknown)}"


def _types(node: dict[str, Any]) -> set[str]:
    if "$ref" in node:
        return _types(schema(node["$ref"].rsplit("/", 1)[1]))
    found = {node["type"]} if isinstance(node.get("type"), str) else set()
    for option in node.get("anyOf", []):
        found |= _types(option)
    return found


def multipart_body(form: dict[str, str], files: list[tuple[str, Any]]) -> dict[str, Any]:
    """A multipart edit as the JSON object OpenAPI means by it: each text field typed as its
    schema says, `image[]` parts as the `image` array, the mask as `mask`."""
    props = schema("CreateImageEditRequest")["properties"]
    body: dict[str, Any] = {}
    for name, text in form.items():
        kinds = _types(props.get(name, {}))
        if "integer" in kinds:
            body[name] = int(text)
        elif "boolean" in kinds:
            assert text in ("true", "false"), f"{name}={text!r} is not a boolean"
            body[name] = text == "true"
        else:
            body[name] = text
    images = [part for field, part in files if field == "image[]"]
    masks = [part for field, part in files if field == "mask"]
    assert len(images) + len(masks) == len(files), "a file part under an undocumented name"
    body["image"] = ["<binary>"] * len(images)
    if masks:
        body["mask"] = "<binary>"
    return body


def request(model: str = "gpt-image-2", **changes: Any) -> GenerationRequest:
    return GenerationRequest(
        **({"provider": "openai", "model": model, "prompt": "a sea otter"} | changes)
    )


OPTIONS: list[dict[str, Any]] = [
    {},
    {"quality": "high", "output_format": "webp"},
    {"ratio": "3:2", "resolution": "2k"},
    {"ratio": "16:9", "resolution": "4k"},
    {"ratio": "9:21"},
    {"size": "1024x1536"},
    {"count": 10},
    {"output_format": "jpeg", "extras": {"output_compression": "80", "background": "opaque"}},
    {"output_format": "png", "extras": {"background": "transparent"}},
    {"extras": {"moderation": "low", "user": "user-1234"}},
    {"extras": {"partial_images": "2"}},
    {"extras": {"partial_images": "0"}},
]
EDIT_OPTIONS: list[dict[str, Any]] = [
    {"extras": {"input_fidelity": "high"}},
    {"extras": {"input_fidelity": "low", "partial_images": "3"}},
]


def _each_model(options: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    return [(m.id, o) for m in OPENAI_MODELS for o in options]


def _valid(req: GenerationRequest) -> bool:
    try:
        validate(req)
    except InvalidRequest:
        return False
    return True


@pytest.mark.parametrize(("model", "options"), _each_model(OPTIONS))
def test_every_generation_shape_is_a_create_image_request(model, options):
    req = request(model, **options)
    if not _valid(req):
        pytest.skip("refused before sending")
    call = build_call(OPENAI, req, [])
    assert call.json is not None
    check("CreateImageRequest", call.json)
    assert call.json.get("stream") is ("partial_images" in req.extras or None)


@pytest.mark.parametrize(("model", "options"), _each_model(OPTIONS + EDIT_OPTIONS))
@pytest.mark.parametrize("with_mask", [False, True])
def test_every_multipart_edit_is_a_create_image_edit_request(model, options, with_mask, tmp_path):
    first = tmp_path / "a.png"
    first.write_bytes(PNG)
    refs = (ReferenceImage(str(first)), ReferenceImage(str(first)))
    mask = str(tmp_path / "m.png") if with_mask else None
    req = request(model, references=refs, mask=mask, **options)
    if not _valid(req):
        pytest.skip("refused before sending")
    prepared = [local_ref("a.png"), local_ref("b.png")] + ([MASK] if with_mask else [])
    call = build_call(OPENAI, req, prepared)
    if call.json is not None:  # an option only the JSON form documents
        check("EditImageBodyJsonParam", call.json)
        return
    assert call.form is not None and call.files is not None
    check("CreateImageEditRequest", multipart_body(call.form, call.files))
    assert ("mask" in [field for field, _ in call.files]) is with_mask


@pytest.mark.parametrize(("model", "options"), _each_model(OPTIONS + EDIT_OPTIONS))
@pytest.mark.parametrize("with_mask", [False, True])
def test_every_json_edit_is_an_edit_image_body_json_param(model, options, with_mask, tmp_path):
    first = tmp_path / "a.png"
    first.write_bytes(PNG)
    refs = (ReferenceImage(str(first)), ReferenceImage("https://example.com/b.png"))
    mask = str(tmp_path / "m.png") if with_mask else None
    req = request(model, references=refs, mask=mask, **options)
    if not _valid(req):
        pytest.skip("refused before sending")
    prepared = [local_ref("a.png"), url_ref()] + ([MASK] if with_mask else [])
    call = build_call(OPENAI, req, prepared)
    assert call.json is not None
    check("EditImageBodyJsonParam", call.json)
    assert ("mask" in call.json) is with_mask


def test_a_free_size_with_a_linked_reference_is_refused_with_the_reason():
    """EditImageBodyJsonParam takes only the standard sizes: a linked reference (which needs
    the JSON form) with gpt-image-2's free size is refused before sending, not sent and
    rejected."""
    req = request(
        ratio="3:2", resolution="2k", references=(ReferenceImage("https://example.com/a.png"),)
    )
    with pytest.raises(InvalidRequest, match=r"linked reference images .* only with the sizes"):
        validate(req)


def test_the_extract_matches_the_spec_file():
    if not SPEC_FILE.exists():
        pytest.skip("the full spec is not on this machine")
    yaml = pytest.importorskip("yaml")
    from tests.data.extract_openai_schemas import extract

    with SPEC_FILE.open(encoding="utf-8") as file:
        spec = yaml.load(file, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    assert json.loads(json.dumps(extract(spec))) == SCHEMAS
