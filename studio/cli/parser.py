"""The `image-studio` argument parser: every command, every option with its help, an example each.

Kept apart from `studio.cli` so the parser (which `image-studio completion` also hands to shtab)
imports only the catalog, not the engine.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import Any

from studio import __version__
from studio.cli import parser_wallet as cli_parser_wallet
from studio.cli import window_words
from studio.cli.provider_choices import ProviderIds

CLI_PROVIDERS = ("joyai", "gptimage2ai", "icodeeasy", "openai", "demo")
# Choices named by a metavar: argparse would otherwise list them (reading the catalog) as each
# argument is added, and the window starts through this parser.
PROVIDER_IDS = ProviderIds()
KEYS_AND_S3 = ProviderIds(without=("demo",), extra=("s3",))
SHELLS = ("bash", "zsh", "fish")
_RAW = argparse.RawDescriptionHelpFormatter

EXIT_CODES = (
    "Exit codes: 0 success, 2 invalid request (nothing sent), 3 authentication failed,\n"
    "4 insufficient credits, 5 provider failed, 6 timed out (resumable), 7 over budget\n"
    "(nothing sent), 8 the journal or data folder cannot be written, 130 interrupted."
)


def _example(*lines: str) -> str:
    return "example:\n" + "\n".join(f"  {line}" for line in lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="image-studio",
        description="Generate and edit images through hosted image APIs. With no command, "
        "opens the desktop studio; 'image-studio [--demo] FILE...' opens it with these images "
        "(or hands them to the studio already open). A file named like a command: ./NAME.",
        formatter_class=_RAW,
        epilog="Keys come from --api-key-env VAR, the provider's variable (JOYAI_API_KEY,\n"
        "GPTIMAGE2_API_KEY, ICODEEASY_API_KEY, OPENAI_API_KEY) or the OS keyring\n"
        "('image-studio keys set PROVIDER' reads one from stdin).\n"
        f"{EXIT_CODES}\n\n"
        + _example(
            "image-studio --demo",
            "image-studio generate --provider demo --prompt 'a lighthouse at dusk'",
        ),
    )
    parser.add_argument("--version", action="version", version=f"image-studio {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help="open the studio on the built-in offline demo provider"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_generate(commands)
    _add_batch(commands)
    cli_parser_wallet.add_commands(commands, _command, EXIT_CODES, local_day)
    _add_jobs(commands)
    _add_resume(commands)
    _add_models(commands)
    _add_keys(commands)
    _add_logs(commands)
    _add_completion(commands)
    _add_emulator(commands)
    return parser


def window_files(parser: argparse.ArgumentParser, argv: list[str]) -> tuple[list[str], list[str]]:
    """Split `image-studio [OPTIONS] FILE...` into the options and the files
    (`studio.cli.window_words.split`); a command line with a command is all options. Every file
    must exist (a mistyped command is refused here, not opened as a missing image)."""
    commands = frozenset(_command_names(parser))
    parts = window_words.split(argv, commands)
    if parts is None:
        return argv, []
    for word in parts[1]:
        if not window_words.file_exists(word):
            close = ", ".join(sorted(commands))
            parser.error(f"{word!r} is neither a file nor a command ({close})")
    return parts


def _command_names(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def local_day(text: str) -> datetime:
    """A YYYY-MM-DD option as the start of that day on this computer's clock."""
    try:
        return datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2025-01-31") from None


def _command(commands: Any, name: str, help_text: str, example: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=help_text,
        description=help_text[0].upper() + help_text[1:] + ".",
        epilog=example,
        formatter_class=_RAW,
    )
    return parser


def _add_quiet(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress on stderr (errors are still printed)",
    )


def _add_json(parser: argparse.ArgumentParser, what: str = "print one JSON object per job") -> None:
    parser.add_argument(
        "--json", action="store_true", help=f"{what} (shape: see README, 'JSON output')"
    )


def add_ref_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ref-bucket",
        metavar="s3://BUCKET/PREFIX",
        help="host local reference files in this S3-compatible bucket and send presigned links "
        "(for providers that take links only: JoyAI, GPTImage2.ai)",
    )
    parser.add_argument(
        "--ref-endpoint",
        metavar="URL",
        help="the bucket's S3 endpoint, e.g. https://s3.eu-central-1.amazonaws.com "
        "(http:// only on this computer)",
    )
    parser.add_argument("--ref-region", metavar="REGION", help="the bucket's region")


