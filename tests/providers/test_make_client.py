"""Building a client: one per protocol, a key where one is needed, only trustworthy addresses."""

from __future__ import annotations

import httpx
import pytest

from studio.domain.catalog import PROVIDERS, provider_spec
from studio.domain.errors import AuthenticationFailed, InvalidRequest
from studio.providers import ClientOptions, make_client
from studio.providers.gptimage2ai import GptImage2AiClient
from studio.providers.joyai import JoyAIClient
from studio.providers.openai_images import OpenAIImagesClient
from studio.providers.options import ClientOptions as OptionsClass
from tests.helpers import run
from tests.providers.support import KEY, call_and_close
from tests.servers import stdlib_server
from tests.servers.drive import REQUEST

EXPECTED = {
    "demo": JoyAIClient,
    "joyai": JoyAIClient,
    "gptimage2ai": GptImage2AiClient,
    "icodeeasy": OpenAIImagesClient,
    "openai": OpenAIImagesClient,
}


def never_called(request: httpx.Request) -> httpx.Response:
    raise AssertionError("no request expected")


@pytest.mark.parametrize("spec", PROVIDERS, ids=[p.id for p in PROVIDERS])
def test_each_provider_gets_the_client_of_its_protocol(spec):
    client = make_client(spec, api_key=KEY, transport=httpx.MockTransport(never_called))
    try:
        assert type(client) is EXPECTED[spec.id]
        assert client.spec is spec
    finally:
        run(client.aclose())


@pytest.mark.parametrize("provider", ["joyai", "gptimage2ai", "icodeeasy", "openai"])
def test_a_missing_key_says_where_to_add_one(provider):
    spec = provider_spec(provider)
    with pytest.raises(AuthenticationFailed) as caught:
        make_client(spec, api_key=None)
    assert str(caught.value) == (
        f"No API key for {spec.label}. Add one in Settings or set {spec.key_env}."
    )


def test_a_blank_key_counts_as_missing():
    with pytest.raises(AuthenticationFailed):
        make_client(provider_spec("joyai"), api_key="   ")


def test_the_demo_needs_no_key():
    client = make_client(
        provider_spec("demo"), api_key=None, transport=httpx.MockTransport(never_called)
    )
    run(client.aclose())


def test_the_options_class_is_the_one_the_engine_imports():
    assert ClientOptions is OptionsClass
    assert ClientOptions().create_timeout >= 210


@pytest.mark.parametrize("url", ["http://joyai.example.com", "ftp://joyai.example.com", "nope"])
def test_an_untrustworthy_base_url_is_refused(url):
    with pytest.raises(InvalidRequest):
        make_client(provider_spec("joyai"), api_key=KEY, base_url=url)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9000", "http://localhost:9000/v1", "https://joyai.example.com/"]
)
def test_tls_or_this_computer_is_accepted(url):
    client = make_client(provider_spec("joyai"), api_key=KEY, base_url=url)
    run(client.aclose())


def test_the_demo_address_needs_an_injected_transport():
    with pytest.raises(InvalidRequest):
        make_client(provider_spec("demo"), api_key=None)
    client = make_client(
        provider_spec("demo"), api_key=None, transport=httpx.MockTransport(never_called)
    )
    run(client.aclose())


@pytest.mark.parametrize(
    "key",
    ["sk_live_0123456789\r\nX-Other: 1", "sk_live_0123\n456789", "sk_live_\x00123456789", "sk_ä"],
    ids=["crlf", "lf", "nul", "non-ascii"],
)
def test_a_key_that_cannot_go_into_a_header_is_refused_before_anything_is_sent(key):
    """Such a key made the request fail while being written, and the job was reported as "the
    connection broke after the request was sent" (it never was)."""
    server = stdlib_server.start()
    try:
        with pytest.raises(AuthenticationFailed, match="nothing was sent") as caught:
            client = make_client(
                provider_spec("joyai"),
                api_key=key,
                base_url=f"http://127.0.0.1:{server.server_address[1]}",
                options=ClientOptions(trust_env=False),
            )
            run(call_and_close(client, lambda c: c.submit(REQUEST, [])))
        assert key.strip() not in str(caught.value)
        assert server.creates == 0  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()
