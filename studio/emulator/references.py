"""Checks on the reference pictures a create call carries: URLs, data URLs and uploads.

The emulator never fetches a reference; it only checks that each one is something the real
service would accept.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any
from urllib.parse import urlsplit

from starlette.datastructures import FormData, UploadFile

from studio.domain.validation import is_loopback_host

#: OpenAI: "each image should be a png, webp, or jpg file less than 50MB".
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class BadReference(ValueError):
    """A reference the service refuses; the message says why."""


def sniff_image(data: bytes) -> str | None:
    """png, jpeg, webp or gif from the file's signature; None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    return None


def decode_data_url(url: str) -> bytes:
    """The bytes of a ``data:image/...;base64,`` URL."""
    header, comma, payload = url.partition(",")
    if not comma or not header.startswith("data:image/") or not header.endswith(";base64"):
        raise BadReference("a data URL must look like data:image/<type>;base64,<data>")
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise BadReference("the data URL is not valid base64") from None
    if not data:
        raise BadReference("the data URL is empty")
    return data


def check_reference(url: Any, *, name: str = "image") -> None:
    """Accept https URLs, http URLs on this machine, and base64 image data URLs."""
    if not isinstance(url, str) or not url:
        raise BadReference(f"{name} must be a non-empty string")
    if url.startswith("data:"):
        decode_data_url(url)
        return
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and is_loopback_host(parts.hostname):
        return
    if parts.scheme == "http":
        raise BadReference(f"{name} must use https:// (http is rejected)")
    raise BadReference(f"{name} must be an https:// URL or a data:image/...;base64 URL")


def check_references(urls: Any, *, name: str, limit: int) -> list[str]:
    """A JSON list of reference URLs, each checked; at most `limit` of them."""
    if urls is None:
        return []
    if not isinstance(urls, list):
        raise BadReference(f"{name} must be a list of image URLs")
    if len(urls) > limit:
        raise BadReference(f"{name} accepts at most {limit} images, got {len(urls)}")
    for index, url in enumerate(urls):
        check_reference(url, name=f"{name}[{index}]")
    return list(urls)


async def uploaded_images(form: FormData, names: tuple[str, ...], *, limit: int) -> list[bytes]:
    """The image files of a multipart form under any of `names`, each checked."""
    files: list[bytes] = []
    for name in names:
        for item in form.getlist(name):
            if not isinstance(item, UploadFile):
                raise BadReference(f"{name} must be a file upload")
            data = await item.read(MAX_UPLOAD_BYTES + 1)
            if len(data) > MAX_UPLOAD_BYTES:
                raise BadReference(f"{item.filename or name} is larger than 50 MB")
            if sniff_image(data) not in ("png", "jpeg", "webp"):
                raise BadReference(f"{item.filename or name} is not a png, jpeg or webp image")
            files.append(data)
    if len(files) > limit:
        raise BadReference(f"at most {limit} images can be uploaded, got {len(files)}")
    return files
