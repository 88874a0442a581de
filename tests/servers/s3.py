"""A real S3-compatible server on loopback for the reference-hosting tests: moto's standalone
server (`ThreadedMotoServer`) with signature checking on, one user with an access key, and
helpers to make buckets and to age objects (the start-up sweep)."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, quote

#: moto checks signatures only after this many unauthenticated calls (read when moto is
#: imported): the four that make the user, its policy, its key and the first bucket.
_SETUP_CALLS = 4


@dataclass
class S3Server:
    endpoint: str
    key_id: str
    secret: str
    server: Any
    #: (method, path) of every request the server has answered.
    requests: list[tuple[str, str]] = field(default_factory=list)

    def puts(self, bucket: str) -> list[str]:
        """Object paths written by PUT in `bucket` (uploads), in order."""
        return [p for m, p in self.requests if m == "PUT" and p.startswith(f"/{bucket}/")]

    def client(self) -> Any:
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=self.key_id,
            aws_secret_access_key=self.secret,
            region_name="us-east-1",
        )

    def make_bucket(self, name: str) -> None:
        self.client().create_bucket(Bucket=name)

    def names(self, bucket: str) -> list[str]:
        listed = self.client().list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def put(self, bucket: str, key: str, data: bytes) -> None:
        self.client().put_object(Bucket=bucket, Key=key, Body=data)

    def age(self, bucket: str, key: str, when: datetime) -> None:
        """Make an object look written at `when` (moto keeps its objects in this process)."""
        from moto.s3.models import s3_backends

        for account in s3_backends.values():
            for backend in account.values():
                found = backend.buckets.get(bucket)
                if found is not None and key in found.keys:
                    found.keys[key].last_modified = when
                    return
        raise KeyError(key)


_RUNNING: S3Server | None = None
_STARTING = threading.Lock()


def start() -> S3Server:
    """The one server of this process (moto counts its unauthenticated calls per process, so
    a second server could not be set up): started on first use, then shared."""
    global _RUNNING
    with _STARTING:
        if _RUNNING is None:
            _RUNNING = _start()
        return _RUNNING


def _start() -> S3Server:
    # The server's access log is not the studio's: kept out of its log file and test output.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    os.environ.setdefault("INITIAL_NO_AUTH_ACTION_COUNT", str(_SETUP_CALLS))
    os.environ.setdefault("MOTO_ALLOW_NONEXISTENT_REGION", "true")
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    iam = boto3.client(
        "iam",
        endpoint_url=endpoint,
        aws_access_key_id="setup",
        aws_secret_access_key="setup",
        region_name="us-east-1",
    )
    iam.create_user(UserName="studio")
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
    }
    iam.put_user_policy(UserName="studio", PolicyName="all", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName="studio")["AccessKey"]
    running = S3Server(endpoint, key["AccessKeyId"], key["SecretAccessKey"], server)
    app = server._server.app

    def counting(environ: dict[str, Any], start_response: Any) -> Any:
        running.requests.append((environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")))
        if "X-Amz-Signature=" in environ.get("QUERY_STRING", ""):
            if not _presigned_ok(environ, running):
                start_response("403 Forbidden", [("Content-Type", "application/xml")])
                return [b"<Error><Code>AccessDenied</Code></Error>"]
            _sign_as_header(environ, running)
        elif "%2F" in environ.get("QUERY_STRING", "") and environ["REQUEST_METHOD"] == "GET":
            # moto canonicalises an encoded "/" in the query (a listing's prefix) otherwise
            # than S3 does: checked here as S3 checks it, and handed on as moto expects.
            if not _header_signature_ok(environ, running):
                start_response("403 Forbidden", [("Content-Type", "application/xml")])
                return [b"<Error><Code>SignatureDoesNotMatch</Code></Error>"]
            _sign_as_header(environ, running, keep_query=True)
        return app(environ, start_response)

    server._server.app = counting
    running.make_bucket("refs")
    return running


# moto checks signatures in the Authorization header only; a presigned link (the signature in
# the query) is checked here, as S3 checks it, and handed on signed the header way.


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def _presigned_ok(environ: dict[str, Any], running: S3Server) -> bool:
    query = dict(parse_qsl(environ["QUERY_STRING"], keep_blank_values=True))
    try:
        key_id, day, region, service, _ = query["X-Amz-Credential"].split("/")
        when = datetime.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        expires = int(query["X-Amz-Expires"])
        signature = query.pop("X-Amz-Signature")
    except (KeyError, ValueError):
        return False
    if key_id != running.key_id or datetime.now(UTC) > when + timedelta(seconds=expires):
        return False
    canonical_query = "&".join(
        f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in sorted(query.items())
    )
    path = environ.get("RAW_URI", environ["PATH_INFO"]).split("?", 1)[0]
    canonical = "\n".join(
        [
            environ["REQUEST_METHOD"],
            path,
            canonical_query,
            f"host:{environ['HTTP_HOST']}",
            "",
            "host",
            "UNSIGNED-PAYLOAD",
        ]
    )
    scope = f"{day}/{region}/{service}/aws4_request"
    to_sign = "\n".join(
        [
            "AWS4-HMAC-SHA256",
            query["X-Amz-Date"],
            scope,
            hashlib.sha256(canonical.encode()).hexdigest(),
        ]
    )
    key = _hmac(("AWS4" + running.secret).encode(), day)
    for part in (region, service, "aws4_request"):
        key = _hmac(key, part)
    return hmac.compare_digest(
        hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest(), signature
    )


def _key(running: S3Server, day: str, region: str, service: str) -> bytes:
    key = _hmac(("AWS4" + running.secret).encode(), day)
    for part in (region, service, "aws4_request"):
        key = _hmac(key, part)
    return key


def _header_signature_ok(environ: dict[str, Any], running: S3Server) -> bool:
    """SigV4 in the Authorization header of a body-less request, checked as S3 checks it."""
    fields = dict(
        part.strip().split("=", 1)
        for part in environ.get("HTTP_AUTHORIZATION", "").split(" ", 1)[-1].split(",")
        if "=" in part
    )
    try:
        key_id, day, region, service, _ = fields["Credential"].split("/")
        signed = fields["SignedHeaders"].split(";")
        amz_date = environ["HTTP_X_AMZ_DATE"]
    except (KeyError, ValueError):
        return False
    if key_id != running.key_id:
        return False
    query = parse_qsl(environ["QUERY_STRING"], keep_blank_values=True)
    canonical_query = "&".join(
        f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in sorted(query)
    )
    headers = "".join(
        f"{name}:{environ.get('HTTP_' + name.upper().replace('-', '_'), '').strip()}\n"
        for name in signed
    )
    path = environ.get("RAW_URI", environ["PATH_INFO"]).split("?", 1)[0]
    payload = environ.get("HTTP_X_AMZ_CONTENT_SHA256", "UNSIGNED-PAYLOAD")
    canonical = "\n".join(
        [environ["REQUEST_METHOD"], path, canonical_query, headers, ";".join(signed), payload]
    )
    scope = f"{day}/{region}/{service}/aws4_request"
    to_sign = "\n".join(
        ["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()]
    )
    expected = hmac.new(_key(running, day, region, service), to_sign.encode(), hashlib.sha256)
    return hmac.compare_digest(expected.hexdigest(), fields.get("Signature", ""))


def _sign_as_header(
    environ: dict[str, Any], running: S3Server, *, keep_query: bool = False
) -> None:
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    path = environ.get("RAW_URI", environ["PATH_INFO"]).split("?", 1)[0]
    request = AWSRequest(
        method=environ["REQUEST_METHOD"], url=f"http://{environ['HTTP_HOST']}{path}"
    )
    S3SigV4Auth(Credentials(running.key_id, running.secret), "s3", "us-east-1").add_auth(request)
    environ["QUERY_STRING"] = ""
    environ["REQUEST_URI"] = environ["RAW_URI"] = path
    for name, value in request.headers.items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
