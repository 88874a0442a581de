"""Reference hosting in the engine: a URL-only provider's local references go to the user's
bucket and travel as presigned links.

The order keeps the promise: the job (with its bucket) is journaled; each prepared reference is
uploaded under the SHA-256 of its bytes and a link signed; the uploads are journaled; only then
is the create sent (`studio.engine.steps`). A failed upload fails the job before the create, so
it costs nothing. `resume` sends the journaled link again (signing the same object anew only
once that link is close to expiring) and never uploads under another name. When the job has
ended its objects are deleted, unless another unfinished job uses the same picture; the first
use of a bucket in a process sweeps the studio's own objects older than a day.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol, TypeVar

from studio.domain.catalog import ProviderSpec, provider_spec
from studio.domain.errors import RefHostingFailed
from studio.domain.refhost import (
    ENV_KEY_ID,
    ENV_SECRET,
    KEYRING_NAME,
    SWEEP_AGE_SECONDS,
    RefBucket,
    hosts,
    is_studio_object,
    object_name,
)
from studio.engine import refhost_journal as rj
from studio.engine.crashpoints import crash_point

if TYPE_CHECKING:
    from studio.domain.models import GenerationRequest
    from studio.domain.plan import RequestPlan
    from studio.engine.clients import ClientPool
    from studio.engine.journal import Journal
    from studio.providers.base import PreparedReference
    from studio.providers.storage import RefStore
    from studio.settings import Settings

T = TypeVar("T")


class Engine(Protocol):
    """What reference hosting needs of the engine (`studio.engine.runner.Engine`)."""

    settings: Settings
    clients: ClientPool

    async def db(self, action: Callable[[Journal], T]) -> T: ...


log = logging.getLogger("studio.refhost")
#: A journaled link with less life than this left is signed anew (same object) before a create.
LINK_MARGIN_SECONDS = 600
#: The demo's links live as long as a real bucket's default.
DEMO_LINK_SECONDS = 3600


def credentials(keys_secret: str | None, key_id_setting: str) -> tuple[str, str]:
    """(key id, secret): AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY as every S3 tool reads them,
    else the key id setting and the keyring's secret. RefHostingFailed when either is missing."""
    key_id = os.environ.get(ENV_KEY_ID) or key_id_setting.strip()
    secret = os.environ.get(ENV_SECRET) or keys_secret
    if not key_id or not secret:
        raise RefHostingFailed(
            "Reference hosting has no access key: set the key id and secret in Settings → "
            f"References (or 'image-studio keys set {KEYRING_NAME}'), or {ENV_KEY_ID} and "
            f"{ENV_SECRET}.",
            reason="credentials",
        )
    return key_id, secret


