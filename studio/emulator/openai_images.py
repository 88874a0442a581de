"""OpenAI Images (reference/openai-openapi.yaml), served under ``/openai/v1``.

``POST /images/generations`` (JSON ``CreateImageRequest``), ``POST /images/edits`` (multipart
``CreateImageEditRequest`` with ``image[]``/``image`` files, or JSON ``EditImageBodyJsonParam``
with ``images: [{image_url}]``), and ``GET /models`` for a free key check. Answers are
``ImagesResponse`` with the images inline as ``b64_json``; errors are
``{error: {message, type, param, code}}``. OpenAI bills tokens, so no balance is kept; a key
starting with "empty" meets OpenAI's own out-of-quota answer (429 insufficient_quota).
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass
from typing import Any

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from studio.domain.catalog import OPENAI_MODELS, OUTPUT_TOKENS_1024, ModelSpec, SizeRule
from studio.emulator import fields
from studio.emulator.exchange import Exchange, Provider, endpoint
from studio.emulator.fault_responses import huge_response, spoiled_image
from studio.emulator.faults import (
    API_ACTIONS,
    IMAGE_ACTIONS,
    SPOILING_ACTIONS,
    SYNC_ACTIONS,
    Action,
)
from studio.emulator.images import ImageSpec, render
from studio.emulator.openai_fields import (
    GENERATION_FIELDS,
    JSON_EDIT_FIELDS,
    JSON_EDIT_SIZES,
    MULTIPART_EDIT_FIELDS,
    check_input_fidelity,
    refuse_unsupported,
)
from studio.emulator.openai_stream import check_mask, mask_from_ref, stream_options, streamed_images
from studio.emulator.references import BadReference, check_reference, uploaded_images

MODELS = {model.id: model for model in OPENAI_MODELS}
ALIASES = {"gpt-image-2-2026-04-21": "gpt-image-2"}
DEFAULT_MODEL = "gpt-image-1.5"  # the documented default of the GPT image models
_B64_FILLER = b"A" * (1024 * 1024)
_ERRORS = {
    400: ("invalid_request_error", None, "Invalid request."),
    401: ("invalid_request_error", "invalid_api_key", "Incorrect API key provided."),
    404: ("invalid_request_error", "not_found", "Not found."),
    429: ("requests", "rate_limit_exceeded", "Rate limit reached for requests. Try again later."),
}


def error_body(
    message: str, kind: str, *, param: str | None = None, code: str | None = None, status: int = 400
) -> JSONResponse:
    body = {"error": {"message": message, "type": kind, "param": param, "code": code}}
    return JSONResponse(body, status_code=status)


def _error(exchange: Exchange, status: int, message: str | None) -> Response:
    default = ("server_error", None, "The server had an error while processing your request.")
    kind, code, text = _ERRORS.get(status, default if status >= 500 else _ERRORS[400])
    return error_body(message or text, kind, code=code, status=status)


PROVIDER = Provider("openai", _error)


@dataclass(frozen=True)
class Order:
    """A checked request: one picture drawn `count` times, and what the answer reports."""

    spec: ImageSpec
    count: int
    quality: str
    background: str
    input_images: int
    stream: bool = False
    partial_images: int = 0
    edit: bool = False


def _model(body: dict[str, Any]) -> ModelSpec:
    name = fields.text(body, "model") or DEFAULT_MODEL
    model = MODELS.get(ALIASES.get(name, name))
    if model is None:
        raise fields.Invalid(
            f"The model '{name}' is not supported by this endpoint; use one "
            f"of {', '.join(MODELS)}.",
            field="model",
        )
    return model


def _size(body: dict[str, Any], model: ModelSpec) -> tuple[int, int]:
    size = fields.text(body, "size") or "auto"
    if size == "auto":
        return 1024, 1024
    pixels = fields.pixels(size)
    if pixels and size in model.sizes:
        return pixels
    if pixels and model.size_rule is SizeRule.openai and fields.openai_size_ok(*pixels):
        return pixels
    raise fields.Invalid(f"Invalid size '{size}' for {model.id}.", field="size")


def _order(
    body: dict[str, Any], input_images: int, known: frozenset[str] = GENERATION_FIELDS
) -> Order:
    refuse_unsupported(body, known)
    model = _model(body)
    check_input_fidelity(body, model)
    prompt = fields.prompt(body, model.max_prompt)
    count = fields.integer(body, "n", default=1, low=1, high=model.max_count)
    quality = fields.choice(body, "quality", model.qualities, model.default_quality or "auto")
    fmt = fields.choice(body, "output_format", model.formats, model.default_format or "png")
    background = fields.choice(body, "background", ("transparent", "opaque", "auto"), "auto")
    fields.choice(body, "moderation", ("low", "auto"), "auto")
    compression = fields.integer(body, "output_compression", default=100, low=0, high=100)
    if compression != 100 and fmt == "png":
        raise fields.Invalid(
            "output_compression is only supported for jpeg and webp.", field="output_compression"
        )
    if background == "transparent" and fmt == "jpeg":
        raise fields.Invalid(
            "Transparent backgrounds need output_format png or webp.", field="background"
        )
    width, height = _size(body, model)
    if known is JSON_EDIT_FIELDS and (fields.text(body, "size") or "auto") not in JSON_EDIT_SIZES:
        raise fields.Invalid(
            f"Invalid size '{fields.text(body, 'size')}' for a JSON edit; use one of "
            f"{', '.join(JSON_EDIT_SIZES)} (or the multipart form).",
            field="size",
        )
    stream, partial_images = stream_options(body)
    spec = ImageSpec(
        width,
        height,
        fmt,
        prompt,
        f"OpenAI · {model.label}",
        transparent=background == "transparent",
        compression=compression,
    )
    return Order(
        spec,
        count,
        quality,
        background,
        input_images,
        stream=stream,
        partial_images=partial_images,
        edit=known is not GENERATION_FIELDS,
    )


def _usage(order: Order) -> dict[str, Any]:
    text_tokens = len(order.spec.prompt) // 4 + 1
    image_tokens = 65 * order.input_images
    quality = "medium" if order.quality == "auto" else order.quality
    area = order.spec.width * order.spec.height / (1024 * 1024)
    output = round(OUTPUT_TOKENS_1024[quality] * area) * order.count
    return {
        "total_tokens": text_tokens + image_tokens + output,
        "input_tokens": text_tokens + image_tokens,
        "output_tokens": output,
        "input_tokens_details": {"text_tokens": text_tokens, "image_tokens": image_tokens},
    }


def _summary(order: Order, created: int) -> dict[str, Any]:
    """The ImagesResponse fields besides `data`."""
    return {
        "created": created,
        "background": "transparent" if order.spec.transparent else "opaque",
        "output_format": order.spec.format,
        "size": f"{order.spec.width}x{order.spec.height}",
        "quality": "medium" if order.quality == "auto" else order.quality,
        "usage": _usage(order),
    }


def _image_bytes(spec: ImageSpec, action: Action | None, length: int | None) -> bytes:
    data = render(spec)
    if action in SPOILING_ACTIONS:
        return spoiled_image(action, data, length)
    return data


async def _images_response(exchange: Exchange, order: Order) -> Response:
    """Wait like a synchronous generation does, then answer with the images inline."""
    failure = await exchange.generation_time()
    if failure is not None:
        return failure
    action, length = exchange.action, exchange.fault.length if exchange.fault else None
    created = int(time.time())
    if order.stream:
        return streamed_images(
            order.spec,
            count=order.count,
            partial_images=order.partial_images,
            edit=order.edit,
            summary=_summary(order, created),
        )
    if action is Action.huge:  # an endless b64_json string
        prefix = f'{{"created": {created}, "data": [{{"b64_json": "'.encode()
        return huge_response(
            length,
            media_type="application/json",
            prefix=prefix,
            filler=_B64_FILLER,
            suffix=b'"}]}',
        )
    data = await anyio.to_thread.run_sync(_image_bytes, order.spec, action, length)
    encoded = base64.b64encode(data).decode("ascii")
    return JSONResponse({**_summary(order, created), "data": [{"b64_json": encoded}] * order.count})


_CREATE_FAULTS = API_ACTIONS | SYNC_ACTIONS | IMAGE_ACTIONS


def _checked(
    exchange: Exchange,
    body: dict[str, Any],
    input_images: int,
    known: frozenset[str] = GENERATION_FIELDS,
) -> Order | Response:
    if exchange.key is not None and exchange.key.startswith("empty"):
        return error_body(
            "You exceeded your current quota, please check your plan and billing details.",
            "insufficient_quota",
            code="insufficient_quota",
            status=429,
        )
    try:
        return _order(body, input_images, known)
    except fields.Invalid as exc:
        return error_body(
            exc.message, "invalid_request_error", param=exc.field, code="invalid_value"
        )


@endpoint(PROVIDER, "create", supports=_CREATE_FAULTS)
async def generations(exchange: Exchange) -> Response:
    """POST /openai/v1/images/generations."""
    body = await exchange.json_object()
    if body is None:
        return error_body("The body must be a JSON object.", "invalid_request_error")
    order = _checked(exchange, body, 0)
    return order if isinstance(order, Response) else await _images_response(exchange, order)


async def _edit_fields(request: Request) -> tuple[dict[str, Any], int]:
    """The form fields and the number of uploaded images of a multipart edit (its mask
    checked against the first image)."""
    async with request.form() as form:
        images = await uploaded_images(form, ("image[]", "image"), limit=16)
        masks = await uploaded_images(form, ("mask",), limit=1)
        if masks:
            check_mask(masks[0], images[0] if images else None)
        body = {name: value for name, value in form.multi_items() if isinstance(value, str)}
    return body, len(images)


def _check_image_ref(item: Any, name: str) -> None:
    """An ImageRefParam: exactly one of `image_url` (a URL or data URL) or `file_id`."""
    if not isinstance(item, dict) or len(item) != 1 or not item.keys() <= {"image_url", "file_id"}:
        raise BadReference(f"{name} must have exactly one of image_url or file_id")
    if "image_url" in item:
        check_reference(item["image_url"], name=f"{name}.image_url")
    elif not isinstance(item["file_id"], str) or not item["file_id"]:
        raise BadReference(f"{name}.file_id must be a file id")


def _json_edit_images(body: dict[str, Any]) -> int:
    images = body.get("images")
    if not isinstance(images, list) or not 1 <= len(images) <= 16:
        raise BadReference("images must be a list of 1 to 16 image references")
    for index, item in enumerate(images):
        _check_image_ref(item, f"images[{index}]")
    if body.get("mask") is not None:
        _check_image_ref(body["mask"], "mask")
        mask_from_ref(body["mask"], images[0].get("image_url"))
    return len(images)


@endpoint(PROVIDER, "create", supports=_CREATE_FAULTS)
async def edits(exchange: Exchange) -> Response:
    """POST /openai/v1/images/edits: multipart uploads or JSON image references."""
    is_form = exchange.request.headers.get("content-type", "").startswith("multipart/form-data")
    try:
        if is_form:
            body, count = await _edit_fields(exchange.request)
        else:
            json_body = await exchange.json_object()
            if json_body is None:
                raise BadReference("The body must be multipart/form-data or a JSON object.")
            body, count = json_body, _json_edit_images(json_body)
    except BadReference as exc:
        return error_body(str(exc), "invalid_request_error", param="image", code="invalid_value")
    if count == 0:
        return error_body(
            "image is required.",
            "invalid_request_error",
            param="image",
            code="missing_required_parameter",
        )
    known = MULTIPART_EDIT_FIELDS if is_form else JSON_EDIT_FIELDS
    order = _checked(exchange, body, count, known)
    return order if isinstance(order, Response) else await _images_response(exchange, order)


@endpoint(PROVIDER, "check", supports=API_ACTIONS)
async def models(exchange: Exchange) -> Response:
    """GET /openai/v1/models: the image models (a free way to check a key)."""
    listed = [
        {"id": model.id, "object": "model", "created": 1745000000, "owned_by": "openai"}
        for model in OPENAI_MODELS
    ]
    return JSONResponse({"object": "list", "data": listed})


ROUTES = [
    Route("/openai/v1/images/generations", generations, methods=["POST"]),
    Route("/openai/v1/images/edits", edits, methods=["POST"]),
    Route("/openai/v1/models", models, methods=["GET"]),
]
