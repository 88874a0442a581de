"""Runs the figures one after another (never in parallel: they share two cores), prints one
table and writes it, with the machine and versions, to bench/RESULTS.md.

``python -m bench [--quick] [--only NAME ...] [--no-write]``
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import importlib.metadata
import os
import platform
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from bench.common import Figure

#: name -> module with ``measure(quick: bool) -> list[Figure]``
FIGURES: dict[str, str] = {
    "startup": "bench.startup",  # start-up and idle memory
    "throughput": "bench.throughput",
    "latency": "bench.latency",  # provider done -> image in the library
    "sdk": "bench.sdk",
    "ui": "bench.ui_responsiveness",
    "library": "bench.big_library",
    "reference": "bench.reference",
}
RESULTS = Path(__file__).with_name("RESULTS.md")
PACKAGES = (
    "PySide6-Essentials",
    "qasync",
    "httpx",
    "httpcore",
    "uvicorn",
    "starlette",
    "pillow",
    "openai",
    "py-spy",
    "pyinstrument",
    "psutil",
)


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(
                line.split(":", 1)[1].strip() for line in info if line.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    mem = ""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            kb = int(next(line.split()[1] for line in info if line.startswith("MemTotal")))
            mem = f", {kb / 1e6:.1f} GB RAM"
    except (OSError, StopIteration):
        pass
    versions = ", ".join(f"{p} {_version(p)}" for p in PACKAGES)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"- Machine: {platform.node()} - {platform.system()} {platform.release()}, {cpu}, "
        f"{os.cpu_count()} CPUs{mem}",
        f"- Python {platform.python_version()} ({sys.executable}); Qt platform: offscreen",
        f"- Versions: {versions}",
        f"- Load average (1, 5, 15 min) when the table was written: {load}; on a machine "
        "shared with other work the wall-clock figures (gaps above all) are noisy",
    ]


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return f"{value:.3f} s" if value < 10 else f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    return f"{value:.1f} {unit}"


def table(figures: list[Figure]) -> list[str]:
    lines = [
        "| figure | measured | baseline | studio | ratio | budget | result |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        ratio = f"{f.ratio:.2f}x" if f.ratio is not None else "-"
        result = {True: "PASS", False: "FAIL", None: "n/a"}[f.passed]
        if f.judged_on == "absolute":
            result += " (absolute)"
        lines.append(
            f"| {f.name} | {f.metric} | {_fmt(f.baseline, f.unit)} | "
            f"{_fmt(f.studio, f.unit)} | {ratio} | {f.budget} | {result} |"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer jobs and runs (iteration)")
    parser.add_argument(
        "--only",
        action="append",
        choices=sorted(FIGURES),
        metavar="NAME",
        help=f"run only this figure (repeatable): {', '.join(FIGURES)}",
    )
    parser.add_argument("--no-write", action="store_true", help="do not write RESULTS.md")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    figures: list[Figure] = []
    notes: list[str] = []
    started = time.perf_counter()
    for name in args.only or list(FIGURES):
        print(f"[bench] {name} ...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        try:
            measure: Callable[[bool], list[Figure]] = importlib.import_module(FIGURES[name]).measure
            got = measure(args.quick)
        except Exception as exc:
            traceback.print_exc()
            got = [
                Figure(
                    name,
                    f"not measured: {type(exc).__name__}: {exc}"[:160],
                    None,
                    None,
                    "s",
                    "-",
                    None,
                )
            ]
        figures.extend(got)
        for f in got:
            if f.note:
                notes.append(f"- **{f.name}**: {f.note}")
        print(
            f"[bench] {name} done in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True
        )
    rows = table(figures)
    print("\n".join(rows))
    if args.no_write and notes:  # otherwise they are in RESULTS.md's run details
        print("\n".join(["", *notes]))
    failed = [f.name for f in figures if f.passed is False]
    if not args.no_write:
        stamp = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
        mode = "quick" if args.quick else "full"
        text = [
            "# Image Studio benchmark results",
            "",
            f"Written by `python -m bench{' --quick' if args.quick else ''}` on {stamp} "
            f"({mode} run, {time.perf_counter() - started:.0f} s). Ratios are studio / "
            "baseline measured in the same run; absolute times are reported, not judged, "
            "except where the budget itself is absolute.",
            "",
            *machine(),
            "",
            *rows,
            "",
            f"Failing budgets: {', '.join(failed) if failed else 'none'}.",
            "",
            "## Run details",
            "",
            *notes,
            "",
        ]
        RESULTS.write_text("\n".join(text), encoding="utf-8")
        print(f"wrote {RESULTS}", file=sys.stderr)
    return 0
