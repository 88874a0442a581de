"""The path every provider request takes: key, fault rule, handler, call record.

A provider module declares each endpoint with `endpoint(...)`; the handler then sees an
`Exchange`, which carries the request, the key and the fault rule chosen for it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal
from http import HTTPStatus
from typing import Any

import anyio
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from studio.emulator.fault_responses import CutShort, DroppedConnection, replacing_response
from studio.emulator.faults import REPLACING_ACTIONS, Action, FaultRule, RouteName
from studio.emulator.state import Call, EmulatorState, fingerprint

ErrorWriter = Callable[["Exchange", int, "str | None"], Response]


@dataclass(frozen=True)
class Provider:
    """A provider as the exchange needs it: its name and its error envelope."""

    name: str
    error: ErrorWriter


@dataclass
class Exchange:
    """One request on its way through the emulator."""

    request: Request
    state: EmulatorState
    provider: Provider
    route: RouteName
    key: str | None  # the bearer key; only ever kept for the duration of the request
    fault: FaultRule | None

    @property
    def action(self) -> Action | None:
        return None if self.fault is None else self.fault.action

    @property
    def owner(self) -> str:
        return fingerprint(self.key or "")

    @property
    def account_key(self) -> str:
        return self.key or ""

    def error(self, status: int, message: str | None = None) -> Response:
        return self.provider.error(self, status, message)

    def url(self, path: str) -> str:
        """An absolute URL on whatever address the client used (loopback or in-process)."""
        return f"{self.request.base_url}{path.lstrip('/')}"

    async def hang(self, limit: float = 3600.0) -> None:
        """Hold the request open until the client gives up (or `limit` seconds pass)."""
        with anyio.move_on_after(limit):
            while (await self.request.receive())["type"] != "http.disconnect":
                pass

    async def generation_time(self, failure: str | None = None) -> Response | None:
        """Wait as a synchronous generation does; the error answer when a fault fails it."""
        await anyio.sleep(self.state.config.sync_seconds)
        if self.action is Action.never_finish:
            await self.hang()
            return self.error(504, "the generation timed out")
        if self.action is Action.fail_task:
            return self.error(500, failure)
        return None

    async def json_object(self) -> dict[str, Any] | None:
        """The request body as a JSON object, or None when it is not one."""
        try:
            data = await self.request.json()
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    def balance(self) -> Decimal:
        return self.state.current_balance(self.account_key, self.provider.name)


Handler = Callable[[Exchange], Awaitable[Response]]
Endpoint = Callable[[Request], Awaitable[Response]]
RouteRule = RouteName | Callable[[Request, EmulatorState, str], RouteName]
ProviderRule = Provider | Callable[[Request, EmulatorState], Provider]
Supports = frozenset[Action] | Callable[[Request], frozenset[Action]]


def status_phrase(status: int) -> str:
    """ "Too Many Requests" for 429; a plain word for statuses http.HTTPStatus does not know."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def bearer_key(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def key_refused(key: str | None) -> bool:
    """Missing keys and keys starting with "bad" are refused (401)."""
    return key is None or key.startswith("bad")


def endpoint(
    provider: ProviderRule,
    route: RouteRule,
    *,
    supports: Supports = frozenset(),
    needs_key: bool = True,
) -> Callable[[Handler], Endpoint]:
    """Wrap `handler` in key checks, fault injection and call recording."""

    def wrap(handler: Handler) -> Endpoint:
        async def run(request: Request) -> Response:
            state: EmulatorState = request.app.state.emulator
            key = bearer_key(request)
            who = provider if isinstance(provider, Provider) else provider(request, state)
            where = (
                route if isinstance(route, str) else route(request, state, fingerprint(key or ""))
            )
            able = supports if isinstance(supports, frozenset) else supports(request)
            fault = state.take_fault(who.name, where, able)
            exchange = Exchange(request, state, who, where, key, fault)
            response: Response | None = None
            try:
                response = await _answer(exchange, handler, needs_key)
                return response
            finally:
                _record(exchange, response)

        run.__name__ = handler.__name__
        run.__doc__ = handler.__doc__
        return run

    return wrap


def _record(exchange: Exchange, response: Response | None) -> None:
    status = 500 if response is None else response.status_code
    if isinstance(response, DroppedConnection):
        status = 0
    request, key = exchange.request, exchange.key
    call = Call(
        exchange.provider.name,
        exchange.route,
        request.method,
        request.url.path,
        status,
        None if key is None else fingerprint(key),
    )
    exchange.state.record(call)


async def _answer(exchange: Exchange, handler: Handler, needs_key: bool) -> Response:
    fault = exchange.fault
    if fault is not None and fault.delay:
        await anyio.sleep(fault.delay)
    if fault is not None and fault.status is not None:
        response = exchange.error(fault.status)
    elif fault is not None and fault.action in REPLACING_ACTIONS:
        assert fault.action is not None
        response = replacing_response(fault.action, exchange.request)
    elif needs_key and key_refused(exchange.key):
        response = exchange.error(401)
    else:
        try:
            response = await handler(exchange)
        except HTTPException as exc:  # e.g. a malformed multipart body
            response = exchange.error(exc.status_code, str(exc.detail))
    if fault is None:
        return response
    if fault.retry_after is not None:
        response.headers["Retry-After"] = f"{fault.retry_after:g}"
    if fault.action is Action.drop:
        return DroppedConnection()
    if fault.action is Action.drop_mid_body:
        return CutShort(response, fault.length)
    return response
