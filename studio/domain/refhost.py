"""Reference hosting: where local reference pictures go so a URL-only provider can fetch them.

A `RefBucket` names the user's S3-compatible bucket (endpoint, region, bucket, prefix) and how
long a link to an object stays valid. It never holds a credential: those come from the
environment or the keyring when an upload is made. Objects the studio puts there are named by
the SHA-256 of the prepared bytes (`object_name`), which is also how the start-up sweep tells
the studio's own objects from anything else under the prefix.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

from studio.domain.catalog import ProviderSpec, RefForm
from studio.domain.errors import InvalidRequest
from studio.domain.validation import is_loopback_host

#: One hour: long enough for a provider to fetch the picture, short enough to be no lasting leak.
DEFAULT_LINK_SECONDS = 3600
#: S3's own upper bound for a presigned link (SigV4: seven days).
MAX_LINK_SECONDS = 7 * 24 * 3600
#: The start-up sweep deletes the studio's objects older than this.
SWEEP_AGE_SECONDS = 24 * 3600
#: The key id of the S3 credentials is a setting; the secret lives in the keyring under this name.
KEYRING_NAME = "s3"
ENV_KEY_ID = "AWS_ACCESS_KEY_ID"
ENV_SECRET = "AWS_SECRET_ACCESS_KEY"

_OBJECT = re.compile(r"(?:^|/)studio-ref-([0-9a-f]{64})\.(jpg|png)$")
_BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]$")
_REGION = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


@dataclass(frozen=True)
class RefBucket:
    """The user's bucket for reference pictures (no credentials)."""

    endpoint: str
    bucket: str
    prefix: str = ""
    region: str = "us-east-1"
    link_seconds: int = DEFAULT_LINK_SECONDS

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RefBucket:
        return cls(
            endpoint=str(data["endpoint"]),
            bucket=str(data["bucket"]),
            prefix=str(data.get("prefix") or ""),
            region=str(data.get("region") or "us-east-1"),
            link_seconds=int(data.get("link_seconds") or DEFAULT_LINK_SECONDS),
        )

    @property
    def label(self) -> str:
        """s3://bucket/prefix, for messages."""
        return f"s3://{self.bucket}/{self.prefix}".rstrip("/")


def parse_bucket_url(text: str) -> tuple[str, str]:
    """(bucket, prefix) of `s3://BUCKET/PREFIX`; InvalidRequest for anything else."""
    parts = urlsplit(text.strip())
    bucket = parts.netloc
    if parts.scheme != "s3" or not _BUCKET_NAME.match(bucket) or parts.query or parts.fragment:
        raise InvalidRequest(
            f"{text!r} is not a bucket: write it as s3://BUCKET/PREFIX (the prefix is optional).",
            field="ref_bucket",
        )
    return bucket, parts.path.strip("/")


def check_endpoint(url: str) -> str:
    """An S3 endpoint must use TLS unless it is on this computer (the secret signs every call)."""
    parts = urlsplit(url.strip())
    if parts.username or parts.password or parts.query or parts.fragment:
        raise InvalidRequest(
            "The storage endpoint must be a plain address (no user:password@, query or "
            "fragment); the credentials are set apart from it.",
            field="ref_endpoint",
        )
    if parts.hostname and (
        parts.scheme == "https" or (parts.scheme == "http" and is_loopback_host(parts.hostname))
    ):
        return url.strip().rstrip("/")
    raise InvalidRequest(
        f"The storage endpoint {url} must start with https:// (plain http:// is only allowed "
        "for this computer, such as 127.0.0.1).",
        field="ref_endpoint",
    )


def check_link_seconds(seconds: int) -> int:
    if not 60 <= seconds <= MAX_LINK_SECONDS:
        raise InvalidRequest(
            "A link's lifetime must be between one minute and seven days.", field="ref_link"
        )
    return seconds


def make_bucket(
    url: str, *, endpoint: str, region: str | None = None, link_seconds: int | None = None
) -> RefBucket:
    """A checked RefBucket from what the user typed (`s3://BUCKET/PREFIX` and an endpoint)."""
    bucket, prefix = parse_bucket_url(url)
    region = (region or "").strip() or "us-east-1"
    if not _REGION.match(region):
        raise InvalidRequest(
            f"{region!r} is not a region name (like eu-central-1).", field="ref_region"
        )
    return RefBucket(
        endpoint=check_endpoint(endpoint),
        bucket=bucket,
        prefix=prefix,
        region=region,
        link_seconds=check_link_seconds(link_seconds or DEFAULT_LINK_SECONDS),
    )


def object_name(sha256_hex: str, mime: str) -> str:
    """The object's name under the prefix: the content's hash, so the same picture is the same
    object however often (and by however many jobs) it is sent."""
    return f"studio-ref-{sha256_hex}.{'png' if mime == 'image/png' else 'jpg'}"


def is_studio_object(name: str) -> bool:
    """Whether an object under the prefix is one the studio put there (the sweep's rule)."""
    return _OBJECT.search(name) is not None


def hosts(spec: ProviderSpec, bucket: RefBucket | None) -> bool:
    """Whether local references for this provider go to a bucket: the demo's own, or the user's
    when the provider documents no other way for a local file (URLs only)."""
    if spec.own_ref_bucket:
        return True
    return bucket is not None and not (set(spec.ref_forms) - {RefForm.url})
