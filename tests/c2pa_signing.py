"""Signing test images with Content Credentials (C2PA), as OpenAI signs its outputs: a
throwaway CA and signing certificate made with `cryptography`, and c2pa-python's Builder.

C2PA wants an end-entity certificate (not self-signed) with digitalSignature key usage and an
extended key usage it accepts (emailProtection here, as c2pa-python's own test certificates),
issued by a CA; the chain goes leaf first. Without a trust list the signature is "Valid", not
"Trusted", which is what the studio's check reports as valid.
"""

from __future__ import annotations

import datetime
import io
from functools import cache
from typing import Any

from PIL import Image

from tests.helpers import required_module

MIME = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}


@cache
def _credentials() -> tuple[bytes, bytes]:
    """(PEM chain, PEM private key): an ES256 signing certificate and the CA that issued it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    def name(common: str) -> x509.Name:
        return x509.Name(
            [
                x509.NameAttribute(NameOID.COMMON_NAME, common),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Image Studio tests"),
            ]
        )

    def usage(*, sign: bool, ca: bool) -> x509.KeyUsage:
        return x509.KeyUsage(
            digital_signature=sign,
            content_commitment=False,
            key_encipherment=False,
            data_encipherment=False,
            key_agreement=False,
            key_cert_sign=ca,
            crl_sign=ca,
            encipher_only=False,
            decipher_only=False,
        )

    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(name("Test CA"))
        .issuer_name(name("Test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(usage(sign=False, ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(name("Test signer"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage(sign=True, ca=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    chain = leaf.public_bytes(pem) + ca.public_bytes(pem)
    private = key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return chain, private


def plain_image(fmt: str, size: tuple[int, int] = (48, 32)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, fmt)
    return buffer.getvalue()


def signed_image(fmt: str) -> bytes:
    """A `fmt` image signed with a C2PA manifest saying a model made it."""
    c2pa = required_module("c2pa")
    chain, private = _credentials()
    manifest = {
        "claim_generator_info": [{"name": "image-studio-tests", "version": "1"}],
        "title": "signed",
        "assertions": [
            {
                "label": "c2pa.actions",
                "data": {
                    "actions": [
                        {
                            "action": "c2pa.created",
                            "digitalSourceType": "http://cv.iptc.org/newscodes/"
                            "digitalsourcetype/trainedAlgorithmicMedia",
                        }
                    ]
                },
            }
        ],
    }
    info = c2pa.C2paSignerInfo(c2pa.C2paSigningAlg.ES256, chain, private, None)
    out = io.BytesIO()
    with c2pa.Signer.from_info(info) as signer, c2pa.Builder(manifest) as builder:
        builder.sign(signer, MIME[fmt], io.BytesIO(plain_image(fmt)), out)
    return out.getvalue()


def validation(data: bytes, fmt: str) -> tuple[str | None, list[str]]:
    """(validation state, failure codes) of `data`'s active manifest, by c2pa-python."""
    c2pa = required_module("c2pa")
    with c2pa.Reader(MIME[fmt], io.BytesIO(data)) as reader:
        results: dict[str, Any] = reader.get_validation_results() or {}
        state = reader.get_validation_state()
    failures = results.get("activeManifest", {}).get("failure", [])
    return state, [str(f.get("code")) for f in failures]
