"""The `image-studio` command: the desktop studio by default, and a scriptable face of the engine.

Progress goes to stderr; stdout carries saved file paths (or JSON with --json).
Exit codes: 0 success, 2 invalid request (nothing sent), 3 authentication failed, 4 insufficient
credits, 5 provider failed, 6 timed out (still recoverable), 7 over budget (nothing sent), 8 the
journal or data folder cannot be written (a full disk, no permission), 130 interrupted.

The window starts through `main` too, so this module imports only the printing helpers; a
command line that only opens the window (`studio.cli.window_words`) does without the parser, and
the engine's commands (`studio.cli.run`) are imported when one of them runs.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from studio import __version__
from studio.cli.output import (
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_LOCAL_STORAGE,
    EXIT_OK,
    PROGRESS,
    print_json,
    say,
    say_error,
)
from studio.cli.window_words import window_only
from studio.logfile import log_path, start_log, warnings_to_stderr
from studio.settings import journal_path

if TYPE_CHECKING:
    from studio.cli.parser import CLI_PROVIDERS, build_parser

log = logging.getLogger("studio.cli")
__all__ = [
    "CLI_PROVIDERS",
    "EXIT_INTERRUPTED",
    "EXIT_INVALID",
    "EXIT_LOCAL_STORAGE",
    "EXIT_OK",
    "build_parser",
    "main",
    "print_json",
]


def __getattr__(name: str) -> Any:
    """The parser's names, imported on first use (the window starts without the parser)."""
    if name in ("CLI_PROVIDERS", "build_parser"):
        from studio.cli import parser

        return getattr(parser, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _open_window(*, demo: bool, files: list[str]) -> int:
    """The studio window with `files` offered for reuse; or, when this user's studio is open
    already, hand the files to it (it comes forward) and end here."""
    from studio.ui.shell.instance_client import absolute_files, hand_over

    paths = absolute_files(files)
    if hand_over(paths):
        log.info("handed %d file(s) to the studio already open", len(paths))
        return EXIT_OK
    from studio.ui.shell.app import run

    return run(demo=demo, argv=[sys.argv[0]], files=paths)


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if (window := window_only(words)) is not None:
        start_log()
        log.info("image-studio %s: window", __version__)
        demo, files = window
        return _open_window(demo=demo, files=files)
    from studio.cli.parser import build_parser, window_files

    parser = build_parser()
    options, files = window_files(parser, words)
    args = parser.parse_args(options)
    if args.command == "completion":  # a script for the shell, before any log is opened
        from studio.cli.info import completion

        return completion(args, parser)
    start_log()
    if args.command is not None:
        warnings_to_stderr()
    log.info("image-studio %s: %s", __version__, args.command or "window")
    PROGRESS.quiet = bool(getattr(args, "quiet", False))
    if args.command is None:
        return _open_window(demo=args.demo, files=files)
    if args.command == "emulator":
        from studio.emulator import serve

        serve(port=args.port, faults_file=args.faults, task_seconds=args.task_seconds)
        return EXIT_OK
    if args.command in ("keys", "models"):
        from studio.cli import info as cli_info

        return int(getattr(cli_info, args.command)(args))
    if args.command == "logs" or (args.command == "jobs" and args.what == "path"):
        say(log_path() if args.command == "logs" else journal_path(), err=False)
        return EXIT_OK
    import asyncio
    import sqlite3

    from studio.cli import run as cli_run
    from studio.cli import wallet as cli_wallet
    from studio.engine.journal_schema import JournalUnusable
    from studio.providers.asyncio_thread import asyncio_thread

    try:
        with asyncio_thread():
            return asyncio.run({**cli_run.COMMANDS, **cli_wallet.COMMANDS}[args.command](args))
    except KeyboardInterrupt:
        PROGRESS.clear()
        print("Interrupted; unfinished jobs continue with 'image-studio resume'.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except JournalUnusable as exc:  # too new, or not the schema its version says: untouched
        say_error(f"{exc} ({journal_path()})")
        return EXIT_LOCAL_STORAGE
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
    finally:
        PROGRESS.clear()
