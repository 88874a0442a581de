"""Shared plumbing: figures, isolated homes, the emulator in its own process, statistics."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PLATFORM = "offscreen"
#: Where benchmark processes keep compiled bytecode. An installed studio has its .pyc files
#: (pip compiles on install); a shell with PYTHONDONTWRITEBYTECODE set would instead make every
#: measured start recompile each module from source. Both sides of every figure share it, and it
#: lives outside the working tree.
PYCACHE = Path(tempfile.gettempdir()) / "image-studio-bench-pycache"


@dataclass
class Figure:
    """One row of the table. `ratio` is studio / baseline (None when there is no baseline);
    `budget` is judged against `judged` (the ratio or an absolute value, per `unit`)."""

    name: str
    metric: str
    baseline: float | None
    studio: float | None
    unit: str  # "s", "ms", "MB"
    budget: str
    passed: bool | None
    judged_on: str = "ratio"  # "ratio" or "absolute"
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.studio is None or self.baseline == 0:
            return None
        return self.studio / self.baseline


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def isolated_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a studio process whose every folder lives under `home`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "JOYAI_API_KEY",
            "GPTIMAGE2_API_KEY",
            "ICODEEASY_API_KEY",
            "OPENAI_API_KEY",
            "STUDIO_AUTOTEST_PROMPT",
            "PYTHONDONTWRITEBYTECODE",
        )
    }
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local/share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_STATE_HOME=str(home / ".local/state"),
        XDG_PICTURES_DIR=str(home / "Pictures"),
        XDG_RUNTIME_DIR=str(home / "runtime"),
        PYTHON_KEYRING_BACKEND="studio.keys.MemoryKeyring",
        QT_QPA_PLATFORM=PLATFORM,
        PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        NO_PROXY="*",
        PYTHONPYCACHEPREFIX=str(PYCACHE),
    )
    for sub in (".config", ".local/share", ".cache", ".local/state", "Pictures", "runtime"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    (home / "runtime").chmod(0o700)
    env.update(extra)
    return env


@contextlib.contextmanager
def temp_home(prefix: str = "bench-") -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        yield Path(folder)


@contextlib.contextmanager
def emulator_process(*, image_bytes: int = 1_000_000) -> Iterator[str]:
    """The emulator served by uvicorn in its own process (no shared GIL); yields its root URL."""
    with server_process("bench.emulator_server", ["--image-bytes", str(image_bytes)]) as url:
        yield url


@contextlib.contextmanager
def server_process(module: str, args: Sequence[str]) -> Iterator[str]:
    """``python -m module --port PORT args`` in its own process; yields its root URL once it
    accepts connections."""
    port = free_port()
    with temp_home("bench-server-") as home:
        env = isolated_env(home)
        cmd = [sys.executable, "-m", module, "--port", str(port), *args]
        proc = subprocess.Popen(
            cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(
                        f"{module} exited: " + (proc.stderr.read().decode() if proc.stderr else "")
                    )
                with (
                    contextlib.suppress(OSError),
                    socket.create_connection(("127.0.0.1", port), timeout=0.2),
                ):
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{module} did not start")
                time.sleep(0.05)
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


#: The process's CPU seconds (all its threads) over the timed part of a worker's side, as
#: `stop_clock` measured it; `worker_main` reports it beside the wall time.
_timed_cpu: float | None = None


def start_clock() -> tuple[float, float]:
    """Start timing a side: wall clock and the process's CPU time."""
    return time.perf_counter(), time.process_time()


def stop_clock(started: tuple[float, float]) -> float:
    """Wall seconds since `start_clock`; the CPU seconds of the same stretch are kept for
    `worker_main`. On these two shared cores CPU per job moves far less with the machine's
    load than wall time does (bench/README.md, engine throughput)."""
    global _timed_cpu
    wall, cpu = started
    _timed_cpu = time.process_time() - cpu
    return time.perf_counter() - wall


def run_worker(
    module: str, args: Sequence[str], *, env: dict[str, str], timeout: float = 900
) -> dict[str, Any]:
    """Run ``python -m module args`` and parse the JSON object on its last stdout line."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{module} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


async def time_engine_jobs(
    request: Any, *, url: str, jobs: int, concurrency: int, out: Path, poll_interval: float = 0.0
) -> float:
    """Seconds for the studio's engine to take `jobs` copies of `request` (a
    GenerationRequest) from submit to a saved file, `concurrency` at a time."""
    import asyncio
    import importlib

    from studio.domain.catalog import provider_spec
    from studio.domain.models import JobState
    from studio.emulator import base_url_for
    from studio.engine.runner import STEPS_MODULE, Engine
    from studio.keys import KeyStore
    from studio.providers import ClientOptions
    from studio.providers.asyncio_thread import asyncio_thread
    from studio.settings import Settings

    provider = request.provider
    settings = Settings(library_dir=str(out), concurrency={provider: concurrency})
    eng = Engine(
        journal_path=out.parent / "journal.sqlite3",
        settings=settings,
        keys=KeyStore(),
        client_options=ClientOptions(trust_env=False),
        poll_interval=poll_interval,
        staging_dir=out.parent / "staging",
    )
    base = base_url_for(url, provider)
    try:
        # As the baselines import their HTTP stack and build their client before their clock
        # starts, so does the engine: its job steps and this provider's client (imports and
        # the SSL context) are ready before the first submit. Without this, the engine's side
        # alone counted about 0.1 s of one-off imports (httpcore pulls in trio where it is
        # installed) in a 2-5 s figure.
        importlib.import_module(STEPS_MODULE)
        await eng.clients.get(provider_spec(provider), base_url=base, key_env=None)
        with asyncio_thread():  # as the command line and the window's engine thread run it
            clock = start_clock()
            records = [await eng.submit(request, base_url=base) for _ in range(jobs)]
            finished = await asyncio.gather(*(eng.wait(r.id) for r in records))
            elapsed = stop_clock(clock)
    finally:
        await eng.aclose()
    bad = [r for r in finished if r.state is not JobState.succeeded]
    if bad:
        raise RuntimeError(f"{len(bad)} jobs did not succeed: {bad[0].error_message}")
    return elapsed


def worker_main(argv: Sequence[str], sides: dict[str, Any]) -> None:
    """A benchmark side in its own process: run it, print seconds (and the CPU seconds of the
    timed part, where the side used `stop_clock`) and what it saved as JSON."""
    import asyncio

    side, url, count, concurrency, out = argv
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    elapsed = asyncio.run(sides[side](url, int(count), int(concurrency), folder))
    files = [p for p in folder.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files) / max(1, len(files))
    print(
        json.dumps({"seconds": elapsed, "cpu": _timed_cpu, "files": len(files), "mean_bytes": size})
    )
