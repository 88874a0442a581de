"""Provider clients: one per wire protocol, built by `make_client` from a catalog row.

joyai          JoyAI Image API (providers joyai and demo)
gptimage2ai    GPTImage2.ai
openai_images  OpenAI Images protocol (providers icodeeasy and openai)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

    from studio.domain.catalog import ProviderSpec
    from studio.providers.base import ProviderClient
    from studio.providers.options import ClientOptions, WaitCallback, report_waits

#: protocol -> (module, class). The client modules (and httpx under them) are imported when the
#: first client is made, not with this package: the desktop studio imports the engine before
#: its window is shown, and httpx alone costs a noticeable part of that start.
PROTOCOLS: dict[str, tuple[str, str]] = {
    "joyai": ("studio.providers.joyai", "JoyAIClient"),
    "gptimage2ai": ("studio.providers.gptimage2ai", "GptImage2AiClient"),
    "openai_images": ("studio.providers.openai_images", "OpenAIImagesClient"),
}


def make_client(
    spec: ProviderSpec,
    *,
    api_key: str | None,
    base_url: str | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    options: ClientOptions | None = None,
) -> ProviderClient:
    """A client for `spec`'s protocol. `base_url` defaults to the catalog's; `transport`
    replaces the network (the in-process demo). Close it with `aclose()`."""
    from studio.domain.errors import AuthenticationFailed, InvalidRequest
    from studio.providers.redaction import remember_secret

    api_key = (api_key or "").strip() or None
    remember_secret(api_key)  # whatever is logged from now on, the log file never shows it
    if api_key is None and spec.key_env is not None:
        raise AuthenticationFailed(
            f"No API key for {spec.label}. Add one in Settings or set {spec.key_env}."
        )
    if api_key is not None and not (api_key.isascii() and api_key.isprintable()):
        # Only printable ASCII fits an Authorization header: any other key would make the
        # request fail while being written, which looked like a connection broken after sending.
        where = f"Settings or {spec.key_env}" if spec.key_env else "Settings"
        raise AuthenticationFailed(
            f"The API key for {spec.label} contains a line break or another character an API "
            f"key cannot have, so nothing was sent. Enter the key again in {where}."
        )
    try:
        module, name = PROTOCOLS[spec.protocol]
    except KeyError:
        raise InvalidRequest(
            f"The studio does not speak {spec.label}'s protocol ({spec.protocol})."
        ) from None
    client_class = getattr(importlib.import_module(module), name)
    client: ProviderClient = client_class(
        spec, api_key=api_key, base_url=base_url, transport=transport, options=options
    )
    return client


#: What the package re-exports from its modules, imported on first use: the log file imports
#: `studio.providers.redaction` before the window's first paint, and importing a submodule runs
#: this file first; the client base and options are not needed by then (bench/README.md).
_EXPORTS = {
    "ClientOptions": "studio.providers.options",
    "WaitCallback": "studio.providers.options",
    "report_waits": "studio.providers.options",
    "ProviderClient": "studio.providers.base",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = ["ClientOptions", "ProviderClient", "WaitCallback", "make_client", "report_waits"]
