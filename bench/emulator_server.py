"""The emulator for benchmarks: ``python -m bench.emulator_server --port N``.

Differences from ``image-studio emulator`` (all on the server, so identical for baseline and
studio): tasks finish at once (no artificial delay), credits are unlimited, logging is quiet,
and placeholders are drawn once per spec and given film grain so a 1024x1024 PNG is about
`--image-bytes` bytes (the plain placeholder is a smooth gradient that compresses to ~100 kB).
"""

from __future__ import annotations

import argparse
import functools
import io
import threading
from collections.abc import Callable
from decimal import Decimal

import uvicorn
from PIL import Image

from studio.emulator import EmulatorConfig, create_app
from studio.emulator import images as emulator_images
from studio.emulator import openai_images as emulator_openai
from studio.emulator import state as emulator_state


def grainy_render(target_bytes: int) -> Callable[[emulator_images.ImageSpec], bytes]:
    plain = emulator_images.render

    lock = threading.Lock()  # a burst of first downloads draws the picture once, not 16 times

    @functools.lru_cache(maxsize=64)
    def draw(spec: emulator_images.ImageSpec) -> bytes:
        data = plain(spec)
        if target_bytes <= 0 or len(data) >= target_bytes:
            return data
        with Image.open(io.BytesIO(data)) as picture:
            mode = picture.mode
            base = picture.convert("RGB")
        grain = Image.effect_noise(base.size, 8).convert("RGB")
        # ~1 MB at 1024x1024 PNG; scale the grain with the area so other sizes stay close.
        strength = min(
            0.5, 0.075 * (target_bytes / 1_000_000) * (1024 * 1024) / (base.width * base.height)
        )
        picture = Image.blend(base, grain, strength)
        if mode == "RGBA":
            picture.putalpha(255)
        return emulator_images._encode(picture, spec)

    def render(spec: emulator_images.ImageSpec) -> bytes:
        with lock:
            return draw(spec)

    return render


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--image-bytes", type=int, default=1_000_000)
    args = parser.parse_args()
    render = grainy_render(args.image_bytes)
    emulator_state.render = render  # type: ignore[assignment]
    emulator_openai.render = render  # type: ignore[assignment]
    config = EmulatorConfig(task_seconds=0.0, default_credits=10**12, default_cny=Decimal(10**12))
    app = create_app(config)
    uvicorn.run(
        app, host="127.0.0.1", port=args.port, log_level="warning", lifespan="off", access_log=False
    )


if __name__ == "__main__":
    main()
