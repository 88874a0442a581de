"""Checks a request against its model's documented limits before anything is sent.

Every refusal is an `InvalidRequest` whose message says, in the user's words, what to change.
`template` and `params` are kept apart so the window can translate the template; each template
is marked with `QT_TRANSLATE_NOOP` for pyside6-lupdate (context "studio.validation").
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from studio.domain.catalog import ModelSpec, ProviderSpec, RefForm, SizeRule, provider_spec
from studio.domain.edit_rules import OPTION_CHECKS, check_json_edit_size, check_mask
from studio.domain.i18n import QT_TRANSLATE_NOOP
from studio.domain.models import GenerationRequest, ReferenceImage
from studio.domain.validation_base import Refusal

__all__ = [
    "Refusal",
    "check",
    "check_base_url",
    "check_reference_url",
    "is_loopback_host",
    "local_reference_forms",
    "specs_of",
    "validate",
]

_STAR_SIZE = re.compile(r"^(\d{2,5})\*(\d{2,5})$")
_X_SIZE = re.compile(r"^(\d{2,5})x(\d{2,5})$")


def is_loopback_host(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_base_url(url: str) -> str:
    """A provider address must use TLS unless it points at this machine."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url.rstrip("/")
    if parts.scheme == "http" and is_loopback_host(parts.hostname):
        return url.rstrip("/")
    if parts.scheme == "http":
        raise Refusal(
            QT_TRANSLATE_NOOP(
                "studio.validation",
                "The address {url} is not encrypted. Use https:// (plain http:// is only "
                "allowed for this computer, such as 127.0.0.1).",
            ),
            field="base_url",
            url=url,
        )
    raise Refusal(
        QT_TRANSLATE_NOOP(
            "studio.validation", "{url} is not a web address (it must start with https://)."
        ),
        field="base_url",
        url=url,
    )


def check_reference_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and is_loopback_host(parts.hostname):
        return
    if parts.scheme == "data" and url.startswith("data:image/"):
        return
    raise Refusal(
        QT_TRANSLATE_NOOP(
            "studio.validation",
            "The reference {url} cannot be used: only https:// links to images are accepted.",
        ),
        field="references",
        url=_shorten(url),
    )


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def validate(request: GenerationRequest, *, hosting: bool = False) -> None:
    """Raise `Refusal` for the first documented limit the request breaks. With `hosting`, local
    references go to the user's bucket and travel as links (`studio.engine.refhost`)."""
    check(request, *specs_of(request), hosting=hosting)


def specs_of(request: GenerationRequest) -> tuple[ProviderSpec, ModelSpec]:
    """The request's provider and model, or a `Refusal` naming the ones that exist."""
    try:
        provider = provider_spec(request.provider)
    except KeyError:
        raise Refusal(
            QT_TRANSLATE_NOOP("studio.validation", "Unknown provider {name}."),
            field="provider",
            name=request.provider,
        ) from None
    try:
        model = provider.model(request.model)
    except KeyError:
        names = ", ".join(m.id for m in provider.models)
        raise Refusal(
            QT_TRANSLATE_NOOP(
                "studio.validation",
                "{provider} has no model called {model}. Choose one of: {names}.",
            ),
            field="model",
            provider=provider.label,
            model=request.model,
            names=names,
        ) from None
    return provider, model


def check(
    request: GenerationRequest, provider: ProviderSpec, model: ModelSpec, *, hosting: bool = False
) -> None:
    """`validate` for a request whose specs are already known."""
    _check_prompt(request, model)
    _check_choice("quality", request.quality, model.qualities, model)
    _check_choice("ratio", request.ratio, model.ratios, model)
    _check_choice("resolution", request.resolution, model.resolutions, model)
    _check_choice("format", request.output_format, model.formats, model)
    _check_size(request.size, model)
    _check_count(request.count, model)
    _check_extras(request, model)
    _check_references(request, provider, model, hosting)
    check_mask(request, provider, model)
    check_json_edit_size(request, provider, model)


