"""The requests the command line reads: from generate's options, from the lines of a batch job
file, and from prompt files; each checked for shape, size and address before the engine sees it.
A job file is data, not configuration: it cannot pick where a key comes from or send one to
another server."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from studio.cli.parser import CLI_PROVIDERS
from studio.cli.refs import REF_FIELDS, bucket_from, check_line_endpoint
from studio.domain.catalog import model_spec, provider_spec
from studio.domain.errors import InvalidRequest
from studio.domain.models import EXTRA_FIELDS, GenerationRequest, ReferenceImage
from studio.domain.validation import check_base_url, is_loopback_host
from studio.providers.redaction import origin_of
from studio.settings import Settings

REQUEST_FIELDS = (
    "provider",
    "model",
    "prompt",
    "quality",
    "ratio",
    "resolution",
    "size",
    "count",
    "format",
    "refs",
    "base_url",
    "mask",
    "inline_refs",
    "api_key_env",
    *EXTRA_FIELDS,  # a provider's options, as the request carries them
    *REF_FIELDS,
)


def request_from_fields(fields: dict[str, Any]) -> GenerationRequest:
    """A request from generate's options or a batch line (the same names)."""
    provider = str(fields.get("provider") or "")
    if provider not in CLI_PROVIDERS:
        raise InvalidRequest(
            f"Unknown provider {provider!r}; use one of {', '.join(CLI_PROVIDERS)}.",
            field="provider",
        )
    try:
        model = fields.get("model") or model_spec(provider, None).id
    except KeyError:
        raise InvalidRequest(f"Unknown model {fields.get('model')!r}.", field="model") from None
    extras = {name: str(fields[name]) for name in EXTRA_FIELDS if fields.get(name) is not None}
    count = fields.get("count", 1)
    return GenerationRequest(
        provider=provider,
        model=str(model),
        prompt=str(fields.get("prompt") or ""),
        quality=fields.get("quality"),
        ratio=fields.get("ratio"),
        resolution=fields.get("resolution"),
        size=fields.get("size"),
        count=count if isinstance(count, int) else -1,
        output_format=fields.get("format"),
        references=tuple(ReferenceImage(str(r)) for r in fields.get("refs") or ()),
        extras=extras,
        inline_references=bool(fields.get("inline_refs")),
        mask=str(fields["mask"]) if fields.get("mask") else None,
    )


def has_local(request: GenerationRequest) -> bool:
    """Whether a request has a file on this computer among its references (to host, maybe)."""
    return any(not ref.is_url for ref in request.references)


#: Far above any model's prompt limit; a file past it (/dev/zero, a video) is not read to the end.
MAX_PROMPT_FILE_BYTES = 1 << 20


def read_prompt_file(path: Path) -> str:
    """A prompt file's text: UTF-8, at most MAX_PROMPT_FILE_BYTES; InvalidRequest otherwise."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_PROMPT_FILE_BYTES + 1)
    except OSError as exc:
        raise InvalidRequest(f"Cannot read the prompt file: {exc.strerror}.") from None
    if len(data) > MAX_PROMPT_FILE_BYTES:
        raise InvalidRequest(
            f"The prompt file {path} is larger than {MAX_PROMPT_FILE_BYTES // 1024} KB; a prompt "
            "is text of a few thousand characters at most."
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidRequest(f"The prompt file {path} is not UTF-8 text.") from None
    if "\x00" in text:
        raise InvalidRequest(f"The prompt file {path} is not text (it holds NUL bytes).")
    return text


#: What a job file may not say: it is data, not configuration, so it never picks a secret.
_CONFIGURATION_FIELDS = ("api_key_env",)
BatchLine = tuple[int, GenerationRequest, dict[str, Any]]
#: Tens of thousands of jobs; a file past it (/dev/zero) is not read to the end.
MAX_JOB_FILE_BYTES = 64 << 20


def batch_lines(
    path: Path, settings: Settings, args: argparse.Namespace | None = None
) -> list[BatchLine]:
    """Every line parsed and checked for shape and address; raises InvalidRequest naming the
    line (its number in the file, blank lines counted)."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_JOB_FILE_BYTES + 1)
    except OSError as exc:
        raise InvalidRequest(f"Cannot read {path}: {exc.strerror}.") from None
    if len(data) > MAX_JOB_FILE_BYTES:
        raise InvalidRequest(f"{path} is larger than {MAX_JOB_FILE_BYTES >> 20} MB.")
    args = args or argparse.Namespace()  # the command line's --ref-* options, if any
    parsed = []
    for number, raw in enumerate(data.splitlines(), start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidRequest(f"Line {number}: not UTF-8 text (a binary file?).") from None
        if not line.strip():
            continue
        try:
            fields = json.loads(line)
            if not isinstance(fields, dict):
                raise ValueError("not an object")
            unknown = set(fields) - set(REQUEST_FIELDS)
            if unknown:
                raise InvalidRequest(f"unknown field(s) {', '.join(sorted(unknown))}")
            chosen = sorted(set(fields) & set(_CONFIGURATION_FIELDS))
            if chosen:
                raise InvalidRequest(
                    f"a job file may not choose where the key comes from ({', '.join(chosen)}); "
                    "set the provider's variable or store the key with 'image-studio keys set'"
                )
            request = request_from_fields(fields)
            _check_line_address(request.provider, fields.get("base_url"), settings)
            check_line_endpoint(fields, args, settings)
            fields["_bucket"] = bucket_from(fields, args, settings) if has_local(request) else None
            parsed.append((number, request, fields))
        except (ValueError, InvalidRequest) as exc:
            message = exc.message if isinstance(exc, InvalidRequest) else str(exc)
            raise InvalidRequest(f"Line {number}: {message}") from None
    return parsed


def _check_line_address(provider: str, base_url: Any, settings: Settings) -> None:
    """A provider's key goes only to its configured or default origin, or to this computer
    (an emulator): a job file cannot send it to any other server."""
    if base_url is None:
        return
    if not isinstance(base_url, str):
        raise InvalidRequest("base_url is not text")
    spec = provider_spec(provider)
    if spec.key_env is None:  # no key to send (the offline demo)
        return
    check_base_url(base_url)
    if is_loopback_host(urlsplit(base_url).hostname):
        return
    allowed = {origin_of(spec.default_base_url)}
    if configured := settings.base_url_for(provider):
        allowed.add(origin_of(configured))
    if origin_of(base_url) not in allowed:
        raise InvalidRequest(
            f"base_url {base_url} is not {spec.label}'s address; a job file may only name "
            f"{' or '.join(sorted(allowed))} (or this computer), so the key is not sent "
            "elsewhere. Use --base-url with 'generate' to choose another address yourself"
        )
