"""The JoyAI Image API (`POST /api/v1/generate`, `GET /api/v1/status`), also spoken by the demo.

Every reply is a `{code, message, data}` envelope; a reply with HTTP 200 but `code` other than 200
is an error too. JoyAI charges credits when the task is created (`credits_charged`) and documents
no refund for server errors, so a create answered with a 5xx is never retried and is reported as
`OutcomeUnknown` (the job may exist and may have been charged).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from studio.domain.catalog import ModelSpec, ProviderSpec, SizeBy
from studio.domain.errors import (
    AuthenticationFailed,
    BadResult,
    InsufficientCredits,
    InvalidRequest,
    ProviderFailed,
    ProviderUnavailable,
    RateLimited,
    TimedOut,
)
from studio.domain.models import Balance, Cost, GenerationRequest
from studio.domain.sizing import plan_size
from studio.providers.base import (
    PreparedReference,
    RemoteImage,
    Spool,
    TaskState,
    TaskUpdate,
)
from studio.providers.core_client import CoreClient
from studio.providers.references import as_strings
from studio.providers.replies import (
    ErrorDetail,
    Reply,
    ReplyError,
    UnreadableReply,
    field_charge,
    field_list,
    field_str,
)
from studio.providers.retry import CallKind

GENERATE = "/api/v1/generate"
STATUS = "/api/v1/status"
#: A task id that cannot exist, asked about to check a connection (a free request).
WARMUP_TASK = "studio-connection-check"

_STATES = {
    "pending": TaskState.queued,
    "queued": TaskState.queued,
    "processing": TaskState.running,
    "running": TaskState.running,
    "succeeded": TaskState.succeeded,
    "failed": TaskState.failed,
}


def generate_body(
    spec: ProviderSpec, request: GenerationRequest, references: Sequence[PreparedReference]
) -> dict[str, Any]:
    """The JSON of `POST /api/v1/generate`: only the fields the chosen model documents."""
    model = _model(spec, request)
    body: dict[str, Any] = {"model": model.id, "prompt": request.prompt}
    images = as_strings(spec, request, references)
    if images:
        body["images"] = images
    for name, value in _model_settings(model, request):
        if value is not None:
            body[name] = value
    for name, value in request.extras.items():
        if name not in model.extras:
            raise InvalidRequest(f"{model.label} has no {name} setting; leave it out.", field=name)
        body[name] = value
    return body


def _model(spec: ProviderSpec, request: GenerationRequest) -> ModelSpec:
    try:
        return spec.model(request.model)
    except KeyError:
        raise InvalidRequest(
            f"{spec.label} has no model called {request.model}.", field="model"
        ) from None


def _model_settings(model: ModelSpec, request: GenerationRequest) -> list[tuple[str, Any]]:
    """(wire name, value) for each setting the model's catalog row offers; defaults filled in."""
    settings: list[tuple[str, Any]] = []
    plan = plan_size(model, request)
    native = model.size_by is SizeBy.ratio
    if model.sizes:
        settings.append(("size", plan.size))
    if model.qualities:
        settings.append(("quality", request.quality or model.default_quality))
    if model.resolutions and native:
        settings.append(("resolution", plan.resolution))
    if model.ratios and native:
        settings.append(("aspect_ratio", plan.ratio))
    if model.formats:
        settings.append(("output_format", request.output_format or model.default_format))
    return settings


def read_error(reply: Reply) -> ErrorDetail:
    """The envelope of an HTTP error reply."""
    body = reply.json_object_or_none()
    if body is None:
        return ErrorDetail(reply.status)
    return ErrorDetail(reply.status, field_str(body, "message"), from_provider=True)


