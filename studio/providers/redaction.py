"""Keeping credentials out of logs: loggable forms of URLs, and a filter for httpx's own log lines.

Some providers' result URLs are themselves credentials (anyone holding one can download the image).
httpx logs every request URL at INFO and httpcore every response header at DEBUG, so while such a
URL is being fetched, a filter on those loggers rewrites it (and any `Location` header) to its
origin.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from urllib.parse import urlsplit

import httpx

_LIBRARY_LOGGERS = (
    "httpx",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.connection",
    "httpcore.proxy",
)
_LOCATION_HEADER = re.compile(r"(\(b'location', b')([^']*)(')", re.IGNORECASE)


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL, lower-cased; '' when it has none."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.hostname:
        return ""
    port = parts.port
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    suffix = f":{port}" if port is not None and port != default else ""
    return f"{parts.scheme.lower()}://{host}{suffix}"


def loggable_url(url: str, *, secret: bool) -> str:
    """A URL fit for a log line: never a query string, and only the origin of a secret URL."""
    origin = origin_of(url) or "<no address>"
    if secret:
        return f"{origin}/…(redacted)"
    return origin + urlsplit(url).path


class _SecretUrlFilter(logging.Filter):
    """Rewrites registered secret URLs (and Location headers while any is registered)."""

    def __init__(self) -> None:
        super().__init__("studio.secret-urls")
        self._lock = threading.Lock()
        self._urls: Counter[str] = Counter()

    def add(self, urls: tuple[str, ...]) -> None:
        with self._lock:
            self._urls.update(urls)

    def remove(self, urls: tuple[str, ...]) -> None:
        with self._lock:
            self._urls.subtract(urls)
            for url in urls:
                if self._urls[url] <= 0:
                    del self._urls[url]

    def filter(self, record: logging.LogRecord) -> bool:
        with self._lock:
            urls = sorted(self._urls, key=len, reverse=True)
        if not urls:
            return True
        try:
            message = record.getMessage()
        except Exception:
            return True
        redacted = message
        for url in urls:
            if url in redacted:
                redacted = redacted.replace(url, loggable_url(url, secret=True))
        redacted = _LOCATION_HEADER.sub(
            lambda m: m[1] + loggable_url(m[2], secret=True) + m[3], redacted
        )
        if redacted != message:
            record.msg = redacted
            record.args = None
        return True


_filter = _SecretUrlFilter()
_install_lock = threading.Lock()
_installed = False


def _install() -> None:
    global _installed
    with _install_lock:
        if _installed:
            return
        for name in _LIBRARY_LOGGERS:
            logging.getLogger(name).addFilter(_filter)
        _installed = True


@contextmanager
def hidden_from_logs(url: str) -> Iterator[None]:
    """While fetching `url`, every library log line shows only its origin."""
    _install()
    forms = {url}
    with suppress(Exception):
        forms.add(str(httpx.URL(url)))
    registered = tuple(forms)
    _filter.add(registered)
    try:
        yield
    finally:
        _filter.remove(registered)
