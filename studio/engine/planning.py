"""Before anything is sent: a request resolved once against the catalog and the settings
(`studio.domain.plan`), its key read, its reference files prepared and its links checked, its
bucket tested; and the free key check. A base of `studio.engine.runner.Engine`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.domain.catalog import provider_spec
from studio.domain.models import Balance, GenerationRequest
from studio.domain.plan import RequestPlan, resolve
from studio.domain.validation import check_base_url
from studio.engine import refprep
from studio.engine.clients import ClientPool
from studio.engine.events import BalanceChanged
from studio.engine.journal import JobRow
from studio.engine.live import EngineBase
from studio.engine.refhost import RefHosting
from studio.settings import Settings

if TYPE_CHECKING:
    from studio.domain.refhost import RefBucket
    from studio.imaging.references import ReferenceInfo
    from studio.providers.base import PreparedReference


class Planning(EngineBase):
    """Resolving and checking requests; free of charge, whatever fails."""

    settings: Settings
    clients: ClientPool
    refs: RefHosting

    def plan(
        self,
        request: GenerationRequest,
        *,
        base_url: str | None = None,
        key_env: str | None = None,
        validated: bool = True,
        ref_bucket: RefBucket | None = None,
    ) -> RequestPlan:
        """The request resolved once, against the catalog and these settings
        (`studio.domain.plan`): what every step of its job works from."""
        return resolve(
            request,
            base_url=base_url,
            configured_base_url=self.settings.base_url_for(request.provider),
            key_env=key_env,
            validated=validated,
            ref_bucket=self.refs.bucket_for(ref_bucket, request),
        )

    def plan_of(self, row: JobRow) -> RequestPlan:
        """The plan of a job already journaled: its address and key source as written when it
        was submitted, not validated again (a job already sent goes on whatever the catalog
        says now)."""
        return self.plan(
            row.record.request, base_url=row.base_url, key_env=row.key_env, validated=False
        )

    async def preflight(
        self,
        request: GenerationRequest,
        *,
        key_env: str | None = None,
        ref_bucket: RefBucket | None = None,
    ) -> list[PreparedReference]:
        """Everything that can be checked before sending: limits, address, key, reference files."""
        plan = self.plan(request, key_env=key_env, ref_bucket=ref_bucket)
        return (await self._preflight(plan))[1]

    async def _preflight(self, plan: RequestPlan) -> tuple[str | None, list[PreparedReference]]:
        """`preflight`, also giving the key it read, so the job just submitted does not read
        it again (a keyring read is a trip to a worker thread, or a D-Bus call)."""
        key = await self.clients.read_key(plan.provider, plan.key_env)
        await self.refs.check(plan)  # the bucket's credentials, when a file will be hosted
        await refprep.probe_links(plan, trust_env=self.clients.trust_env)  # links typed: alive?
        return key, await self.prepare_references(plan)

    async def check_key(self, provider: str) -> Balance | None:
        spec = provider_spec(provider)
        base_url = None
        if spec.id != "demo":
            base_url = check_base_url(self.settings.base_url_for(provider) or spec.default_base_url)
        client = await self.clients.get(spec, base_url=base_url, key_env=None)
        balance = await client.check_key()
        if balance is not None:
            self.notify(BalanceChanged(provider, balance))
        return balance

    async def check_ref_bucket(
        self, bucket: RefBucket, key_id: str | None = None, secret: str | None = None
    ) -> None:
        await self.refs.test(bucket, key_id, secret)  # Settings → References: Test

    async def prepare_reference(self, source: str) -> ReferenceInfo:
        return await refprep.inspect(source)

    async def prepare_references(self, plan: RequestPlan) -> list[PreparedReference]:
        return await refprep.prepare_all(plan)
