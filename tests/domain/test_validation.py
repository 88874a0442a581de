"""Validation refuses what a model's documents forbid, in words a person can act on."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.domain.catalog import PROVIDERS
from studio.domain.errors import InvalidRequest
from studio.domain.models import GenerationRequest, ReferenceImage
from studio.domain.validation import check_base_url, validate


def req(**kw) -> GenerationRequest:
    base = {"provider": "joyai", "model": "gptimage2", "prompt": "a chair"}
    return GenerationRequest(**{**base, **kw})


def refusal(request: GenerationRequest) -> str:
    with pytest.raises(InvalidRequest) as info:
        validate(request)
    return info.value.message


def test_a_documented_request_passes():
    validate(req(quality="high", resolution="4k", ratio="21:9", output_format="webp"))


@pytest.mark.parametrize("prompt", ["", "   ", "\n\t"])
def test_an_empty_prompt_is_refused(prompt):
    assert "prompt" in refusal(req(prompt=prompt)).lower()


def test_a_prompt_over_the_model_limit_says_by_how_much():
    message = refusal(
        req(
            model="joyai",
            prompt="x" * 1501,
            references=(ReferenceImage("https://example.com/a.png"),),
        )
    )
    assert "1501" in message and "1500" in message and "Shorten it by 1" in message


def test_joyai_needs_one_to_three_references():
    assert "1 to 3" in refusal(req(model="joyai"))
    four = tuple(ReferenceImage(f"https://example.com/{i}.png") for i in range(4))
    assert "at most 3" in refusal(req(model="joyai", references=four))


def test_a_ratio_the_model_does_not_offer_lists_the_choices():
    message = refusal(req(provider="gptimage2ai", model="gpt-image-2", ratio="21:9"))
    assert "1:1, 16:9, 9:16, 4:3, 3:4" in message


def test_gptimage2ai_count_is_capped_at_four():
    assert "1 to 4" in refusal(req(provider="gptimage2ai", model="gpt-image-2", count=5))


def test_joyai_local_reference_needs_inline_consent(tmp_path):
    local = (ReferenceImage(str(tmp_path / "a.png")),)
    assert "--inline-refs" in refusal(req(model="joyai", references=local))
    validate(req(model="joyai", references=local, inline_references=True))


def test_icodeeasy_takes_local_files_without_consent(tmp_path):
    validate(
        req(
            provider="icodeeasy",
            model="gpt-image-2",
            references=(ReferenceImage(str(tmp_path / "a.png")),),
        )
    )


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http://example.com/a.png",
        "ftp://example.com/a.png",
    ],
)
def test_unsafe_reference_urls_are_refused(url):
    assert "https://" in refusal(req(references=(ReferenceImage(url),)))


def test_loopback_http_reference_is_allowed():
    validate(req(references=(ReferenceImage("http://127.0.0.1:8000/a.png"),)))


@pytest.mark.parametrize("url", ["http://api.example.com", "ftp://x", "example.com"])
def test_base_url_without_tls_to_a_remote_host_is_refused(url):
    with pytest.raises(InvalidRequest):
        check_base_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://api.example.com/v1",
        "http://127.0.0.1:9",
        "http://localhost:80",
        "http://[::1]:8080",
    ],
)
def test_tls_or_loopback_base_urls_are_accepted(url):
    assert check_base_url(url) == url.rstrip("/")


def test_openai_sizes_follow_the_documented_rules():
    validate(req(provider="openai", model="gpt-image-2", size="1536x864"))
    assert "multiples of 16" in refusal(
        req(provider="openai", model="gpt-image-2", size="1000x1000")
    )
    assert "multiples of 16" in refusal(
        req(provider="openai", model="gpt-image-2", size="3200x800")
    )


def test_transparent_background_needs_png_or_webp():
    message = refusal(
        req(
            provider="openai",
            model="gpt-image-2",
            output_format="jpeg",
            extras={"background": "transparent"},
        )
    )
    assert "PNG or WebP" in message


def test_extras_a_model_does_not_take_are_refused():
    assert "style" in refusal(req(extras={"style": "cinematic"}))


_models = [(p.id, m.id) for p in PROVIDERS for m in p.models]
_text = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(
        ["1:1", "16:9", "1k", "4k", "low", "high", "png", "1024*1024", "1024x1024", "auto"]
    ),
)


@settings(max_examples=300, deadline=None)
@given(
    model=st.sampled_from(_models),
    prompt=st.text(max_size=40),
    quality=_text,
    ratio=_text,
    resolution=_text,
    size=_text,
    fmt=_text,
    count=st.integers(min_value=-3, max_value=20),
    refs=st.lists(
        st.sampled_from(
            [
                "https://e.com/a.png",
                "file:///x",
                "/tmp/a.png",
                "javascript:x",
                "data:image/png;base64,AA==",
            ]
        ),
        max_size=20,
    ),
    extras=st.dictionaries(
        st.sampled_from(
            ["style", "background", "output_compression", "moderation", "negative", "bogus"]
        ),
        st.text(max_size=8),
        max_size=3,
    ),
)
def test_random_requests_either_pass_or_raise_invalid_request(
    model, prompt, quality, ratio, resolution, size, fmt, count, refs, extras
):
    request = GenerationRequest(
        provider=model[0],
        model=model[1],
        prompt=prompt,
        quality=quality,
        ratio=ratio,
        resolution=resolution,
        size=size,
        output_format=fmt,
        count=count,
        references=tuple(ReferenceImage(r) for r in refs),
        extras=extras,
    )
    try:
        validate(request)
    except InvalidRequest as exc:
        assert exc.message
