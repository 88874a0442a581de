"""What an image says about how it was made, in a form the composer can reuse: our own request
(the `studio` JSON), or another tool's A1111-style `parameters` text.

Pure text parsing, no files and no Qt: the texts come from `studio.imaging.metadata`, which
reads them off the UI thread. Everything here expects hostile input (huge, malformed, wrongly
typed) and answers with less, never with an exception.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from studio.domain.models import EXTRA_FIELDS
from studio.domain.other_tools import read_other_tools

#: Longest `parameters` text parsed; the rest of a longer one is ignored.
MAX_PARAMETERS_CHARS = 256 * 1024
#: Longest `studio` JSON read; a longer one is ignored (ours stay far below this).
MAX_STUDIO_JSON_CHARS = 1024 * 1024
#: Longest text kept for any one value (a model name, a sampler...).
MAX_VALUE_CHARS = 2000
#: At most this many key-value settings of another tool are kept.
MAX_SETTINGS = 64

#: Longest settings line matched; a longer last line is read as prompt text.
MAX_SETTINGS_LINE = 64 * 1024
#: A1111's own pattern (modules/infotext_utils.py): `Key: value` or `Key: "quoted, value"`,
#: with the key's length bounded: unbounded, a long line without colons backtracks for minutes.
_PARAM = re.compile(r'\s*(\w[\w \-/]{0,99}):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)')
_SIZE = re.compile(r"^\s*(\d{1,6})\s*[x×*]\s*(\d{1,6})\s*$")
_RATIO = re.compile(r"^\s*(\d{1,4})\s*:\s*(\d{1,4})\s*$")
#: The selector fields of a request we take back from our own JSON.
_TEXT_FIELDS = ("provider", "model", "quality", "ratio", "resolution", "size", "output_format")


class Origin(StrEnum):
    """Who wrote an image's prompt and settings."""

    studio = "studio"  # this app: the full request
    other = "other"  # another tool's A1111-style `parameters`
    none = "none"  # the image carries nothing reusable


@dataclass(frozen=True)
class ImageProvenance:
    """The prompt and settings one image file carries.

    `request` holds our own request's fields (provider, model, quality, ratio, resolution, size,
    output_format, count, extras), already checked for type; `settings` another tool's
    key-values as written (shown, not applied). Neither ever holds a key or a result URL: the
    studio never writes them, and reference images are only counted.
    """

    origin: Origin
    format: str = ""  # "PNG", "JPEG", "WEBP", or another Pillow format name
    width: int | None = None
    height: int | None = None
    prompt: str = ""
    negative: str = ""
    request: Mapping[str, Any] = field(default_factory=dict)
    settings: tuple[tuple[str, str], ...] = ()
    software: str = ""  # the app or tool the file names (EXIF Software, our "app")
    reference_count: int = 0
    #: What else the file carries ("EXIF", "XMP", "ICC", "C2PA", 'text "Title"'...): said when
    #: it carries no prompt.
    carries: tuple[str, ...] = ()

    @property
    def reusable(self) -> bool:
        return self.origin is not Origin.none and bool(self.prompt or self.request)

    def setting(self, name: str) -> str | None:
        """Another tool's setting by name (case-insensitive), e.g. "Steps"."""
        wanted = name.casefold()
        return next((v for k, v in self.settings if k.casefold() == wanted), None)

    @property
    def target_size(self) -> tuple[int, int] | None:
        """The size the image was asked for (another tool's "Size"), else its pixel size."""
        size = parse_size(self.setting("Size") or "")
        if size is None and self.width and self.height:
            size = (self.width, self.height)
        return size

    @property
    def tool(self) -> str:
        """What made the image, as far as the file says: the software, else the model."""
        return self.software or self.setting("Model") or self.setting("Model hash") or ""