def unwrap(reply: Reply) -> Any:
    """`data` of a successful envelope; a `code` other than 200 raises `ReplyError`."""
    body = reply.json_object()
    code = body.get("code")
    if code is None:
        if "data" not in body:
            raise UnreadableReply("the envelope has neither code nor data")
        return body["data"]
    if isinstance(code, str) and code.strip().isdigit():
        code = int(code)
    if isinstance(code, bool) or not isinstance(code, int):
        raise UnreadableReply("the envelope code is not a number")
    if not 200 <= code < 300:
        status = code if 100 <= code <= 599 else 500
        raise ReplyError(ErrorDetail(status, field_str(body, "message"), from_provider=True))
    return body.get("data")


class JoyAIClient(CoreClient):
    """A client of the JoyAI protocol for one key (the `joyai` and `demo` providers)."""

    error_reader = staticmethod(read_error)

    async def submit(
        self,
        request: GenerationRequest,
        references: Sequence[PreparedReference],
        *,
        spool: Spool | None = None,
    ) -> TaskUpdate:
        body = generate_body(self.spec, request, references)
        return await self._core.call(
            "POST", GENERATE, kind=CallKind.create, json=body, read=self.read_create, spool=spool
        )

    def read_create(self, reply: Reply) -> TaskUpdate:
        return self._read_task(reply)

    def warmup_path(self) -> str:
        return f"{STATUS}?task_id={WARMUP_TASK}"

    async def poll(self, task_id: str) -> TaskUpdate:
        return await self._core.call(
            "GET",
            STATUS,
            kind=CallKind.poll,
            params={"task_id": task_id},
            read=self.hinted(self._read_task),
        )

    async def check_key(self) -> Balance | None:
        """Ask for a task that cannot exist: only a refused key answers 401.

        JoyAI reports no balance, so a working key returns None.
        """
        probe = f"studio-key-check-{uuid.uuid4().hex}"
        try:
            await self._core.call(
                "GET", STATUS, kind=CallKind.check, params={"task_id": probe}, read=unwrap
            )
        except (AuthenticationFailed, ProviderUnavailable, TimedOut, RateLimited):
            raise
        except (InvalidRequest, InsufficientCredits, ProviderFailed):
            pass  # any other answer means the key got past authentication
        return None

    def _read_task(self, reply: Reply) -> TaskUpdate:
        data = unwrap(reply)
        if not isinstance(data, dict):
            raise UnreadableReply("the envelope has no task in data")
        task_id = field_str(data, "task_id", required=True)
        status = (field_str(data, "status", required=True) or "").lower()
        state = _STATES.get(status)
        if state is None:
            raise UnreadableReply(f"unknown task status {status[:40]!r}")
        charged = field_charge(data, "credits_charged", label=self.spec.label)
        cost = Cost(charged, "credits") if charged is not None else None
        update = TaskUpdate(state=state, task_id=task_id, cost=cost)
        if state is TaskState.succeeded:
            return self._succeeded(update, data)
        if state is TaskState.failed:
            return self._failed(update, data)
        return update

    def _succeeded(self, update: TaskUpdate, data: dict[str, Any]) -> TaskUpdate:
        images = tuple(RemoteImage(url=url) for url in _image_urls(data))
        if not images:
            error = BadResult(f"{self.spec.label} reported the job done but sent no images.")
            return replace(update, state=TaskState.failed, error=error)
        return replace(update, images=images)

    def _failed(self, update: TaskUpdate, data: dict[str, Any]) -> TaskUpdate:
        reason = _error_text(data.get("error"))
        said = f": {self._core.scrub(reason)}" if reason else ""
        error = ProviderFailed(f"{self.spec.label} could not make the image{said}.")
        return replace(update, error=error)


def _image_urls(data: dict[str, Any]) -> list[str]:
    urls: list[str] = []
    for item in field_list(data, "images") or ():
        if isinstance(item, str) and item:
            urls.append(item)
        elif isinstance(item, dict) and (url := field_str(item, "url")):
            urls.append(url)
        else:
            raise UnreadableReply("an image entry is not a URL")
    return urls


def _error_text(error: Any) -> str | None:
    if isinstance(error, str) and error.strip():
        return error
    if isinstance(error, dict):
        return field_str(error, "message") or field_str(error, "code")
    return None
