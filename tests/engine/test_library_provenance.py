"""Saved results carry their request inside the file in every format (WebP included, no more
sidecar), and WebP results saved with a sidecar by earlier versions are still read."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from studio.domain.models import GenerationRequest, ReferenceImage
from studio.domain.provenance import Origin
from studio.engine.library import read_provenance, save_result
from studio.imaging import metadata

REQUEST = GenerationRequest(
    provider="gptimage2ai",
    model="gpt-image-2",
    prompt="a paper crane\non a desk",
    ratio="4:3",
    count=2,
    extras={"style": "ink", "negative": "people"},
    references=(ReferenceImage("https://example.com/ref.png"),),
)


def encoded(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(buffer, fmt)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_every_format_carries_the_request_inside_the_file(fmt: str, tmp_path: Path) -> None:
    path = save_result(
        encoded(fmt),
        library_dir=tmp_path,
        request=REQUEST,
        job_id="job-1234567890",
        index=0,
        task_id="task-1",
        cost="20 credits",
        seed="42",
    )
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no sidecar
    saved = read_provenance(path)
    assert saved is not None and saved["request"]["prompt"] == REQUEST.prompt
    assert saved["task_id"] == "task-1" and saved["cost"] == "20 credits"
    provenance = metadata.read_provenance(path)
    assert provenance is not None and provenance.origin is Origin.studio
    assert provenance.request["ratio"] == "4:3" and provenance.request["count"] == 2
    assert provenance.request["extras"] == {"style": "ink", "negative": "people"}
    assert provenance.reference_count == 1
    texts = metadata.read_texts(path)
    assert texts is not None and texts.texts["parameters"].startswith("a paper crane\non a desk\n")


def test_a_webp_saved_with_a_sidecar_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "old.webp"
    path.write_bytes(encoded("WEBP"))
    meta = {"request": {"prompt": "from the sidecar", "provider": "demo"}}
    (tmp_path / "old.webp.json").write_text(json.dumps({"parameters": "x", "studio": meta}))
    assert read_provenance(path) == meta
    provenance = metadata.read_provenance(path)
    assert provenance is not None and provenance.prompt == "from the sidecar"