def from_texts(
    *,
    studio: str | None,
    parameters: str | None,
    software: str | None = None,
    format: str = "",
    width: int | None = None,
    height: int | None = None,
    other: Mapping[str, str] | None = None,
    carries: tuple[str, ...] = (),
) -> ImageProvenance:
    """The provenance from an image's texts: our JSON first, then `parameters`, then what
    ComfyUI, InvokeAI or NovelAI wrote (`other`), else none."""
    base: dict[str, Any] = {"format": format, "width": width, "height": height, "carries": carries}
    tool = _clean(software or "")
    if studio and (ours := parse_studio(studio)) is not None:
        return ImageProvenance(**{**ours, **base})
    if parameters and parameters.strip():
        prompt, negative, settings = parse_parameters(parameters)
        if prompt or negative or settings:
            return ImageProvenance(
                Origin.other,
                prompt=prompt,
                negative=negative,
                settings=settings,
                software=tool,
                **base,
            )
    if other and (found := read_other_tools(other)) is not None:
        return ImageProvenance(
            Origin.other,
            prompt=_clean_text(found.prompt),
            negative=_clean_text(found.negative),
            settings=tuple((k, _clean(v)) for k, v in found.settings[:MAX_SETTINGS]),
            software=tool or found.tool,
            **base,
        )
    return ImageProvenance(Origin.none, software=tool, **base)


def _clean_text(value: str) -> str:
    return value[:MAX_PARAMETERS_CHARS].replace("\x00", "").strip()


def parse_parameters(text: str) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """Prompt, negative prompt and settings of an A1111 `parameters` text, read as A1111 does:
    the last line is the settings when it holds at least three `Key: value` pairs; lines before
    "Negative prompt:" are the prompt, the lines from there on the negative prompt."""
    text = text[:MAX_PARAMETERS_CHARS].replace("\r\n", "\n").replace("\x00", "")
    *lines, last = text.strip().split("\n")
    pairs = _pairs(last)
    if len(pairs) < 3:
        lines.append(last)
        pairs = []
    prompt: list[str] = []
    negative: list[str] = []
    for line in lines:
        line = line.strip()
        if line.startswith("Negative prompt:"):
            negative.append(line[len("Negative prompt:") :].strip())
        elif negative:
            negative.append(line)
        else:
            prompt.append(line)
    settings: list[tuple[str, str]] = []
    for key, value in pairs[:MAX_SETTINGS]:
        settings.append((key.strip()[:100], _clean(_unquote(value.strip()))))
    return "\n".join(prompt).strip(), "\n".join(negative).strip(), tuple(settings)


def looks_like_parameters(text: str) -> bool:
    """Whether a free comment is an A1111 `parameters` text (its settings line), not any note."""
    return len(_pairs(text[:MAX_PARAMETERS_CHARS].strip().rsplit("\n", 1)[-1])) >= 3


def _pairs(line: str) -> list[tuple[str, str]]:
    """The `Key: value` pairs of a settings line. Runs of blanks are squeezed first: the
    pattern's leading `\\s*` would otherwise make a long blank line quadratic."""
    if len(line) > MAX_SETTINGS_LINE:
        return []
    return [(k, v) for k, v in _PARAM.findall(" ".join(line.split()))]


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        try:
            return str(json.loads(value))
        except ValueError:
            return value[1:-1]
    return value


def parse_studio(text: str) -> dict[str, Any] | None:
    """The fields of `ImageProvenance` from our `studio` JSON; None unless it is ours and sane."""
    if len(text) > MAX_STUDIO_JSON_CHARS:
        return None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("request"), dict):
        return None
    raw: dict[str, Any] = data["request"]
    prompt = raw.get("prompt")
    provider = raw.get("provider")
    if not isinstance(prompt, str) or not isinstance(provider, str):
        return None
    request: dict[str, Any] = {"prompt": prompt}
    for name in _TEXT_FIELDS:
        value = raw.get(name)
        request[name] = _clean(value) if isinstance(value, str) and value else None
    count = raw.get("count")
    request["count"] = count if isinstance(count, int) and 1 <= count <= 100 else 1
    extras = raw.get("extras")
    request["extras"] = {
        name: _clean(value)
        for name, value in (extras.items() if isinstance(extras, dict) else ())
        if name in EXTRA_FIELDS and name != "callback_url" and isinstance(value, str) and value
    }
    references = raw.get("references")
    app = data.get("app")
    return {
        "origin": Origin.studio,
        "prompt": prompt,
        "negative": request["extras"].get("negative", ""),
        "request": request,
        "software": _clean(app) if isinstance(app, str) else "",
        "reference_count": len(references) if isinstance(references, list) else 0,
    }


