"""The image library on disk: results verified, given their prompt and settings, written atomically.

Blocking (Pillow, disk): the engine calls these through a worker thread.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import struct
import tempfile
import time
import warnings
import zlib
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from studio import __version__
from studio.domain.errors import BadResult, StorageFailed
from studio.domain.models import GenerationRequest

#: Results above this many pixels are refused as decompression bombs.
MAX_RESULT_PIXELS = 100_000_000
#: Downloads larger than this are refused.
MAX_RESULT_BYTES = 64 * 1024 * 1024
FORMAT_SUFFIX = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp"}
#: The IEND chunk (with its CRC) that closes every complete PNG.
_PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"


def verify_image(data: bytes) -> str:
    """The image format of `data` ("PNG", "JPEG", "WEBP"); BadResult unless it is a complete,
    sane image. JPEG and WebP are fully decoded; a complete PNG has every chunk's CRC checked."""
    if not data:
        raise BadResult("The provider sent an empty file instead of an image.")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                fmt = image.format or ""
                if image.width * image.height > MAX_RESULT_PIXELS:
                    raise BadResult(
                        "The provider sent an image far larger than requested; it was not saved."
                    )
                if fmt not in FORMAT_SUFFIX:
                    raise BadResult(
                        f"The provider sent a {fmt or 'unknown'} file, not an image "
                        "the studio saves."
                    )
                if fmt == "PNG" and data.endswith(_PNG_END):
                    # Every chunk's CRC-32, through a complete IEND: damage and truncation are
                    # caught without inflating and unfiltering every pixel, which cost ~15 ms
                    # per megapixel and dominated engine throughput (see bench/RESULTS.md).
                    image.verify()
                else:
                    image.load()
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise BadResult(
                "The provider sent an image far larger than requested; it was not saved."
            ) from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError, struct.error):
            raise BadResult(
                "The provider sent a damaged or incomplete image; it was not saved."
            ) from None
    return fmt


def provenance(
    request: GenerationRequest,
    *,
    job_id: str,
    task_id: str | None,
    cost: str | None,
    index: int,
    seed: str | None,
) -> dict[str, Any]:
    """What travels inside every saved image: never the key, never a result URL."""
    return {
        "app": f"Image Studio {__version__}",
        "job_id": job_id,
        "task_id": task_id,
        "index": index,
        "seed": seed,
        "cost": cost,
        "request": {**request.to_dict(), "references": _reference_hashes(request)},
    }


def _reference_hashes(request: GenerationRequest) -> list[dict[str, str]]:
    out = []
    for ref in request.references:
        if ref.is_url:
            out.append({"url": ref.source if not ref.source.startswith("data:") else "data:"})
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


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def _itxt(keyword: str, text: str) -> bytes:
    return _png_chunk(b"iTXt", keyword.encode("latin-1") + b"\0\0\0\0\0" + text.encode("utf-8"))


def embed_png(data: bytes, texts: dict[str, str]) -> bytes:
    """Insert text chunks right after IHDR without re-encoding the pixels."""
    ihdr_end = 8 + 4 + 4 + 13 + 4
    chunks = b"".join(_itxt(k, v) for k, v in texts.items())
    return data[:ihdr_end] + chunks + data[ihdr_end:]


def embed_jpeg_xmp(data: bytes, texts: dict[str, str]) -> bytes:
    """Insert an XMP APP1 segment after SOI, keeping the compressed image as it is."""
    attrs = "".join(f"<studio:{k}>{_xml_escape(v)}</studio:{k}>" for k, v in texts.items())
    xmp = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description xmlns:studio="https://imagestudio.invalid/ns/1.0/">'
        f"{attrs}</rdf:Description></rdf:RDF></x:xmpmeta>"
    ).encode()
    payload = b"http://ns.adobe.com/xap/1.0/\0" + xmp
    if len(payload) + 2 > 0xFFFF:
        return data
    segment = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    return data[:2] + segment + data[2:]


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
    file under a final name. Raises BadResult or StorageFailed."""
    fmt = verify_image(data)
    with Image.open(io.BytesIO(data)) as image:
        size = f"{image.width}x{image.height}"
    meta = provenance(request, job_id=job_id, task_id=task_id, cost=cost, index=index, seed=seed)
    texts = {
        "parameters": a1111_parameters(request, seed=seed, size=size),
        "studio": json.dumps(meta, ensure_ascii=False, sort_keys=True),
    }
    if fmt == "PNG":
        data = embed_png(data, texts)
    elif fmt == "JPEG":
        data = embed_jpeg_xmp(data, texts)
    target = library_dir / result_filename(
        request, job_id=job_id, index=index, suffix=FORMAT_SUFFIX[fmt]
    )
    try:
        library_dir.mkdir(parents=True, exist_ok=True)
        final = _write_atomically(target, data)
        if fmt == "WEBP":
            _write_atomically(
                final.with_suffix(final.suffix + ".json"),
                json.dumps({**texts, "studio": meta}, indent=2).encode(),
            )
        return final
    except OSError as exc:
        raise StorageFailed(
            f"The image could not be saved into {library_dir}: {exc.strerror or exc}. "
            "Choose another library folder or free some space, then press Retry; "
            "the result is kept until then."
        ) from None


def _write_atomically(target: Path, data: bytes) -> Path:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".partial-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        final = target
        counter = 1
        while final.exists():
            final = target.with_name(f"{target.stem}-{counter}{target.suffix}")
            counter += 1
        os.replace(tmp, final)
        return final
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def stage_bytes(staging_dir: Path, job_id: str, index: int, data: bytes) -> Path:
    """Keep inline (b64) results on disk before anything else can fail: paid bytes never live
    only in memory."""
    staging_dir.mkdir(parents=True, exist_ok=True)
    return _write_atomically(staging_dir / f"{job_id}-{index}.bin", data)


def read_provenance(path: Path) -> dict[str, Any] | None:
    """The `studio` JSON embedded in a saved result (PNG text chunk, JPEG XMP or WebP sidecar)."""
    try:
        if path.suffix.lower() == ".webp":
            sidecar = path.with_suffix(path.suffix + ".json")
            return dict(json.loads(sidecar.read_text(encoding="utf-8"))["studio"])
        with Image.open(path) as image:
            if image.format == "PNG":
                text = image.info.get("studio")
                return json.loads(text) if text else None
            xmp = image.info.get("xmp")
        if xmp:
            raw = xmp.decode() if isinstance(xmp, bytes) else str(xmp)
            match = re.search(r"<studio:studio>(.*?)</studio:studio>", raw, re.S)
            if match:
                unescaped = match[1].replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
                return dict(json.loads(unescaped))
    except (OSError, ValueError, KeyError):
        return None
    return None
