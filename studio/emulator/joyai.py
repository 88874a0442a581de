"""JoyAI Image API (api-docs/000): POST /api/v1/generate, GET /api/v1/status.

Every answer, success or error, is the ``{code, message, data}`` envelope. Models and prices
come from the catalog: ``joyai`` edits 1 to 3 references for 24 credits per request;
``gptimage2`` draws or edits at a price set by mode, quality and resolution. JoyAI documents
no refunds, so a failed task keeps its charge.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from studio.domain.catalog import JOYAI_MODELS, ModelSpec, SizeRule
from studio.emulator import fields
from studio.emulator.exchange import Exchange, Provider, endpoint, status_phrase
from studio.emulator.faults import API_ACTIONS, TASK_ACTIONS, Action, RouteName
from studio.emulator.fetching import unfetchable
from studio.emulator.images import ImageSpec, size_for_resolution
from studio.emulator.references import BadReference, check_references
from studio.emulator.results import file_url, store_images
from studio.emulator.state import EmulatorState, Fate, Task

MODELS = {model.id: model for model in JOYAI_MODELS}
_STAR_SIZE = re.compile(r"^(\d{2,5})\*(\d{2,5})$")
_MESSAGES = {
    400: "invalid request parameters",
    401: "missing or invalid API key",
    402: "insufficient credits",
    404: "task not found",
    429: "too many requests, please retry later",
    500: "generation service error, contact support if it repeats",
}


def envelope(code: int, message: str, data: Any) -> JSONResponse:
    return JSONResponse({"code": code, "message": message, "data": data}, status_code=code)


def _error(exchange: Exchange, status: int, message: str | None) -> Response:
    text = message or _MESSAGES.get(status) or status_phrase(status).lower()
    return envelope(status, text, None)


PROVIDER = Provider("joyai", _error)


def _references(body: dict[str, Any], model: ModelSpec) -> list[str]:
    images = body.get("images")
    if model.min_refs and not images:
        raise fields.Invalid(
            f"images is required for {model.id} ({model.min_refs} to {model.max_refs} image URLs)",
            field="images",
        )
    try:
        refs = check_references(images, name="images", limit=model.max_refs)
    except BadReference as exc:
        raise fields.Invalid(str(exc), field="images") from None
    if len(refs) < model.min_refs:
        raise fields.Invalid(
            f"{model.id} accepts {model.min_refs} to {model.max_refs} images", field="images"
        )
    return refs


def _joyai_size(body: dict[str, Any], model: ModelSpec) -> tuple[int, int]:
    size = fields.text(body, "size") or model.default_size or "1024*1024"
    match = _STAR_SIZE.match(size)
    if not match or not all(256 <= int(side) <= 4096 for side in match.groups()):
        raise fields.Invalid("size must look like 1024*1024 (256 to 4096 per side)", field="size")
    return int(match[1]), int(match[2])


@dataclass(frozen=True)
class Order:
    """A checked create: the model, the picture to draw and its price in credits."""

    model: ModelSpec
    spec: ImageSpec
    price: Decimal
    references: tuple[str, ...] = ()


def _model(body: dict[str, Any]) -> ModelSpec:
    model = MODELS.get(fields.text(body, "model", required=True) or "")
    if model is None:
        raise fields.Invalid(f"model must be one of {', '.join(MODELS)}", field="model")
    return model


def _order(body: dict[str, Any]) -> Order:
    """Check a create body against its model's documented limits."""
    model = _model(body)
    prompt = fields.prompt(body, model.max_prompt)
    refs = tuple(_references(body, model))
    mode = "edit" if refs else "text"
    callback = fields.text(body, "callback_url")
    if callback is not None and not callback.startswith(("https://", "http://")):
        raise fields.Invalid("callback_url must be an http(s) URL", field="callback_url")
    label = f"JoyAI · {model.label}"
    price = model.price
    assert price is not None
    if model.size_rule is SizeRule.star:  # joyai: a W*H size, one price per request
        width, height = _joyai_size(body, model)
        assert price.per_request is not None
        spec = ImageSpec(width, height, "png", prompt, label)
        return Order(model, spec, price.per_request, refs)
    quality = fields.choice(body, "quality", model.qualities, model.default_quality or "medium")
    resolution = fields.choice(
        body, "resolution", model.resolutions, model.default_resolution or "1k"
    )
    ratio = fields.choice(body, "aspect_ratio", model.ratios, model.default_ratio or "1:1")
    fmt = fields.choice(body, "output_format", model.formats, model.default_format or "png")
    width, height = size_for_resolution(ratio, resolution)
    credits = price.by_mode_quality_resolution[(mode, quality)][model.resolutions.index(resolution)]
    return Order(model, ImageSpec(width, height, fmt, prompt, label), Decimal(credits), refs)