def _check_prompt(request: GenerationRequest, model: ModelSpec) -> None:
    if not request.prompt.strip():
        raise Refusal(
            QT_TRANSLATE_NOOP("studio.validation", "Write a prompt first: it is empty."),
            field="prompt",
        )
    if len(request.prompt) > model.max_prompt:
        raise Refusal(
            QT_TRANSLATE_NOOP(
                "studio.validation",
                "The prompt is {length} characters long; {model} accepts at most {limit}. "
                "Shorten it by {over}.",
            ),
            field="prompt",
            length=len(request.prompt),
            model=model.label,
            limit=model.max_prompt,
            over=len(request.prompt) - model.max_prompt,
        )


def _check_choice(name: str, value: str | None, allowed: tuple[str, ...], model: ModelSpec) -> None:
    if value is None:
        return
    if not allowed:
        raise Refusal(
            QT_TRANSLATE_NOOP("studio.validation", "{model} has no {name} setting; leave it out."),
            field=name,
            model=model.label,
            name=name,
        )
    if value not in allowed:
        raise Refusal(
            QT_TRANSLATE_NOOP(
                "studio.validation",
                "{model} does not offer {name} {value}. Choose one of: {allowed}.",
            ),
            field=name,
            model=model.label,
            name=name,
            value=value,
            allowed=", ".join(allowed),
        )


def _check_size(size: str | None, model: ModelSpec) -> None:
    if size is None or size in model.sizes:
        return
    if model.size_rule is SizeRule.star and (m := _STAR_SIZE.match(size)):
        width, height = int(m[1]), int(m[2])
        if 256 <= width <= 4096 and 256 <= height <= 4096:
            return
    if model.size_rule is SizeRule.openai and (m := _X_SIZE.match(size)):
        width, height = int(m[1]), int(m[2])
        if _openai_size_ok(width, height):
            return
        raise Refusal(
            QT_TRANSLATE_NOOP(
                "studio.validation",
                "The size {size} is not possible: width and height must be multiples of 16, "
                "the shape between 1:3 and 3:1, and at most 3840x2160.",
            ),
            field="size",
            size=size,
        )
    if not model.sizes and model.size_rule is SizeRule.none:
        raise Refusal(
            QT_TRANSLATE_NOOP("studio.validation", "{model} has no size setting; leave it out."),
            field="size",
            model=model.label,
        )
    example = model.sizes[0] if model.sizes else ""
    raise Refusal(
        QT_TRANSLATE_NOOP(
            "studio.validation", "{model} does not accept the size {size} (for example: {example})."
        ),
        field="size",
        model=model.label,
        size=size,
        example=example,
    )


def _openai_size_ok(width: int, height: int) -> bool:
    long_edge, short_edge = max(width, height), min(width, height)
    return (
        width % 16 == 0
        and height % 16 == 0
        and long_edge <= 3 * short_edge
        and long_edge <= 3840
        and short_edge <= 2160
    )


def _check_count(count: int, model: ModelSpec) -> None:
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= model.max_count:
        if model.max_count == 1:
            raise Refusal(
                QT_TRANSLATE_NOOP("studio.validation", "{model} makes one image per job."),
                field="count",
                model=model.label,
            )
        raise Refusal(
            QT_TRANSLATE_NOOP(
                "studio.validation", "Ask for 1 to {limit} images; {model} allows no more."
            ),
            field="count",
            limit=model.max_count,
            model=model.label,
        )


