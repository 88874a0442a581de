"""Admin routes under ``/_emulator`` for scripts and subprocess tests (no key, never faulted).

GET    /_emulator/calls    {"calls": [...], "counts": {provider: {route: n}}, "total": n}
GET    /_emulator/faults   the live rules
POST   /_emulator/faults   a JSON list of rules; replaces the live ones
DELETE /_emulator/faults   no more faults
POST   /_emulator/keys     {"key": ..., "balance": ..., "provider"?: ...}
POST   /_emulator/reset    forget calls, balances, tasks and files
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from studio.emulator.faults import parse_rules
from studio.emulator.state import EmulatorState


def _state(request: Request) -> EmulatorState:
    state: EmulatorState = request.app.state.emulator
    return state


def _refuse(message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=400)


async def calls(request: Request) -> JSONResponse:
    state = _state(request)
    listed = [call.to_dict() for call in list(state.calls)]
    return JSONResponse({"calls": listed, "counts": state.call_counts(), "total": len(listed)})


async def faults(request: Request) -> JSONResponse:
    state = _state(request)
    if request.method == "DELETE":
        state.clear_faults()
    elif request.method == "POST":
        try:
            state.set_faults(parse_rules(await request.json()))
        except ValueError as exc:
            return _refuse(str(exc))
    return JSONResponse({"faults": [rule.to_dict() for rule in state.faults]})


async def keys(request: Request) -> JSONResponse:
    try:
        body = await request.json()
        key, provider = body["key"], body.get("provider")
        amount = Decimal(str(body["balance"]))
        if not isinstance(key, str) or not key:
            raise ValueError("key must be a non-empty string")
        _state(request).set_balance(key, amount, provider)
    except (ValueError, KeyError, TypeError, InvalidOperation) as exc:
        return _refuse(f"expected {{'key': str, 'balance': number, 'provider'?: str}} ({exc})")
    return JSONResponse({"ok": True})


async def reset(request: Request) -> JSONResponse:
    _state(request).reset()
    return JSONResponse({"ok": True})


ROUTES = [
    Route("/_emulator/calls", calls, methods=["GET"]),
    Route("/_emulator/faults", faults, methods=["GET", "POST", "DELETE"]),
    Route("/_emulator/keys", keys, methods=["POST"]),
    Route("/_emulator/reset", reset, methods=["POST"]),
]
