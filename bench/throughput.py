"""Engine throughput: N jobs (create, poll until done, download a ~1 MB PNG) at concurrency 16
through the studio's engine vs a minimal plain-httpx asyncio script making the same HTTP calls
against the same emulator process. Each side runs in its own fresh process.

Worker use: ``python -m bench.throughput plain|engine URL JOBS CONCURRENCY OUT_DIR``.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from bench.common import (
    Figure,
    emulator_process,
    isolated_env,
    median,
    run_worker,
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


async def plain(url: str, jobs: int, concurrency: int, out: Path) -> float:
    import httpx

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    headers = {"Authorization": f"Bearer {KEY}"}
    gate = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(
        base_url=url, headers=headers, limits=limits, timeout=60, trust_env=False
    ) as client:

        async def one(index: int) -> None:
            async with gate:
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

        start = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(jobs)))
        return time.perf_counter() - start


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


def measure(quick: bool) -> list[Figure]:
    jobs = 100 if quick else 500
    rounds = 1 if quick else 3
    plain_s: list[float] = []
    engine_s: list[float] = []
    mean_bytes = 0.0
    with emulator_process() as url:
        with temp_home() as home:  # warm the server (first draw, thread pool) untimed
            run_worker(
                "bench.throughput",
                ["plain", url, "32", "16", str(home / "out")],
                env=isolated_env(home),
            )
        for _ in range(rounds):
            for side, sink in (("plain", plain_s), ("engine", engine_s)):
                with temp_home() as home:
                    env = isolated_env(home, JOYAI_API_KEY=KEY)
                    result = run_worker(
                        "bench.throughput", [side, url, str(jobs), "16", str(home / "out")], env=env
                    )
                    if result["files"] != jobs:
                        raise RuntimeError(f"{side}: {result['files']} files for {jobs} jobs")
                    sink.append(result["seconds"])
                    mean_bytes = result["mean_bytes"]
    baseline, studio = median(plain_s), median(engine_s)
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
            f"engine {[round(x, 2) for x in engine_s]}",
        )
    ]


if __name__ == "__main__":
    worker_main(sys.argv[1:], {"plain": plain, "engine": engine})