def _check_extras(request: GenerationRequest, model: ModelSpec) -> None:
    for name, value in request.extras.items():
        if name not in model.extras:
            raise Refusal(
                QT_TRANSLATE_NOOP(
                    "studio.validation", "{model} has no {name} setting; leave it out."
                ),
                field=name,
                model=model.label,
                name=name,
            )
        if name == "background":
            _check_background(value, request, model)
        elif name == "output_compression":
            _check_compression(value, request, model)
        elif name == "moderation" and value not in ("low", "auto"):
            raise Refusal(
                QT_TRANSLATE_NOOP("studio.validation", "Moderation is either low or auto."),
                field=name,
            )
        elif name in OPTION_CHECKS:
            OPTION_CHECKS[name](value, request, model)
        elif name == "callback_url":
            check_reference_url(value) if value.startswith("data:") else check_base_url(value)


def _check_background(value: str, request: GenerationRequest, model: ModelSpec) -> None:
    if value not in ("transparent", "opaque", "auto"):
        raise Refusal(
            QT_TRANSLATE_NOOP("studio.validation", "Background is transparent, opaque or auto."),
            field="background",
        )
    fmt = request.output_format or model.default_format
    if value == "transparent" and fmt not in ("png", "webp"):
        raise Refusal(
            QT_TRANSLATE_NOOP(
                "studio.validation", "A transparent background needs the PNG or WebP format."
            ),
            field="background",
        )


def _check_compression(value: str, request: GenerationRequest, model: ModelSpec) -> None:
    if not value.isdigit() or not 0 <= int(value) <= 100:
        raise Refusal(
            QT_TRANSLATE_NOOP("studio.validation", "Compression is a whole number from 0 to 100."),
            field="output_compression",
        )
    if (request.output_format or model.default_format) not in ("jpeg", "webp"):
        raise Refusal(
            QT_TRANSLATE_NOOP(
                "studio.validation", "Compression applies only to JPEG and WebP results."
            ),
            field="output_compression",
        )


def _check_references(
    request: GenerationRequest, provider: ProviderSpec, model: ModelSpec, hosting: bool
) -> None:
    refs = request.references
    if len(refs) < model.min_refs:
        raise Refusal(
            QT_TRANSLATE_NOOP(
                "studio.validation", "{model} edits pictures: add {low} to {high} reference images."
            ),
            field="references",
            model=model.label,
            low=model.min_refs,
            high=model.max_refs,
        )
    if len(refs) > model.max_refs:
        if model.max_refs == 0:
            raise Refusal(
                QT_TRANSLATE_NOOP(
                    "studio.validation", "{model} does not take reference images; remove them."
                ),
                field="references",
                model=model.label,
            )
        raise Refusal(
            QT_TRANSLATE_NOOP(
                "studio.validation",
                "{model} takes at most {high} reference images; you added {count}. Remove {over}.",
            ),
            field="references",
            model=model.label,
            high=model.max_refs,
            count=len(refs),
            over=len(refs) - model.max_refs,
        )
    for ref in refs:
        _check_reference(ref, request, provider, hosting)


def local_reference_forms(
    request: GenerationRequest, provider: ProviderSpec, *, hosting: bool = False
) -> set[RefForm]:
    """The forms this request may use to send local files (a link, when they are hosted)."""
    forms = set(provider.ref_forms) - {RefForm.url}
    if hosting:
        forms.add(RefForm.url)
    if request.inline_references:
        forms |= set(provider.opt_in_ref_forms)
    return forms


def _check_reference(
    ref: ReferenceImage, request: GenerationRequest, provider: ProviderSpec, hosting: bool
) -> None:
    if ref.is_url:
        check_reference_url(ref.source)
        return
    if not local_reference_forms(request, provider, hosting=hosting):
        raise Refusal(
            QT_TRANSLATE_NOOP(
                "studio.validation",
                "{provider} only accepts reference images as https:// links, and {name} is a file "
                "on this computer. Set up reference hosting in your own bucket ({hosting}), paste "
                "a link to the image instead, or allow sending local files inline ({consent}).",
            ),
            field="references",
            # How to allow it, as the command line says it; the window names its settings.
            hosting="--ref-bucket s3://BUCKET/PREFIX --ref-endpoint URL",
            consent="--inline-refs",
            provider=provider.label,
            name=_shorten(ref.source),
        )