def _clean(value: str) -> str:
    return value.replace("\x00", "").strip()[:MAX_VALUE_CHARS]


def parse_size(text: str) -> tuple[int, int] | None:
    """ "1024x768", "1024*768" or "1024×768" as (width, height); None otherwise."""
    match = _SIZE.match(text)
    if not match:
        return None
    width, height = int(match[1]), int(match[2])
    return (width, height) if width > 0 and height > 0 else None


def _aspect(value: str) -> float | None:
    if match := _RATIO.match(value):
        low, high = int(match[1]), int(match[2])
        return low / high if low and high else None
    if size := parse_size(value):
        return size[0] / size[1]
    return None


def nearest_choice(width: int, height: int, choices: tuple[str | None, ...]) -> str | None:
    """The ratio ("16:9") or size preset ("1536x1024") whose shape is closest to width x height;
    None when no choice has a shape ("auto")."""
    if width <= 0 or height <= 0:
        return None
    wanted = math.log(width / height)
    best: tuple[float, str] | None = None
    for choice in choices:
        aspect = _aspect(choice) if choice else None
        if aspect is None:
            continue
        distance = abs(math.log(aspect) - wanted)
        if best is None or distance < best[0]:
            best = (distance, str(choice))
    return best[1] if best else None


# -- sharing ----------------------------------------------------------------------------------
#: Request extras never written into a file: a callback URL may carry a token.
UNSHARED_EXTRAS = frozenset({"callback_url"})


def shareable_url(url: str) -> str:
    """A reference URL fit to travel inside a shared image: scheme, host and path only. A
    presigned link's query (`X-Amz-Signature=...`), `user:pass@` and tokens in the query or
    fragment are credentials; an inline `data:` URL is just "data:"."""
    if url.startswith("data:"):
        return "data:"
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port is not None else ""
    except ValueError:
        return ""
    if ":" in host:
        host = f"[{host}]"
    return urlunsplit((parts.scheme, host + port, parts.path, "", ""))


def shareable_reference(reference: Mapping[str, Any]) -> dict[str, str]:
    """One entry of our JSON's `references`: a URL without credentials, a file by name only."""
    out: dict[str, str] = {}
    if isinstance(url := reference.get("url"), str):
        out["url"] = shareable_url(url)
    if isinstance(name := reference.get("file"), str):
        out["file"] = name.replace("\\", "/").rsplit("/", 1)[-1]
    if isinstance(digest := reference.get("sha256"), str):
        out["sha256"] = digest
    return out


def scrub_studio_json(text: str) -> str:
    """Our `studio` JSON (as files written by earlier versions hold it) with its references
    made shareable and its callback URL dropped; text with nothing to drop, or that is not
    our JSON, comes back as it was."""
    if len(text) > MAX_STUDIO_JSON_CHARS:
        return text
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return text
    request = data.get("request") if isinstance(data, dict) else None
    if not isinstance(request, dict):
        return text
    references = request.get("references")
    if isinstance(references, list):
        request["references"] = [
            shareable_reference(r if isinstance(r, dict) else {"url": str(r)}) for r in references
        ]
    extras = request.get("extras")
    if isinstance(extras, dict):
        request["extras"] = {k: v for k, v in extras.items() if k not in UNSHARED_EXTRAS}
    if data == json.loads(text):  # already shareable: the very same text, byte for byte
        return text
    return json.dumps(data, ensure_ascii=False, sort_keys=True)
