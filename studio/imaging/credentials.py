"""Checking an image's Content Credentials (a C2PA manifest) with the C2PA SDK's Python binding,
c2pa-python, where it is installed (the `provenance` extra).

The binding is a 16 MB native wheel: it is optional, so a plain install stays small, and it is
imported on the first check, on a worker thread, never at start-up (importing it takes ~0.1 s
and ~7 MB). Without it a signed file is reported as present but not checked, never as valid.

Blocking (disk, native code): call off the UI thread.
"""

from __future__ import annotations

import io
import logging
from enum import StrEnum
from pathlib import Path

from studio.imaging.containers import MAX_FILE_BYTES, has_c2pa, sniff

log = logging.getLogger("studio.imaging.credentials")

_MIME = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
#: c2pa-python settings for checking: nothing fetched from the network.
OFFLINE_SETTINGS = {"verify": {"remote_manifest_fetch": False, "ocsp_fetch": False}}


class Credentials(StrEnum):
    """What an image's Content Credentials say."""

    none = "none"  # the file carries no C2PA manifest
    valid = "valid"  # the signature and every hash check out (signer trusted or not)
    invalid = "invalid"  # a manifest is there but fails validation (tampered, bad signature)
    unchecked = "unchecked"  # a manifest is there; c2pa-python is not installed to check it
    unreadable = "unreadable"  # the file cannot be read


def check_credentials(path: Path) -> Credentials:
    """Whether `path` carries Content Credentials and whether they validate."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return Credentials.unreadable
        data = path.read_bytes()
    except OSError:
        return Credentials.unreadable
    if not has_c2pa(data):
        return Credentials.none
    return validate(data)


def validate(data: bytes) -> Credentials:
    """The validation of a file known to carry a manifest, by c2pa-python."""
    try:
        import c2pa  # the first check pays for loading the native library, here
    except ImportError:
        return Credentials.unchecked
    try:
        # Offline: a file must not make the studio fetch a remote manifest or an OCSP answer
        # (a tracking beacon otherwise); an embedded manifest validates without the network.
        context = c2pa.Context.from_dict(OFFLINE_SETTINGS)
        mime = _MIME.get(sniff(data[:12]), "image/png")
        with context, c2pa.Reader(mime, io.BytesIO(data), context=context) as reader:
            state = reader.get_validation_state()
    except Exception as exc:  # the native reader raises C2paError for any damage
        log.debug("Content Credentials do not validate: %s", type(exc).__name__)
        return Credentials.invalid
    return Credentials.valid if state in ("Valid", "Trusted") else Credentials.invalid
