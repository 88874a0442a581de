"""The command line's answers that need no engine: models, keys, where files are, completion."""

from __future__ import annotations

import argparse
import os
import sys
from decimal import Decimal
from typing import Any

from studio.cli.output import EXIT_INVALID, EXIT_OK, print_json, say
from studio.domain.catalog import PROVIDERS, ModelSpec, Price, ProviderSpec, RefForm
from studio.keys import KeyStore


def _number(value: Decimal | int) -> str:
    return f"{value:f}" if isinstance(value, Decimal) else str(value)


def price_json(model: ModelSpec) -> dict[str, Any] | None:
    """The model's documented price; amounts as decimal strings, as job costs are."""
    price: Price | None = model.price
    tokens = model.token_prices
    if price is None and tokens is not None:
        return {
            "unit": "USD",
            "per_million_tokens": {
                "text_input": _number(tokens.text_input),
                "image_input": _number(tokens.image_input),
                "image_output": _number(tokens.image_output),
            },
            "as_of": tokens.as_of,
        }
    if price is None:
        return None
    data: dict[str, Any] = {"unit": price.unit}
    if price.per_request is not None:
        data["per_request"] = _number(price.per_request)
    if price.per_image is not None:
        data["per_image"] = _number(price.per_image)
    if price.per_image_by_quality:
        data["per_image_by_quality"] = {
            q: _number(v) for q, v in price.per_image_by_quality.items()
        }
    if price.by_mode_quality_resolution:
        table: dict[str, dict[str, dict[str, str]]] = {}
        for (mode, quality), amounts in price.by_mode_quality_resolution.items():
            row = dict(zip(model.resolutions, (_number(a) for a in amounts), strict=True))
            table.setdefault(mode, {})[quality] = row
        data["per_request_by_mode_quality_resolution"] = table
    return data


def model_json(model: ModelSpec) -> dict[str, Any]:
    return {
        "id": model.id,
        "label": model.label,
        "description": model.description,
        "max_prompt": model.max_prompt,
        "references": {"min": model.min_refs, "max": model.max_refs},
        "qualities": list(model.qualities),
        "default_quality": model.default_quality,
        "ratios": list(model.ratios),
        "default_ratio": model.default_ratio,
        "resolutions": list(model.resolutions),
        "default_resolution": model.default_resolution,
        "sizes": list(model.sizes),
        "free_size": model.size_rule.value if model.size_rule.value != "none" else None,
        "default_size": model.default_size,
        "max_count": model.max_count,
        "formats": list(model.formats),
        "default_format": model.default_format,
        "extras": sorted(model.extras),
        "price": price_json(model),
    }


def _forms(forms: frozenset[RefForm]) -> list[str]:
    return sorted(form.value for form in forms)


def provider_json(spec: ProviderSpec) -> dict[str, Any]:
    return {
        "provider": spec.id,
        "label": spec.label,
        "base_url": spec.default_base_url,
        "key_env": spec.key_env,
        "reference_forms": _forms(spec.ref_forms),
        "reference_forms_with_inline_refs": _forms(spec.opt_in_ref_forms),
        "models": [model_json(model) for model in spec.models],
    }


def _price_text(price: dict[str, Any] | None) -> str:
    if price is None:
        return "price: billed by the provider (not per image)"
    unit = price["unit"]
    if "per_million_tokens" in price:
        rates = ", ".join(
            f"{k.replace('_', ' ')} {v}" for k, v in price["per_million_tokens"].items()
        )
        return f"price per 1M tokens ({unit}, as of {price['as_of']}): {rates}"
    if "per_request" in price:
        return f"price: {price['per_request']} {unit} per job"
    if "per_image" in price:
        return f"price: {price['per_image']} {unit} per image"
    if "per_image_by_quality" in price:
        tiers = ", ".join(f"{q} {v}" for q, v in price["per_image_by_quality"].items())
        return f"price per image ({unit}): {tiers}"
    rows = [
        f"      {mode}, {quality}: " + ", ".join(f"{r} {v}" for r, v in amounts.items())
        for mode, by_quality in price["per_request_by_mode_quality_resolution"].items()
        for quality, amounts in by_quality.items()
    ]
    return f"price per job ({unit}) by mode, quality and resolution:\n" + "\n".join(rows)