class RefHosting:
    """The engine's stores (one per bucket and key), the sweeps, and each job's uploads."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._stores: dict[tuple[RefBucket, str, str], RefStore] = {}
        self._sweeps: dict[RefBucket, asyncio.Task[None]] = {}
        self._starting: asyncio.Task[None] | None = None
        #: One lock per object name: putting-and-journaling vs deciding-and-deleting.
        self._names: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    def bucket_for(
        self, override: RefBucket | None, request: GenerationRequest | None = None
    ) -> RefBucket | None:
        """The bucket for a request's local references: the caller's, else the saved one; None
        for a request without local files (the saved settings are not even read then)."""
        if request is not None and not _has_local(request):
            return None
        return override or self.engine.settings.ref_hosting()

    async def journaled_bucket(self, job_id: str) -> RefBucket | None:
        """The bucket a job was sent with (a Retry sends the new job to the same one)."""
        return await self.engine.db(lambda j: rj.bucket_of(j, job_id))

    async def check(self, plan: RequestPlan) -> None:
        """Preflight: when a local reference will go to the user's bucket, its credentials are
        at hand (the plan has already checked the request with hosting in mind)."""
        if plan.ref_bucket is not None and _has_local(plan.request):
            await asyncio.to_thread(self._credentials)

    def _credentials(self) -> tuple[str, str]:
        """Blocking (the keyring): call it on a worker thread."""
        secret = None
        if not os.environ.get(ENV_SECRET):
            secret = self.engine.clients.keys.secret(KEYRING_NAME)
        return credentials(secret, self.engine.settings.ref_key_id)

    async def store(self, spec: ProviderSpec, bucket: RefBucket | None) -> RefStore:
        if spec.own_ref_bucket:
            return await asyncio.to_thread(self.engine.clients.demo_bucket)
        return await self._user_store(bucket)

    async def _user_store(self, bucket: RefBucket | None) -> RefStore:
        if bucket is None:
            raise RefHostingFailed(
                "This job's references need a bucket, and none is set up (Settings → "
                "References, or --ref-bucket).",
                reason="bucket",
            )
        key_id, secret = await asyncio.to_thread(self._credentials)
        slot = (bucket, key_id, secret)
        if slot not in self._stores:
            from studio.providers.storage.s3 import S3RefStore

            self._stores[slot] = await asyncio.to_thread(
                S3RefStore, bucket, key_id=key_id, secret=secret
            )
        store = self._stores[slot]
        if bucket not in self._sweeps:
            self._sweeps[bucket] = asyncio.get_running_loop().create_task(
                self._sweep(store, bucket)
            )
        # An upload waits for the sweep: it never deletes an object a job just put there.
        await asyncio.shield(self._sweeps[bucket])
        return store

    async def host(
        self, job_id: str, plan: RequestPlan, references: list[PreparedReference]
    ) -> list[PreparedReference]:
        """The references to send: local ones uploaded and replaced by links, journaled before
        this returns (the create comes after). Links and URLs pass through."""
        spec = plan.provider
        if not any(ref.is_local for ref in references):
            return references
        bucket = await self.engine.db(lambda j: rj.bucket_of(j, job_id))
        if bucket is None and not spec.own_ref_bucket:
            bucket = self.bucket_for(None)
        if not hosts(spec, bucket):
            return references
        journaled = (
            {} if spec.own_ref_bucket else await self.engine.db(lambda j: rj.uploads(j, job_id))
        )
        store = await self.store(spec, bucket)
        lifetime = bucket.link_seconds if bucket else DEMO_LINK_SECONDS
        sent: list[PreparedReference] = []
        uploaded = False
        for index, ref in enumerate(references):
            if not ref.is_local:
                sent.append(ref)
                continue
            upload = journaled.get(index)
            if upload is None or upload.expires_at < time.time() + LINK_MARGIN_SECONDS:
                upload = await self._upload(job_id, index, store, ref, lifetime, upload)
                uploaded = True
            sent.append(replace(ref, url=upload.url, data=None))  # a mask stays a mask
        if uploaded:
            crash_point("uploaded")
        return sent

    async def _upload(
        self,
        job_id: str,
        index: int,
        store: RefStore,
        ref: PreparedReference,
        lifetime: int,
        before: rj.Upload | None,
    ) -> rj.Upload:
        """Put one reference and journal it, holding its name: a job that ends meanwhile and
        used the same picture decides to delete it either before the put (which puts it back)
        or after this job has journaled it (and keeps it)."""
        import hashlib  # here: OpenSSL's digests are not worth keeping in an idle studio

        assert ref.data is not None
        name = (
            before.name if before else object_name(hashlib.sha256(ref.data).hexdigest(), ref.mime)
        )
        async with self._names[name]:
            await store.put(name, ref.data, ref.mime)
            url = await store.link(name, lifetime)
            upload = rj.Upload(name=name, url=url, expires_at=time.time() + lifetime)
            await self.engine.db(lambda j: rj.record_uploads(j, job_id, {index: upload}))
        log.info("reference uploaded as %s", name)
        return upload

    async def after_job(self, job_id: str, provider: str) -> None:
        """The job has ended: delete its objects (those no unfinished job uses) and forget them.
        A failure is logged; the sweep of a later start deletes what is left."""
        try:
            bucket, names = await self.engine.db(lambda j: rj.release(j, job_id))
            if not names:
                return
            store = await self.store(provider_spec(provider), bucket)
            for name in names:
                async with self._names[name]:  # not while another job puts and journals it
                    if name not in await self.engine.db(rj.names_in_use):
                        await store.delete([name])
            log.info("job %s: its reference objects are deleted", job_id)
        except Exception as exc:
            log.warning("job %s: its reference objects stay until the next sweep: %r", job_id, exc)

    async def test(
        self, bucket: RefBucket, key_id: str | None = None, secret: str | None = None
    ) -> None:
        """The Settings Test: write a tiny object, read it back through a presigned link, delete
        it. Typed credentials, else those a job would use. RefHostingFailed says what failed."""
        from studio.providers.storage.s3 import S3RefStore, check_store

        if not (key_id and secret):
            stored_id, stored_secret = await asyncio.to_thread(self._credentials)
            key_id, secret = key_id or stored_id, secret or stored_secret
        store = await asyncio.to_thread(S3RefStore, bucket, key_id=key_id, secret=secret)
        await check_store(store)

    async def tidy(self) -> None:
        """At start (`resume`, which the window runs as it starts): sweep the saved bucket, and
        delete the objects of jobs that ended while their process stopped before it could
        (their links were never to outlive the job)."""
        for job_id, provider in await self.engine.db(rj.ended_with_uploads):
            await self.after_job(job_id, provider)
        bucket = self.bucket_for(None)
        if bucket is not None and bucket not in self._sweeps:
            # In the background: a slow or unreachable bucket must not hold up the start.
            self._starting = asyncio.get_running_loop().create_task(self._start_sweep(bucket))

    async def _start_sweep(self, bucket: RefBucket) -> None:
        try:
            await self._user_store(bucket)  # its first use sweeps
        except Exception as exc:  # no credentials yet, a bucket out of reach: a job will say
            log.info("no start-up sweep of the reference bucket: %r", exc)

    async def _sweep(self, store: RefStore, bucket: RefBucket) -> None:
        """Delete the studio's own objects older than a day under the prefix (not another
        tool's, and none an unfinished job has journaled)."""
        try:
            old = await store.names_older_than(SWEEP_AGE_SECONDS)
            in_use = await self.engine.db(rj.names_in_use)
            doomed = [name for name in old if is_studio_object(name) and name not in in_use]
            await store.delete(doomed)
            if doomed:
                log.info("sweep: %d old reference object(s) deleted", len(doomed))
        except Exception as exc:
            log.warning("sweep of %s failed: %r", bucket.label, exc)

    async def aclose(self) -> None:
        tasks = [*self._sweeps.values(), *([self._starting] if self._starting else [])]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _has_local(request: GenerationRequest) -> bool:
    return any(not ref.is_url for ref in request.references)
