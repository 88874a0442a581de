"""What the OpenAI Images protocol refuses, checked before anything is sent: masks, the JSON
edit form's sizes, and the options only some GPT image models take (input_fidelity, user,
partial_images). Every refusal says what to change (context "studio.validation").
"""

from __future__ import annotations

from collections.abc import Callable

from studio.domain.catalog import ModelSpec, ProviderSpec
from studio.domain.i18n import QT_TRANSLATE_NOOP
from studio.domain.models import GenerationRequest
from studio.domain.sizing import plan_size
from studio.domain.validation_base import Refusal

# Options OpenAI documents for JSON edit bodies (EditImageBodyJsonParam) but not for multipart
# ones (CreateImageEditRequest): an edit with one goes as JSON, local files as data URLs.
JSON_ONLY_EDIT_FIELDS = frozenset({"moderation"})
# The spec puts no limit on `user`; this one keeps a pasted essay out of every request.
MAX_USER_LENGTH = 256


def check_mask(request: GenerationRequest, provider: ProviderSpec, model: ModelSpec) -> None:
    if request.mask is None:
        return
    if not model.takes_mask:
        raise Refusal(
            QT_TRANSLATE_NOOP(
                "studio.validation",
                "{provider} does not document masks for {model}; remove the mask.",
            ),
            field="mask",
            provider=provider.label,
            model=model.label,
        )
    if not request.references:
        raise Refusal(
            QT_TRANSLATE_NOOP(
                "studio.validation",
                "A mask marks what to change in a reference image: add one first.",
            ),
            field="mask",
        )
    if request.references[0].is_url:
        raise Refusal(
            QT_TRANSLATE_NOOP(
                "studio.validation",
                "With a mask, the first reference must be a file on this computer, so the "
                "studio can check that the mask has its size before paying.",
            ),
            field="mask",
        )


def check_json_edit_size(
    request: GenerationRequest, provider: ProviderSpec, model: ModelSpec
) -> None:
    """A linked reference (or a JSON-only option) makes the edit a JSON body, which takes only
    the standard sizes."""
    allowed = provider.json_edit_sizes
    if allowed is None or not request.references:
        return
    if not any(ref.is_url for ref in request.references) and not uses_json_only(request):
        return
    plan = plan_size(model, request)
    if plan.size is None or plan.size in allowed:
        return
    raise Refusal(
        QT_TRANSLATE_NOOP(
            "studio.validation",
            "{provider} takes linked reference images (or moderation on an edit) only with the "
            "sizes {allowed}, not {size}. Use files on this computer for the references and "
            "leave moderation out, or use one of those sizes.",
        ),
        field="size",
        provider=provider.label,
        allowed=", ".join(allowed),
        size=plan.size,
    )


def uses_json_only(request: GenerationRequest) -> bool:
    return any(name in request.extras for name in JSON_ONLY_EDIT_FIELDS)


def _input_fidelity(value: str, request: GenerationRequest, model: ModelSpec) -> None:
    if value not in ("high", "low"):
        raise Refusal(
            QT_TRANSLATE_NOOP("studio.validation", "Input fidelity is either high or low."),
            field="input_fidelity",
        )
    if not request.is_edit:
        raise Refusal(
            QT_TRANSLATE_NOOP(
                "studio.validation",
                "Input fidelity applies to edits: add a reference image or leave it out.",
            ),
            field="input_fidelity",
        )


def _user(value: str, request: GenerationRequest, model: ModelSpec) -> None:
    if not value.strip() or len(value) > MAX_USER_LENGTH or not value.isprintable():
        raise Refusal(
            QT_TRANSLATE_NOOP(
                "studio.validation",
                "The user id is one line of at most {limit} printable characters.",
            ),
            field="user",
            limit=MAX_USER_LENGTH,
        )


def _partial_images(value: str, request: GenerationRequest, model: ModelSpec) -> None:
    if value not in ("0", "1", "2", "3"):
        raise Refusal(
            QT_TRANSLATE_NOOP("studio.validation", "Partial images is a whole number from 0 to 3."),
            field="partial_images",
        )
    if request.count != 1:
        raise Refusal(
            QT_TRANSLATE_NOOP(
                "studio.validation",
                "Live previews stream one image: ask for 1 image or turn previews off.",
            ),
            field="partial_images",
        )


OPTION_CHECKS: dict[str, Callable[[str, GenerationRequest, ModelSpec], None]] = {
    "input_fidelity": _input_fidelity,
    "user": _user,
    "partial_images": _partial_images,
}
