"""The proxies the environment names (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY), as every
HTTP tool honours them, each with the studio's own transport (`lean_transport`), so a studio
behind a company proxy reaches its providers, and paid creates keep the freshness rule on the
way there.

httpx reads these variables only when it makes the transport itself; the studio passes its
own, so it names them here. A request to this computer never goes through a proxy: a key sent
to an emulator over plain http:// would reach the proxy in clear text."""

from __future__ import annotations

import logging

import httpx
from httpx._utils import get_environment_proxies

from studio.domain.validation import is_loopback_host
from studio.providers.network import lean_transport

_log = logging.getLogger("studio.http")

#: Never proxied, whatever the environment says.
LOOPBACK_PATTERNS = ("all://127.0.0.1", "all://localhost", "all://[::1]")


def proxy_mounts(
    *, limits: httpx.Limits, trust_env: bool, base_url: str
) -> dict[str, httpx.AsyncBaseTransport | None]:
    """httpx `mounts`: URL pattern -> the transport through its proxy, or None (no proxy).
    None at all for a client of an address on this computer (any loopback form
    `check_base_url` lets through over plain http://, 127.0.0.2 and [0:0:0:0:0:0:0:1] too):
    its key must not reach a proxy."""
    if not trust_env or is_loopback_host(httpx.URL(base_url).host):
        return {}
    found = get_environment_proxies()
    if not any(found.values()):
        return {}
    mounts: dict[str, httpx.AsyncBaseTransport | None] = {}
    for pattern, url in found.items():
        if url is None:
            mounts[pattern] = None
            continue
        proxy = httpx.Proxy(url)
        if proxy.url.scheme not in ("http", "https"):
            # A SOCKS proxy (ALL_PROXY=socks5://…) is left to httpx as it is, without the
            # freshness rule: say so once rather than pretend.
            _log.warning("A %s proxy is used without the studio's checks", proxy.url.scheme)
            mounts[pattern] = httpx.AsyncHTTPTransport(limits=limits, proxy=proxy)
            continue
        mounts[pattern] = lean_transport(limits=limits, trust_env=trust_env, proxy=proxy)
    mounts.update(dict.fromkeys(LOOPBACK_PATTERNS))
    return mounts
