"""Downloading results: only trusted addresses, a byte cap, bounded redirects, the key kept home."""

from __future__ import annotations

import gzip

import httpx
import pytest

from studio.domain.errors import BadResult, ProviderUnavailable, RateLimited
from tests.helpers import run
from tests.providers.support import (
    KEY,
    PNG,
    BrokenStream,
    EndlessStream,
    Script,
    call_and_close,
    client_for,
    quick_options,
)

RESULT = "https://joyai-image.com/files/result.png"
CDN = "https://cdn.example.com/result.png"


def image(content: bytes = PNG, **headers: str) -> httpx.Response:
    extra = {name.replace("_", "-"): value for name, value in headers.items()}
    return httpx.Response(200, content=content, headers={"content-type": "image/png", **extra})


def redirect(to: str, status: int = 302) -> httpx.Response:
    return httpx.Response(status, headers={"location": to})


def fetch(
    script: Script,
    url: str = RESULT,
    *,
    max_bytes: int = 1024 * 1024,
    provider: str = "joyai",
    **options,
) -> bytes:
    client = client_for(provider, script, options=quick_options(**options))
    return run(call_and_close(client, lambda c: c.fetch(url, max_bytes=max_bytes)))


def test_fetch_returns_the_image_bytes():
    assert fetch(Script(image())) == PNG


def test_an_image_larger_than_the_cap_is_refused():
    script = Script(image(b"\x00" * 5000))
    with pytest.raises(BadResult, match="larger than"):
        fetch(script, max_bytes=4096)


def test_an_endless_body_without_length_is_cut_at_the_cap():
    script = Script(
        lambda r: httpx.Response(
            200, headers={"content-type": "image/png"}, stream=EndlessStream(10 * 1024 * 1024)
        )
    )
    with pytest.raises(BadResult, match="larger than 1 MB"):
        fetch(script, max_bytes=1024 * 1024)


def test_redirects_are_followed():
    script = Script(redirect(CDN), redirect("/other.png", 307), image())
    assert fetch(script) == PNG
    assert [str(r.url) for r in script.requests] == [
        RESULT,
        CDN,
        "https://cdn.example.com/other.png",
    ]


def test_a_redirect_loop_is_a_bad_result():
    script = Script(redirect(RESULT))
    with pytest.raises(BadResult, match="loop"):
        fetch(script)
    assert len(script.requests) == 1


def test_more_than_five_redirects_is_a_bad_result():
    hops = [redirect(f"https://cdn.example.com/{n}.png") for n in range(7)]
    script = Script(*hops, image())
    with pytest.raises(BadResult, match="more than 5 times"):
        fetch(script)
    assert len(script.requests) == 6


def test_five_redirects_are_still_followed():
    hops = [redirect(f"https://cdn.example.com/{n}.png") for n in range(5)]
    assert fetch(Script(*hops, image())) == PNG


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "application/json"])
def test_a_web_page_or_message_instead_of_an_image_is_a_bad_result(content_type):
    script = Script(
        httpx.Response(200, content=b"<html>login</html>", headers={"content-type": content_type})
    )
    with pytest.raises(BadResult, match="instead of the image"):
        fetch(script)


def test_the_key_goes_to_the_providers_own_origin():
    script = Script(image())
    fetch(script)
    assert script.last.headers["authorization"] == f"Bearer {KEY}"


def test_the_key_never_goes_to_a_foreign_host():
    script = Script(image())
    fetch(script, CDN)
    assert "authorization" not in script.last.headers


def test_the_key_is_not_carried_over_a_redirect_to_a_cdn():
    script = Script(redirect(CDN), image())
    fetch(script)
    first, second = script.requests
    assert "authorization" in first.headers
    assert "authorization" not in second.headers


def test_the_key_is_not_sent_to_the_same_host_on_another_port():
    script = Script(image())
    fetch(script, "https://joyai-image.com:8443/files/result.png")
    assert "authorization" not in script.last.headers


@pytest.mark.parametrize(
    "url",
    [
        "http://cdn.example.com/result.png",
        "ftp://cdn.example.com/result.png",
        "file:///etc/passwd",
        "data:image/png;base64,AAAA",
        "javascript:alert(1)",
    ],
)
def test_untrusted_addresses_are_refused_without_a_request(url):
    script = Script(image())
    with pytest.raises(BadResult, match="does not trust"):
        fetch(script, url)
    assert script.requests == []


def test_a_redirect_to_plain_http_is_refused():
    script = Script(redirect("http://cdn.example.com/result.png"), image())
    with pytest.raises(BadResult, match="does not trust"):
        fetch(script)
    assert len(script.requests) == 1


def test_plain_http_to_this_computer_is_allowed():
    script = Script(image())
    assert fetch(script, "http://127.0.0.1:8765/files/result.png") == PNG


def test_a_download_dropped_mid_body_starts_again():
    script = Script(
        lambda r: httpx.Response(
            200, headers={"content-type": "image/png"}, stream=BrokenStream(PNG[:8])
        ),
        image(),
    )
    assert fetch(script) == PNG
    assert len(script.requests) == 2


def test_a_busy_file_server_is_retried():
    script = Script(httpx.Response(503), httpx.ReadTimeout("slow"), image())
    assert fetch(script) == PNG
    assert len(script.requests) == 3


def test_a_file_server_down_for_every_attempt_is_provider_unavailable():
    script = Script(httpx.Response(502))
    with pytest.raises(ProviderUnavailable):
        fetch(script, max_attempts=3)
    assert len(script.requests) == 3


def test_a_rate_limited_download_waits_and_gives_up_as_rate_limited():
    script = Script(httpx.Response(429, headers={"retry-after": "1"}))
    with pytest.raises(RateLimited):
        fetch(script, max_attempts=2)
    assert len(script.requests) == 2


def test_a_missing_image_is_a_bad_result():
    with pytest.raises(BadResult, match="HTTP 404"):
        fetch(Script(httpx.Response(404)))


def test_an_empty_file_is_a_bad_result():
    with pytest.raises(BadResult, match="empty"):
        fetch(Script(image(b"")))


def test_a_compressed_bomb_is_cut_at_the_cap_after_decompression():
    bomb = gzip.compress(b"\x00" * (20 * 1024 * 1024))
    script = Script(image(bomb, content_encoding="gzip"))
    with pytest.raises(BadResult, match="larger than"):
        fetch(script, max_bytes=1024 * 1024)


@pytest.mark.parametrize("location", ["http:\\\\host/x", "https:\\\\127.0.0.1/x"])
def test_a_redirect_to_an_address_that_is_not_one_is_a_bad_result(location):
    script = Script(redirect(location), image())
    with pytest.raises(BadResult, match="redirected the download to a bad address"):
        fetch(script)
    assert len(script.requests) == 1
