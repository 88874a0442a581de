"""Result latency: from the moment the provider marks a task done to the moment its image is in
the library, median and 95th percentile, for tasks lasting 1-60 s.

One process: the emulator (uvicorn, on a thread) and the studio's engine, on the same
monotonic clock. Each GPTImage2.ai task lasts a length drawn uniformly from 1-60 s (seeded by
its task id), and time is scaled down `SCALE` times in the emulator and in the poll schedule
alike, so a run takes seconds. The emulator knows when it marks each task done (its start plus
its length); the engine's event for the job's success is "in the library". The delays are
reported scaled back up.

- studio: the engine on each provider's own schedule (studio/domain/polling.py), scaled.
- baseline: the same engine polling every 2.0 s from the create on (the schedule before #23),
  scaled.

What does not scale (the poll's round trip, the download, the check and the save: a few ms)
is multiplied by `SCALE` in the report, so both figures overstate it alike; `note` gives the
least delay seen, which is mostly that.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

from bench.common import Figure, free_port, median, percentile

SCALE = 5.0
#: Task lengths, in unscaled seconds.
SHORTEST, LONGEST = 1.0, 60.0
PROVIDER = "gptimage2ai"
#: The fixed wait before every poll that the studio used before the schedule.
OLD_INTERVAL = 2.0


def start_emulator(port: int) -> tuple[object, object, threading.Thread]:
    import uvicorn

    from bench.emulator_server import grainy_render
    from studio.emulator import EmulatorConfig, create_app
    from studio.emulator import openai_images as emulator_openai
    from studio.emulator import state as emulator_state

    render = grainy_render(0)  # the plain placeholder, drawn once per spec
    emulator_state.render = render  # type: ignore[assignment]
    emulator_openai.render = render  # type: ignore[assignment]
    config = EmulatorConfig(
        task_seconds_range=(SHORTEST / SCALE, LONGEST / SCALE),
        default_credits=10**12,
        default_cny=Decimal(10**12),
    )
    app = create_app(config)
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", lifespan="off", access_log=False
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    return server, app.state.emulator, thread


async def delays(
    url: str, emulator: object, jobs: int, out: Path, *, scheduled: bool
) -> list[float]:
    """Seconds (unscaled) from "done" at the provider to "saved" in the engine, per job."""
    from studio.domain.catalog import ProviderSpec
    from studio.domain.models import GenerationRequest, JobState
    from studio.domain.polling import PollSchedule
    from studio.emulator import base_url_for
    from studio.engine.events import JobChanged
    from studio.engine.runner import Engine
    from studio.keys import KeyStore
    from studio.providers import ClientOptions
    from studio.settings import Settings

    class Scaled(Engine):
        def poll_schedule(self, provider: ProviderSpec) -> PollSchedule:
            real = super().poll_schedule(provider)
            if self.poll_interval is not None:  # the baseline's interval is scaled already
                return real
            return PollSchedule(
                steady=real.steady / SCALE,
                first=real.first / SCALE,
                growth=real.growth,
                longest=real.longest / SCALE,
            )

    saved: dict[str, float] = {}

    def on_event(event: object) -> None:
        if isinstance(event, JobChanged) and event.job.state is JobState.succeeded:
            saved.setdefault(event.job.task_id or "", time.monotonic())

    engine = Scaled(
        journal_path=out / "journal.sqlite3",
        settings=Settings(library_dir=str(out / "library"), concurrency={PROVIDER: jobs}),
        keys=KeyStore(),
        client_options=ClientOptions(trust_env=False),
        poll_interval=None if scheduled else OLD_INTERVAL / SCALE,
        staging_dir=out / "staging",
    )
    engine.subscribe(on_event)
    base = base_url_for(url, PROVIDER)
    try:
        request = GenerationRequest(provider=PROVIDER, model="gpt-image-2", prompt="a latency run")
        records = [await engine.submit(request, base_url=base) for _ in range(jobs)]
        finished = await asyncio.gather(*(engine.wait(r.id) for r in records))
    finally:
        await engine.aclose()
    bad = [r for r in finished if r.state is not JobState.succeeded]
    if bad:
        raise RuntimeError(f"{len(bad)} jobs did not succeed: {bad[0].error_message}")
    state = emulator
    out_delays = []
    for record in finished:
        task = state.task(record.task_id)  # type: ignore[attr-defined]
        done = task.started + state.config.task_length(task.id)  # type: ignore[attr-defined]
        out_delays.append((saved[record.task_id or ""] - done) * SCALE)
    return out_delays


def measure(quick: bool) -> list[Figure]:
    jobs, runs = (30, 1) if quick else (60, 3)
    port = free_port()
    server, emulator, thread = start_emulator(port)
    url = f"http://127.0.0.1:{port}"
    os.environ.setdefault("GPTIMAGE2_API_KEY", "bench-key")  # the emulator takes any key
    studio: list[float] = []
    baseline: list[float] = []
    try:
        for _ in range(runs):
            for scheduled, into in ((True, studio), (False, baseline)):
                with tempfile.TemporaryDirectory(prefix="bench-latency-") as folder:
                    into.extend(
                        asyncio.run(delays(url, emulator, jobs, Path(folder), scheduled=scheduled))
                    )
    finally:
        server.should_exit = True  # type: ignore[attr-defined]
        thread.join(timeout=10)
    s_med, b_med = median(studio), median(baseline)
    s_p95, b_p95 = percentile(studio, 95), percentile(baseline, 95)
    return [
        Figure(
            "result latency",
            f"{PROVIDER} task done -> image in the library, {len(studio)} tasks of "
            f"{SHORTEST:g}-{LONGEST:g} s (time scaled 1/{SCALE:g}), median",
            b_med,
            s_med,
            "s",
            "reported (#23 sets none)",
            None,
            judged_on="absolute",
            note=f"p95 {s_p95:.2f} s (fixed 2 s polls: {b_p95:.2f} s); least "
            f"{min(studio):.2f} s (fixed: {min(baseline):.2f} s)",
        )
    ]


if __name__ == "__main__":
    for figure in measure(quick=True):
        print(figure)
