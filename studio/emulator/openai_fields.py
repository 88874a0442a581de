"""Which fields each OpenAI Images request body documents (reference/openai-openapi.yaml), and
the emulator's checks of the ones only some bodies or models take."""

from __future__ import annotations

from typing import Any

from studio.domain.catalog import ModelSpec
from studio.emulator import fields
from studio.emulator.openai_stream import stream_options

#: The fields each request body documents (CreateImageRequest, CreateImageEditRequest as
#: multipart, EditImageBodyJsonParam); anything else is refused as OpenAI does.
GENERATION_FIELDS = frozenset(
    {
        "prompt",
        "model",
        "n",
        "quality",
        "response_format",
        "output_format",
        "output_compression",
        "stream",
        "partial_images",
        "size",
        "moderation",
        "background",
        "style",
        "user",
    }
)
MULTIPART_EDIT_FIELDS = frozenset(
    [
        "image",
        "image[]",
        "prompt",
        "mask",
        "background",
        "model",
        "n",
        "size",
        "response_format",
        "output_format",
        "output_compression",
        "user",
        "input_fidelity",
        "stream",
        "partial_images",
        "quality",
    ]
)
JSON_EDIT_FIELDS = frozenset(
    {
        "model",
        "images",
        "mask",
        "prompt",
        "n",
        "quality",
        "input_fidelity",
        "size",
        "user",
        "output_format",
        "output_compression",
        "moderation",
        "background",
        "stream",
        "partial_images",
    }
)
#: EditImageBodyJsonParam.size: the JSON edit takes only these.
JSON_EDIT_SIZES = ("auto", "1024x1024", "1536x1024", "1024x1536")


def refuse_unsupported(body: dict[str, Any], known: frozenset[str]) -> None:
    for name in body:
        if name not in known:
            raise fields.Invalid(f"Unknown parameter: '{name}'.", field=name)
    if body.get("response_format") is not None:
        raise fields.Invalid(
            "response_format is not supported for GPT image models; images "
            "are always returned as b64_json.",
            field="response_format",
        )
    if body.get("stream") not in (None, True, False, "true", "false"):
        raise fields.Invalid("stream must be a boolean.", field="stream")
    if not 0 <= stream_options(body)[1] <= 3:
        raise fields.Invalid(
            "partial_images must be an integer from 0 to 3.", field="partial_images"
        )


def check_input_fidelity(body: dict[str, Any], model: ModelSpec) -> None:
    if body.get("input_fidelity") is None:
        return
    fields.choice(body, "input_fidelity", ("high", "low"), "low")
    if model.id == "gpt-image-1-mini":
        raise fields.Invalid(
            "input_fidelity is not supported for gpt-image-1-mini.", field="input_fidelity"
        )