def _model_lines(model: dict[str, Any]) -> list[str]:
    lines = [f"  {model['id']}  ({model['label']})"]
    refs = model["references"]
    choices = (
        ("qualities", "default_quality"),
        ("ratios", "default_ratio"),
        ("resolutions", "default_resolution"),
        ("sizes", "default_size"),
        ("formats", "default_format"),
    )
    for name, default in choices:
        if model[name]:
            lines.append(f"    {name}: {', '.join(model[name])} (default {model[default]})")
    if model["free_size"]:
        form = "WIDTH*HEIGHT" if model["free_size"] == "star" else "WIDTHxHEIGHT"
        lines.append(f"    sizes: any {form} the model allows, too")
    lines.append(
        f"    references: {refs['min']}-{refs['max']}; images per job: 1-{model['max_count']}"
    )
    if model["extras"]:
        lines.append(f"    extras: {', '.join(model['extras'])}")
    lines.append(f"    {_price_text(model['price'])}")
    return lines


def models(args: argparse.Namespace) -> int:
    specs = [s for s in PROVIDERS if args.provider in (None, s.id)]
    for spec in specs:
        data = provider_json(spec)
        if args.json:
            print_json(data)
            continue
        forms = ", ".join(data["reference_forms"])
        if data["reference_forms_with_inline_refs"]:
            forms += f" ({', '.join(data['reference_forms_with_inline_refs'])} with --inline-refs)"
        key = f"key: {data['key_env']} or the keyring" if data["key_env"] else "no key"
        say(f"{spec.id}: {spec.label} <{spec.default_base_url}>; {key}", err=False)
        say(f"  reference forms: {forms}", err=False)
        for model in data["models"]:
            for line in _model_lines(model):
                say(line, err=False)
    return EXIT_OK


def keys(args: argparse.Namespace) -> int:
    store = KeyStore()
    if args.action == "list":
        return _list_keys(store, as_json=args.json)
    if args.action == "delete":
        return _delete_key(store, args.provider)
    return _set_key(store, args.provider)


def _list_keys(store: KeyStore, *, as_json: bool) -> int:
    for spec in PROVIDERS:
        if spec.key_env is None:
            continue
        source = store.source(spec.id)
        if as_json:
            print_json({"provider": spec.id, "key_env": spec.key_env, "source": source})
        else:
            where = {"environment": f"from {spec.key_env}", "keyring": "in the OS keyring"}
            say(f"{spec.id:<12} {where.get(source or '', 'no key')}", err=False)
    # The bucket's secret for reference hosting (its key id is a setting).
    s3 = "environment" if os.environ.get("AWS_SECRET_ACCESS_KEY") else None
    s3 = s3 or ("keyring" if store.in_keyring("s3") else None)
    if as_json:
        print_json({"provider": "s3", "key_env": "AWS_SECRET_ACCESS_KEY", "source": s3})
    else:
        where = {"environment": "from AWS_SECRET_ACCESS_KEY", "keyring": "in the OS keyring"}
        say(f"{'s3':<12} {where.get(s3 or '', 'no key')}", err=False)
    return EXIT_OK


def _delete_key(store: KeyStore, provider: str) -> int:
    in_keyring = store.in_keyring(provider)
    store.delete(provider)
    if in_keyring:
        say(f"Removed the {provider} key from the OS keyring.")
    else:
        say(f"The OS keyring held no {provider} key; nothing removed.")
    if provider != "s3" and store.source(provider) == "environment":
        env = next(s.key_env for s in PROVIDERS if s.id == provider)
        say(f"The {provider} key still comes from {env} in the environment.")
    return EXIT_OK


def _set_key(store: KeyStore, provider: str) -> int:
    if sys.stdin.isatty():
        import getpass

        prompt = "Secret access key of the s3 bucket: " if provider == "s3" else None
        key = getpass.getpass(prompt or f"API key for {provider}: ")
    else:
        key = sys.stdin.readline()
    if not key.strip():
        say("No key given; nothing stored.")
        return EXIT_INVALID
    if not store.set(provider, key):
        say("No OS keyring is available; the key was not stored.")
        return EXIT_INVALID
    say(f"Stored the {provider} key in the OS keyring.")
    return EXIT_OK


def completion(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """A completion script generated from the parser itself, so it never falls behind it.
    shtab is imported here only: nothing else (the window's start-up least of all) pays for it."""
    import shtab

    sys.stdout.write(shtab.complete(parser, shell=args.shell))
    return EXIT_OK
