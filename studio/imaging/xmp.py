"""Our XMP packet: the standard fields general tools show, and our own texts beside them.

exiftool, photo managers and search tools read `dc:description` (the prompt), `xmp:CreatorTool`
(the app) and IPTC's `DigitalSourceType`, whose `trainedAlgorithmicMedia` code marks an image
as made by a generative model; IPTC's `AISystemUsed` names the model and its provider. Our full
request (`studio:studio`) and A1111's `parameters` text stay in our own namespace, which Reuse
reads back. The packet has the `xpacket` wrapper XMP readers expect.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from studio.domain.provenance import parse_parameters, parse_studio
from studio.imaging.containers import xml_escape

STUDIO_NS = "https://imagestudio.invalid/ns/1.0/"
#: IPTC's code for "created by a model trained on sampled content" (an AI-generated image).
TRAINED_ALGORITHMIC_MEDIA = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
_NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "Iptc4xmpExt": "http://iptc.org/std/Iptc4xmpExt/2008-02-29/",
    "studio": STUDIO_NS,
}


@dataclass(frozen=True)
class StandardFields:
    """What general tools are told: the prompt, the app, and the model with its provider."""

    description: str = ""
    creator_tool: str = ""
    model: str = ""
    provider: str = ""

    @property
    def ai_system(self) -> str:
        if self.model and self.provider:
            return f"{self.model} ({self.provider})"
        return self.model or self.provider


def standard_fields(texts: dict[str, str]) -> StandardFields:
    """The standard fields, from our `studio` JSON, else A1111's `parameters` text."""
    software = texts.get("Software", "")
    ours = parse_studio(texts["studio"]) if texts.get("studio") else None
    if ours is not None:
        request = ours["request"]
        return StandardFields(
            description=ours["prompt"],
            creator_tool=software or ours["software"],
            model=request.get("model") or "",
            provider=request.get("provider") or "",
        )
    if parameters := texts.get("parameters"):
        prompt, _negative, settings = parse_parameters(parameters)
        model = next((v for k, v in settings if k == "Model"), "")
        provider = next((v for k, v in settings if k == "Provider"), "")
        return StandardFields(prompt, software, model, provider)
    return StandardFields(creator_tool=software)


def xmp_packet(texts: dict[str, str], *, private: bool = True) -> bytes:
    """An XMP packet with the standard fields for `texts` and, with `private`, each text (but
    `Software`, which is `xmp:CreatorTool`) as a `studio:` property."""
    fields = standard_fields(texts)
    props = [
        f"<Iptc4xmpExt:DigitalSourceType>{TRAINED_ALGORITHMIC_MEDIA}</Iptc4xmpExt:DigitalSourceType>"
    ]
    if fields.creator_tool:
        props.append(f"<xmp:CreatorTool>{xml_escape(fields.creator_tool)}</xmp:CreatorTool>")
    if fields.ai_system:
        props.append(
            f"<Iptc4xmpExt:AISystemUsed>{xml_escape(fields.ai_system)}</Iptc4xmpExt:AISystemUsed>"
        )
    if fields.description:
        props.append(
            '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">'
            f"{xml_escape(fields.description)}</rdf:li></rdf:Alt></dc:description>"
        )
    if private:
        props += [
            f"<studio:{key}>{xml_escape(value)}</studio:{key}>"
            for key, value in texts.items()
            if key != "Software"
        ]
    namespaces = "".join(f'\n    xmlns:{p}="{uri}"' for p, uri in _NAMESPACES.items())
    body = "\n   ".join(props)
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        f'  <rdf:Description rdf:about=""{namespaces}>\n'
        f"   {body}\n"
        "  </rdf:Description>\n"
        " </rdf:RDF>\n"
        "</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    ).encode()


def sidecar_path(image: Path) -> Path:
    """Where an image's XMP sidecar lives: `NAME.xmp` beside it, as photo tools look for it."""
    return image.with_suffix(".xmp")