@endpoint(PROVIDER, "create", supports=API_ACTIONS | TASK_ACTIONS)
async def generate(exchange: Exchange) -> Response:
    """POST /api/v1/generate: check, charge, and start a task."""
    body = await exchange.json_object()
    if body is None:
        return exchange.error(400, "request body must be a JSON object")
    try:
        order = _order(body)
    except fields.Invalid as exc:
        return exchange.error(400, exc.message)
    price = order.price
    if not exchange.state.charge(exchange.account_key, PROVIDER.name, price):
        return exchange.error(402, f"insufficient credits: this request needs {price} credits")
    task_id = uuid.uuid4().hex
    # Like the real service: the task is accepted (and charged), then fails on a dead link.
    dead = await unfetchable(exchange.state, list(order.references))
    task = Task(
        id=task_id,
        provider=PROVIDER.name,
        model=order.model.id,
        owner=exchange.owner,
        cost=price,
        files=store_images(exchange.state, PROVIDER.name, task_id, [order.spec]),
        fate=Fate.fail if dead else Fate.for_action(exchange.action),
        callback_url=body.get("callback_url"),
        details={"error": f"failed to fetch reference image {dead}"} if dead else {},
    )
    previous = exchange.state.add_task(task)
    if exchange.action is Action.duplicate_task_id and previous:
        task_id = previous
    data = {
        "task_id": task_id,
        "model": order.model.id,
        "status": "processing",
        "credits_charged": int(price),
    }
    return envelope(200, "success", data)


_STATUS_WORDS = {
    "queued": "processing",
    "running": "processing",
    "succeeded": "succeeded",
    "failed": "failed",
}


def _status_route(request: Request, state: EmulatorState, owner: str) -> RouteName:
    """A query for a task the key owns is a poll; anything else is (used as) a key check."""
    task_id = request.query_params.get("task_id", "")
    return "poll" if task_id and state.task(task_id, owner) else "check"


@endpoint(PROVIDER, _status_route, supports=API_ACTIONS)
async def status(exchange: Exchange) -> Response:
    """GET /api/v1/status?task_id=...: how the task stands."""
    task_id = exchange.request.query_params.get("task_id", "").strip()
    if not task_id:
        return exchange.error(400, "task_id is required")
    task = exchange.state.task(task_id, exchange.owner)
    if task is None:
        return exchange.error(404, "task not found")
    phase = exchange.state.phase(task)
    data = {
        "task_id": task.id,
        "model": task.model,
        "status": _STATUS_WORDS[phase],
        "credits_charged": int(task.cost),
        "images": [file_url(exchange, name) for name in task.files] if phase == "succeeded" else [],
        "error": (task.details.get("error") or "generation failed, please try again")
        if phase == "failed"
        else None,
        "created_at": task.created_at.strftime("%Y-%m-%d %H:%M:%S"),
    }
    return envelope(200, "success", data)


ROUTES = [
    Route("/api/v1/generate", generate, methods=["POST"]),
    Route("/api/v1/status", status, methods=["GET"]),
]
