"""Provider clients: one per wire protocol, built by `make_client` from a catalog row.

joyai          JoyAI Image API (providers joyai and demo)
gptimage2ai    GPTImage2.ai
openai_images  OpenAI Images protocol (providers icodeeasy and openai)
"""

from __future__ import annotations

import httpx

from studio.domain.catalog import ProviderSpec
from studio.domain.errors import AuthenticationFailed, InvalidRequest
from studio.providers.base import ProviderClient
from studio.providers.gptimage2ai import GptImage2AiClient
from studio.providers.joyai import JoyAIClient
from studio.providers.openai_images import OpenAIImagesClient
from studio.providers.options import ClientOptions, WaitCallback, report_waits

PROTOCOLS: dict[str, type[JoyAIClient | GptImage2AiClient | OpenAIImagesClient]] = {
    "joyai": JoyAIClient,
    "gptimage2ai": GptImage2AiClient,
    "openai_images": OpenAIImagesClient,
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
    api_key = (api_key or "").strip() or None
    if api_key is None and spec.key_env is not None:
        raise AuthenticationFailed(
            f"No API key for {spec.label}. Add one in Settings or set {spec.key_env}."
        )
    try:
        client_class = PROTOCOLS[spec.protocol]
    except KeyError:
        raise InvalidRequest(
            f"The studio does not speak {spec.label}'s protocol ({spec.protocol})."
        ) from None
    return client_class(
        spec, api_key=api_key, base_url=base_url, transport=transport, options=options
    )


__all__ = ["ClientOptions", "ProviderClient", "WaitCallback", "make_client", "report_waits"]
