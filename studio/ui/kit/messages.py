"""Turns engine errors and refusals into sentences a person can act on, with the action to take."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QCoreApplication

from studio.domain.errors import StudioError
from studio.domain.i18n import Text
from studio.domain.models import JobState
from studio.domain.validation import Refusal
from studio.engine.events import JobRecord
from studio.ui.kit import catalog_text

#: pyside6-lupdate collects `translate("context", "text")` calls; the context must be a literal.
translate = QCoreApplication.translate


class Action(StrEnum):
    """What the message bar's button does."""

    none = "none"
    add_key = "add_key"  # open the settings dialog on the provider's page
    top_up = "top_up"  # the user must add credits with the provider; then retry
    shorten_prompt = "shorten_prompt"  # focus the prompt editor
    edit_request = "edit_request"
    retry = "retry"  # retry the job later
    open_settings = "open_settings"
    undo = "undo"  # restore what was just deleted


@dataclass(frozen=True)
class UserMessage:
    """One message for the message bar: what happened, and what to do about it."""

    text: str
    action: Action = Action.none
    provider: str | None = None
    job_id: str | None = None
    #: The error kind behind it, so the message can go when its cause is gone.
    kind: str | None = None
    #: What the lower layers said, where the text already tells that fact (shown on hover).
    detail: str | None = None

    @property
    def action_label(self) -> str:
        return action_label(self.action)


def action_label(action: Action) -> str:
    labels = {
        Action.add_key: translate("studio.messages", "Add API key…"),
        Action.top_up: translate("studio.messages", "Retry after topping up"),
        Action.shorten_prompt: translate("studio.messages", "Edit prompt"),
        Action.edit_request: translate("studio.messages", "Edit request"),
        Action.retry: translate("studio.messages", "Retry"),
        Action.open_settings: translate("studio.messages", "Open settings"),
        Action.undo: translate("studio.messages", "Undo"),
    }
    return labels.get(action, "")


def window_params() -> dict[str, str]:
    """Refusal parameters the window says its own way: its setting, not a command-line flag."""
    return {
        "consent": translate(
            "studio.messages", "the setting “Send local reference files inline” in Settings"
        )
    }


def refusal_text(refusal: Refusal) -> str:
    """The refusal's sentence in the user's language, in the window's words."""
    template = QCoreApplication.translate("studio.validation", refusal.template)
    params = {**refusal.params, **{k: v for k, v in window_params().items() if k in refusal.params}}
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):  # a broken translation must not hide the reason
        return refusal.message


def text_of(text: Text) -> str:
    """A `Text` from below the UI layer in the user's language (its `Text` parameters too)."""
    params = {k: text_of(v) if isinstance(v, Text) else v for k, v in text.params.items()}
    try:
        return QCoreApplication.translate(text.context, text.template).format(**params)
    except (KeyError, IndexError, ValueError):  # a broken translation must not hide the text
        return str(text)


def provider_label(provider: str | None) -> str:
    if provider is None:
        return translate("studio.messages", "the provider")
    return catalog_text.provider_label(provider)


def _lead(kind: str, provider: str) -> tuple[str, Action]:
    """The first sentence for an error kind, and the action it needs."""
    table: dict[str, tuple[str, Action]] = {
        "authentication": (
            translate("studio.messages", "{provider} did not accept the API key."),
            Action.add_key,
        ),
        "needs_key": (
            translate(
                "studio.messages",
                "This job needs the {provider} API key, which was kept for the last session "
                "only. Add the key in Settings: the job then continues and is not paid again.",
            ),
            Action.add_key,
        ),
        "insufficient_credits": (
            translate(
                "studio.messages",
                "Your {provider} balance is too low for this job. Top up your credits, then retry.",
            ),
            Action.top_up,
        ),
        "rate_limited": (
            translate(
                "studio.messages",
                "{provider} is busy (too many requests). The job waits and retries by itself.",
            ),
            Action.none,
        ),
        "provider_unavailable": (
            translate("studio.messages", "{provider} is not reachable right now. Retry later."),
            Action.retry,
        ),
        "timed_out": (
            translate(
                "studio.messages",
                "{provider} is taking longer than expected. The job resumes next time; "
                "retry later if it does not.",
            ),
            Action.retry,
        ),
        "outcome_unknown": (
            translate(
                "studio.messages",
                "It is unknown whether {provider} received the job (it may have been charged). "
                "Check your account before retrying.",
            ),
            Action.none,
        ),
        "storage_failed": (
            translate(
                "studio.messages",
                "The result could not be saved. Check that the library folder exists and has "
                "free space.",
            ),
            Action.open_settings,
        ),
        "disk_full": (
            translate(
                "studio.messages",
                "The disk is full, so the result could not be saved. Free some space, then "
                "press Retry; the job is not paid again.",
            ),
            Action.retry,
        ),
        "bad_result": (
            translate(
                "studio.messages",
                "{provider} returned a result that is not a usable image. Retry the job.",
            ),
            Action.retry,
        ),
        "provider_failed": (
            translate("studio.messages", "{provider} could not make this image."),
            Action.retry,
        ),
        "invalid_request": (
            translate("studio.messages", "The request was refused."),
            Action.edit_request,
        ),
    }
    template, action = table.get(
        kind, (translate("studio.messages", "Something went wrong."), Action.none)
    )
    return template.format(provider=provider), action


