"""Reading request fields the way the services do: required, defaulted, or one of a list.

Each reader raises `Invalid` naming the field, so every provider can word the refusal in its
own envelope (a message, a machine code, an OpenAI `param`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_PIXELS = re.compile(r"^(\d{2,5})x(\d{2,5})$")


class Invalid(ValueError):
    """A field the service refuses."""

    def __init__(self, message: str, *, field: str, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code or f"invalid_{field}"


def text(body: Mapping[str, Any], name: str, *, required: bool = False) -> str | None:
    """A string field; `required` also refuses one that is blank."""
    value = body.get(name)
    if value is None:
        if required:
            raise Invalid(f"{name} is required", field=name, code=f"{name}_required")
        return None
    if not isinstance(value, str):
        raise Invalid(f"{name} must be a string", field=name)
    if required and not value.strip():
        raise Invalid(f"{name} is required", field=name, code=f"{name}_required")
    return value


def prompt(body: Mapping[str, Any], limit: int) -> str:
    value = text(body, "prompt", required=True)
    assert value is not None
    if len(value) > limit:
        raise Invalid(
            f"prompt must be at most {limit} characters (got {len(value)})",
            field="prompt",
            code="prompt_too_long",
        )
    return value


def choice(body: Mapping[str, Any], name: str, choices: tuple[str, ...], default: str) -> str:
    value = text(body, name)
    if value is None:
        return default
    if value not in choices:
        raise Invalid(f"{name} must be one of {', '.join(choices)}", field=name)
    return value


def integer(body: Mapping[str, Any], name: str, *, default: int, low: int, high: int) -> int:
    """A whole number in [low, high]; numeric strings count (multipart forms send text)."""
    value = body.get(name)
    if value is None:
        return default
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Invalid(f"{name} must be an integer from {low} to {high}", field=name)
    return value


def pixels(size: str) -> tuple[int, int] | None:
    """(width, height) of a "WIDTHxHEIGHT" string, or None."""
    match = _PIXELS.match(size)
    return (int(match[1]), int(match[2])) if match else None


def openai_size_ok(width: int, height: int) -> bool:
    """gpt-image-2's free sizes: multiples of 16, shape within 1:3..3:1, at most 3840x2160."""
    long_edge, short_edge = max(width, height), min(width, height)
    return (
        width % 16 == 0
        and height % 16 == 0
        and short_edge > 0
        and long_edge <= 3 * short_edge
        and long_edge <= 3840
        and short_edge <= 2160
    )
