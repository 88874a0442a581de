"""Errors become sentences with the action to take, never tracebacks."""

from __future__ import annotations

from studio.domain.errors import AuthenticationFailed, DiskFull, InsufficientCredits
from studio.domain.validation import Refusal
from studio.ui.kit.messages import Action, message_for, message_for_error, needs_user


def test_a_refused_key_leads_to_adding_a_key() -> None:
    message = message_for_error(AuthenticationFailed("401"), provider="joyai")
    assert message.action is Action.add_key
    assert message.text.startswith("JoyAI Image API did not accept the API key.")
    assert message.action_label == "Add API key…"


def test_too_little_credit_asks_to_top_up() -> None:
    message = message_for_error(InsufficientCredits("needs 88 credits"), provider="gptimage2ai")
    assert message.action is Action.top_up
    assert "Top up your credits" in message.text and "needs 88 credits" in message.text


def test_a_too_long_prompt_leads_to_the_prompt() -> None:
    refusal = Refusal("The prompt is {length} characters long.", field="prompt", length=9)
    message = message_for_error(refusal)
    assert (message.text, message.action) == (
        "The prompt is 9 characters long.",
        Action.shorten_prompt,
    )


def test_rate_limiting_does_not_interrupt_the_user() -> None:
    message = message_for("rate_limited", "429", provider="joyai")
    assert message.action is Action.none
    assert not needs_user("rate_limited") and needs_user("authentication")


def test_unexpected_errors_are_a_sentence_not_a_traceback() -> None:
    message = message_for_error(ValueError("boom"))
    assert message.text == "Something went wrong: boom"


def test_a_full_disk_says_so_and_offers_retry() -> None:
    message = message_for_error(DiskFull("The disk holding /lib is full."), provider="joyai")
    assert message.text.startswith("The disk is full, so the result could not be saved.")
    assert message.action is Action.retry and message.action_label == "Retry"
    assert needs_user("disk_full")


def test_a_refused_key_is_told_once_and_not_sent_to_settings_from_inside_settings() -> None:
    detail = "JoyAI Image API rejected the API key. Check it in Settings > Providers."
    message = message_for("authentication", detail, provider="joyai")
    lead = "JoyAI Image API did not accept the API key."
    assert message.text == f"{lead} Add a valid key in Settings."
    assert message.detail == detail  # on hover only
    inside = message_for_error(AuthenticationFailed(detail), provider="joyai", in_settings=True)
    assert inside.text == "JoyAI Image API did not accept the API key."
    assert "Settings" not in inside.text


def test_the_window_names_its_setting_not_a_command_line_flag(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from studio.domain.models import GenerationRequest, ReferenceImage
    from studio.domain.validation import validate

    local = (ReferenceImage(str(tmp_path / "a.png")),)
    request = GenerationRequest(provider="joyai", model="joyai", prompt="x", references=local)
    try:
        validate(request)
    except Refusal as refusal:
        shown = message_for_error(refusal).text
        assert "--" not in shown
        assert "Send local reference files inline" in shown
        assert "--inline-refs" in str(refusal)  # the command line keeps its flag
    else:
        raise AssertionError("a local file for JoyAI must be refused without consent")
