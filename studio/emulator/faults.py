"""Fault injection: rules that make the emulator misbehave the way providers and networks do.

Rules come as a JSON list (the file of ``image-studio emulator --faults FILE``, the body of
``POST /_emulator/faults``) or as ``EmulatorConfig.faults``. Each rule is an object whose keys
are all optional::

    provider     "joyai" | "gptimage2ai" | "icodeeasy" | "openai"  (absent: every provider;
                 "demo" means "joyai", the protocol the demo speaks)
    route        "create" | "poll" | "download" | "check" | "any"   (default "any")
    status       answer with this HTTP status, in the provider's own error envelope
    retry_after  seconds, sent as the Retry-After header (with `status`, or on the normal answer)
    delay        seconds to wait before answering
    action       one of the actions below
    length       bytes: what "huge" streams (300 MB), "truncate" keeps and "drop_mid_body"
                 sends (half the body) -- defaults in brackets
    times        apply to the next N matching requests, then expire (default: unlimited)
    skip         let the first N matching requests through untouched (default 0)

Routes: "create" is a paid generation call, "poll" a status query for a known task,
"download" a result file, "check" a free key check (a status query for a task the key does
not own, or OpenAI's model list).

Actions, and where they apply (a rule never matches a request its action cannot apply to):

    any route       drop           the request is handled (a create is charged) but the
                                   connection closes without any answer; in-process clients
                                   get httpx.RemoteProtocolError
                    drop_mid_body  headers and part of the handled answer, then the connection
                                   closes
                    html           200 text/html page instead of the answer (a captive portal)
                    redirect_loop  302 to the very same URL
    API routes      not_json       200 whose body is not JSON (declared as application/json)
                    missing_fields 200 ``{}``
    image bytes     truncate       the image cut short; Content-Length matches the cut body
    (downloads, and corrupt        random bytes served as image/png
    OpenAI's inline bomb           a small valid PNG declaring 30000x30000 pixels
    images)         huge           streams `length` bytes lazily, without Content-Length
                    garbage_pixels a PNG declaring 10000x10000 pixels whose every chunk CRC is
                                   right but whose image data is no zlib stream at all
    creates         never_finish   the task stays running forever (a synchronous call hangs
                                   until the client gives up)
                    fail_task      the task ends failed; refunded where the provider documents
                                   refunds (GPTImage2.ai, icodeeasy), not at JoyAI
                    duplicate_task_id  the create is handled but answers with the previous
                                   task id of the same provider and key (async creates only)

`status`, `html`, `redirect_loop`, `not_json` and `missing_fields` answer in place of the
provider: nothing is handled or charged. For each request the first rule (in list order)
that matches and is past its `skip` count is applied, and only that one.

Example -- the first poll is rate limited, then everything is normal::

    [{"route": "poll", "status": 429, "retry_after": 1, "times": 1}]
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal, get_args

RouteName = Literal["create", "poll", "download", "check"]
ROUTES: tuple[str, ...] = (*get_args(RouteName), "any")
FAULT_PROVIDERS = ("joyai", "gptimage2ai", "icodeeasy", "openai")


class Action(StrEnum):
    drop = "drop"
    drop_mid_body = "drop_mid_body"
    html = "html"
    redirect_loop = "redirect_loop"
    not_json = "not_json"
    missing_fields = "missing_fields"
    truncate = "truncate"
    corrupt = "corrupt"
    bomb = "bomb"
    garbage_pixels = "garbage_pixels"
    huge = "huge"
    never_finish = "never_finish"
    fail_task = "fail_task"
    duplicate_task_id = "duplicate_task_id"


#: Actions every endpoint can carry out.
ANY_ROUTE_ACTIONS = frozenset(
    {Action.drop, Action.drop_mid_body, Action.html, Action.redirect_loop}
)
API_ACTIONS = frozenset({Action.not_json, Action.missing_fields})
#: Image actions that serve other bytes in place of the image.
SPOILING_ACTIONS = frozenset({Action.truncate, Action.corrupt, Action.bomb, Action.garbage_pixels})
IMAGE_ACTIONS = SPOILING_ACTIONS | {Action.huge}
#: Actions of a create that starts an asynchronous task, and of a synchronous one.
TASK_ACTIONS = frozenset({Action.never_finish, Action.fail_task, Action.duplicate_task_id})
SYNC_ACTIONS = frozenset({Action.never_finish, Action.fail_task})
#: Actions answered by the emulator in place of the provider, before any handling.
REPLACING_ACTIONS = frozenset(
    {Action.html, Action.redirect_loop, Action.not_json, Action.missing_fields}
)
HUGE_BYTES = 300 * 1024 * 1024


@dataclass(frozen=True)
class FaultRule:
    """One fault rule; see the module docstring for the meaning of each field."""

    provider: str | None = None
    route: str = "any"
    status: int | None = None
    retry_after: float | None = None
    delay: float | None = None
    action: Action | None = None
    length: int | None = None
    times: int | None = None
    skip: int = 0

    def __post_init__(self) -> None:
        if self.provider == "demo":
            object.__setattr__(self, "provider", "joyai")
        if self.provider is not None and self.provider not in FAULT_PROVIDERS:
            raise ValueError(f"unknown provider {self.provider!r}")
        if self.route not in ROUTES:
            raise ValueError(f"unknown route {self.route!r}; use one of {', '.join(ROUTES)}")
        if self.action is not None:
            object.__setattr__(self, "action", Action(self.action))
        if self.status is not None and not 100 <= self.status <= 599:
            raise ValueError(f"status {self.status} is not an HTTP status")
        for name in ("retry_after", "delay", "length", "times", "skip"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or value < 0):
                raise ValueError(f"{name} must be a number >= 0")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FaultRule:
        if not isinstance(data, dict):
            raise ValueError("a fault rule is a JSON object")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown fault rule field(s): {', '.join(unknown)}")
        try:
            return cls(**data)
        except TypeError as exc:  # a value of the wrong type, e.g. "status": "429"
            raise ValueError(str(exc)) from None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if k == "route" or v not in (None, 0)}

    def matches(self, provider: str, route: str, supported: frozenset[Action]) -> bool:
        if self.provider is not None and self.provider != provider:
            return False
        if self.route != "any" and self.route != route:
            return False
        return self.action is None or self.action in ANY_ROUTE_ACTIONS or self.action in supported


def parse_rules(data: Any) -> list[FaultRule]:
    """Rules from decoded JSON: a list of rule objects (a single object is accepted too)."""
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise ValueError("fault rules are a JSON list of objects")
    return [FaultRule.from_dict(item) for item in data]


def load_rules(path: str | Path) -> list[FaultRule]:
    """Rules from a JSON file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON ({exc})") from None
    return parse_rules(data)


class FaultBook:
    """The live rules with their counters. Not thread-safe: the state's lock guards it."""

    def __init__(self, rules: list[FaultRule] | None = None) -> None:
        self._rules: list[FaultRule] = []
        self._seen: list[int] = []
        self._applied: list[int] = []
        self.replace(rules or [])

    def replace(self, rules: list[FaultRule]) -> None:
        self._rules = list(rules)
        self._seen = [0] * len(self._rules)
        self._applied = [0] * len(self._rules)

    def add(self, rule: FaultRule) -> None:
        self._rules.append(rule)
        self._seen.append(0)
        self._applied.append(0)

    @property
    def rules(self) -> list[FaultRule]:
        return list(self._rules)

    def take(self, provider: str, route: str, supported: frozenset[Action]) -> FaultRule | None:
        """The rule to apply to this request, advancing the counters of the rules it meets."""
        for index, rule in enumerate(self._rules):
            if rule.times is not None and self._applied[index] >= rule.times:
                continue
            if not rule.matches(provider, route, supported):
                continue
            self._seen[index] += 1
            if self._seen[index] <= rule.skip:
                continue
            self._applied[index] += 1
            return rule
        return None
