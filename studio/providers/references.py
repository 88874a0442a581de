"""Putting prepared reference pictures on the wire: a URL, a data URL, or a multipart file part."""

from __future__ import annotations

from collections.abc import Sequence

from studio.domain.catalog import ProviderSpec, RefForm
from studio.domain.errors import InvalidRequest
from studio.domain.models import GenerationRequest
from studio.providers.base import PreparedReference

FilePart = tuple[str, tuple[str, bytes, str]]


def may_inline(spec: ProviderSpec, request: GenerationRequest) -> bool:
    """Local files may travel as data URLs: documented, or allowed by the user for this job."""
    if RefForm.data_url in spec.ref_forms:
        return True
    return request.inline_references and RefForm.data_url in spec.opt_in_ref_forms


def as_strings(
    spec: ProviderSpec, request: GenerationRequest, references: Sequence[PreparedReference]
) -> list[str]:
    """Each reference as a URL string: links as given, local files as data URLs where allowed."""
    values: list[str] = []
    for ref in references:
        if ref.is_local:
            if not may_inline(spec, request):
                # Validation refuses this first; kept so no local file is ever sent unasked.
                raise InvalidRequest(
                    f"{spec.label} only accepts reference images as https:// links. Paste a link "
                    "to the image, or allow sending local files inline (--inline-refs).",
                    field="references",
                )
            values.append(ref.data_url())
        elif ref.url:
            values.append(ref.url)
        else:
            raise InvalidRequest("A reference image is empty.", field="references")
    return values


def can_upload_all(spec: ProviderSpec, references: Sequence[PreparedReference]) -> bool:
    """Every reference is a local file and the provider takes multipart uploads."""
    return (
        RefForm.upload in spec.ref_forms
        and bool(references)
        and all(ref.is_local for ref in references)
    )


def file_parts(references: Sequence[PreparedReference], field: str = "image[]") -> list[FilePart]:
    """Multipart file parts, one per local reference, in order."""
    parts: list[FilePart] = []
    for ref in references:
        assert ref.data is not None
        parts.append((field, (ref.filename, ref.data, ref.mime)))
    return parts
