"""The `image-studio` command: the desktop studio by default, and a scriptable face of the engine.

Progress goes to stderr; stdout carries saved file paths (or JSON with --json).
Exit codes: 0 success, 2 invalid request (nothing sent), 3 authentication failed, 4 insufficient
credits, 5 provider failed, 6 timed out (still recoverable), 7 the journal or data folder cannot be
written (a full disk, no permission), 130 interrupted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from studio import __version__
from studio.domain.catalog import PROVIDER_IDS, model_spec
from studio.domain.errors import ERROR_KINDS, InvalidRequest, StudioError
from studio.domain.models import EXTRA_FIELDS, GenerationRequest, JobState, ReferenceImage
from studio.domain.plain_text import plain_text
from studio.engine.costs import cost_account
from studio.engine.events import JobChanged, JobRecord
from studio.engine.runner import Engine
from studio.keys import KeyStore
from studio.logfile import current_log, start_log, warnings_to_stderr
from studio.settings import Settings, journal_path

log = logging.getLogger("studio.cli")
EXIT_OK, EXIT_INVALID, EXIT_LOCAL_STORAGE, EXIT_INTERRUPTED = 0, 2, 7, 130
CLI_PROVIDERS = ("joyai", "gptimage2ai", "icodeeasy", "openai", "demo")
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
    "style",
    "lighting",
    "camera",
    "negative",
    "base_url",
    "background",
    "output_compression",
    "moderation",
    "callback_url",
    "inline_refs",
    "api_key_env",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="image-studio",
        description="Generate and edit images through hosted image APIs. With no command, "
        "opens the desktop studio.",
        epilog="Keys come from --api-key-env VAR, the provider's variable (JOYAI_API_KEY, "
        "GPTIMAGE2_API_KEY, ICODEEASY_API_KEY, OPENAI_API_KEY) or the OS keyring "
        "('image-studio keys set PROVIDER' reads one from stdin). Exit codes: 0 success, "
        "2 invalid request, 3 authentication failed, 4 insufficient credits, 5 provider failed, "
        "6 timed out (resumable), 7 the journal or data folder cannot be written, "
        "130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"image-studio {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help="open the studio on the built-in offline demo provider"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_generate(commands)
    _add_batch(commands)
    emulator = commands.add_parser("emulator", help="serve the provider emulator on 127.0.0.1")
    emulator.add_argument("--port", type=int, default=8765)
    emulator.add_argument("--faults", metavar="FILE", help="JSON list of fault rules")
    emulator.add_argument(
        "--task-seconds", type=float, default=1.0, help="how long emulated tasks run (default 1)"
    )
    jobs = commands.add_parser("jobs", help="list the job journal")
    jobs.add_argument("--json", action="store_true", help="one JSON object per job")
    jobs.add_argument("--limit", type=int, default=None)
    jobs.add_argument(
        "--search", metavar="TEXT", help="only jobs whose prompt, provider or model match"
    )
    jobs.add_argument(
        "--since",
        metavar="YYYY-MM-DD",
        type=local_day,
        help="only jobs created on or after this day",
    )
    resume = commands.add_parser("resume", help="finish every unfinished job in the journal")
    resume.add_argument("--json", action="store_true")
    keys = commands.add_parser("keys", help="store or remove a provider key in the OS keyring")
    keys.add_argument("action", choices=("set", "delete"))
    keys.add_argument("provider", choices=[p for p in PROVIDER_IDS if p != "demo"])
    return parser


def local_day(text: str) -> datetime:
    """A YYYY-MM-DD option as the start of that day on this computer's clock."""
    try:
        return datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2025-01-31") from None


def _add_request_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base-url", help="override the provider's address")
    parser.add_argument("--output-dir", type=Path, help="save results here (default: library)")
    parser.add_argument("--json", action="store_true", help="print one JSON object per job")
    parser.add_argument("--api-key-env", metavar="VAR", help="read the key from this variable")


def _add_generate(commands: Any) -> None:
    gen = commands.add_parser("generate", help="generate or edit images")
    gen.add_argument("--provider", required=True, choices=CLI_PROVIDERS)
    gen.add_argument("--model")
    prompt = gen.add_mutually_exclusive_group(required=True)
    prompt.add_argument("--prompt")
    prompt.add_argument("--prompt-file", type=Path)
    gen.add_argument("--quality")
    gen.add_argument("--ratio")
    gen.add_argument("--resolution", choices=("1k", "2k", "4k"))
    gen.add_argument("--size")
    gen.add_argument("--count", type=int, default=1)
    gen.add_argument("--format", choices=("png", "jpeg", "webp"))
    gen.add_argument("--ref", action="append", default=[], metavar="PATH_OR_URL")
    for extra in (
        "style",
        "lighting",
        "camera",
        "negative",
        "background",
        "moderation",
        "callback-url",
    ):
        gen.add_argument(f"--{extra}")
    gen.add_argument("--output-compression", type=int)
    gen.add_argument(
        "--inline-refs",
        action="store_true",
        help="send local reference files inline as data URLs (JoyAI, GPTImage2.ai)",
    )
    _add_request_options(gen)


