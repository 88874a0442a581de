"""Admin routes under ``/_emulator`` for scripts and subprocess tests (no key, never faulted).

GET    /_emulator/calls    {"calls": [...], "counts": {provider: {route: n}}, "total": n}
GET    /_emulator/faults   the live rules
POST   /_emulator/faults   a JSON list of rules; replaces the live ones
DELETE /_emulator/faults   no more faults
POST   /_emulator/keys     {"key": ..., "balance": ..., "provider"?: ...}
POST   /_emulator/reset    forget calls, balances, tasks and files

Only for this computer's own programs: a web page open in the user's browser can send requests
to 127.0.0.1 too. A cross-site "simple" POST (text/plain, no CORS preflight) would change the
faults, and a DNS-rebinding page (its own host name resolving to 127.0.0.1) could read and write
everything. So every admin route answers 403 unless the Host is this computer (or the in-process
demo's address), an Origin, when sent, is that same host, and a browser's Sec-Fetch-Site, when
sent, is not cross-site; and a POST must be `Content-Type: application/json`, which a page can
only send after a preflight the emulator never allows.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from studio.domain.validation import is_loopback_host
from studio.emulator.faults import parse_rules
from studio.emulator.state import EmulatorState

Handler = Callable[[Request], Awaitable[JSONResponse]]
#: The in-process demo's address (httpx.ASGITransport), besides this computer's own names.
_IN_PROCESS_HOST = "demo.invalid"


def _state(request: Request) -> EmulatorState:
    state: EmulatorState = request.app.state.emulator
    return state


def _refuse(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _local_host(host: str | None) -> bool:
    return bool(host) and (is_loopback_host(host) or host == _IN_PROCESS_HOST)


def _foreign(request: Request) -> str | None:
    """Why this request may come from a web page rather than a local program; None if not."""
    host_header = request.headers.get("host", "")
    if not _local_host(urlsplit(f"//{host_header}").hostname):
        return "the admin routes answer only on this computer's own address"
    origin = request.headers.get("origin")
    if origin is not None and urlsplit(origin).netloc.lower() != host_header.lower():
        return "the admin routes do not answer requests from web pages"
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return "the admin routes do not answer requests from web pages"
    if request.method == "POST":
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type != "application/json":
            return "send admin requests as application/json"
    return None


def _local_only(handler: Handler) -> Handler:
    async def guarded(request: Request) -> JSONResponse:
        reason = _foreign(request)
        if reason is not None:
            return _refuse(reason, 403)
        return await handler(request)

    return guarded


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
    Route("/_emulator/calls", _local_only(calls), methods=["GET"]),
    Route("/_emulator/faults", _local_only(faults), methods=["GET", "POST", "DELETE"]),
    Route("/_emulator/keys", _local_only(keys), methods=["POST"]),
    Route("/_emulator/reset", _local_only(reset), methods=["POST"]),
]
