"""The command line's coroutines: generate, batch, jobs, resume (one engine, as the window uses)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from studio.cli import (
    EXIT_INVALID,
    EXIT_OK,
    REQUEST_FIELDS,
    exit_code,
    job_json,
    make_engine,
    on_progress,
    print_json,
    request_from_fields,
)
from studio.domain.errors import InvalidRequest, KeyMissing, StudioError
from studio.domain.models import GenerationRequest
from studio.engine.events import JobRecord
from studio.settings import Settings


def _fail(error: StudioError, *, as_json: bool) -> int:
    print(f"error: {error.message}", file=sys.stderr)
    if as_json:
        print_json(
            {
                "job_id": None,
                "status": "refused",
                "files": [],
                "error": error.message,
                "cost": None,
                "task_id": None,
            }
        )
    return error.exit_code


def _report(record: JobRecord, *, as_json: bool) -> None:
    if as_json:
        print_json(job_json(record))
    else:
        for path in record.files:
            print(Path(path).resolve(), flush=True)
    if record.held:
        print(
            f"waiting: {record.error_message} Run `image-studio resume` to continue it.",
            file=sys.stderr,
        )
    elif record.error_message and not as_json:
        print(f"error: {record.error_message}", file=sys.stderr)


def _exit_code(record: JobRecord) -> int:
    """`exit_code`; a job waiting for a key exits as a missing key does (3)."""
    if record.held and record.error_kind == "needs_key":
        return KeyMissing.exit_code
    return exit_code(record)


async def generate(args: argparse.Namespace) -> int:
    fields = {name: getattr(args, name, None) for name in REQUEST_FIELDS}
    fields["refs"] = args.ref
    fields["callback_url"] = args.callback_url
    if args.prompt_file:
        try:
            fields["prompt"] = args.prompt_file.read_text(encoding="utf-8")
        except OSError as exc:
            return _fail(
                InvalidRequest(f"Cannot read the prompt file: {exc.strerror}."), as_json=args.json
            )
    engine = make_engine()
    engine.subscribe(on_progress)
    try:
        request = request_from_fields(fields)
        record = await engine.submit(
            request, base_url=args.base_url, key_env=args.api_key_env, library_dir=args.output_dir
        )
        record = await engine.wait(record.id)
    except StudioError as exc:
        return _fail(exc, as_json=args.json)
    finally:
        await engine.aclose()
    _report(record, as_json=args.json)
    return _exit_code(record)


def _batch_lines(path: Path) -> list[tuple[GenerationRequest, dict[str, Any]]]:
    """Every line parsed and checked for shape; raises InvalidRequest naming the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidRequest(f"Cannot read {path}: {exc.strerror}.") from None
    parsed = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            fields = json.loads(line)
            if not isinstance(fields, dict):
                raise ValueError("not an object")
            unknown = set(fields) - set(REQUEST_FIELDS)
            if unknown:
                raise InvalidRequest(f"unknown field(s) {', '.join(sorted(unknown))}")
            parsed.append((request_from_fields(fields), fields))
        except (ValueError, InvalidRequest) as exc:
            message = exc.message if isinstance(exc, InvalidRequest) else str(exc)
            raise InvalidRequest(f"Line {number}: {message}") from None
    return parsed


async def batch(args: argparse.Namespace) -> int:
    try:
        lines = _batch_lines(args.jobs_file)
    except InvalidRequest as exc:
        return _fail(exc, as_json=args.json)
    settings = Settings.load()
    settings.concurrency = {p: max(1, args.concurrency) for p in {r.provider for r, _ in lines}}
    engine = make_engine(settings)
    engine.subscribe(on_progress)
    try:
        for number, (request, fields) in enumerate(lines, start=1):
            try:
                await engine.preflight(request, key_env=fields.get("api_key_env"))
            except StudioError as exc:
                return _fail(
                    InvalidRequest(f"Line {number}: {exc.message}")
                    if isinstance(exc, InvalidRequest)
                    else exc,
                    as_json=args.json,
                )
        worst = EXIT_OK

        async def one(request: GenerationRequest, fields: dict[str, Any]) -> None:
            nonlocal worst
            record = await engine.submit(
                request,
                base_url=fields.get("base_url"),
                key_env=fields.get("api_key_env"),
                library_dir=args.output_dir,
            )
            record = await engine.wait(record.id)
            _report(record, as_json=args.json)
            worst = max(worst, _exit_code(record))

        await asyncio.gather(*(one(r, f) for r, f in lines))
        return worst
    finally:
        await engine.aclose()


async def jobs(args: argparse.Namespace) -> int:
    engine = make_engine()
    try:
        if args.search or args.since:
            records = await engine.search(args.search or "", since=args.since, limit=args.limit)
        else:
            records = await engine.jobs(limit=args.limit)
    finally:
        await engine.aclose()
    for record in records:
        if args.json:
            print_json(job_json(record))
            continue
        cost = record.charged_cost or record.estimated_cost
        prompt = record.request.prompt.replace("\n", " ")
        prompt = prompt if len(prompt) <= 50 else prompt[:49] + "…"
        print(
            f"{record.id[:8]}  {record.state.value:<11} {record.request.provider:<11} "
            f"{record.request.model:<14} {cost or '-'!s:<12} {prompt}"
        )
        for path in record.files:
            print(f"          {path}")
    return EXIT_OK


async def resume(args: argparse.Namespace) -> int:
    engine = make_engine()
    engine.subscribe(on_progress)
    worst = EXIT_OK
    try:
        resumed = await engine.resume()
        if not resumed:
            print("Nothing to resume.", file=sys.stderr)
        for record in resumed:
            final = await engine.wait(record.id)
            _report(final, as_json=args.json)
            worst = max(worst, _exit_code(final))
    finally:
        await engine.aclose()
    return worst


COMMANDS: dict[str, Callable[[argparse.Namespace], Coroutine[Any, Any, int]]] = {
    "generate": generate,
    "batch": batch,
    "jobs": jobs,
    "resume": resume,
}

__all__ = ["COMMANDS", "EXIT_INVALID"]
