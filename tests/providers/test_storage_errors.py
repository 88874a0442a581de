"""What a failed bucket call tells the user: the key, the bucket, the region, the clock or the
network, from the S3 error code only (the server's own text is never shown)."""

from __future__ import annotations

import pytest

from studio.domain.errors import RefHostingFailed
from studio.domain.refhost import RefBucket
from studio.providers.storage.s3 import S3RefStore, classify, hosting_error
from tests.helpers import free_port, run

BUCKET = RefBucket(endpoint="https://s3.example.com", bucket="refs", prefix="studio")


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("RequestTimeTooSkewed", "clock"),
        ("NoSuchBucket", "bucket"),
        ("InvalidAccessKeyId", "credentials"),
        ("SignatureDoesNotMatch", "credentials"),
        ("AccessDenied", "credentials"),
        ("AuthorizationHeaderMalformed", "region"),
    ],
)
def test_an_s3_error_code_names_what_to_fix(code, reason):
    error = RuntimeError(f"... 403 Forbidden: <Error><Code>{code}</Code><Message>x</Message>")
    assert classify(error) == reason


def test_the_message_never_carries_the_servers_text():
    error = RuntimeError("<Error><Code>Weird</Code><Message>click evil.example</Message></Error>")
    failed = hosting_error(error, BUCKET)
    assert failed.reason == "other" and "evil.example" not in failed.message


def test_an_endpoint_that_does_not_answer_is_a_network_failure():
    bucket = RefBucket(endpoint=f"http://127.0.0.1:{free_port()}", bucket="refs")
    store = S3RefStore(bucket, key_id="AKIDEXAMPLE", secret="not-used")
    with pytest.raises(RefHostingFailed) as failed:
        run(store.put("studio-check.png", b"\x89PNG", "image/png"))
    assert failed.value.reason == "network"
    assert "not-used" not in failed.value.message
