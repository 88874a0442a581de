"""The command line's wallet and comparisons: `budget`, `spend` and `compare` (the same engine,
journal and rules the window uses)."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable, Coroutine
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from studio.cli.output import (
    EXIT_OK,
    iso_utc,
    job_json,
    on_progress,
    print_json,
    refused_json,
    say,
    say_error,
)
from studio.cli.run import _close, _exit_code, _fail, _report, make_engine
from studio.domain.compare import ComparePlan, Shared, parse_target, plan
from studio.domain.errors import InvalidRequest, StudioError
from studio.domain.models import ReferenceImage
from studio.engine import compare as compare_engine
from studio.engine import wallet
from studio.engine.events import JobRecord
from studio.engine.journal import Journal
from studio.settings import journal_path


def _text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.normalize():f}"


# -- budget ------------------------------------------------------------------------------------


async def budget(args: argparse.Namespace) -> int:
    journal = Journal(journal_path())
    try:
        if args.action == "set":
            old = journal.budgets().get(args.provider)
            daily = args.daily if args.daily is not None else (old.daily if old else None)
            monthly = args.monthly if args.monthly is not None else (old.monthly if old else None)
            try:
                cap = wallet.new_budget(args.provider, daily, monthly)
            except InvalidRequest as exc:
                return _fail(exc, as_json=False)
            journal.set_budget(cap)
            say(f"{wallet.provider_label(cap.provider)}: {_caps(cap)}.", err=False)
        elif args.action == "clear":
            cleared = journal.clear_budget(args.provider)
            say(f"{args.provider}: {'caps cleared' if cleared else 'had no caps'}.", err=False)
        else:
            _show_budgets(journal, as_json=args.json)
    finally:
        journal.close()
    return EXIT_OK


def _usage(spent: Decimal, pending: Decimal) -> dict[str, str | None]:
    return {"spent": _text(spent), "in_flight": _text(pending)}


def _caps(cap: wallet.Budget) -> str:
    parts = [f"{_text(cap.daily)} {cap.unit} a day" if cap.daily is not None else None]
    parts.append(f"{_text(cap.monthly)} {cap.unit} a month" if cap.monthly is not None else None)
    return ", ".join(p for p in parts if p)


def _show_budgets(journal: Journal, *, as_json: bool) -> None:
    caps = journal.budgets()
    if not caps and not as_json:
        say("No caps set; 'image-studio budget set PROVIDER --daily N' sets one.", err=False)
    for cap in caps.values():
        usage = wallet.budget_usage(journal, cap)
        if as_json:
            print_json(
                {
                    "provider": cap.provider,
                    "unit": cap.unit,
                    "daily": _text(cap.daily),
                    "monthly": _text(cap.monthly),
                    "today": _usage(*usage["daily"]),
                    "month": _usage(*usage["monthly"]),
                }
            )
            continue
        lines = []
        for attribute, period in (("daily", "today"), ("monthly", "this month")):
            cap_amount = getattr(cap, attribute)
            if cap_amount is None:
                continue
            spent, pending = usage[attribute]
            flying = f", {_text(pending)} in flight" if pending else ""
            lines.append(f"{period} {_text(spent)} of {_text(cap_amount)} {cap.unit} spent{flying}")
        say(f"{cap.provider:<12} " + "; ".join(lines), err=False)


# -- spend -------------------------------------------------------------------------------------


async def spend(args: argparse.Namespace) -> int:
    journal = Journal(journal_path())
    try:
        since = args.since.date() if args.since else None
        lines = wallet.spend(journal, since=since)
    finally:
        journal.close()
    first = since or date.today() - timedelta(days=29)
    if args.json:
        for line in lines:
            balance = line.balance
            print_json(
                {
                    "provider": line.provider,
                    "unit": line.unit,
                    "today": _text(line.today),
                    "week": _text(line.week),
                    "month": _text(line.month),
                    "since": {"from": first.isoformat(), "amount": _text(line.since)},
                    "days": {d.isoformat(): _text(a) for d, a in sorted(line.days.items())},
                    "balance": None
                    if balance is None
                    else {
                        "amount": _text(balance.balance.amount),
                        "unit": balance.balance.unit,
                        "seen_at": iso_utc(balance.seen_at),
                    },
                }
            )
        return EXIT_OK
    if not lines:
        say("Nothing charged yet.", err=False)
        return EXIT_OK
    since_label = "since " + first.isoformat()
    say(
        f"{'provider':<12} {'unit':<8} {'today':>9} {'week':>9} {'month':>9} {since_label:>17}"
        "  balance",
        err=False,
    )
    for line in lines:
        seen = line.balance
        shown = f"{seen.balance} (seen {iso_utc(seen.seen_at)})" if seen else "-"
        say(
            f"{line.provider:<12} {line.unit:<8} {_text(line.today):>9} {_text(line.week):>9} "
            f"{_text(line.month):>9} {_text(line.since):>17}  {shown}",
            err=False,
        )
    return EXIT_OK


# -- compare -----------------------------------------------------------------------------------


async def compare(args: argparse.Namespace) -> int:
    if args.list:
        return _list_groups(as_json=args.json)
    if not args.prompt:
        return _fail(InvalidRequest("Give the prompt to compare with --prompt."), as_json=args.json)
    engine = make_engine()
    engine.subscribe(on_progress)
    try:
        try:
            if args.again:
                group = await engine.db(lambda j: compare_engine.find_group(j, args.again))
                chosen = await engine.db(lambda j: compare_engine.again(j, group, args.prompt))
            else:
                if not args.targets:
                    raise InvalidRequest("Name the targets with --target, two or more.")
                group = None
                shared = Shared(
                    args.prompt,
                    ratio=args.ratio,
                    resolution=args.resolution,
                    references=tuple(ReferenceImage(r) for r in args.ref),
                    inline_references=args.inline_refs,
                )
                chosen = plan([parse_target(t) for t in args.targets], shared)
            for target, note in chosen.notes.items():
                say(f"{target}: {note}")
            _say_total(chosen)
            group, started = await compare_engine.start(
                engine,
                chosen,
                base_urls=dict(args.base_urls),
                library_dir=str(args.output_dir or ""),
                group=group,
            )
        except StudioError as exc:
            say_error(exc.message)
            if args.json:
                print_json({**refused_json(exc.message), "group": None, "target": None})
            return exc.exit_code
        say(f"compare group {group}")
        codes = await asyncio.gather(*(_finish(engine, r, args) for r in started))
        return max([EXIT_OK, *codes])
    finally:
        await _close(engine)


def _say_total(chosen: ComparePlan) -> None:
    total = ", ".join(f"{p} {cost}" for p, cost in chosen.total()) or "nothing known"
    unpriced = chosen.unpriced()
    also = f" (no published price: {', '.join(unpriced)})" if unpriced else ""
    say(f"Estimated total: {total}{also}")


async def _finish(engine: Any, record: JobRecord, args: argparse.Namespace) -> int:
    record = await engine.wait(record.id)
    if args.json:
        print_json({**job_json(record), "group": record.group, "target": record.target})
    else:
        say(f"{record.target}: {record.state.value}")
        _report(record, as_json=False)
    return _exit_code(record)


def _list_groups(*, as_json: bool) -> int:
    journal = Journal(journal_path())
    try:
        for group in journal.groups():
            rows = compare_engine.table(journal, group.id).rows
            if as_json:
                print_json(
                    {
                        "group": group.id,
                        "created_at": iso_utc(group.created_at),
                        "targets": list(group.targets),
                        "prompts": [prompt for prompt, _ in rows],
                    }
                )
            else:
                last = rows[-1][0].replace("\n", " ") if rows else ""
                say(
                    f"{group.id[:8]}  {iso_utc(group.created_at)}  {len(rows)} prompt(s)  "
                    f"{', '.join(group.targets)}  {last[:40]}",
                    err=False,
                )
    finally:
        journal.close()
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], Coroutine[Any, Any, int]]] = {
    "budget": budget,
    "spend": spend,
    "compare": compare,
}
