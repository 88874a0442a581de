"""Engine throughput: N jobs (create, poll until done, download a ~1 MB PNG) at concurrency 16
through the studio's engine vs a minimal plain-httpx asyncio script making the same HTTP calls
against the same server process. Each side runs in its own fresh process.

Two servers, because servers differ in how they treat kept-alive connections (#23):
- the emulator (Starlette under uvicorn), JoyAI, tasks done at once, no wait between polls;
- a plain threaded HTTP/1.1 server (`bench.threaded_target`, the standard library's
  ThreadingHTTPServer), GPTImage2.ai, tasks done 0.3 s after the create, polls every 50 ms on
  both sides (the engine's `poll_interval`, the script's sleep).

Worker use: ``python -m bench.throughput plain|engine|plain-gpt|engine-gpt URL JOBS CONCURRENCY
OUT_DIR``.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

from bench.common import (
    Figure,
    emulator_process,
    isolated_env,
    median,
    run_worker,
    server_process,
    start_clock,
    stop_clock,
    temp_home,
    time_engine_jobs,
    worker_main,
)

PROMPT = "a lighthouse on a cliff at dusk, benchmark"
BODY = {
    "model": "gptimage2",
    "prompt": PROMPT,
    "quality": "medium",
    "resolution": "1k",
    "aspect_ratio": "1:1",
    "output_format": "png",
}
KEY = "bench-key"
POLL_INTERVAL = 0.0  # the same for both sides; tasks finish at once on the bench emulator
FAST_POLL = 0.05  # both sides against the threaded server
TASK_SECONDS = 0.3
GPT_BODY = {"prompt": PROMPT, "mode": "text-to-image", "ratio": "1:1", "count": 1}


async def _plain_script(url: str, jobs: int, concurrency: int, out: Path, one_job: Any) -> float:
    """A plain httpx asyncio script: `jobs` calls of `one_job(client, index, out)`,
    `concurrency` at a time, on one client as a script would make it."""
    import httpx

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    headers = {"Authorization": f"Bearer {KEY}"}
    gate = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(
        base_url=url, headers=headers, limits=limits, timeout=60, trust_env=False
    ) as client:

        async def gated(index: int) -> None:
            async with gate:
                await one_job(client, index, out)

        clock = start_clock()
        await asyncio.gather(*(gated(i) for i in range(jobs)))
        return stop_clock(clock)


async def _joyai_job(client: Any, index: int, out: Path) -> None:
    reply = await client.post("/api/v1/generate", json=BODY)
    reply.raise_for_status()
    task_id = reply.json()["data"]["task_id"]
    while True:
        await asyncio.sleep(POLL_INTERVAL)
        reply = await client.get("/api/v1/status", params={"task_id": task_id})
        reply.raise_for_status()
        data = reply.json()["data"]
        if data["status"] == "succeeded":
            break
        if data["status"] == "failed":
            raise RuntimeError("task failed")
    image = await client.get(data["images"][0])
    image.raise_for_status()
    (out / f"{index}.png").write_bytes(image.content)


async def plain(url: str, jobs: int, concurrency: int, out: Path) -> float:
    return await _plain_script(url, jobs, concurrency, out, _joyai_job)


async def engine(url: str, count: int, concurrency: int, out: Path) -> float:
    from studio.domain.models import GenerationRequest

    request = GenerationRequest(
        provider="joyai",
        model="gptimage2",
        prompt=PROMPT,
        quality="medium",
        resolution="1k",
        ratio="1:1",
        output_format="png",
    )
    return await time_engine_jobs(
        request, url=url, jobs=count, concurrency=concurrency, out=out, poll_interval=POLL_INTERVAL
    )


async def engine_unchecked(url: str, count: int, concurrency: int, out: Path) -> float:
    """The engine with its check that a PNG's image data inflates whole (#15) switched off in
    this process: not a setting of the studio, an explanation of its figure. The plain script
    writes what it receives unread; the engine inflates every image before naming its file."""
    from studio.imaging import png_check

    png_check._check_inflates_to = lambda *_args, **_kwargs: None
    return await engine(url, count, concurrency, out)


async def _gptimage2_job(client: Any, index: int, out: Path) -> None:
    """GPTImage2.ai's calls, as a plain script makes them: create, poll every 50 ms, download."""
    reply = await client.post("/api/generate", json=GPT_BODY)
    reply.raise_for_status()
    job_id = reply.json()["jobId"]
    while True:
        await asyncio.sleep(FAST_POLL)
        reply = await client.get(f"/api/generate/{job_id}")
        reply.raise_for_status()
        body = reply.json()
        if body["status"] == "succeeded":
            break
        if body["status"] == "failed":
            raise RuntimeError("job failed")
    image = await client.get(body["results"][0]["imageUrl"])
    image.raise_for_status()
    (out / f"{index}.png").write_bytes(image.content)


