"""Checking a reference link the user typed before paying: does it answer with an image?

A HEAD request first; where a server refuses HEAD (or says nothing of the type), a GET of the
first bytes only (`Range: bytes=0-...`). A link that is gone, answers with something that is
not an image, or cannot be reached is refused before the create, so it costs nothing (the
GPTImage2.ai checklist asks for exactly this). No key or credential goes with the probe, and
the link is named in messages without its query (it may carry a token).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import httpx

from studio.domain.errors import InvalidRequest
from studio.domain.provenance import shareable_url

#: A link that takes longer than this to say whether it exists is refused.
PROBE_SECONDS = 10.0
_FIRST_BYTES = 4095
_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")


def _looks_like_image(data: bytes) -> bool:
    return data.startswith(_SIGNATURES) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


def _refused(url: str, why: str) -> InvalidRequest:
    return InvalidRequest(
        f"The reference link {shareable_url(url)} {why}; nothing was sent. Check the link, or "
        "use a local file instead.",
        field="references",
    )


async def probe_reference(client: httpx.AsyncClient, url: str) -> None:
    """Raise InvalidRequest unless `url` answers with an image."""
    try:
        head = await client.head(url)
        kind = head.headers.get("content-type", "").split(";")[0].strip().lower()
        if head.status_code in (404, 410):
            raise _refused(url, f"does not exist (HTTP {head.status_code})")
        if head.is_success and kind.startswith("image/"):
            return
        if head.is_success and kind and kind != "application/octet-stream":
            raise _refused(url, f"is not an image (it is {kind[:60]})")
        # HEAD refused or silent about the type: read the first bytes only.
        headers = {"Range": f"bytes=0-{_FIRST_BYTES}"}
        async with client.stream("GET", url, headers=headers) as reply:
            if not reply.is_success:
                raise _refused(url, f"does not answer (HTTP {reply.status_code})")
            kind = reply.headers.get("content-type", "").split(";")[0].strip().lower()
            first = b""
            async for chunk in reply.aiter_bytes():
                first += chunk
                if len(first) > _FIRST_BYTES:
                    break
    except httpx.HTTPError as exc:
        raise _refused(url, f"cannot be reached ({type(exc).__name__})") from None
    if not (kind.startswith("image/") or _looks_like_image(first)):
        raise _refused(url, f"is not an image (it is {kind[:60] or 'of no stated type'})")


async def probe_references(urls: Sequence[str], *, trust_env: bool = True) -> None:
    """Probe every link at once; the first refusal is raised."""
    if not urls:
        return
    timeout = httpx.Timeout(PROBE_SECONDS)
    async with httpx.AsyncClient(
        timeout=timeout, follow_redirects=True, max_redirects=5, trust_env=trust_env
    ) as client:
        await asyncio.gather(*(probe_reference(client, url) for url in urls))
