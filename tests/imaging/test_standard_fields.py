"""General tools see our prompt: XMP with dc:description, xmp:CreatorTool and IPTC's
DigitalSourceType in an xpacket, and EXIF that `exiftool -validate` accepts, in PNG, JPEG and
WebP results."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from studio.imaging import exif, metadata, xmp
from tests.helpers import required_tool

PROMPT = "a lighthouse & <fog>, 灯台, é"
STUDIO = json.dumps(
    {
        "app": "Image Studio 9",
        "request": {"provider": "openai", "model": "gpt-image-1", "prompt": PROMPT},
    }
)
TEXTS = {
    "parameters": f"{PROMPT}\nModel: gpt-image-1, Size: 40x24, Provider: openai",
    "studio": STUDIO,
    "Software": "Image Studio 9",
}
FORMATS = {"png": "PNG", "jpg": "JPEG", "webp": "WEBP"}


def result(tmp_path: Path, suffix: str, texts: dict[str, str] = TEXTS) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 24), "teal").save(buffer, FORMATS[suffix])
    path = tmp_path / f"result.{suffix}"
    path.write_bytes(metadata.embed(buffer.getvalue(), texts))
    return path


def exiftool_json(path: Path, *args: str) -> dict[str, object]:
    out = subprocess.run(
        [required_tool("exiftool"), "-j", "-a", "-G1", *args, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(out.stdout)[0])


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_exiftool_shows_the_standard_fields(suffix: str, tmp_path: Path) -> None:
    tags = exiftool_json(result(tmp_path, suffix))
    assert tags["XMP-dc:Description"] == PROMPT
    assert tags["XMP-xmp:CreatorTool"] == "Image Studio 9"
    assert tags["XMP-iptcExt:DigitalSourceType"] == xmp.TRAINED_ALGORITHMIC_MEDIA
    assert tags["XMP-iptcExt:AISystemUsed"] == "gpt-image-1 (openai)"
    if suffix != "png":
        assert tags["IFD0:ImageDescription"] == PROMPT
        assert tags["IFD0:Software"] == "Image Studio 9"
        assert str(tags["ExifIFD:UserComment"]).startswith(PROMPT)


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_exiftool_validate_finds_nothing_in_our_segments(suffix: str, tmp_path: Path) -> None:
    tags = exiftool_json(result(tmp_path, suffix), "-validate", "-warning")
    assert tags["ExifTool:Validate"] == "OK", tags
    assert not any(key.endswith(":Warning") for key in tags), tags


def test_a_long_prompt_in_jpeg_still_validates(tmp_path: Path) -> None:
    """Past 64 KB the EXIF drops its description and the XMP its `parameters`; what stays is
    still well-formed."""
    long = "a very long prompt " * 2500
    texts = {**TEXTS, "parameters": long, "studio": STUDIO.replace(PROMPT, long)}
    path = result(tmp_path, "jpg", texts)
    tags = exiftool_json(path, "-validate", "-warning")
    assert tags["ExifTool:Validate"] == "OK", tags


def test_exif_types_each_tag_as_the_standard_says() -> None:
    """UserComment and ComponentsConfiguration are UNDEFINED (type 7), not int8u; entries are
    sorted by tag, as TIFF requires."""
    block = exif.exif_block(comment="p", software="S", description="d", size=(40, 24))
    loaded = Image.Exif()
    loaded.load(metadata.EXIF_HEADER + block)
    assert loaded[exif.IMAGE_DESCRIPTION] == "d" and loaded[exif.SOFTWARE] == "S"
    exif_ifd = loaded.get_ifd(exif.EXIF_IFD_POINTER)
    assert exif_ifd[exif.USER_COMMENT] == b"UNICODE\0\0p"
    assert exif_ifd[exif.PIXEL_X_DIMENSION] == 40 and exif_ifd[exif.PIXEL_Y_DIMENSION] == 24
    types = _entry_types(block)
    assert types[exif.USER_COMMENT] == types[exif.COMPONENTS_CONFIGURATION] == exif.UNDEFINED
    assert types[exif.EXIF_VERSION] == types[exif.FLASHPIX_VERSION] == exif.UNDEFINED


def _entry_types(tiff: bytes) -> dict[int, int]:
    """Tag -> TIFF type of every entry in IFD0 and the Exif IFD, checking tag order."""
    import struct

    types: dict[int, int] = {}
    queue = [struct.unpack(">I", tiff[4:8])[0]]
    while queue:
        at = queue.pop()
        count = struct.unpack(">H", tiff[at : at + 2])[0]
        tags = []
        for i in range(count):
            tag, kind, _n, value = struct.unpack(">HHII", tiff[at + 2 + 12 * i : at + 14 + 12 * i])
            types[tag] = kind
            tags.append(tag)
            if tag == exif.EXIF_IFD_POINTER:
                queue.append(value)
        assert tags == sorted(tags)
    return types


def test_the_xmp_packet_is_wrapped_and_escaped() -> None:
    packet = xmp.xmp_packet({**TEXTS, "studio": STUDIO.replace("lighthouse", "light\x01house")})
    text = packet.decode("utf-8")
    assert text.startswith('<?xpacket begin="\ufeff"') and text.endswith('<?xpacket end="w"?>')
    assert "&lt;fog&gt;" in text and "\x01" not in text
    import xml.dom.minidom

    xml.dom.minidom.parseString(text[text.index("<x:xmpmeta") : text.rindex("<?xpacket")])


def test_a_sidecar_validates_and_shows_the_standard_fields(tmp_path: Path) -> None:
    """What a signed result's NAME.xmp holds, as photo tools read it."""
    sidecar = tmp_path / "result.xmp"
    sidecar.write_bytes(xmp.xmp_packet(TEXTS))
    validated = exiftool_json(sidecar, "-validate", "-warning")
    assert validated["ExifTool:Validate"] == "OK", validated
    tags = exiftool_json(sidecar)
    assert tags["XMP-dc:Description"] == PROMPT
    assert tags["XMP-iptcExt:DigitalSourceType"] == xmp.TRAINED_ALGORITHMIC_MEDIA
