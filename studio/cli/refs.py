"""The command line's reference hosting: --ref-bucket, --ref-endpoint, --ref-region (and the
same fields in job lines) turned into the bucket a job's local references go to.

Credentials never come from here: they are AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the
key id setting and the keyring (`studio.engine.refhost`). A job file is data, so it may not
choose where those credentials are sent: its `ref_endpoint` must be the endpoint the user
chose (Settings, or --ref-endpoint on the command line) or this computer.
"""

from __future__ import annotations

import argparse
import re
from typing import Any
from urllib.parse import urlsplit

from studio.domain.errors import InvalidRequest
from studio.domain.refhost import RefBucket, check_endpoint, make_bucket
from studio.domain.validation import is_loopback_host
from studio.providers.redaction import origin_of
from studio.settings import Settings

#: Job-line fields (and generate's options, with dashes) for the bucket.
REF_FIELDS = ("ref_bucket", "ref_endpoint", "ref_region")


def _default_endpoint(region: str) -> str:
    return f"https://s3.{region}.amazonaws.com" if region else ""


def bucket_from(
    fields: dict[str, Any], args: argparse.Namespace, settings: Settings
) -> RefBucket | None:
    """The bucket for one job: its own fields, else the command line's options, else the saved
    settings; None when none is set up. InvalidRequest for what cannot be used."""
    values = {}
    for name in REF_FIELDS:
        value = fields.get(name)
        if value is not None and not isinstance(value, str):
            raise InvalidRequest(f"{name} is not text", field=name)
        values[name] = value or getattr(args, name, None) or ""
    bucket_url = values["ref_bucket"] or settings.ref_bucket
    if not bucket_url:
        if values["ref_endpoint"] or values["ref_region"]:
            raise InvalidRequest(
                "--ref-endpoint and --ref-region need --ref-bucket s3://BUCKET/PREFIX.",
                field="ref_bucket",
            )
        return None
    region = values["ref_region"] or settings.ref_region
    if region and not re.match(r"^[a-z0-9][a-z0-9-]{0,39}$", region):  # it names a host below
        raise InvalidRequest(f"{region!r} is not a region name (like eu-central-1).")
    endpoint = values["ref_endpoint"] or settings.ref_endpoint or _default_endpoint(region)
    if not endpoint:
        raise InvalidRequest(
            "Reference hosting needs the bucket's endpoint: --ref-endpoint URL (or "
            "--ref-region for AWS S3).",
            field="ref_endpoint",
        )
    return make_bucket(
        bucket_url,
        endpoint=endpoint,
        region=region,
        link_seconds=int(settings.ref_link_minutes) * 60,
    )


def check_line_endpoint(
    fields: dict[str, Any], args: argparse.Namespace, settings: Settings
) -> None:
    """A job line's `ref_endpoint` may only be one the user chose, or this computer: the S3
    credentials sign every call to it, and a job file must not send them elsewhere."""
    endpoint = fields.get("ref_endpoint")
    if endpoint is None:
        return
    if not isinstance(endpoint, str):
        raise InvalidRequest("ref_endpoint is not text", field="ref_endpoint")
    origin = origin_of(check_endpoint(endpoint))
    if is_loopback_host(urlsplit(endpoint).hostname):
        return
    chosen = {
        origin_of(e)
        for e in (getattr(args, "ref_endpoint", None), settings.ref_endpoint)
        if isinstance(e, str) and e
    }
    if origin not in chosen:
        allowed = " or ".join(sorted(chosen)) or "none is set up"
        raise InvalidRequest(
            f"ref_endpoint {endpoint} is not the storage endpoint you chose ({allowed}); a job "
            "file may not send the S3 credentials elsewhere. Use --ref-endpoint on the command "
            "line to choose it yourself",
            field="ref_endpoint",
        )
