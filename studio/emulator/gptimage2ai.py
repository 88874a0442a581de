"""GPTImage2.ai (api-docs/003): POST /api/generate, GET /api/generate/{jobId}.

Every answer carries the key's ``balance`` (but a refused key has none to show); errors are
``{"error": "<machine_code>", "balance": {...}}``. Each image costs 10 credits, reserved at
create and refunded when the job fails. Polls answer 202 while pending or running, then 200.
"""

from __future__ import annotations

import random
import uuid
from decimal import Decimal
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from studio.domain.catalog import GPTIMAGE2AI_MODEL as MODEL
from studio.emulator import fields
from studio.emulator.exchange import Exchange, Provider, endpoint, key_refused
from studio.emulator.faults import API_ACTIONS, TASK_ACTIONS, Action, RouteName
from studio.emulator.fetching import unfetchable
from studio.emulator.images import ImageSpec, size_for_ratio
from studio.emulator.references import BadReference, check_references
from studio.emulator.results import file_url, store_images
from studio.emulator.state import EmulatorState, Fate, Task

MODES = ("text-to-image", "image-to-image")
HINTS = (("style", "Style"), ("lighting", "Lighting"), ("camera", "Camera"), ("negative", "Avoid"))
_CODES = {
    400: "invalid_request",
    401: "unauthorized",
    402: "insufficient_credits",
    404: "job_not_found",
    429: "rate_limited",
}


def balance_object(exchange: Exchange) -> dict[str, int]:
    paid = int(exchange.balance())
    per_image = int(MODEL.price.per_image) if MODEL.price and MODEL.price.per_image else 10
    return {
        "paidCredits": paid,
        "freeImagesRemaining": 0,
        "totalImages": paid // per_image,
        "freeImagesPerDay": 0,
    }


def _answer(exchange: Exchange, body: dict[str, Any], status: int = 200) -> JSONResponse:
    if not key_refused(exchange.key):
        body["balance"] = balance_object(exchange)
    return JSONResponse(body, status_code=status)


def _error(exchange: Exchange, status: int, message: str | None) -> Response:
    code = message or _CODES.get(status) or "image_generation_failed"
    return _answer(exchange, {"error": code}, status)


PROVIDER = Provider("gptimage2ai", _error)


def _final_prompt(prompt: str, body: dict[str, Any]) -> str:
    parts = [prompt.strip()]
    for name, title in HINTS:
        value = fields.text(body, name)
        if value and value.strip():
            parts.append(f"{title}: {value.strip()}")
    return ". ".join(parts)


def _count(body: dict[str, Any]) -> int:
    """Values are capped between 1 and MODEL.max_count, as the docs say, not refused."""
    value = body.get("count", 1)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise fields.Invalid("count must be a number", field="count")
    return max(1, min(MODEL.max_count, value))


def _references(body: dict[str, Any], mode: str) -> list[str]:
    if mode != "image-to-image":
        return []
    try:
        refs = check_references(body.get("imageUrls"), name="imageUrls", limit=MODEL.max_refs)
    except BadReference:
        raise fields.Invalid(
            "invalid image url", field="imageUrls", code="invalid_image_urls"
        ) from None
    if not refs:
        raise fields.Invalid("imageUrls is required", field="imageUrls", code="image_urls_required")
    return refs


def _plan(body: dict[str, Any]) -> tuple[int, list[ImageSpec], str]:
    """Check a create body; the number of images, their pictures and the final prompt."""
    prompt = fields.prompt(body, MODEL.max_prompt)
    inferred = "image-to-image" if body.get("imageUrls") else "text-to-image"
    mode = fields.choice(body, "mode", MODES, inferred)
    ratio = fields.choice(body, "ratio", MODEL.ratios, MODEL.default_ratio or "1:1")
    count = _count(body)
    _references(body, mode)
    final_prompt = _final_prompt(prompt, body)
    width, height = size_for_ratio(ratio, 1024)
    spec = ImageSpec(width, height, "png", prompt, f"GPTImage2.ai · {MODEL.label}")
    return count, [spec] * count, final_prompt


@endpoint(PROVIDER, "create", supports=API_ACTIONS | TASK_ACTIONS)
async def create_job(exchange: Exchange) -> Response:
    """POST /api/generate: check, reserve 10 credits per image, start a job."""
    body = await exchange.json_object()
    if body is None:
        return exchange.error(400, "invalid_json")
    try:
        count, specs, final_prompt = _plan(body)
    except fields.Invalid as exc:
        return exchange.error(400, exc.code)
    per_image = MODEL.price.per_image if MODEL.price and MODEL.price.per_image else Decimal(10)
    cost = per_image * count
    if not exchange.state.charge(exchange.account_key, PROVIDER.name, cost):
        return exchange.error(402, "insufficient_credits")
    job_id = str(uuid.uuid4())
    rng = random.Random()
    # Like the real service: the job is accepted, then fails (refunded) on a dead link.
    mode = body.get("mode") or ("image-to-image" if body.get("imageUrls") else "")
    urls = body.get("imageUrls") if mode == "image-to-image" else None
    dead = await unfetchable(exchange.state, list(urls or []))
    task = Task(
        id=job_id,
        provider=PROVIDER.name,
        model=MODEL.id,
        owner=exchange.owner,
        cost=cost,
        files=store_images(exchange.state, PROVIDER.name, job_id, specs),
        fate=Fate.fail if dead else Fate.for_action(exchange.action),
        refund_on_failure=True,
        details={
            "finalPrompt": final_prompt,
            "seeds": [str(rng.randrange(1, 2**31)) for _ in range(count)],
        },
    )
    previous = exchange.state.add_task(task)
    if exchange.action is Action.duplicate_task_id and previous:
        job_id = previous
    return _answer(exchange, {"jobId": job_id, "status": "pending"})


def _job_route(request: Request, state: EmulatorState, owner: str) -> RouteName:
    """A query for a job the key owns is a poll; anything else is (used as) a key check."""
    return "poll" if state.task(request.path_params["job_id"], owner) else "check"


@endpoint(PROVIDER, _job_route, supports=API_ACTIONS)
async def job_status(exchange: Exchange) -> Response:
    """GET /api/generate/{jobId}: 202 while pending or running, 200 once it ended."""
    task = exchange.state.task(exchange.request.path_params["job_id"], exchange.owner)
    if task is None:
        return exchange.error(404, "job_not_found")
    phase = exchange.state.phase(task)
    if phase in ("queued", "running"):
        status = "pending" if phase == "queued" else "running"
        return _answer(exchange, {"jobId": task.id, "status": status}, 202)
    if phase == "failed":
        return _answer(
            exchange, {"jobId": task.id, "status": "failed", "error": "image_generation_failed"}
        )
    results = [
        {
            "imageUrl": file_url(exchange, name),
            "finalPrompt": task.details["finalPrompt"],
            "seed": seed,
        }
        for name, seed in zip(task.files, task.details["seeds"], strict=True)
    ]
    return _answer(exchange, {"jobId": task.id, "status": "succeeded", "results": results})


ROUTES = [
    Route("/api/generate", create_job, methods=["POST"]),
    Route("/api/generate/{job_id}", job_status, methods=["GET"]),
]
