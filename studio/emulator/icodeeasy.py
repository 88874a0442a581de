"""icodeeasy (api-docs/004): OpenAI-compatible /v1/images/generations and /v1/images/edits.

JSON (``image_urls`` or its alias ``image_input``) or multipart (``image[]`` files); the same
paths without ``/v1`` behave the same. Synchronous by default (200 ``{id, created, data}``),
or ``?async=1|true|yes`` (202 ``{status: "pending", task_id}``, then
``GET /v1/images/tasks/{id}``). Results are always URLs. Billed in CNY per image by quality;
failed requests are not billed. Errors: ``{error: {type, message, provider}}``.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from studio.domain.catalog import ICODEEASY_MODEL as MODEL
from studio.emulator import fields
from studio.emulator.exchange import Exchange, Provider, endpoint, status_phrase
from studio.emulator.faults import API_ACTIONS, SYNC_ACTIONS, TASK_ACTIONS, Action, RouteName
from studio.emulator.images import ImageSpec, size_for_resolution
from studio.emulator.references import BadReference, check_references, uploaded_images
from studio.emulator.results import store_images
from studio.emulator.state import EmulatorState, Fate, Task

_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    402: "payment_required",
    404: "not_found_error",
    429: "rate_limit_error",
}


def _error(exchange: Exchange, status: int, message: str | None) -> Response:
    kind = _TYPES.get(status) or ("server_error" if status >= 500 else "invalid_request_error")
    text = message or status_phrase(status)
    body = {"error": {"type": kind, "message": text, "provider": "icodeeasy.cc"}}
    return JSONResponse(body, status_code=status)


PROVIDER = Provider("icodeeasy", _error)
_FAILED = "image generation failed; the request was not billed"


@dataclass(frozen=True)
class Order:
    """A checked create: what to draw and what it costs."""

    specs: list[ImageSpec]
    cost: Decimal


def is_async(request: Request) -> bool:
    return request.query_params.get("async", "").lower() in ("1", "true", "yes")


async def _read(exchange: Exchange) -> tuple[dict[str, Any], int]:
    """The body's fields and how many references it carries, from JSON or multipart."""
    request = exchange.request
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        async with request.form() as form:
            count = len(await uploaded_images(form, ("image[]", "image"), limit=MODEL.max_refs))
            form_fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
        return form_fields, count
    body = await exchange.json_object()
    if body is None:
        raise BadReference("the body must be a JSON object or multipart/form-data")
    lists = [body.get("image_urls"), body.get("image_input")]  # aliases; both may be given
    if any(item is not None and not isinstance(item, list) for item in lists):
        raise BadReference("image_urls must be a list of image URLs")
    urls = [url for item in lists if item for url in item]
    return body, len(check_references(urls, name="image_urls", limit=MODEL.max_refs))


def _size(body: dict[str, Any], resolution: str) -> tuple[int, int]:
    size = fields.text(body, "size") or MODEL.default_ratio or "1:1"
    if size in MODEL.ratios:
        return size_for_resolution("1:1" if size == "auto" else size, resolution)
    pixels = fields.pixels(size)
    if pixels and fields.openai_size_ok(*pixels):
        return pixels
    raise fields.Invalid(
        f"unsupported size {size!r}: use one of {', '.join(MODEL.ratios)} or WIDTHxHEIGHT",
        field="size",
    )


def _order(body: dict[str, Any]) -> Order:
    model = fields.text(body, "model", required=True)
    if model != MODEL.id:
        raise fields.Invalid(f"model {model!r} is not supported; use {MODEL.id}", field="model")
    prompt = fields.prompt(body, MODEL.max_prompt)
    if body.get("response_format") not in (None, "url"):
        raise fields.Invalid(
            "response_format b64_json is not supported; URLs are always returned",
            field="response_format",
        )
    count = fields.integer(body, "n", default=1, low=1, high=MODEL.max_count)
    resolution = fields.choice(
        body, "resolution", MODEL.resolutions, MODEL.default_resolution or "1k"
    )
    quality = fields.choice(body, "quality", MODEL.qualities, MODEL.default_quality or "medium")
    width, height = _size(body, resolution)
    assert MODEL.price is not None
    cost = MODEL.price.per_image_by_quality[quality] * count
    spec = ImageSpec(width, height, "png", prompt, f"icodeeasy · {MODEL.label}")
    return Order([spec] * count, cost)


