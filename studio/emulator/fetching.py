"""The emulated JoyAI and GPTImage2.ai fetch each reference link, as the real services do.

A link that cannot be fetched (gone, expired, not an image) fails the task after the create
was accepted, exactly where a real provider fails it. Links to this machine are fetched over
HTTP; the demo bucket's links are read from it directly; a link anywhere else is not fetched
(the emulator never goes on the internet) and passes as before.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import httpx

from studio.domain.validation import is_loopback_host
from studio.emulator.references import sniff_image
from studio.emulator.state import EmulatorState

log = logging.getLogger("studio.emulator")
#: What a real service gives up after; a reference is small.
FETCH_SECONDS = 10.0
MAX_FETCH_BYTES = 50 * 1024 * 1024


async def _fetch(url: str) -> bytes | None:
    try:
        async with (
            httpx.AsyncClient(timeout=FETCH_SECONDS, trust_env=False) as client,
            client.stream("GET", url) as reply,
        ):
            if reply.status_code != 200:
                return None
            data = b""
            async for chunk in reply.aiter_bytes():
                data += chunk
                if len(data) > MAX_FETCH_BYTES:
                    return None
            return data
    except httpx.HTTPError:
        return None


async def unfetchable(state: EmulatorState, urls: list[str]) -> str | None:
    """The first reference link that cannot be fetched as an image, or None when all can."""
    for url in urls:
        if url.startswith("data:"):
            continue
        parts = urlsplit(url)
        found = state.bucket.read_link(url)
        if found is not None and url.startswith(state.bucket.origin + "/"):
            data: bytes | None = found[0]
        elif url.startswith(state.bucket.origin + "/"):
            data = None
        elif is_loopback_host(parts.hostname):
            data = await _fetch(url)
        else:
            continue  # offline: the internet is out of reach, the link passes unchecked
        ok = data is not None and sniff_image(data) is not None
        state.fetched.append((f"{parts.scheme}://{parts.netloc}{parts.path}", ok))
        if not ok:
            return f"{parts.scheme}://{parts.netloc}{parts.path}"
    return None
