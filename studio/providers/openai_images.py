"""The OpenAI Images protocol (`/images/generations`, `/images/edits`) in two dialects.

icodeeasy  `?async=1` creates return a task id polled at `/images/tasks/{id}` (or, with the
           `icodeeasy_sync` option or n > 1, the call waits for `data[].url`: a task reply
           carries one `result_url`); `size` takes a ratio;
           `resolution`; refs as JSON `image_urls` or multipart `image[]`; billed in CNY.
           It documents failed requests as unbilled, so a 5xx create answered in its own
           `{"error": {...}}` envelope is retried; one without it is OutcomeUnknown.
openai     synchronous; images come back inline as `data[].b64_json`; edits as multipart
           `image[]` or JSON `images: [{image_url}]`; no task id. OpenAI returns no image
           and bills no output for a request it answers with its own error envelope, so a
           5xx create with that envelope is ProviderUnavailable (not retried); a 5xx without
           it (a gateway timeout) is OutcomeUnknown.
"""

from __future__ import annotations

import binascii
import contextlib
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote

from studio.domain.catalog import ProviderSpec
from studio.domain.errors import BadResult, InvalidRequest, ProviderFailed
from studio.domain.models import Balance, Cost, GenerationRequest
from studio.domain.pricing import usage_cost
from studio.providers.base import (
    PreparedReference,
    RemoteImage,
    Spool,
    TaskState,
    TaskUpdate,
)
from studio.providers.core_client import CoreClient
from studio.providers.openai_requests import build_call, streams
from studio.providers.replies import (
    ErrorDetail,
    Reply,
    UnreadableReply,
    field_charge,
    field_list,
    field_str,
    field_text,
)
from studio.providers.retry import CallKind
from studio.providers.streaming import is_event_stream, observe_body, read_events

TASKS = "/images/tasks"
MODELS = "/models"

_TASK_STATES = {
    "pending": TaskState.queued,
    "queued": TaskState.queued,
    "processing": TaskState.running,
    "running": TaskState.running,
    "in_progress": TaskState.running,
    "completed": TaskState.succeeded,
    "succeeded": TaskState.succeeded,
    "failed": TaskState.failed,
}


@dataclass(frozen=True)
class Dialect:
    """How one service speaks the protocol."""

    async_tasks: bool  # `?async=1` and `/images/tasks/{id}`
    json_refs: str  # "image_urls" (a list of strings) or "images" (a list of {image_url})
    cost_unit: str | None  # unit of a task's `cost`
    check_with_models: bool  # GET /models verifies the key (else: look up an unknown task)


DIALECTS = {
    "icodeeasy": Dialect(
        async_tasks=True, json_refs="image_urls", cost_unit="CNY", check_with_models=False
    ),
    "openai": Dialect(
        async_tasks=False, json_refs="images", cost_unit=None, check_with_models=True
    ),
}


def dialect_for(spec: ProviderSpec) -> Dialect:
    return DIALECTS.get(spec.id, DIALECTS["openai"])


def read_error(reply: Reply) -> ErrorDetail:
    """`{"error": {"message", "type", "code"?, "param"?, "provider"?}}`."""
    body = reply.json_object_or_none()
    error = body.get("error") if body is not None else None
    if isinstance(error, str) and error:
        # Not the documented envelope (an object): a gateway's or proxy's words.
        return ErrorDetail(reply.status, error, error)
    if not isinstance(error, dict):
        return ErrorDetail(reply.status)
    code = field_str(error, "code") or field_str(error, "type")
    message = field_str(error, "message")
    param = field_str(error, "param")
    if message and param:
        message = f"{message} (field: {param})"
    return ErrorDetail(reply.status, message, code, from_provider=True)


def decode_image(b64: str, label: str) -> bytes:
    """Inline image bytes; anything but valid base64 is a bad result."""
    try:
        # Strict decoding refuses what `b64decode(validate=True)` refuses, without its regular
        # expression pass over the (megabytes of) text first.
        data = binascii.a2b_base64(b64, strict_mode=True)
    except (binascii.Error, ValueError):
        raise BadResult(f"{label} sent an image that is not valid base64 data.") from None
    if not data:
        raise BadResult(f"{label} sent an empty image.")
    return data