def _result_urls(exchange: Exchange, names: tuple[str, ...]) -> list[str]:
    # Stored as icodeeasy/<day>/<id>-<seq>.png; published under the documented file path.
    prefix = len(PROVIDER.name) + 1
    return [exchange.url(f"v1/images/files/gpt-image-2/{name[prefix:]}") for name in names]


def _store(exchange: Exchange, task_id: str, order: Order) -> tuple[str, ...]:
    stem = f"{datetime.now():%Y%m%d}/{task_id}"
    return store_images(exchange.state, PROVIDER.name, stem, order.specs)


def _create_faults(request: Request) -> frozenset[Action]:
    return API_ACTIONS | (TASK_ACTIONS if is_async(request) else SYNC_ACTIONS)


@endpoint(PROVIDER, "create", supports=_create_faults)
async def create(exchange: Exchange) -> Response:
    """POST /v1/images/generations or /v1/images/edits (both do the same)."""
    try:
        body, _count = await _read(exchange)
        order = _order(body)
    except (fields.Invalid, BadReference) as exc:
        return exchange.error(400, str(exc))
    if exchange.balance() < order.cost:
        return exchange.error(402, f"insufficient balance: this request costs CNY {order.cost}")
    if is_async(exchange.request):
        return _start_task(exchange, order)
    return await _generate_now(exchange, order)


def _start_task(exchange: Exchange, order: Order) -> Response:
    if not exchange.state.charge(exchange.account_key, PROVIDER.name, order.cost):
        return exchange.error(402, "insufficient balance")
    task_id = str(uuid.uuid4())
    task = Task(
        id=task_id,
        provider=PROVIDER.name,
        model=MODEL.id,
        owner=exchange.owner,
        cost=order.cost,
        files=_store(exchange, task_id, order),
        fate=Fate.for_action(exchange.action),
        refund_on_failure=True,  # "Failed requests are not billed"
    )
    previous = exchange.state.add_task(task)
    if exchange.action is Action.duplicate_task_id and previous:
        task_id = previous
    return JSONResponse({"status": "pending", "task_id": task_id}, status_code=202)


async def _generate_now(exchange: Exchange, order: Order) -> Response:
    failure = await exchange.generation_time(_FAILED)
    if failure is not None:
        return failure
    if not exchange.state.charge(exchange.account_key, PROVIDER.name, order.cost):
        return exchange.error(402, "insufficient balance")
    image_id = str(uuid.uuid4())
    urls = _result_urls(exchange, _store(exchange, image_id, order))
    return JSONResponse(
        {"id": image_id, "created": int(time.time()), "data": [{"url": url} for url in urls]}
    )


def _task_route(request: Request, state: EmulatorState, owner: str) -> RouteName:
    """A query for a task the key owns is a poll; anything else is (used as) a key check."""
    return "poll" if state.task(request.path_params["task_id"], owner) else "check"


@endpoint(PROVIDER, _task_route, supports=API_ACTIONS)
async def task_status(exchange: Exchange) -> Response:
    """GET /v1/images/tasks/{task_id}: pending, completed or failed."""
    task = exchange.state.task(exchange.request.path_params["task_id"], exchange.owner)
    if task is None:
        return exchange.error(404, "task not found")
    phase = exchange.state.phase(task)
    urls = _result_urls(exchange, task.files) if phase == "succeeded" else []
    body: dict[str, Any] = {
        "task_id": task.id,
        "status": {"succeeded": "completed", "failed": "failed"}.get(phase, "pending"),
        "model": task.model,
        "cost": 0 if phase == "failed" else float(task.cost),
        "result_url": urls[0] if urls else None,
    }
    if len(task.files) > 1 and urls:
        # Extension: the docs show only `result_url`; a task of n > 1 images also lists all.
        body["result_urls"] = urls
    if phase == "failed":
        body["error"] = _FAILED  # extension: the docs give no reason field
    return JSONResponse(body)


_CREATE_PATHS = (
    "/v1/images/generations",
    "/v1/images/edits",
    "/images/generations",
    "/images/edits",
)
ROUTES = [
    *(Route(path, create, methods=["POST"]) for path in _CREATE_PATHS),
    Route("/v1/images/tasks/{task_id}", task_status, methods=["GET"]),
]
