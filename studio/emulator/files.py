"""Download routes for result files; no key needed, the full link is the credential.

Every file lives at ``/cdn/<provider>/<name>``. icodeeasy's documented result URL,
``/v1/images/files/gpt-image-2/YYYYMMDD/<id>-<seq>.png``, answers 302 to it, or the bytes
themselves with ``?download=1``.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from studio.emulator import gptimage2ai, icodeeasy, joyai, openai_images
from studio.emulator.exchange import Exchange, Provider, endpoint
from studio.emulator.faults import IMAGE_ACTIONS, Action
from studio.emulator.results import file_url, image_response
from studio.emulator.state import EmulatorState

_PROVIDERS = {
    p.name: p
    for p in (joyai.PROVIDER, gptimage2ai.PROVIDER, icodeeasy.PROVIDER, openai_images.PROVIDER)
}


def _cdn_provider(request: Request, state: EmulatorState) -> Provider:
    return _PROVIDERS.get(request.path_params["provider"], joyai.PROVIDER)


@endpoint(_cdn_provider, "download", supports=IMAGE_ACTIONS, needs_key=False)
async def cdn_file(exchange: Exchange) -> Response:
    """GET /cdn/<provider>/<name>: the result file itself."""
    params = exchange.request.path_params
    image = exchange.state.image(f"{params['provider']}/{params['name']}")
    if image is None:
        return exchange.error(404, "file not found")
    return await image_response(exchange, image)


def _wants_bytes(request: Request) -> bool:
    return request.query_params.get("download", "").lower() in ("1", "true", "yes")


def _icodeeasy_file_faults(request: Request) -> frozenset[Action]:
    return IMAGE_ACTIONS if _wants_bytes(request) else frozenset()


@endpoint(icodeeasy.PROVIDER, "download", supports=_icodeeasy_file_faults, needs_key=False)
async def icodeeasy_file(exchange: Exchange) -> Response:
    """GET /v1/images/files/gpt-image-2/<day>/<id>-<seq>.png: 302 to the file, or its bytes."""
    params = exchange.request.path_params
    name = f"icodeeasy/{params['day']}/{params['name']}"
    image = exchange.state.image(name)
    if image is None:
        return exchange.error(404, "file not found")
    if _wants_bytes(exchange.request):
        return await image_response(exchange, image, attachment=True)
    return RedirectResponse(file_url(exchange, name), status_code=302)


ROUTES = [
    Route("/cdn/{provider}/{name:path}", cdn_file, methods=["GET"]),
    Route("/v1/images/files/gpt-image-2/{day}/{name}", icodeeasy_file, methods=["GET"]),
]
