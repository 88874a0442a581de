"""Naming the user's bucket: s3://BUCKET/PREFIX, endpoints with TLS unless on this computer,
region names that cannot smuggle a host, and which objects are the studio's own."""

from __future__ import annotations

import pytest

from studio.domain.errors import InvalidRequest
from studio.domain.refhost import is_studio_object, make_bucket, object_name


def test_a_bucket_url_gives_bucket_and_prefix():
    bucket = make_bucket("s3://refs/studio/photos/", endpoint="https://s3.example.com")
    assert (bucket.bucket, bucket.prefix, bucket.region) == ("refs", "studio/photos", "us-east-1")
    assert bucket.link_seconds == 3600


@pytest.mark.parametrize(
    "endpoint",
    ["http://s3.example.com", "ftp://s3.example.com", "https://user:pw@s3.example.com"],
)
def test_an_endpoint_needs_tls_and_no_credentials_in_it(endpoint):
    with pytest.raises(InvalidRequest):
        make_bucket("s3://refs", endpoint=endpoint)


def test_plain_http_is_allowed_on_this_computer():
    assert make_bucket("s3://refs", endpoint="http://127.0.0.1:9000/").endpoint == (
        "http://127.0.0.1:9000"
    )


@pytest.mark.parametrize("text", ["refs", "https://refs/x", "s3://", "s3://Refs?x=1"])
def test_what_is_not_a_bucket_url_is_refused(text):
    with pytest.raises(InvalidRequest):
        make_bucket(text, endpoint="https://s3.example.com")


def test_a_region_cannot_carry_a_host():
    with pytest.raises(InvalidRequest):
        make_bucket("s3://refs", endpoint="https://s3.example.com", region="evil.example/x")


def test_only_content_addressed_names_are_the_studios():
    name = object_name("ab" * 32, "image/jpeg")
    assert is_studio_object(name) and is_studio_object(f"prefix/{name}")
    assert not is_studio_object("prefix/holiday.jpg")
    assert not is_studio_object("prefix/studio-ref-1234.jpg")
