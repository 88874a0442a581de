"""The OpenAI Images protocol's create calls, built from a request: generations (JSON), edits as
multipart (`image[]` files, `mask`) or as JSON (`images: [{image_url}]`, `mask: {image_url}`).

Every shape built here is checked against the spec's schemas by tests/providers/test_spec_shapes.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from studio.domain.catalog import ModelSpec, ProviderSpec
from studio.domain.edit_rules import uses_json_only
from studio.domain.errors import InvalidRequest
from studio.domain.models import GenerationRequest
from studio.domain.sizing import plan_size
from studio.providers.base import PreparedReference
from studio.providers.references import as_strings, can_upload_all, file_parts

GENERATIONS = "/images/generations"
EDITS = "/images/edits"
#: Extras sent as JSON numbers (multipart sends every field as text).
INTEGER_EXTRAS = frozenset({"output_compression", "partial_images"})


@dataclass(frozen=True)
class ImagesCall:
    """One create call, ready to send: where, and as JSON or as multipart form + files."""

    path: str
    json: dict[str, Any] | None = None
    form: dict[str, str] | None = None
    files: list[tuple[str, tuple[str, bytes, str]]] | None = None


def streams(request: GenerationRequest) -> bool:
    """Live previews asked for: the create streams server-sent events."""
    return "partial_images" in request.extras


def build_call(
    spec: ProviderSpec,
    request: GenerationRequest,
    references: Sequence[PreparedReference],
    *,
    json_refs: str = "images",
) -> ImagesCall:
    """The create call: generations without references, edits with them.

    All-local references go as multipart `image[]` files (and the mask as `mask`); any URL among
    them makes the call JSON, with local files as data URLs beside the links. `json_refs` names
    the JSON list: "images" ([{image_url}], OpenAI) or "image_urls" (strings, icodeeasy)."""
    fields = settings(spec, request)
    images = [ref for ref in references if ref.role != "mask"]
    mask = next((ref for ref in references if ref.role == "mask"), None)
    if not images:
        return ImagesCall(GENERATIONS, json=fields)
    json_only = json_refs == "images" and uses_json_only(request)
    if can_upload_all(spec, images) and (mask is None or mask.is_local) and not json_only:
        form = {name: _form_text(value) for name, value in fields.items()}
        files = file_parts(images)
        if mask is not None:
            files += file_parts([mask], field="mask")
        return ImagesCall(EDITS, form=form, files=files)
    refs = as_strings(spec, request, images)
    if json_refs == "images":
        fields["images"] = [{"image_url": ref} for ref in refs]
    else:
        fields["image_urls"] = refs
    if mask is not None:
        fields["mask"] = {"image_url": as_strings(spec, request, [mask])[0]}
    return ImagesCall(EDITS, json=fields)


def _form_text(value: Any) -> str:
    """A multipart field's text: booleans as JSON spells them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def settings(spec: ProviderSpec, request: GenerationRequest) -> dict[str, Any]:
    """model, prompt, n and each setting the model's catalog row offers (defaults filled in)."""
    model = _model(spec, request)
    fields: dict[str, Any] = {"model": model.id, "prompt": request.prompt, "n": request.count}
    plan = plan_size(model, request)
    # icodeeasy takes the ratio in `size` (SizeBy.ratio); OpenAI a pixel size or "auto".
    size = plan.size or plan.ratio
    if size is not None:
        fields["size"] = size
    optional = (
        ("resolution", model.resolutions, plan.resolution),
        ("quality", model.qualities, request.quality or model.default_quality),
        ("output_format", model.formats, request.output_format or model.default_format),
    )
    for name, offered, value in optional:
        if offered and value is not None:
            fields[name] = value
    for name, text in request.extras.items():
        if name not in model.extras:
            raise InvalidRequest(f"{model.label} has no {name} setting; leave it out.", field=name)
        fields[name] = _extra_value(name, text)
    if streams(request):
        if not spec.streams:  # validation refuses this first: never `stream` where it bills
            raise InvalidRequest(f"{spec.label} does not stream previews.", field="partial_images")
        fields["stream"] = True
    return fields


def _model(spec: ProviderSpec, request: GenerationRequest) -> ModelSpec:
    try:
        return spec.model(request.model)
    except KeyError:
        raise InvalidRequest(
            f"{spec.label} has no model called {request.model}.", field="model"
        ) from None


def _extra_value(name: str, text: str) -> Any:
    if name in INTEGER_EXTRAS:
        try:
            return int(text)
        except ValueError:
            raise InvalidRequest(f"{name} must be a whole number.", field=name) from None
    return text
