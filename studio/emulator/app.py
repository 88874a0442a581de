"""The emulator's ASGI app, the base URL each provider client should use, and `serve`."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.types import Receive, Scope, Send

from studio.emulator import admin, bucket, files, gptimage2ai, icodeeasy, joyai, openai_images
from studio.emulator.config import EmulatorConfig
from studio.emulator.fault_responses import SERVER_SEND
from studio.emulator.faults import load_rules
from studio.emulator.state import EmulatorState

_PATHS = {"joyai": "", "demo": "", "gptimage2ai": "", "icodeeasy": "/v1", "openai": "/openai/v1"}


class EmulatorApp(Starlette):
    """A Starlette app that keeps the server's `send` in the scope, so that fault rules can
    close the connection itself (see `fault_responses`)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope[SERVER_SEND] = send
        await super().__call__(scope, receive, send)


def create_app(config: EmulatorConfig | None = None) -> Starlette:
    """A fresh emulator; its state is ``app.state.emulator`` (an `EmulatorState`)."""
    app = EmulatorApp(
        routes=[
            *joyai.ROUTES,
            *gptimage2ai.ROUTES,
            *icodeeasy.ROUTES,
            *openai_images.ROUTES,
            *files.ROUTES,
            *admin.ROUTES,
            *bucket.ROUTES,
        ]
    )
    app.state.emulator = EmulatorState(config or EmulatorConfig())
    return app


def base_url_for(root_url: str, provider: str) -> str:
    """The base URL a `provider` client uses against an emulator served at `root_url`."""
    try:
        return root_url.rstrip("/") + _PATHS[provider]
    except KeyError:
        raise ValueError(f"the emulator does not speak {provider!r}") from None


def serve(
    *, host: str = "127.0.0.1", port: int, faults_file: str | None = None, task_seconds: float = 1.0
) -> None:
    """Serve the emulator with uvicorn until interrupted (``image-studio emulator``).

    uvicorn is an extra (the demo runs the emulator in-process and needs no server), so a
    plain install says how to get it instead of failing with a traceback."""
    try:
        import uvicorn
    except ModuleNotFoundError:
        raise SystemExit(
            "image-studio emulator needs uvicorn, which a plain install leaves out:\n"
            "    python3 -m pip install 'image-studio[emulator]'"
        ) from None

    rules = load_rules(faults_file) if faults_file else []
    app = create_app(EmulatorConfig(task_seconds=task_seconds, faults=rules))
    uvicorn.run(app, host=host, port=port, log_level="info", lifespan="off")
