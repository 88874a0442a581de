"""Keeping credentials out of logs: loggable forms of URLs, and a filter for httpx's own log lines.

Some providers' result URLs are themselves credentials (anyone holding one can download the image).
httpx logs every request URL at INFO and httpcore every response header at DEBUG, so while such a
URL is being fetched, a filter on those loggers rewrites it (and any `Location` header) to its
origin.

`redact` is the last line of defence for the log file (`studio.logfile`): whatever a log line
says, every API key a client was made with, every Bearer token, and every URL's query string,
user info and token-like path segment are replaced before it is written. Importing this module
does not import httpx (the window's start-up sets up the log file before httpx is needed).
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from urllib.parse import urlsplit

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
    import httpx

    forms = {url}
    with suppress(Exception):
        forms.add(str(httpx.URL(url)))
    registered = tuple(forms)
    _filter.add(registered)
    try:
        yield
    finally:
        _filter.remove(registered)


# --- the log file's redaction ------------------------------------------------------------------

#: Shorter values are no secret worth hiding (the demo's key), and replacing them garbles words.
_MIN_SECRET = 8
_secrets: set[str] = set()
_secrets_lock = threading.Lock()
_BEARER = re.compile(r"(Bearer\s+)[^\s'\",;]+", re.IGNORECASE)
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s'\"<>()\[\]{}]+", re.IGNORECASE)
#: A path segment that looks like a token (a signed link, a file id that is its own password).
_TOKEN_SEGMENT = re.compile(r"[A-Za-z0-9_=~%.-]{24,}")


def remember_secret(value: str | None) -> None:
    """`value` (an API key) is replaced by "[API key]" in every line `redact` sees."""
    if value and len(value) >= _MIN_SECRET:
        with _secrets_lock:
            _secrets.add(value)


def _quiet_url(url: str) -> str:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # not a well-formed URL (a port that is no number): keep no part of it
        return url.split("://", 1)[0] + "://…"
    host = parts.hostname or ""
    if port is not None:
        host = f"{host}:{port}"
    path = "/".join(
        "…" if _TOKEN_SEGMENT.fullmatch(segment) else segment for segment in parts.path.split("/")
    )
    hidden = "?…" if parts.query else ""
    return f"{parts.scheme}://{host}{path}{hidden}"


def redact(text: str) -> str:
    """`text` without API keys, Bearer tokens, URL queries, user info or token-like paths."""
    with _secrets_lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, "[API key]")
    with _filter._lock:
        urls = sorted(_filter._urls, key=len, reverse=True)
    for url in urls:
        if url in text:
            text = text.replace(url, loggable_url(url, secret=True))
    text = _BEARER.sub(r"\1[hidden]", text)
    return _URL.sub(lambda match: _quiet_url(match[0]), text)


class RedactingFormatter(logging.Formatter):
    """A formatter whose every line (tracebacks included) has gone through `redact`."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))