def _add_generate(commands: Any) -> None:
    gen = _command(
        commands,
        "generate",
        "generate or edit images with one job",
        _example(
            "image-studio generate --provider joyai --model gptimage2 --prompt 'a red chair' \\",
            "    --quality high --resolution 2k --ratio 4:5 --output-dir ~/Pictures/chairs",
        )
        + "\n\nValid models, qualities, ratios and sizes: 'image-studio models --provider P'.\n"
        + EXIT_CODES,
    )
    gen.add_argument(
        "--provider", required=True, choices=CLI_PROVIDERS, help="the image API to use"
    )
    gen.add_argument("--model", help="the provider's model id (default: its first model)")
    prompt = gen.add_mutually_exclusive_group(required=True)
    prompt.add_argument("--prompt", help="what to draw, or how to edit the references")
    prompt.add_argument("--prompt-file", type=Path, help="read the prompt from this UTF-8 file")
    gen.add_argument("--quality", help="quality tier, e.g. low, medium, high (model-dependent)")
    gen.add_argument("--ratio", help="aspect ratio, e.g. 1:1, 16:9 (model-dependent)")
    gen.add_argument(
        "--resolution",
        choices=("1k", "2k", "4k"),
        help="resolution tier: the long edge 1024, 2048 or 3840 pixels (any provider)",
    )
    gen.add_argument("--size", help="exact size, e.g. 1024x1536 (OpenAI) or 1024*768 (JoyAI Edit)")
    gen.add_argument("--count", type=int, default=1, help="images in the job (default 1)")
    gen.add_argument("--format", choices=("png", "jpeg", "webp"), help="file format of the results")
    gen.add_argument(
        "--ref",
        action="append",
        default=[],
        metavar="PATH_OR_URL",
        help="a reference image to edit or follow; repeat for several",
    )
    extras = {
        "style": "style hint (GPTImage2.ai)",
        "lighting": "lighting hint (GPTImage2.ai)",
        "camera": "camera hint (GPTImage2.ai)",
        "negative": "what to leave out (GPTImage2.ai)",
        "background": "transparent, opaque or auto (OpenAI)",
        "moderation": "low or auto (OpenAI)",
        "input-fidelity": "high or low: how closely an edit keeps the references (OpenAI)",
        "user": "an id of your end user, passed on for abuse monitoring (OpenAI)",
        "callback-url": "the provider calls this URL when the task ends (JoyAI)",
    }
    for extra, help_text in extras.items():
        gen.add_argument(f"--{extra}", help=help_text)
    gen.add_argument(
        "--output-compression", type=int, help="0-100 for jpeg and webp results (OpenAI)"
    )
    gen.add_argument(
        "--partial-images",
        type=int,
        metavar="N",
        help="stream the result with N (0-3) live previews on the way (OpenAI)",
    )
    gen.add_argument(
        "--mask",
        metavar="PNG",
        help="edit only where this PNG (the first reference's size) is transparent (OpenAI)",
    )
    gen.add_argument(
        "--inline-refs",
        action="store_true",
        help="send local reference files inline as data URLs (JoyAI, GPTImage2.ai)",
    )
    add_ref_options(gen)
    gen.add_argument(
        "--base-url", help="override the provider's address (http:// only to this computer)"
    )
    gen.add_argument("--output-dir", type=Path, help="save results here (default: the library)")
    _add_json(gen)
    gen.add_argument("--api-key-env", metavar="VAR", help="read the key from this variable")
    _add_quiet(gen)


def _add_batch(commands: Any) -> None:
    batch = _command(
        commands,
        "batch",
        "run one job per line of a JSONL file",
        "Each line is a JSON object with generate's option names (provider, model, prompt,\n"
        "quality, ratio, resolution, size, count, format, refs, style, ..., base_url, ref_bucket,\n"
        "ref_endpoint, ref_region).\n\n"
        + _example(
            'echo \'{"provider": "demo", "prompt": "a fox"}\' > jobs.jsonl',
            "image-studio batch jobs.jsonl --concurrency 2 --json",
        ),
    )
    batch.add_argument("jobs_file", type=Path, metavar="JOBS.jsonl", help="the job file")
    batch.add_argument(
        "--concurrency", type=int, default=4, help="jobs running at once per provider (default 4)"
    )
    batch.add_argument("--output-dir", type=Path, help="save results here (default: the library)")
    cli_parser_wallet.add_base_urls(batch)
    add_ref_options(batch)
    _add_json(batch)
    _add_quiet(batch)


