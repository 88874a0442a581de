"""Checking Content Credentials: valid, invalid (tampered), none, and offline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from studio.imaging import metadata
from studio.imaging.credentials import Credentials, check_credentials
from tests.c2pa_signing import plain_image, signed_image
from tests.helpers import required_module


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_signed_tampered_and_plain_files(fmt: str, tmp_path: Path) -> None:
    signed = tmp_path / "signed.bin"
    signed.write_bytes(signed_image(fmt))
    tampered = tmp_path / "tampered.bin"
    tampered.write_bytes(metadata.embed(signed.read_bytes(), {"parameters": "x"}))
    plain = tmp_path / "plain.bin"
    plain.write_bytes(plain_image(fmt))
    assert check_credentials(signed) is Credentials.valid
    assert check_credentials(tampered) is Credentials.invalid
    assert check_credentials(plain) is Credentials.none
    assert check_credentials(tmp_path / "gone.png") is Credentials.unreadable


def test_the_check_never_goes_to_the_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file must not make the studio fetch a remote manifest or OCSP answer."""
    c2pa = required_module("c2pa")
    used: list[Any] = []
    real = c2pa.Context.from_dict

    def spy(settings: Any) -> Any:
        used.append(settings)
        return real(settings)

    monkeypatch.setattr(c2pa.Context, "from_dict", staticmethod(spy))
    signed = tmp_path / "signed.png"
    signed.write_bytes(signed_image("PNG"))
    assert check_credentials(signed) is Credentials.valid
    assert used == [{"verify": {"remote_manifest_fetch": False, "ocsp_fetch": False}}]