async def plain_gpt(url: str, jobs: int, concurrency: int, out: Path) -> float:
    return await _plain_script(url, jobs, concurrency, out, _gptimage2_job)


async def engine_gpt(url: str, count: int, concurrency: int, out: Path) -> float:
    from studio.domain.models import GenerationRequest

    request = GenerationRequest(
        provider="gptimage2ai", model="gpt-image-2", prompt=PROMPT, ratio="1:1"
    )
    return await time_engine_jobs(
        request, url=url, jobs=count, concurrency=concurrency, out=out, poll_interval=FAST_POLL
    )


def _rounds(
    url: str, sides: tuple[str, ...], jobs: int, rounds: int, key_env: dict[str, str]
) -> tuple[list[list[float]], list[list[float]], float]:
    """Alternate the sides `rounds` times: the seconds of each side, its CPU milliseconds per
    job (the whole process, timed part), and the mean file size."""
    with temp_home() as home:  # warm the server (first draw, thread pool) untimed
        run_worker(
            "bench.throughput",
            [sides[0], url, "32", "16", str(home / "out")],
            env=isolated_env(home),
        )
    times: list[list[float]] = [[] for _ in sides]
    cpu: list[list[float]] = [[] for _ in sides]
    mean_bytes = 0.0
    for _ in range(rounds):
        for side, sink, cpu_sink in zip(sides, times, cpu, strict=True):
            with temp_home() as home:
                env = isolated_env(home, **key_env)
                result = run_worker(
                    "bench.throughput", [side, url, str(jobs), "16", str(home / "out")], env=env
                )
                if result["files"] != jobs:
                    raise RuntimeError(f"{side}: {result['files']} files for {jobs} jobs")
                sink.append(result["seconds"])
                cpu_sink.append(result["cpu"] * 1000 / jobs)
                mean_bytes = result["mean_bytes"]
    return times, cpu, mean_bytes


def cpu_note(names: tuple[str, ...], cpu: list[list[float]]) -> str:
    """'CPU per job (whole process, median): plain 12.1 ms, engine 20.3 ms'."""
    each = ", ".join(f"{name} {median(ms):.1f} ms" for name, ms in zip(names, cpu, strict=True))
    return f"CPU per job (whole process, timed part, median): {each}"


def measure_threaded(quick: bool) -> Figure:
    jobs = 100 if quick else 200
    rounds = 1 if quick else 5
    args = ["--task-seconds", str(TASK_SECONDS)]
    with server_process("bench.threaded_target", args) as url:
        (plain_s, engine_s), cpu, mean_bytes = _rounds(
            url, ("plain-gpt", "engine-gpt"), jobs, rounds, {"GPTIMAGE2_API_KEY": KEY}
        )
    baseline, studio = median(plain_s), median(engine_s)
    return Figure(
        "throughput, threaded server",
        f"{jobs} GPTImage2.ai jobs x ~{mean_bytes / 1e6:.2f} MB PNG, tasks {TASK_SECONDS} s, "
        f"polls every {FAST_POLL * 1000:.0f} ms, concurrency 16, median of {rounds}",
        baseline,
        studio,
        "s",
        "<= 1.3x",
        studio / baseline <= 1.3,
        note=f"plain runs {[round(x, 2) for x in plain_s]}, "
        f"engine {[round(x, 2) for x in engine_s]}; " + cpu_note(("plain", "engine"), cpu),
    )


def measure(quick: bool) -> list[Figure]:
    jobs = 100 if quick else 500
    rounds = 1 if quick else 3
    with emulator_process() as url:
        (plain_s, engine_s, unchecked_s), cpu, mean_bytes = _rounds(
            url, ("plain", "engine", "engine-unchecked"), jobs, rounds, {"JOYAI_API_KEY": KEY}
        )
    baseline, studio, unchecked = median(plain_s), median(engine_s), median(unchecked_s)
    ratio = studio / baseline
    return [
        Figure(
            "engine throughput",
            f"{jobs} jobs x ~{mean_bytes / 1e6:.2f} MB PNG, concurrency 16, median of {rounds}",
            baseline,
            studio,
            "s",
            "<= 1.3x",
            ratio <= 1.3,
            note=f"plain runs {[round(x, 2) for x in plain_s]}, "
            f"engine {[round(x, 2) for x in engine_s]}; the engine without its PNG image-data "
            f"check (not judged, bench/README.md) {unchecked:.2f} s = "
            f"{unchecked / baseline:.2f}x, runs {[round(x, 2) for x in unchecked_s]}; "
            + cpu_note(("plain", "engine", "unchecked"), cpu),
        ),
        measure_threaded(quick),
    ]


if __name__ == "__main__":
    worker_main(
        sys.argv[1:],
        {
            "plain": plain,
            "engine": engine,
            "engine-unchecked": engine_unchecked,
            "plain-gpt": plain_gpt,
            "engine-gpt": engine_gpt,
        },
    )