def _add_jobs(commands: Any) -> None:
    jobs = _command(
        commands,
        "jobs",
        "list the job journal, newest first, or say where it is",
        _example(
            "image-studio jobs --search lighthouse --since 2025-01-31", "image-studio jobs path"
        ),
    )
    jobs.add_argument(
        "what",
        nargs="?",
        choices=("list", "path"),
        default="list",
        help="list (the default) or path: print the journal's file path",
    )
    _add_json(jobs)
    jobs.add_argument("--limit", type=int, default=None, help="at most this many jobs")
    jobs.add_argument(
        "--search", metavar="TEXT", help="only jobs whose prompt, provider or model match"
    )
    jobs.add_argument(
        "--since",
        metavar="YYYY-MM-DD",
        type=local_day,
        help="only jobs created on or after this day",
    )


def _add_resume(commands: Any) -> None:
    resume = _command(
        commands,
        "resume",
        "finish every unfinished job in the journal (never re-sends a paid request)",
        _example("image-studio resume --json"),
    )
    _add_json(resume)
    _add_quiet(resume)


def _add_models(commands: Any) -> None:
    models = _command(
        commands,
        "models",
        "list the providers and models with what each accepts and costs",
        _example("image-studio models --provider openai", "image-studio models --json"),
    )
    models.add_argument(
        "--provider", choices=PROVIDER_IDS, metavar="PROVIDER", help="only this one: %(choices)s"
    )
    models.add_argument(
        "--json", action="store_true", help="one JSON object per provider, with its models"
    )


def _add_keys(commands: Any) -> None:
    keys = _command(
        commands,
        "keys",
        "list, store or remove provider keys (never prints a key)",
        _example(
            "image-studio keys list",
            "printf '%s' \"$KEY\" | image-studio keys set joyai",
            "image-studio keys delete joyai",
        ),
    )
    actions = keys.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser(
        "list", help="which providers have a key, and from where (environment or keyring)"
    )
    _add_json(listing, "one JSON object per provider")
    store = actions.add_parser("set", help="store a key read from stdin in the OS keyring")
    store.add_argument(
        "provider",
        choices=KEYS_AND_S3,
        metavar="PROVIDER",
        help="whose key: %(choices)s (s3: the bucket's secret)",
    )
    delete = actions.add_parser("delete", help="remove a provider's key from the OS keyring")
    delete.add_argument(
        "provider", choices=KEYS_AND_S3, metavar="PROVIDER", help="whose key: %(choices)s"
    )


def _add_logs(commands: Any) -> None:
    logs = _command(
        commands, "logs", "say where the log file is", _example("image-studio logs path")
    )
    logs.add_argument("what", choices=("path",), help="path: print the log file's path")


def _add_completion(commands: Any) -> None:
    completion = _command(
        commands,
        "completion",
        "print a shell completion script",
        _example(
            "source <(image-studio completion bash)        # in ~/.bashrc",
            "image-studio completion zsh > ~/.zfunc/_image-studio",
            "image-studio completion fish > ~/.config/fish/completions/image-studio.fish",
        ),
    )
    completion.add_argument("shell", choices=SHELLS, help="the shell to complete in")


def _add_emulator(commands: Any) -> None:
    emulator = _command(
        commands,
        "emulator",
        "serve the provider emulator on 127.0.0.1 (needs the 'emulator' extra)",
        _example(
            "image-studio emulator --port 8765 &",
            "JOYAI_API_KEY=anything image-studio generate --provider joyai \\",
            "    --base-url http://127.0.0.1:8765 --prompt 'a red chair'",
        ),
    )
    emulator.add_argument("--port", type=int, default=8765, help="port to listen on (default 8765)")
    emulator.add_argument("--faults", metavar="FILE", help="JSON list of fault rules")
    emulator.add_argument(
        "--task-seconds", type=float, default=1.0, help="how long emulated tasks run (default 1)"
    )