class OpenAIImagesClient(CoreClient):
    """A client of the OpenAI Images protocol for one key (icodeeasy or OpenAI)."""

    error_reader = staticmethod(read_error)
    unbilled_failures = True

    @property
    def dialect(self) -> Dialect:
        return dialect_for(self.spec)

    def waits_for_images(self, request: GenerationRequest) -> bool:
        """The create call returns the images themselves (no task to poll).

        icodeeasy's documented task reply carries one `result_url`, so a task of n > 1 images
        would deliver one of the n paid for: more than one image goes the synchronous way, whose
        documented reply lists every `data[].url`."""
        return not self.dialect.async_tasks or self._options.icodeeasy_sync or request.count > 1

    async def submit(
        self,
        request: GenerationRequest,
        references: Sequence[PreparedReference],
        *,
        spool: Spool | None = None,
    ) -> TaskUpdate:
        call = build_call(self.spec, request, references, json_refs=self.dialect.json_refs)
        params = None if self.waits_for_images(request) else {"async": "1"}
        inline = self.dialect.cost_unit is None
        limit = self._options.max_inline_reply_bytes if inline else None
        total = int(request.extras.get("partial_images") or 0)
        with observe_body(total) if streams(request) else contextlib.nullcontext():
            return await self._core.call(
                "POST",
                call.path,
                kind=CallKind.create,
                params=params,
                json=call.json,
                data=call.form,
                files=call.files,
                read=self.reader_for(request),
                max_bytes=limit,
                spool=spool,
            )

    def reader_for(self, request: GenerationRequest | None) -> Callable[[Reply], TaskUpdate]:
        """Reads the create's reply, pricing its `usage` by the request's model."""
        prices = None
        if request is not None and request.model in {m.id for m in self.spec.models}:
            prices = self.spec.model(request.model).token_prices

        def read(reply: Reply) -> TaskUpdate:
            update = self.read_create(reply)
            if prices is None or update.usage is None or update.cost is not None:
                return update
            return replace(update, cost=usage_cost(prices, update.usage))

        return read

    def warmup_path(self) -> str:
        """GET /models (OpenAI) or a task that cannot exist (icodeeasy): free requests."""
        return MODELS if self.dialect.check_with_models else f"{TASKS}/studio-connection-check"

    async def poll(self, task_id: str) -> TaskUpdate:
        if not self.dialect.async_tasks:
            raise InvalidRequest(
                f"{self.spec.label} has no jobs to ask about: its images "
                "come back with the request itself."
            )
        return await self._core.call(
            "GET",
            f"{TASKS}/{quote(task_id, safe='')}",
            kind=CallKind.poll,
            read=self.hinted(self._read_task),
        )

    async def check_key(self) -> Balance | None:
        """GET /models (OpenAI), or a lookup of a task that cannot exist (icodeeasy):
        only a refused key fails. Neither reports a balance."""
        if self.dialect.check_with_models:
            await self._core.call("GET", MODELS, kind=CallKind.check, read=_read_any_json)
            return None
        probe = f"{TASKS}/studio-key-check-{uuid.uuid4().hex}"
        await self._core.call(
            "GET",
            probe,
            kind=CallKind.check,
            read=lambda reply: None,
            accept=(400, 402, 404, 410, 422),
        )
        return None

    # --- replies ---------------------------------------------------------------------------

    def read_create(self, reply: Reply) -> TaskUpdate:
        if is_event_stream(reply.body):
            return self._read_stream(reply.body)
        body = reply.json_object()
        if "data" not in body and (task_id := field_str(body, "task_id")):
            return self._task_update(body, task_id)
        images = self._images(body)
        task_id = field_str(body, "id") if self.dialect.async_tasks else None
        if not images:
            error = BadResult(f"{self.spec.label} answered but sent no images.")
            return TaskUpdate(TaskState.failed, task_id=task_id, error=error)
        usage = _usage(body)
        return TaskUpdate(TaskState.succeeded, task_id=task_id, images=images, usage=usage)

    def _read_stream(self, body: bytes) -> TaskUpdate:
        """A streamed create: partial images (shown as they came, not kept), then one
        `*.completed` event per image with the image and the `usage`. A stream that ends
        without it is unreadable, so the paid create's outcome is unknown (never re-sent)."""
        events = read_events(body)
        done = [e for e in events if str(e.get("type", "")).endswith(".completed")]
        if not done:
            raise UnreadableReply("the stream ended before the image was complete")
        images = []
        for event in done:
            b64 = field_str(event, "b64_json")
            if not b64:
                raise UnreadableReply("a completed event has no b64_json")
            images.append(RemoteImage(data=decode_image(b64, self.spec.label)))
        return TaskUpdate(TaskState.succeeded, images=tuple(images), usage=_usage(done[-1]))

    def _images(self, body: dict[str, Any]) -> tuple[RemoteImage, ...]:
        items = field_list(body, "data")
        if items is None:
            raise UnreadableReply("the field data is missing")
        images = []
        for item in items:
            if not isinstance(item, dict):
                raise UnreadableReply("an image entry is not an object")
            prompt = field_text(item, "revised_prompt")
            if b64 := field_str(item, "b64_json"):
                images.append(
                    RemoteImage(data=decode_image(b64, self.spec.label), final_prompt=prompt)
                )
            elif url := field_str(item, "url"):
                images.append(RemoteImage(url=url, final_prompt=prompt))
            else:
                raise UnreadableReply("an image entry has neither b64_json nor url")
        return tuple(images)

    def _read_task(self, reply: Reply) -> TaskUpdate:
        body = reply.json_object()
        task_id = field_str(body, "task_id") or field_str(body, "id")
        if task_id is None:
            raise UnreadableReply("the field task_id is missing")
        return self._task_update(body, task_id)

    def _task_update(self, body: dict[str, Any], task_id: str) -> TaskUpdate:
        status = (field_str(body, "status", required=True) or "").lower()
        state = _TASK_STATES.get(status)
        if state is None:
            raise UnreadableReply(f"unknown task status {status[:40]!r}")
        cost = self._cost(body)
        update = TaskUpdate(state, task_id=task_id, cost=cost)
        if state is TaskState.succeeded:
            urls = _result_urls(body)
            if not urls:
                error = BadResult(f"{self.spec.label} reported the job done but sent no images.")
                return replace(update, state=TaskState.failed, error=error)
            return replace(update, images=tuple(RemoteImage(url=url) for url in urls))
        if state is TaskState.failed:
            reason = _error_text(body.get("error")) or field_str(body, "message")
            said = f": {self._core.scrub(reason)}" if reason else ""
            return replace(
                update, error=ProviderFailed(f"{self.spec.label} could not make the image{said}.")
            )
        return update

    def _cost(self, body: dict[str, Any]) -> Cost | None:
        amount = field_charge(body, "cost", label=self.spec.label)
        if amount is None or self.dialect.cost_unit is None:
            return None
        return Cost(amount, self.dialect.cost_unit)


def _usage(body: dict[str, Any]) -> dict[str, Any] | None:
    """The reply's `usage` object (ImagesUsage), priced later by the request's model."""
    usage = body.get("usage")
    return usage if isinstance(usage, dict) else None


def _result_urls(body: dict[str, Any]) -> list[str]:
    listed = field_list(body, "result_urls")
    if listed:
        urls = [url for url in listed if isinstance(url, str) and url]
        if len(urls) != len(listed):
            raise UnreadableReply("an entry of result_urls is not a URL")
        return urls
    single = field_str(body, "result_url")
    return [single] if single else []


def _error_text(error: Any) -> str | None:
    if isinstance(error, str) and error.strip():
        return error
    if isinstance(error, dict):
        return field_str(error, "message") or field_str(error, "type")
    return None


def _read_any_json(reply: Reply) -> None:
    """A successful check reply only has to be JSON (a model list)."""
    reply.json()
