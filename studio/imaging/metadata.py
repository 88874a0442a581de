"""Prompt and settings inside image files, at the container level: PNG text chunks, JPEG APP1
segments (EXIF, XMP) and WebP RIFF chunks (EXIF, XMP).

The face of three modules: `containers` (walking PNG, JPEG and WebP), `writing` (embedding and
stripping, which never re-encode pixels) and `reading` (what our and other tools' files carry,
capped against hostile files). Blocking (disk): call off the UI thread.
"""

from __future__ import annotations

from studio.imaging.containers import (
    EXIF_HEADER,
    MAX_BLOCK_BYTES,
    MAX_FILE_BYTES,
    PNG_SIGNATURE,
    XMP_HEADER,
    MalformedImage,
    has_c2pa,
)
from studio.imaging.exif import exif_block, user_comment
from studio.imaging.reading import (
    KEYS,
    EmbeddedTexts,
    decode_user_comment,
    read_provenance,
    read_texts,
)
from studio.imaging.writing import embed, strip_metadata
from studio.imaging.xmp import sidecar_path, xmp_packet

__all__ = [
    "EXIF_HEADER",
    "KEYS",
    "MAX_BLOCK_BYTES",
    "MAX_FILE_BYTES",
    "PNG_SIGNATURE",
    "XMP_HEADER",
    "EmbeddedTexts",
    "MalformedImage",
    "decode_user_comment",
    "embed",
    "exif_block",
    "has_c2pa",
    "read_provenance",
    "read_texts",
    "sidecar_path",
    "strip_metadata",
    "user_comment",
    "xmp_packet",
]
