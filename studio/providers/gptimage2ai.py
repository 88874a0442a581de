"""GPTImage2.ai (`POST /api/generate`, `GET /api/generate/{jobId}`): jobs, results, balances.

Polls answer 202 while a job is pending or running and 200 once it succeeded or failed; every
reply may carry the account's `balance`. Errors are `{"error": "<machine code>"}` with an HTTP
status. GPTImage2.ai refunds failed jobs but does not document failed requests as unbilled, so a
create is not retried on 5xx; a 5xx answered with GPTImage2.ai's own error code means the job
failed (and was refunded), which is reported as ProviderUnavailable, while a 5xx without one
(a gateway page, an empty reply) is OutcomeUnknown.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import quote

from studio.domain.catalog import ProviderSpec
from studio.domain.errors import BadResult, InvalidRequest, ProviderFailed
from studio.domain.models import Balance, GenerationRequest
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
    UnreadableReply,
    field_amount,
    field_list,
    field_object,
    field_str,
    field_text,
)
from studio.providers.retry import CallKind

GENERATE = "/api/generate"
HINTS = ("style", "lighting", "camera", "negative")
#: What GPTImage2.ai's documented error codes look like.
MACHINE_CODE = re.compile(r"[a-z][a-z0-9]*(?:[_.-][a-z0-9]+)*")

_STATES = {
    "pending": TaskState.queued,
    "running": TaskState.running,
    "succeeded": TaskState.succeeded,
    "failed": TaskState.failed,
}


def generate_body(
    spec: ProviderSpec, request: GenerationRequest, references: Sequence[PreparedReference]
) -> dict[str, Any]:
    """The JSON of `POST /api/generate`."""
    try:
        model = spec.model(request.model)
    except KeyError:
        raise InvalidRequest(
            f"{spec.label} has no model called {request.model}.", field="model"
        ) from None
    image_urls = as_strings(spec, request, references)
    body: dict[str, Any] = {
        "prompt": request.prompt,
        "mode": "image-to-image" if image_urls else "text-to-image",
        "ratio": request.ratio or model.default_ratio,
        "count": request.count,
    }
    if body["ratio"] is None:
        del body["ratio"]
    if image_urls:
        body["imageUrls"] = image_urls
    for name, value in request.extras.items():
        if name not in model.extras:
            raise InvalidRequest(f"{model.label} has no {name} setting; leave it out.", field=name)
        body[name] = value
    return body


def read_error(reply: Reply) -> ErrorDetail:
    """`{"error": "<code>", "message"?: "..."}`."""
    body = reply.json_object_or_none()
    if body is None:
        return ErrorDetail(reply.status)
    error = body.get("error")
    if isinstance(error, dict):
        code = field_str(error, "code") or field_str(error, "type")
        message = field_str(error, "message") or code
    else:
        code = field_str(body, "error")
        message = field_str(body, "message") or code
    if code is None and message is None:
        return ErrorDetail(reply.status)
    # The documented envelope carries a machine-readable code ("image_generation_failed"); a
    # proxy's `{"error": "Bad Gateway"}` is not GPTImage2.ai's answer.
    from_provider = code is not None and MACHINE_CODE.fullmatch(code) is not None
    return ErrorDetail(reply.status, message, code, from_provider=from_provider)


def balance_of(body: dict[str, Any]) -> Balance | None:
    """`balance.paidCredits` as a Balance in credits."""
    balance = field_object(body, "balance")
    if balance is None:
        return None
    paid = field_amount(balance, "paidCredits")
    return None if paid is None else Balance(paid, "credits")


class GptImage2AiClient(CoreClient):
    """A client of GPTImage2.ai for one key."""

    error_reader = staticmethod(read_error)
    unbilled_failures = True

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
        return self._read_job(reply)

    def warmup_path(self) -> str:
        return f"{GENERATE}/studio-connection-check"

    async def poll(self, task_id: str) -> TaskUpdate:
        return await self._core.call(
            "GET",
            f"{GENERATE}/{quote(task_id, safe='')}",
            kind=CallKind.poll,
            read=self.hinted(self._read_job),
        )

    async def check_key(self) -> Balance | None:
        """Look up a job that cannot exist: 401 means the key is refused; any other answer
        means it works, with the balance where the reply carries one."""
        probe = f"{GENERATE}/studio-key-check-{uuid.uuid4().hex}"
        return await self._core.call(
            "GET",
            probe,
            kind=CallKind.check,
            read=_read_balance,
            accept=(400, 402, 404, 409, 410, 422),
        )

    def _read_job(self, reply: Reply) -> TaskUpdate:
        body = reply.json_object()
        job_id = field_str(body, "jobId", required=True)
        status = (field_str(body, "status", required=True) or "").lower()
        state = _STATES.get(status)
        if state is None:
            raise UnreadableReply(f"unknown job status {status[:40]!r}")
        update = TaskUpdate(state=state, task_id=job_id, balance=balance_of(body))
        if state is TaskState.succeeded:
            return self._succeeded(update, body)
        if state is TaskState.failed:
            code = field_str(body, "error")
            said = f" ({self._core.scrub(code)})" if code else ""
            error = ProviderFailed(
                f"{self.spec.label} could not make the image{said}. Failed jobs are refunded."
            )
            return replace(update, error=error)
        return update

    def _succeeded(self, update: TaskUpdate, body: dict[str, Any]) -> TaskUpdate:
        images = []
        for item in field_list(body, "results") or ():
            if not isinstance(item, dict):
                raise UnreadableReply("a result is not an object")
            images.append(
                RemoteImage(
                    url=field_str(item, "imageUrl", required=True),
                    seed=field_text(item, "seed"),
                    final_prompt=field_text(item, "finalPrompt"),
                )
            )
        if not images:
            error = BadResult(f"{self.spec.label} reported the job done but sent no images.")
            return replace(update, state=TaskState.failed, error=error)
        return replace(update, images=tuple(images))


def _read_balance(reply: Reply) -> Balance | None:
    body = reply.json_object_or_none()
    if body is None:
        if reply.ok:
            raise UnreadableReply("the reply is not a JSON object")
        return None
    try:
        return balance_of(body)
    except UnreadableReply:
        if reply.ok:
            raise
        return None
