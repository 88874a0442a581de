"""The parser of `compare`, `budget` and `spend` (and `--base-url PROVIDER=URL`, which `batch`
takes too): one wallet and side-by-side comparisons on the command line."""

from __future__ import annotations

import argparse
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from studio.cli.provider_choices import ProviderIds

PROVIDER_IDS = ProviderIds()
BUDGET_PROVIDERS = ProviderIds(without=("demo",))
_RAW = argparse.RawDescriptionHelpFormatter


def _example(*lines: str) -> str:
    return "example:\n" + "\n".join(f"  {line}" for line in lines)


def provider_url(text: str) -> tuple[str, str]:
    """PROVIDER=URL, as --base-url of compare and batch takes it."""
    provider, sep, url = text.partition("=")
    if not sep or provider not in PROVIDER_IDS or not url:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not PROVIDER=URL with PROVIDER one of {', '.join(PROVIDER_IDS)}"
        )
    return provider, url


def amount(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"{text!r} is not an amount like 40 or 2.5") from None
    if not value.is_finite() or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: a cap is 0 or more")
    return value


def add_base_urls(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--base-url",
        dest="base_urls",
        action="append",
        default=[],
        type=provider_url,
        metavar="PROVIDER=URL",
        help="use this address for PROVIDER (http:// only to this computer); repeatable",
    )


def add_commands(commands: Any, command: Any, exit_codes: str, day: Any) -> None:
    """`command(commands, name, help, epilog)` makes a subparser as the main parser does;
    `day` reads a YYYY-MM-DD option."""
    _add_compare(command(commands, "compare", "send one prompt to several providers and models "
                 "side by side, all or nothing", _compare_epilog(exit_codes)))  # fmt: skip
    _add_budget(
        command(
            commands,
            "budget",
            "set, show or clear daily and monthly caps per provider, in its unit",
            _example(
                "image-studio budget set joyai --daily 40 --monthly 500",
                "image-studio budget show --json",
                "image-studio budget clear joyai",
            )
            + "\n\nA job (or a whole batch or compare) whose estimate would take a provider's"
            "\ncharged plus in-flight spend over a cap is refused before anything is sent"
            " (exit 7).",
        )
    )
    _add_spend(
        command(
            commands,
            "spend",
            "what each provider charged today, this week and this month, in its own unit",
            _example("image-studio spend", "image-studio spend --since 2026-11-01 --json"),
        ),
        day,
    )


def _compare_epilog(exit_codes: str) -> str:
    return (
        _example(
            "image-studio compare --prompt 'a red chair' --target joyai:gptimage2:medium \\",
            "    --target gptimage2ai --target icodeeasy:gpt-image-2 --target openai:gpt-image-2",
            "image-studio compare --list",
            "image-studio compare --again GROUP --prompt 'a blue chair'",
        )
        + "\n\nEvery target is checked before any is sent; if one cannot take the request,"
        "\nnothing is sent and each target's note says why. Exit code: the worst job's.\n"
        + exit_codes
    )


def _add_compare(compare: argparse.ArgumentParser) -> None:
    compare.add_argument("--prompt", help="what to draw, the same for every target")
    compare.add_argument(
        "--target",
        dest="targets",
        action="append",
        default=[],
        metavar="PROVIDER[:MODEL[:QUALITY]]",
        help="one column of the comparison; repeat for each (two or more)",
    )
    compare.add_argument("--ratio", help="aspect ratio for every target, e.g. 16:9")
    compare.add_argument(
        "--resolution", choices=("1k", "2k", "4k"), help="resolution tier for every target"
    )
    compare.add_argument(
        "--ref", action="append", default=[], metavar="PATH_OR_URL", help="a reference image"
    )
    compare.add_argument(
        "--inline-refs", action="store_true", help="send local references inline as data URLs"
    )
    add_base_urls(compare)
    compare.add_argument("--output-dir", type=Path, help="save results here (default: the library)")
    compare.add_argument(
        "--list", action="store_true", help="list the compare groups in the journal, newest first"
    )
    compare.add_argument(
        "--again",
        metavar="GROUP",
        help="run a compare group's targets again with a new --prompt (the group id or its start)",
    )
    compare.add_argument(
        "--json",
        action="store_true",
        help="one JSON object per job: generate's shape plus 'group' and 'target'",
    )
    compare.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")


def _add_budget(budget: argparse.ArgumentParser) -> None:
    actions = budget.add_subparsers(dest="action", metavar="ACTION", required=True)
    setting = actions.add_parser(
        "set", help="set a provider's caps (an option left out keeps its cap)"
    )
    setting.add_argument(
        "provider",
        choices=BUDGET_PROVIDERS,
        metavar="PROVIDER",
        help="whose spend to cap: %(choices)s",
    )
    setting.add_argument("--daily", type=amount, metavar="N", help="cap per local calendar day")
    setting.add_argument("--monthly", type=amount, metavar="N", help="cap per calendar month")
    show = actions.add_parser(
        "show", help="the caps, with what is spent and in flight against them"
    )
    show.add_argument("--json", action="store_true", help="one JSON object per provider")
    clear = actions.add_parser("clear", help="remove a provider's caps")
    clear.add_argument(
        "provider", choices=BUDGET_PROVIDERS, metavar="PROVIDER", help="whose caps: %(choices)s"
    )


def _add_spend(spend: argparse.ArgumentParser, day: Any) -> None:
    spend.add_argument(
        "--since",
        metavar="YYYY-MM-DD",
        type=day,
        help="also total and list per day from this day on (default: the last 30 days)",
    )
    spend.add_argument("--json", action="store_true", help="one JSON object per provider and unit")