def _add_batch(commands: Any) -> None:
    batch = commands.add_parser("batch", help="run one job per line of a JSONL file")
    batch.add_argument("jobs_file", type=Path, metavar="JOBS.jsonl")
    batch.add_argument("--concurrency", type=int, default=4)
    batch.add_argument("--output-dir", type=Path)
    batch.add_argument("--json", action="store_true")


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
    )


def exit_code(record: JobRecord) -> int:
    if record.state is JobState.succeeded:
        return EXIT_OK
    if record.state is JobState.cancelled:
        return EXIT_INTERRUPTED
    return ERROR_KINDS.get(record.error_kind or "", StudioError).exit_code


def job_json(record: JobRecord) -> dict[str, Any]:
    account = cost_account(record)
    cost = account.charged_cost if account.charged is not None else account.estimated
    return {
        "job_id": record.id,
        "provider": record.request.provider,
        "model": record.request.model,
        "task_id": record.task_id,
        "status": record.state.value,
        "files": [str(Path(f).resolve()) for f in record.files],
        # "cost" is what was charged once that is known (0 when nothing was), else the estimate;
        # "charged" says which: true/false once known, null while only estimated.
        "cost": cost.to_dict() if cost else None,
        "cost_estimated": account.estimated.to_dict() if account.estimated else None,
        "cost_charged": account.charged_cost.to_dict() if account.charged_cost else None,
        "charged": account.charged,
        "error": record.error_message,
        "prompt": record.request.prompt,
        "created_at": record.created_at,
    }


def make_engine(settings: Settings | None = None) -> Engine:
    interval = float(os.environ.get("IMAGE_STUDIO_POLL_INTERVAL", "2.0"))
    demo_seconds = float(os.environ.get("IMAGE_STUDIO_DEMO_SECONDS", "1.5"))
    return Engine(
        journal_path=journal_path(),
        settings=settings or Settings.load(),
        keys=KeyStore(),
        poll_interval=interval,
        demo_task_seconds=demo_seconds,
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    start_log()
    if args.command is not None:
        warnings_to_stderr()
    log.info("image-studio %s: %s", __version__, args.command or "window")
    if args.command is None:
        from studio.ui.app import run

        return run(demo=args.demo, argv=[sys.argv[0]])
    if args.command == "emulator":
        from studio.emulator import serve

        serve(port=args.port, faults_file=args.faults, task_seconds=args.task_seconds)
        return EXIT_OK
    if args.command == "keys":
        return _keys(args)
    from studio import cli_run

    try:
        return asyncio.run(cli_run.COMMANDS[args.command](args))
    except KeyboardInterrupt:
        print("Interrupted; unfinished jobs continue with 'image-studio resume'.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except (sqlite3.Error, OSError) as exc:
        # The journal and data folder are this computer's, not the provider's: a full disk or a
        # missing permission there is said plainly, with its own exit code, not as a traceback.
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        log.info("local storage failed", exc_info=True)  # the traceback: the file only
        say_error(
            f"The studio cannot write to its journal or data folder ({journal_path()}): "
            f"{reason}. Free some disk space or check the folder's permissions, then run the "
            "command again; unfinished jobs continue with 'image-studio resume'."
        )
        return EXIT_LOCAL_STORAGE


def _keys(args: argparse.Namespace) -> int:
    store = KeyStore()
    if args.action == "delete":
        store.delete(args.provider)
        return EXIT_OK
    if sys.stdin.isatty():
        import getpass

        key = getpass.getpass(f"API key for {args.provider}: ")
    else:
        key = sys.stdin.readline()
    if not key.strip():
        print("No key given; nothing stored.", file=sys.stderr)
        return EXIT_INVALID
    if not store.set(args.provider, key):
        print("No OS keyring is available; the key was not stored.", file=sys.stderr)
        return EXIT_INVALID
    print(f"Stored the {args.provider} key in the OS keyring.", file=sys.stderr)
    return EXIT_OK


#: What JSON leaves raw with ensure_ascii=False but a terminal may obey: C1 controls (0x9b is
#: CSI) and the Unicode controls that reorder text. Written as \uXXXX escapes, JSON keeps them.
_JSON_ESCAPES = {
    code: f"\\u{code:04x}"
    for code in (*range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))
}


def print_json(data: dict[str, Any]) -> None:
    """One JSON object per line; json.dumps escapes C0 controls, the rest are escaped here."""
    print(json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES), flush=True)


def say(text: object, *, err: bool = True) -> None:
    """Print a line that may hold provider text, without its control characters or escapes."""
    print(plain_text(str(text)), file=sys.stderr if err else sys.stdout, flush=True)


def say_error(message: str) -> None:
    """An error on stderr, noted in the log file too, with where that file is."""
    log.info("error: %s", message)  # the file only: stderr gets it just below
    where = current_log()
    say(f"error: {message}" + (f"\n  (details are in the log: {where})" if where else ""))


def on_progress(event: object) -> None:
    if isinstance(event, JobChanged):
        job = event.job
        note = f" ({job.waiting})" if job.waiting else ""
        say(f"[{job.id[:8]}] {job.state.value}{note}")
