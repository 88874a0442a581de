"""A request resolved once: its provider and model specs, the checked address, the key's source
and the price, worked out when the job is submitted (or resumed) and handed down to every step,
so no step looks them up again and no two steps can see different answers."""

from __future__ import annotations

from dataclasses import dataclass

from studio.domain.catalog import ModelSpec, ProviderSpec
from studio.domain.models import Cost, GenerationRequest
from studio.domain.pricing import estimate_cost
from studio.domain.refhost import RefBucket, hosts
from studio.domain.validation import check, check_base_url, specs_of


@dataclass(frozen=True, slots=True)
class RequestPlan:
    request: GenerationRequest
    provider: ProviderSpec
    model: ModelSpec
    #: The checked address the request goes to; None for the in-process demo.
    base_url: str | None
    #: The environment variable the key comes from when the caller chose one (the command
    #: line's --key-env), else None: the provider's own variable or the keyring.
    key_env: str | None
    #: The documented price, or None where the provider bills otherwise.
    estimate: Cost | None
    #: The user's bucket the request's local references go to, when they are hosted there
    #: (`studio.domain.refhost.hosts`); None otherwise (the demo hosts in its own).
    ref_bucket: RefBucket | None = None

    @property
    def needs_key(self) -> bool:
        """False for the offline demo, which has no key to send."""
        return self.provider.key_env is not None


def resolve(
    request: GenerationRequest,
    *,
    base_url: str | None = None,
    configured_base_url: str | None = None,
    key_env: str | None = None,
    validated: bool = True,
    ref_bucket: RefBucket | None = None,
) -> RequestPlan:
    """Resolve `request` once. Raises `InvalidRequest` for a request its model's documented
    limits refuse (unless `validated` is False: a job already sent continues whatever the
    catalog says now) or an address that is not https (or http on loopback).

    `base_url` is the caller's choice for this job, `configured_base_url` the one in the
    settings; the provider's default applies when neither is given. `ref_bucket` is where local
    references may be hosted: with it, a URL-only provider accepts local files."""
    provider, model = specs_of(request)
    hosting = hosts(provider, ref_bucket)
    if validated:
        check(request, provider, model, hosting=hosting)
    url = None
    if provider.id != "demo":
        url = check_base_url(base_url or configured_base_url or provider.default_base_url)
    return RequestPlan(
        request=request,
        provider=provider,
        model=model,
        base_url=url,
        key_env=key_env,
        estimate=estimate_cost(request, model=model),
        ref_bucket=ref_bucket if hosting and not provider.own_ref_bucket else None,
    )
