"""The user's S3-compatible bucket (AWS S3, R2, B2, MinIO, Wasabi...) through `obstore`.

obstore (Rust's object_store) rather than minio or boto3: it is async itself (no worker thread
per call), imports in ~3 ms (minio ~170 ms) and signs SigV4 links without a network call.
Errors are turned into `RefHostingFailed` with what to fix; the server's own text (untrusted,
and it may quote the request) is never shown, only matched for its error code.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from studio.domain.errors import RefHostingFailed
from studio.domain.refhost import RefBucket
from studio.domain.validation import is_loopback_host

if TYPE_CHECKING:
    from obstore.store import ClientConfig

log = logging.getLogger("studio.storage")

#: Error codes in an S3 reply, and what the user has to fix.
_REASONS = (
    ("RequestTimeTooSkewed", "clock"),
    ("NoSuchBucket", "bucket"),
    ("InvalidAccessKeyId", "credentials"),
    ("SignatureDoesNotMatch", "credentials"),
    ("AccessDenied", "credentials"),
    ("InvalidBucketName", "bucket"),
    ("PermanentRedirect", "bucket"),
    ("AuthorizationHeaderMalformed", "region"),
)
_MESSAGES = {
    "credentials": "The bucket refused the access key (wrong key id or secret, or a key "
    "without permission to write there). Check them in Settings → References, or "
    "AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.",
    "bucket": "The bucket {bucket} does not exist at {endpoint} (or is in another region). "
    "Check the bucket name and endpoint in Settings → References.",
    "region": "The bucket {bucket} is in another region than {region}. Set its region in "
    "Settings → References (or --ref-region).",
    "clock": "This computer's clock is too far off for the bucket to accept signed requests. "
    "Set the clock right (automatic time), then try again.",
    "network": "The storage endpoint {endpoint} cannot be reached. Check the address and the "
    "network.",
    "other": "The bucket {bucket} at {endpoint} refused the upload ({what}).",
}


def classify(error: BaseException) -> str:
    """What a failed storage call needs fixed: credentials, bucket, region, clock, network."""
    text = str(error)
    for code, reason in _REASONS:
        if code in text:
            return reason
    name = type(error).__name__
    if name in ("PermissionDeniedError", "UnauthenticatedError"):
        return "credentials"
    if isinstance(error, FileNotFoundError) or name == "NotFoundError":
        return "bucket"
    if any(word in text for word in ("onnect", "dns error", "timed out", "error sending")):
        return "network"
    return "other"


def hosting_error(error: BaseException, bucket: RefBucket) -> RefHostingFailed:
    reason = classify(error)
    message = _MESSAGES[reason].format(
        bucket=bucket.bucket,
        endpoint=bucket.endpoint,
        region=bucket.region,
        what=type(error).__name__,
    )
    return RefHostingFailed(message, reason="bucket" if reason == "region" else reason)


class S3RefStore:
    """A `RefStore` on one bucket and prefix, with the user's credentials."""

    def __init__(self, bucket: RefBucket, *, key_id: str, secret: str) -> None:
        from obstore.store import S3Store  # a native module: imported when a job needs it

        self.bucket = bucket
        parts = urlsplit(bucket.endpoint)
        options: ClientConfig = {"connect_timeout": "10s", "timeout": "60s"}
        if parts.scheme == "http" and is_loopback_host(parts.hostname):
            options["allow_http"] = True
        self._store = S3Store(
            bucket.bucket,
            prefix=bucket.prefix or None,
            endpoint=bucket.endpoint,
            region=bucket.region,
            access_key_id=key_id,
            secret_access_key=secret,
            virtual_hosted_style_request=False,
            client_options=options,
            # A few quick tries, not object_store's three minutes: a job waits on this.
            retry_config={"max_retries": 2, "retry_timeout": timedelta(seconds=20)},
        )

    async def _call(self, what: str, action: Any) -> Any:
        try:
            return await action
        except Exception as exc:
            error = hosting_error(exc, self.bucket)
            log.warning("storage: %s in %s failed: %s", what, self.bucket.label, error.reason)
            raise error from None

    async def put(self, name: str, data: bytes, mime: str) -> None:
        import obstore

        await self._call(
            "upload",
            obstore.put_async(self._store, name, data, attributes={"Content-Type": mime}),
        )

    async def link(self, name: str, seconds: int) -> str:
        import obstore

        url: str = await self._call(
            "signing", obstore.sign_async(self._store, "GET", name, timedelta(seconds=seconds))
        )
        return url

    async def delete(self, names: Sequence[str]) -> None:
        import obstore

        if names:
            await self._call("delete", obstore.delete_async(self._store, list(names)))

    async def names_older_than(self, seconds: float) -> list[str]:
        import obstore

        cutoff = datetime.now(UTC) - timedelta(seconds=seconds)
        names: list[str] = []

        async def collect() -> None:
            async for chunk in obstore.list(self._store, chunk_size=1000):
                names.extend(m["path"] for m in chunk if m["last_modified"] < cutoff)

        await self._call("listing", collect())
        return names


#: A 1x1 PNG: the Test button's object.
_PROBE = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478"
    "9c6360f8cfc0f01f0005000201a5f1d8c80000000049454e44ae426082"
)


async def check_store(store: S3RefStore, *, timeout: float = 20.0) -> None:
    """The Test button: write a tiny object, read it back through a presigned link, delete it.
    Raises `RefHostingFailed` saying what failed."""
    import httpx

    name = f"studio-check-{secrets.token_hex(8)}.png"
    await store.put(name, _PROBE, "image/png")
    try:
        url = await store.link(name, 300)
        try:
            async with httpx.AsyncClient(timeout=timeout, trust_env=False) as client:
                reply = await client.get(url)
        except httpx.HTTPError as exc:
            raise RefHostingFailed(
                "The object was written, but its link could not be fetched "
                f"({type(exc).__name__}); check the endpoint address.",
                reason="network",
            ) from None
        if reply.status_code != 200 or reply.content != _PROBE:
            reason = classify(RuntimeError(reply.text[:2000]))
            if reason in ("other", "network"):
                raise RefHostingFailed(
                    f"The object was written, but reading it back through its link gave HTTP "
                    f"{reply.status_code}; a provider could not fetch references either.",
                    reason="other",
                )
            raise hosting_error(RuntimeError(reply.text[:2000]), store.bucket)
    finally:
        await store.delete([name])
