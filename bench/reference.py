"""Reference prep: a 24 MP JPEG (6000x4000, EXIF orientation 6, camera EXIF) dropped as a
reference -> ready to send. The studio's path is `inspect_reference` (what a drop does: check,
thumbnail, and the file prepared for sending: oriented, stripped, downscaled to the provider's
edge, encoded) then `prepare_reference` (what the job does: the file read and hashed, and the
drop's bytes found by that hash), both on a worker thread as the engine and the window call
them; every run's drop decodes and prepares the photo anew. Baseline: the minimal Pillow
pipeline for the same picture (draft decode, LANCZOS thumbnail, exif_transpose, JPEG q92; the
studio downscales with BICUBIC since #23, see README.md). Judged on the absolute budget; the
longest stall of a 5 ms heartbeat on the calling event loop shows whether the work really stays
off that thread.
"""

from __future__ import annotations

import asyncio
import io
import time
from pathlib import Path

from PIL import Image, ImageOps

from bench.common import Figure, median, temp_home

EDGE = 2048


def make_photo(path: Path) -> None:
    """A camera-like 24 MP JPEG: textured (so it is a realistic ~8-12 MB), rotated by EXIF."""
    small = Image.effect_noise((750, 500), 40).convert("RGB")
    picture = small.resize((6000, 4000), Image.Resampling.BICUBIC)
    grain = Image.effect_noise((6000, 4000), 12).convert("RGB")
    picture = Image.blend(picture, grain, 0.25)
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90 CW
    exif[0x010F] = "BenchCam"
    exif[0x0110] = "Model 24"
    picture.save(path, "JPEG", quality=92, exif=exif.tobytes())


def baseline(path: Path) -> bytes:
    """Decode at the smallest JPEG scale that still covers the target, downscale, then rotate
    the small picture (rotating 24 MP first costs ~90 ms here), encode; EXIF is not carried."""
    with Image.open(path) as image:
        scale = min(1.0, EDGE / max(image.size))
        target = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        image.draft("RGB", target)
        image.thumbnail(target, Image.Resampling.LANCZOS)
        oriented = ImageOps.exif_transpose(image) or image
        out = io.BytesIO()
        oriented.convert("RGB").save(out, "JPEG", quality=92)
        return out.getvalue()


def studio_path(path: Path) -> object:
    from studio.imaging.references import inspect_reference, prepare_reference

    inspect_reference(str(path))
    return prepare_reference(str(path), max_edge=EDGE)


async def timed_off_thread(func: object, path: Path) -> tuple[float, float]:
    """(seconds, longest heartbeat gap in s) with `func(path)` on a worker thread."""
    gaps: list[float] = []
    done = False

    async def heartbeat() -> None:
        last = time.perf_counter()
        while not done:
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    beat = asyncio.create_task(heartbeat())
    await asyncio.sleep(0.02)
    start = time.perf_counter()
    await asyncio.to_thread(func, path)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - start
    done = True
    await beat
    return elapsed, max(gaps) - 0.005


def measure(quick: bool) -> list[Figure]:
    from studio.imaging.references import prepare_reference

    runs = 3 if quick else 7
    with temp_home() as home:
        photo = home / "photo.jpg"
        make_photo(photo)
        prepared = prepare_reference(str(photo), max_edge=EDGE)
        base_t, studio_t, stalls = [], [], []
        for _ in range(runs):
            seconds, _stall = asyncio.run(timed_off_thread(baseline, photo))
            base_t.append(seconds)
            seconds, stall = asyncio.run(timed_off_thread(studio_path, photo))
            studio_t.append(seconds)
            stalls.append(stall)
        size_mb = photo.stat().st_size / 1e6
    b, s = median(base_t), median(studio_t)
    return [
        Figure(
            "reference prep",
            f"24 MP JPEG ({size_mb:.1f} MB, EXIF-rotated) -> ready to send, median of {runs}",
            b,
            s,
            "s",
            "<= 300 ms, off the UI thread",
            s <= 0.300,
            judged_on="absolute",
            note=f"prepared: {type(prepared).__name__}; longest loop stall while preparing "
            f"{max(stalls) * 1000:.1f} ms; runs {[round(x * 1000) for x in studio_t]} ms",
        )
    ]
