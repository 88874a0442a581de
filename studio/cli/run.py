"""The command line's coroutines: generate, batch, jobs, resume (one engine, as the window uses)."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from studio.cli.output import (
    EXIT_INVALID,
    EXIT_OK,
    exit_code,
    job_json,
    on_progress,
    print_json,
    refused_json,
    say,
    say_error,
    say_size_note,
)
from studio.cli.refs import bucket_from
from studio.cli.request_input import (
    REQUEST_FIELDS,
    batch_lines,
    has_local,
    read_prompt_file,
    request_from_fields,
)
from studio.domain.errors import InvalidRequest, KeyMissing, StudioError
from studio.domain.models import GenerationRequest
from studio.engine import recovery
from studio.engine.costs import cost_account
from studio.engine.delivery import delivered, mismatch_text
from studio.engine.events import JobRecord
from studio.engine.new_job import NewJob
from studio.engine.runner import Engine
from studio.keys import KeyStore
from studio.settings import Settings, journal_path


def make_engine(settings: Settings | None = None) -> Engine:
    # Unset: each provider's own schedule (studio/domain/polling.py).
    fixed = os.environ.get("IMAGE_STUDIO_POLL_INTERVAL")
    interval = float(fixed) if fixed else None
    demo_seconds = float(os.environ.get("IMAGE_STUDIO_DEMO_SECONDS", "1.5"))
    return Engine(
        journal_path=journal_path(),
        settings=settings or Settings.load(),
        keys=KeyStore(),
        poll_interval=interval,
        demo_task_seconds=demo_seconds,
    )


def _fail(
    error: StudioError,
    *,
    as_json: bool,
    request: GenerationRequest | None = None,
    fields: dict[str, Any] | None = None,
) -> int:
    """A job refused before it was journaled: the error on stderr, and with --json the same
    object shape as every other job (status "refused")."""
    say_error(error.message)
    if as_json:
        print_json(refused_json(error.message, request, fields))
    return error.exit_code


def _report(record: JobRecord, *, as_json: bool) -> None:
    if as_json:
        print_json(job_json(record))
    else:
        for path in record.files:
            say(Path(path).resolve(), err=False)
        if differs := mismatch_text(record, delivered(record)):
            say(f"note: the provider delivered another size or format ({differs}).")
    if record.held:
        say(f"waiting: {record.error_message} Run `image-studio resume` to continue it.")
    elif record.error_message and not as_json:
        say_error(record.error_message)


async def _close(engine: Engine) -> None:
    """Stop the engine; paid images it still held only in memory (the disk full, the command
    stopped by Ctrl+C while it waited for space) are lost with the process: say so plainly."""
    await engine.aclose()
    for job_id, images in engine.unsaved.items():
        if images:
            n = len(images)
            what, now = ("1 paid image was", "is") if n == 1 else (f"{n} paid images were", "are")
            say_error(
                f"Job {job_id}: {what} kept only in memory (there was no disk space) and "
                f"{now} lost now. The provider's dashboard may still show what was paid for."
            )


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
            fields["prompt"] = read_prompt_file(args.prompt_file)
        except InvalidRequest as exc:
            return _fail(exc, as_json=args.json, fields=fields)
    engine = make_engine()
    engine.subscribe(on_progress)
    request: GenerationRequest | None = None
    try:
        request = request_from_fields(fields)
        bucket = bucket_from({}, args, engine.settings) if has_local(request) else None
        say_size_note(request)
        await recovery.clean_partials(engine, also=args.output_dir)
        record = await engine.submit(
            request,
            base_url=args.base_url,
            key_env=args.api_key_env,
            library_dir=args.output_dir,
            ref_bucket=bucket,
        )
        record = await engine.wait(record.id)
    except StudioError as exc:
        return _fail(exc, as_json=args.json, request=request, fields=fields)
    finally:
        await _close(engine)
    _report(record, as_json=args.json)
    return _exit_code(record)


async def batch(args: argparse.Namespace) -> int:
    settings = Settings.load()
    try:
        lines = batch_lines(args.jobs_file, settings, args)
    except InvalidRequest as exc:
        return _fail(exc, as_json=args.json)
    settings.concurrency = {p: max(1, args.concurrency) for p in {r.provider for _, r, _ in lines}}
    engine = make_engine(settings)
    engine.subscribe(on_progress)
    try:
        await recovery.clean_partials(engine, also=args.output_dir)
        for number, request, fields in lines:
            try:
                await engine.preflight(request, ref_bucket=fields["_bucket"])
            except StudioError as exc:
                return _fail(
                    InvalidRequest(f"Line {number}: {exc.message}")
                    if isinstance(exc, InvalidRequest)
                    else exc,
                    as_json=args.json,
                    request=request,
                )
        urls = dict(args.base_urls)
        output = str(args.output_dir or "")
        for _, r, _fields in lines:
            say_size_note(r)
        new = [
            NewJob(
                r,
                output,
                base_url=f.get("base_url") or urls.get(r.provider),
                ref_bucket=f["_bucket"],
            )
            for _, r, f in lines
        ]
        try:  # all or none: a batch over a budget is refused before its first job
            started = await engine.submit_many(new)
        except StudioError as exc:
            return _fail(exc, as_json=args.json)
        return max([EXIT_OK, *await asyncio.gather(*(_finish(engine, r, args) for r in started))])
    finally:
        await _close(engine)


async def _finish(engine: Engine, record: JobRecord, args: argparse.Namespace) -> int:
    """Wait for a started job, print it, and give its exit code."""
    record = await engine.wait(record.id)
    _report(record, as_json=args.json)
    return _exit_code(record)


async def jobs(args: argparse.Namespace) -> int:
    engine = make_engine()
    try:
        if args.search or args.since:
            records = await engine.search(args.search or "", since=args.since, limit=args.limit)
        else:
            records = await engine.jobs(limit=args.limit)
    finally:
        await _close(engine)
    for record in records:
        if args.json:
            print_json(job_json(record))
            continue
        account = cost_account(record)
        charged = account.charged_cost if account.charged is not None else None
        cost = str(charged) if charged else (f"~{account.estimated}" if account.estimated else None)
        prompt = record.request.prompt.replace("\n", " ")
        prompt = prompt if len(prompt) <= 50 else prompt[:49] + "…"
        say(
            f"{record.id[:8]}  {record.state.value:<11} {record.request.provider:<11} "
            f"{record.request.model:<14} {cost or '-'!s:<12} {prompt}",
            err=False,
        )
        for path in record.files:
            say(f"          {path}", err=False)
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
        await _close(engine)
    return worst


COMMANDS: dict[str, Callable[[argparse.Namespace], Coroutine[Any, Any, int]]] = {
    "generate": generate,
    "batch": batch,
    "jobs": jobs,
    "resume": resume,
}

__all__ = ["COMMANDS", "EXIT_INVALID"]
