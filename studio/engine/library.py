"""The image library on disk: results verified, given their prompt and settings, written atomically.

Blocking (Pillow, disk): the engine calls these through a worker thread.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import json
import logging
import os
import re
import struct
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from studio import __version__
from studio.domain.errors import BadResult, DiskFull, StorageFailed
from studio.domain.models import GenerationRequest
from studio.domain.provenance import UNSHARED_EXTRAS, shareable_url
from studio.engine.crashpoints import crash_point
from studio.engine.partials import PARTIAL
from studio.imaging import metadata, png_check

log = logging.getLogger("studio.engine")

#: Results above this many pixels are refused as decompression bombs.
MAX_RESULT_PIXELS = 100_000_000
#: Downloads larger than this are refused.
MAX_RESULT_BYTES = 64 * 1024 * 1024
FORMAT_SUFFIX = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp"}
#: Write errors that mean "no space": the disk itself, or the user's quota on it.
_DISK_FULL = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
#: The IEND chunk (with its CRC) that closes every complete PNG.
_PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"
_DAMAGED = "The provider sent a damaged or incomplete image; it was not saved."
_TOO_LARGE = "The provider sent an image far larger than requested; it was not saved."


def verify_image(data: bytes) -> str:
    """The image format of `data` ("PNG", "JPEG", "WEBP"); BadResult unless it is a complete,
    sane image. JPEG and WebP are fully decoded; a complete PNG has every chunk's CRC checked
    and its image data inflated to the size its header declares."""
    return _verified(data)[0]


def _verified(data: bytes) -> tuple[str, str]:
    """`verify_image`, also giving the size as "WxH" (read while verifying, not reopened)."""
    if not data:
        raise BadResult("The provider sent an empty file instead of an image.")
    if data.startswith(metadata.PNG_SIGNATURE) and data.endswith(_PNG_END):
        # Every chunk's CRC-32 through a complete IEND, without Pillow: damage and truncation
        # are caught without inflating and unfiltering every pixel (~15 ms per megapixel), and
        # without Pillow's per-chunk GIL handovers (see png_check).
        # The data stream is inflated to its declared size too (garbage under valid CRCs), but
        # only once the declared size is known to be acceptable.
        try:
            width, height = png_check.check_png(data, max_pixels=MAX_RESULT_PIXELS)
        except png_check.PngTooLarge:
            raise BadResult(_TOO_LARGE) from None
        except png_check.PngDamaged:
            raise BadResult(_DAMAGED) from None
        return "PNG", f"{width}x{height}"
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                fmt = image.format or ""
                size = f"{image.width}x{image.height}"
                if image.width * image.height > MAX_RESULT_PIXELS:
                    raise BadResult(_TOO_LARGE)
                if fmt not in FORMAT_SUFFIX:
                    raise BadResult(
                        f"The provider sent a {fmt or 'unknown'} file, not an image "
                        "the studio saves."
                    )
                image.load()  # decoded in full: a truncated JPEG or WebP fails here
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise BadResult(_TOO_LARGE) from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError, struct.error):
            raise BadResult(_DAMAGED) from None
    return fmt, size


def provenance(
    request: GenerationRequest,
    *,
    job_id: str,
    task_id: str | None,
    cost: str | None,
    index: int,
    seed: str | None,
) -> dict[str, Any]:
    """What travels inside every saved image: never the key, never a result URL, references
    without credentials (no query strings, no userinfo) and local files by name only, and no
    callback URL."""
    shared = request.to_dict()
    shared["extras"] = {k: v for k, v in request.extras.items() if k not in UNSHARED_EXTRAS}
    shared["references"] = _reference_hashes(request)
    return {
        "app": f"Image Studio {__version__}",
        "job_id": job_id,
        "task_id": task_id,
        "index": index,
        "seed": seed,
        "cost": cost,
        "request": shared,
    }


def _reference_hashes(request: GenerationRequest) -> list[dict[str, str]]:
    out = []
    for ref in request.references:
        if ref.is_url:
            out.append({"url": shareable_url(ref.source)})
            continue
        try:
            digest = hashlib.sha256(Path(ref.source).read_bytes()).hexdigest()
        except OSError:
            digest = ""
        out.append({"file": Path(ref.source).name, "sha256": digest})
    return out


def a1111_parameters(request: GenerationRequest, *, seed: str | None, size: str) -> str:
    """The A1111 `parameters` text other tools (and sd-prompt readers) show."""
    lines = [request.prompt]
    if negative := request.extras.get("negative"):
        lines.append(f"Negative prompt: {negative}")
    fields = [
        ("Model", request.model),
        ("Size", size),
        ("Seed", seed),
        ("Provider", request.provider),
        ("Quality", request.quality),
        ("Aspect ratio", request.ratio),
        ("Resolution", request.resolution),
    ]
    lines.append(", ".join(f"{k}: {v}" for k, v in fields if v))
    return "\n".join(lines)


def result_filename(request: GenerationRequest, *, job_id: str, index: int, suffix: str) -> str:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    slug = re.sub(r"[^a-z0-9]+", "-", request.prompt.lower()).strip("-")[:40].strip("-") or "image"
    return f"{stamp}-{slug}-{job_id[:8]}-{index + 1}{suffix}"


def save_result(
    data: bytes,
    *,
    library_dir: Path,
    request: GenerationRequest,
    job_id: str,
    index: int,
    task_id: str | None,
    cost: str | None,
    seed: str | None,
) -> Path:
    """Verify, embed provenance, write to a temporary name, fsync, rename. Never leaves a partial
    file under a final name. Raises BadResult or StorageFailed.

    A result signed with Content Credentials (C2PA) is saved exactly as delivered, since its
    signature covers every byte; its provenance goes into an XMP sidecar (`NAME.xmp`) instead,
    written after the image (paid bytes reach the disk first)."""
    fmt, size = _verified(data)
    texts = _texts(
        request, job_id=job_id, index=index, task_id=task_id, cost=cost, seed=seed, size=size
    )
    signed = metadata.has_c2pa(data)
    if not signed:
        data = metadata.embed(data, texts)
    target = library_dir / result_filename(
        request, job_id=job_id, index=index, suffix=FORMAT_SUFFIX[fmt]
    )
    try:
        library_dir.mkdir(parents=True, exist_ok=True)
        path = write_atomically(target, data)
    except OSError as exc:
        raise storage_error(exc, library_dir) from None
    if signed:
        _write_sidecar(path, texts)
    return path


def _texts(
    request: GenerationRequest,
    *,
    job_id: str,
    index: int,
    task_id: str | None,
    cost: str | None,
    seed: str | None,
    size: str,
) -> dict[str, str]:
    """What a saved result carries: A1111 parameters, our provenance, the software."""
    meta = provenance(request, job_id=job_id, task_id=task_id, cost=cost, index=index, seed=seed)
    return {
        "parameters": a1111_parameters(request, seed=seed, size=size),
        "studio": json.dumps(meta, ensure_ascii=False, sort_keys=True),
        "Software": meta["app"],
    }


def complete_signed(
    path: Path,
    *,
    request: GenerationRequest,
    job_id: str,
    index: int,
    task_id: str | None,
    cost: str | None,
    seed: str | None,
) -> None:
    """Write the sidecar of a signed result `saved_before` found without one (the process
    was stopped between the image and its sidecar), so the file gets its prompt and settings
    after all."""
    if metadata.sidecar_path(path).exists():
        return
    try:
        data = path.read_bytes()
        _fmt, size = _verified(data)
    except (OSError, BadResult):
        return
    if not metadata.has_c2pa(data):  # ours carry their provenance inside
        return
    texts = _texts(
        request, job_id=job_id, index=index, task_id=task_id, cost=cost, seed=seed, size=size
    )
    _write_sidecar(path, texts)


def storage_error(exc: OSError, folder: Path) -> StorageFailed:
    """What a failed write into `folder` means for the person (DiskFull when it is full).
    It does not promise that anything is kept: the caller says so when it is true."""
    if exc.errno in _DISK_FULL:
        return DiskFull(f"The disk holding {folder} is full, so the image could not be saved.")
    return StorageFailed(
        f"The image could not be saved into {folder}: {exc.strerror or exc}. "
        "Choose another library folder or free some space."
    )


def saved_before(library_dir: Path, *, job_id: str, index: int) -> Path | None:
    """The file an earlier run already saved for this job's result `index` (the journal may
    not have heard of it: the process was killed, or the journal's disk was full, after the
    rename), so that saving it again does not make a second file."""
    names = (f"*-{job_id[:8]}-{index + 1}.*", f"*-{job_id[:8]}-{index + 1}-*.*")
    try:
        found = sorted({p for name in names for p in library_dir.glob(name)})
    except OSError:
        return None
    for path in found:
        if path.name.startswith(".") or path.suffix in (".json", ".xmp"):
            continue
        meta = read_provenance(path)
        if meta and meta.get("job_id") == job_id and meta.get("index") == index:
            return path
        if meta is None and _signed_without_sidecar(path):
            # A signed result keeps its provenance only in its sidecar, written after the
            # image: stopped in between, the image is ours by its name alone (job and index).
            return path
    return None


def _signed_without_sidecar(path: Path) -> bool:
    if metadata.sidecar_path(path).exists():
        return False
    try:
        with path.open("rb") as handle:
            return metadata.has_c2pa(handle.read(MAX_RESULT_BYTES))
    except OSError:
        return False


def _write_sidecar(image: Path, texts: dict[str, str]) -> None:
    """The XMP sidecar of a signed result. The image is saved by now, so a failure here is
    logged, not raised: raising would have the engine save (and name) the image again, and
    the journal still holds the request."""
    try:
        write_atomically(metadata.sidecar_path(image), metadata.xmp_packet(texts), overwrite=True)
    except OSError as exc:
        log.warning("The sidecar of %s could not be written: %s", image.name, exc.strerror)


def write_atomically(
    target: Path,
    data: bytes,
    *,
    overwrite: bool = False,
    mode: int | None = None,
    mark: bool = True,
) -> Path:
    """Write `data` to a temporary name beside `target`, fsync, then rename: a reader never sees
    half a file, and a failed write leaves no partial file under a final name (nor harms what
    was there). Without `overwrite`, an existing file keeps its name and the new one gets
    `-1`, `-2`, ...; `mode` replaces mkstemp's private 0600. Returns the final path. `mark`:
    the write is one of the fault matrix's `write@k` crash points (results, staging)."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f"{PARTIAL}{os.getpid()}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            _sync_data(handle.fileno())
        if mark:
            crash_point("write")
        if mode is not None:
            os.chmod(tmp, mode)
        final = target
        counter = 1
        while not overwrite and final.exists():
            final = target.with_name(f"{target.stem}-{counter}{target.suffix}")
            counter += 1
        os.replace(tmp, final)
        return final
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _sync_data(fd: int) -> None:
    """The file's bytes (and size) on disk before its rename; its inode times are not worth
    the extra metadata flush a full fsync costs."""
    (getattr(os, "fdatasync", None) or os.fsync)(fd)


def stage_bytes(
    staging_dir: Path, job_id: str, index: int, data: bytes, *, sync: bool = True
) -> Path:
    """Keep inline (b64) results on disk before anything else is done with them: paid bytes
    never live only in memory. The file and (unless `sync` is False: the caller flushes the
    folder once after staging several) its folder entry are flushed to disk."""
    staging_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = write_atomically(staging_dir / f"{job_id}-{index}.bin", data, overwrite=True)
    crash_point("staged")
    if sync:
        sync_folder(staging_dir)
    return path


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename into it) to disk, where the platform can."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_provenance(path: Path) -> dict[str, Any] | None:
    """The `studio` JSON embedded in a saved result (PNG text chunk, JPEG or WebP XMP, or the
    sidecar .json that WebP results saved by earlier versions have)."""
    found = metadata.read_texts(path)
    text = found.texts.get("studio") if found else None
    try:
        data = json.loads(text) if text else None
    except (ValueError, RecursionError):
        return None
    return dict(data) if isinstance(data, dict) else None