# Kinds whose lead says all there is: the recorded message only repeats it (in English, with
# its own advice), so it is kept for hovering, not shown as a second sentence of the same fact.
SAID_BY_LEAD = frozenset({"authentication", "needs_key"})


def message_for(
    kind: str | None,
    detail: str | None,
    *,
    provider: str | None,
    job_id: str | None = None,
    in_settings: bool = False,
) -> UserMessage:
    """A message for a failed job or call, from its recorded kind and message. Inside the
    settings dialog (`in_settings`) it does not send the user to the settings."""
    lead, action = _lead(kind or "error", provider_label(provider))
    if kind == "invalid_request" and detail and "prompt" in detail.lower():
        action = Action.shorten_prompt
    if kind == "authentication" and not in_settings:
        lead += " " + translate("studio.messages", "Add a valid key in Settings.")
    if kind in SAID_BY_LEAD:
        text, shown_detail = lead, detail
    else:
        text = lead if not detail or detail == lead else f"{lead}\n{detail}"
        shown_detail = None
    return UserMessage(text, action, provider, job_id, kind, shown_detail)


#: Causes that belong to the provider's account, not to one job: a working key or a job the
#: provider took puts them right.
ACCOUNT_CAUSES = frozenset({"authentication", "needs_key", "insufficient_credits"})
KEY_CAUSES = frozenset({"authentication", "needs_key"})


def resolved_by_key(message: UserMessage, provider: str) -> bool:
    """The provider just accepted its key: a message about that key no longer holds."""
    return message.provider == provider and message.kind in KEY_CAUSES


def resolved_by_job(message: UserMessage, record: JobRecord) -> bool:
    """A job moved on: its own message no longer holds once it runs again or succeeded, and
    an account message for its provider no longer holds once the provider took a job."""
    accepted = record.state in (JobState.queued, JobState.running, JobState.downloading) or (
        record.state is JobState.succeeded
    )
    if message.job_id == record.id:
        return (accepted and not record.held) or record.state is JobState.cancelled
    return (
        accepted
        and message.kind in ACCOUNT_CAUSES
        and message.provider == record.request.provider
        and not record.held
    )


def message_for_error(
    error: Exception,
    *,
    provider: str | None = None,
    job_id: str | None = None,
    in_settings: bool = False,
) -> UserMessage:
    """A message for an exception a background call raised."""
    if isinstance(error, Refusal):
        action = Action.shorten_prompt if error.field == "prompt" else Action.none
        return UserMessage(refusal_text(error), action, provider, job_id)
    if isinstance(error, StudioError):
        return message_for(
            error.kind, error.message, provider=provider, job_id=job_id, in_settings=in_settings
        )
    return UserMessage(
        translate("studio.messages", "Something went wrong: {detail}").format(
            detail=str(error) or type(error).__name__
        ),
        Action.none,
        provider,
        job_id,
    )


#: Failures worth interrupting the user for: the job cannot succeed until they act.
NEEDS_USER = frozenset(
    {
        "authentication",
        "insufficient_credits",
        "invalid_request",
        "storage_failed",
        "disk_full",
        "needs_key",
        "outcome_unknown",
    }
)


def needs_user(kind: str | None) -> bool:
    return kind in NEEDS_USER
